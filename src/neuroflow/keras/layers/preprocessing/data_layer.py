"""`DataLayer`: the base of preprocessing layers that compute on the host in NumPy (lookups, hashing).

Such a layer writes `_compute(array) -> array` on NumPy arrays. Eagerly it runs at once; inside
a traced `tf.function` (a compiled `fit`) it becomes one graph node, the private `HostCall` op,
which runs `_compute` when the graph runs (as `tf.numpy_function` would), so models that take
raw strings train compiled. Ragged inputs are processed row-wise by the layers that accept them.
"""
import numpy as np

from .... import backend
from ....framework import errors
from ....framework.convert import convert_to_tensor, is_tensor_like
from ....framework.ragged_tensor import RaggedTensor
from ....framework.tensor import Tensor
from ....graph.replay import outside_graph
from ....ops.registry import as_tensor, op
from ....ops.string_ops import text_array
from ..keras_tensor import KerasTensor
from ..layer import Layer

__all__ = ["DataLayer", "iterate_batches"]


def _host_call(xp, *arrays, fn):
    with outside_graph():  # user callables (a custom `standardize`) run eagerly, even while tracing
        try:
            # on the host, as TF runs these on the CPU; tracing stand-ins for strings read as b""
            return fn(*(text_array(backend.to_device(a, np)) for a in arrays))
        except errors.OpError:
            raise
        except ValueError as error:  # the layer's own message, not wrapped in the op's
            raise errors.InvalidArgumentError(None, "HostCall", str(error)) from None


_host_kernel = op("HostCall", stateful=True)(_host_call)


class DataLayer(Layer):
    """A layer whose computation is a NumPy function of its input (no weights, no gradient)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.autocast = False

    def _convert_inputs(self, inputs):
        """One input: a tensor, RaggedTensor, or array-like (a list of strings is one tensor, not a structure)."""
        if isinstance(inputs, RaggedTensor) or is_tensor_like(inputs):
            return inputs
        return convert_to_tensor(inputs)

    def _output_dtype(self):
        """The dtype name of the outputs (used for symbolic calls)."""
        return self.dtype

    def compute_output_spec(self, inputs, *args, **kwargs):
        return KerasTensor(self.compute_output_shape(inputs.shape), dtype=self._output_dtype())

    def _run(self, fn, inputs):
        """`fn(array)` on the values of `inputs` (a tensor) as a graph-friendly op."""
        return _host_kernel(as_tensor(inputs), fn=fn)


def iterate_batches(data, steps=None):
    """The batches of `data` for `adapt`: an array, tensor or list is one batch; other iterables
    (generators, `tf.data.Dataset`s, lists of arrays via `iter`) give theirs; `(x, y)` pairs give x."""
    if isinstance(data, (np.ndarray, Tensor, RaggedTensor, list, tuple)) or not hasattr(data, "__iter__") \
            or isinstance(data, (str, bytes)):
        yield data
        return
    for i, batch in enumerate(data):
        if steps is not None and i >= steps:
            break
        yield batch[0] if isinstance(batch, tuple) else batch
