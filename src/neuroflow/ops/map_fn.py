"""`tf.map_fn`, `tf.scan`, `tf.foldl`, `tf.foldr`: a function applied along the first axis.

The elements are unstacked along axis 0 (a RaggedTensor gives its rows, a SparseTensor its row
slices), `fn` runs once per element, and the results are stacked back: dense tensors with
`stack`, a `tf.RaggedTensorSpec` signature into a RaggedTensor, a `tf.SparseTensorSpec` one into
a SparseTensor. Inside `tf.function` the loop unrolls over the (static) first dimension.

>>> import neuroflow as tf
>>> tf.map_fn(fn=lambda t: tf.range(t, t + 3), elems=tf.constant([3, 5, 2])).numpy()
array([[3, 4, 5],
       [5, 6, 7],
       [2, 3, 4]], dtype=int32)
>>> tf.scan(lambda a, x: a + x, tf.constant([1, 2, 3, 4])).numpy()
array([ 1,  3,  6, 10], dtype=int32)
"""
import numpy as np

from ..framework import dtypes, errors, nest
from ..framework.convert import convert_to_tensor
from ..framework.ragged_tensor import RaggedTensor
from ..framework.sparse_tensor import SparseTensor
from ..framework.tensor import Tensor
from .array_ops import concat, stack
from .creation_ops import zeros
from .indexing_ops import gather
from .math_ops import cast
from .ragged_ops import stack as ragged_stack
from .registry import as_tensor

__all__ = ["map_fn", "scan", "foldl", "foldr"]


def _as_elems(value):
    if isinstance(value, (RaggedTensor, SparseTensor)) or type(value).__name__ == "Variable":
        return value
    return as_tensor(value)


def _length(value):
    if isinstance(value, RaggedTensor):
        return value._nrows()
    if isinstance(value, SparseTensor):
        return int(value.dense_shape.numpy()[0])
    n = value.shape[0] if value.shape.rank else None
    if n is None:
        raise errors.UnimplementedError(
            None, "map_fn", "tf.map_fn needs elements with a known first dimension (got shape "
            f"{value.shape}); pass a tensor whose first dimension is static.")
    return n


def _row(value, i):
    """Element `i` along axis 0 (a SparseTensor row keeps its indices on the remaining axes)."""
    if isinstance(value, SparseTensor):
        indices = value.indices.numpy()
        keep = np.nonzero(indices[:, 0] == i)[0]
        return SparseTensor(indices[keep][:, 1:], gather(value.values, convert_to_tensor(keep.astype(np.int64))),
                            value.dense_shape.numpy()[1:])
    return value[i]


def _stack(results, signature):
    """Stacks the per-element results as `signature` (a dtype, a spec or None) asks."""
    kind = type(signature).__name__
    if kind == "RaggedTensorSpec":
        return _stack_ragged(results)
    if kind == "SparseTensorSpec":
        parts = [np.concatenate([np.full((len(r.indices.numpy()), 1), i), r.indices.numpy()], 1)
                 for i, r in enumerate(results)]
        shapes = np.max([r.dense_shape.numpy() for r in results], axis=0)
        values = concat([r.values for r in results], 0)
        return SparseTensor(np.concatenate(parts), values, [len(results)] + shapes.tolist())
    tensors = [r if isinstance(r, Tensor) or hasattr(r, "_dtype") else convert_to_tensor(r) for r in results]
    out = stack(tensors)
    if signature is not None and kind not in ("TensorSpec",):
        wanted = dtypes.as_dtype(signature)
        if out.dtype != wanted:
            out = cast(out, wanted)
    return out


def _stack_ragged(results):
    """Per-element results (tensors or RaggedTensors of any lengths) as the rows of a RaggedTensor."""
    rows = [r if isinstance(r, RaggedTensor) else as_tensor(r) for r in results]
    if any(isinstance(r, RaggedTensor) for r in rows):
        return ragged_stack(rows, axis=0)
    if any(r.shape.rank == 0 for r in rows):
        raise errors.InvalidArgumentError(
            None, "map_fn", "tf.map_fn: ragged values must have rank >= 1, but fn returned a scalar; pass "
            "fn_output_signature (e.g. a tf.TensorSpec) when fn's result is not a row of the ragged output.")
    return RaggedTensor.from_row_lengths(concat(rows, 0), np.array([r.shape[0] for r in rows], np.int64))


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False,
           infer_shape=True, name=None, fn_output_signature=None):
    """Applies `fn` to each element of `elems` (unstacked along axis 0) and stacks the results.

    Args:
        fn: a function of one element (a nested structure when `elems` is one).
        elems: a tensor, a RaggedTensor, a SparseTensor, or a nested structure of them with a
            common first dimension.
        fn_output_signature: the structure of `fn`'s result when it differs from the elements':
            dtypes, `tf.TensorSpec`s, `tf.RaggedTensorSpec`s or `tf.SparseTensorSpec`s. Without
            it, results for RaggedTensor elements become the rows of a RaggedTensor.

    >>> import neuroflow as tf
    >>> print(tf.map_fn(lambda row: row / tf.reduce_sum(row), tf.ragged.constant([[1.0, 3.0], [2.0]])))
    <tf.RaggedTensor [[0.25, 0.75], [1.0]]>
    """
    flat = [_as_elems(e) for e in nest.flatten(elems)]
    if not flat:
        raise ValueError("tf.map_fn: elems must be a tensor or a nested structure of tensors, got nothing.")
    n = _length(flat[0])
    if any(_length(e) != n for e in flat[1:]):
        raise ValueError("tf.map_fn: all elements must have the same first dimension, got "
                         f"{[_length(e) for e in flat]}.")
    signature = fn_output_signature if fn_output_signature is not None else dtype
    results = [fn(nest.pack_sequence_as(elems, [_row(e, i) for e in flat])) for i in range(n)]
    if not results:
        return _empty(elems, flat, signature)
    structure = results[0]
    signatures = nest.flatten(signature) if signature is not None and nest.is_nested(signature) else None
    per_output = list(zip(*[nest.flatten(r) for r in results]))
    # Without a signature the results have the elements' types: rows of a RaggedTensor stay ragged.
    ragged = [signature is None and len(per_output) == len(flat) and isinstance(flat[i], RaggedTensor)
              for i in range(len(per_output))]
    stacked = [_stack_ragged(list(outs)) if ragged[i] else
               _stack(list(outs), signatures[i] if signatures else signature if not nest.is_nested(structure)
                      else None) for i, outs in enumerate(per_output)]
    return nest.pack_sequence_as(structure, stacked)


def _empty(elems, flat, signature):
    dtype = dtypes.as_dtype(signature) if signature is not None and not hasattr(signature, "shape") \
        else flat[0].dtype
    return zeros([0] + list(flat[0].shape[1:]), dtype) if isinstance(flat[0], Tensor) else zeros([0], dtype)


def _accumulations(fn, elems, initializer, reverse):
    """The successive values of `accumulator = fn(accumulator, element)` over the first axis
    (starting from the first element when there is no `initializer`), in scan order."""
    flat = [as_tensor(e) for e in nest.flatten(elems)]
    order = list(range(_length(flat[0])))[::-1] if reverse else list(range(_length(flat[0])))
    element = lambda i: nest.pack_sequence_as(elems, [e[i] for e in flat])  # noqa: E731
    if initializer is None:
        if not order:
            raise ValueError("tf.scan/foldl/foldr: elems is empty and no initializer was given.")
        accumulator, order = element(order[0]), order[1:]
        values = [accumulator]
    else:
        accumulator, values = initializer, []
    for i in order:
        accumulator = fn(accumulator, element(i))
        values.append(accumulator)
    return values


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False,
         infer_shape=True, reverse=False, name=None):
    """The running results of `fn(accumulator, element)` over `elems` (first element as the start
    when no `initializer`), stacked; `reverse=True` scans from the end."""
    outputs = _accumulations(fn, elems, initializer, reverse)
    if reverse:
        outputs = outputs[::-1]
    per_output = list(zip(*[nest.flatten(o) for o in outputs]))
    return nest.pack_sequence_as(outputs[0], [stack([as_tensor(x) for x in column]) for column in per_output])


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """`fn(...fn(fn(initializer, elems[0]), elems[1])..., elems[n-1])`.

    >>> import neuroflow as tf
    >>> tf.foldl(lambda a, x: a * 10 + x, tf.constant([1, 2, 3])).numpy()
    np.int32(123)
    """
    values = _accumulations(fn, elems, initializer, reverse=False)
    return values[-1] if values else initializer


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """`fn(...fn(fn(initializer, elems[n-1]), elems[n-2])..., elems[0])`."""
    values = _accumulations(fn, elems, initializer, reverse=True)
    return values[-1] if values else initializer
