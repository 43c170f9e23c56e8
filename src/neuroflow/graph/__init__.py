"""Layer 5: graphs — tracing (`function`), control flow, `tf.print`, the compiler and its executor.

Re-exports only; see `function.py`, `graph.py`, `control_flow.py` and `compiler/`.
"""
from .symbolic import SymbolicTensor, OperatorNotAllowedInGraphError
from .graph import Graph
from .tensor_spec import TensorSpec
from .function import function, Function, run_functions_eagerly, functions_run_eagerly
from .concrete_function import ConcreteFunction
from .control_flow import cond, while_loop, case, switch_case
from .print_op import print  # noqa: A004 - TensorFlow's name
from .execution import inside_function, init_scope, get_static_value

__all__ = ["SymbolicTensor", "OperatorNotAllowedInGraphError", "Graph", "TensorSpec", "function", "Function",
           "run_functions_eagerly", "functions_run_eagerly", "ConcreteFunction", "cond", "while_loop", "case",
           "switch_case", "print", "inside_function", "init_scope", "get_static_value"]
