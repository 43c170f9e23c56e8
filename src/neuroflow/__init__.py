"""neuroflow: TensorFlow and Keras, small, readable and fast, on NumPy.

Write `import neuroflow as tf` and use it as TensorFlow:

>>> import neuroflow as tf
>>> print(tf.add(3, 5).numpy())
8

This module only re-exports; the code lives in the layers below (see design.md).
Heavier namespaces (`keras`, `data`, ...) load on first use, so `import neuroflow` is quick.
"""
import builtins
import importlib

from .framework import errors, nest
from .framework.dtypes import *  # noqa: F401,F403
from .framework.dtypes import DType, as_dtype
from .framework.tensor_shape import TensorShape, Dimension
from .framework.tensor import Tensor
from .framework.variable import Variable, VariableSynchronization, VariableAggregation
from .framework.convert import convert_to_tensor
from .framework.name_scope import name_scope
from .framework.module import Module
from .framework.logger import get_logger
from .ops import operators as _operators  # noqa: F401 - Python operators on tensors
from .ops.creation_ops import *  # noqa: F401,F403
from .ops.math_ops import *  # noqa: F401,F403
from .ops.unary_ops import *  # noqa: F401,F403
from .ops.comparison_ops import *  # noqa: F401,F403
from .ops.reduction_ops import *  # noqa: F401,F403
from .ops.array_ops import *  # noqa: F401,F403
from .ops.indexing_ops import *  # noqa: F401,F403
from .ops.scan_ops import *  # noqa: F401,F403
from .autodiff.custom_gradient import custom_gradient
from .autodiff.tape import GradientTape, UnconnectedGradients
from .backend import device_scope as device

from .version import FULL_VERSION as __version__  # noqa: E402 - TensorFlow's form, e.g. "2.21.0+neuroflow.0.1.0"
newaxis = None

# Namespaces loaded on first attribute access: name -> module path.
_LAZY = {
    "math": ".math", "nn": ".nn", "linalg": ".linalg", "random": ".random",
    "keras": ".keras", "config": ".config", "debugging": ".debugging",
    "compat": ".compat", "autodiff": ".autodiff", "backend": ".backend", "dtypes": ".dtypes", "io": ".io",
    "bitwise": ".bitwise", "signal": ".signal", "version": ".version", "train": ".train", "sparse": ".sparse",
    "image": ".image", "summary": ".summary",
    "strings": ".strings", "ragged": ".ragged",
}
_LAZY["autograph"] = ".autograph"  # tf.autograph (control-flow conversion)
_LAZY["data"] = ".data"  # tf.data (input pipelines)
_LAZY["saved_model"] = ".saved_model"  # tf.saved_model (SavedModel folders)
_LAZY["distribute"] = ".distribute"  # tf.distribute (multi-process training over MPI)
_LAZY["experimental"] = ".experimental"  # tf.experimental (extension types, dispatch, Optional, StructuredTensor, ...)
_LAZY["queue"] = ".queue"  # tf.queue (FIFOQueue and friends)
_LAZY["lookup"] = ".lookup"  # tf.lookup (static hash and vocabulary tables)
_LAZY["quantization"] = ".quantization"  # tf.quantization (fake quantization)


# Top-level names that live in lazily loaded packages: name -> package.
_LAZY_NAMES = {name: ".graph" for name in (
    "function", "TensorSpec", "cond", "while_loop", "case", "switch_case", "print", "Graph",
    "inside_function", "init_scope", "get_static_value")}
_LAZY_NAMES.update((name, ".debugging") for name in (
    "assert_equal", "assert_greater", "assert_less", "assert_rank", "Assert"))
_LAZY_NAMES.update((name, ".ops.sort_ops") for name in (
    "sort", "argsort", "top_k", "in_top_k", "unique", "unique_with_counts", "searchsorted"))
_LAZY_NAMES["SparseTensor"] = ".sparse"
_LAZY_NAMES.update((name, ".ops.init_ops") for name in (
    "constant_initializer", "zeros_initializer", "ones_initializer", "random_uniform_initializer",
    "random_normal_initializer"))
_LAZY_NAMES.update({"executing_eagerly": ".compat.v1.graph_mode", "gradients": ".compat.v1.gradients"})
_LAZY_NAMES.update({"py_function": ".graph.py_function", "numpy_function": ".graph.py_function",
                    "recompute_grad": ".autodiff.recompute_grad",
                    "histogram_fixed_width": ".ops.math_composites", "histogram_fixed_width_bins": ".ops.math_composites",
                    "AggregationMethod": ".compat.v1.gradients", "type_spec_from_value": ".data.structure"})
_LAZY_NAMES.update((name, ".ops.map_fn") for name in ("map_fn", "scan", "foldl", "foldr"))
_LAZY_NAMES.update({"SparseTensorSpec": ".framework.sparse_tensor", "RaggedTensorSpec": ".data.structure",
                    "edit_distance": ".sparse.edit_distance"})
_LAZY_NAMES["TensorArray"] = ".ops.tensor_array_ops"
_LAZY_NAMES["function"] = ".autograph.api"  # tf.function with AutoGraph installed
_LAZY_NAMES.update({"make_tensor_proto": ".io.tensor_proto", "make_ndarray": ".io.tensor_proto"})
_LAZY_NAMES.update({"einsum": ".ops.contraction_ops", "tensordot": ".ops.contraction_ops",
                    "norm": ".ops.linalg_ops"})
_LAZY_NAMES["RaggedTensor"] = ".ragged"  # with its operators
_LAZY_NAMES["OptionalSpec"] = ".data.optional"
_LAZY_NAMES.update((name, ".graph.control_dependencies") for name in (
    "control_dependencies", "group", "no_op", "tuple"))


def __getattr__(name):
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(_LAZY_NAMES[name], __name__), name)
        if not hasattr(builtins, name):  # a cached `print` would shadow the builtin in this module
            globals()[name] = value
        return value
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name], __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module 'neuroflow' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | set(_LAZY_NAMES))
