"""What the tf.io ops share to run inside traced functions (`tf.function`, `Dataset.map`).

Each tf.io op whose output shape follows from its input shapes (read_file, decode_csv,
parse_example with dense features, decode_raw with `fixed_length`...) is a registered op:
eagerly it runs at once; while a function is traced it becomes a graph node that runs on the
host when the graph runs. Tracing calls each op once on stand-in inputs to learn its output
shapes; string stand-ins are not bytes, so the kernels below answer them with placeholder
values of the right shape (`is_stand_in`).

Ops whose output shape depends on the data (decoding an image, variable-length features)
cannot be expressed by neuroflow's shape inference yet, and say so (`eager_only`).
"""
from ..framework.errors import UnimplementedError
from ..ops.registry import state

__all__ = ["is_stand_in", "eager_only"]


def is_stand_in(item):
    """Whether an element of a string array is a tracing stand-in rather than real bytes."""
    return not isinstance(item, (bytes, bytearray))


def eager_only(op_name, hint):
    """Raises a clear error when called while a function is being traced."""
    if state.graph is not None:
        raise UnimplementedError(None, op_name, f"{op_name} inside a traced function (tf.function, "
                                 "Dataset.map): its output shape depends on the data, which neuroflow's "
                                 f"graphs cannot carry yet. {hint}")
