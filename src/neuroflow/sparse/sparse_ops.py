"""`tf.sparse` operations: arithmetic, reductions, reshaping and products on `SparseTensor`s.

Index bookkeeping (sorting, matching, slicing coordinates) runs on the int64 indices with NumPy;
values flow through public ops (`gather`, segment sums...), so gradients reach them.

>>> import neuroflow as tf
>>> x = tf.sparse.SparseTensor([[0, 0], [0, 2], [1, 1]], [1, 2, 3], [2, 3])
>>> tf.sparse.reduce_sum(x, 1).numpy()
array([3, 3], dtype=int32)
>>> tf.sparse.sparse_dense_matmul(x, tf.ones([3, 1], tf.int32)).numpy()
array([[3],
       [3]], dtype=int32)
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor
from ..framework.sparse_tensor import SparseTensor
from ..ops.array_ops import concat as _dense_concat, reshape as _dense_reshape
from ..ops.creation_ops import zeros_like
from ..ops.indexing_ops import gather, gather_nd, where
from ..ops.linalg_ops import matrix_transpose, norm
from ..ops.math_ops import add as _dense_add, divide_no_nan, exp, matmul as matmul_dense, sqrt, maximum as _dense_maximum, \
    minimum as _dense_minimum, multiply
from ..ops.scan_ops import unsorted_segment_sum
from ..ops.segment_ops import unsorted_segment_max
from ..ops.unary_ops import conj
from .conversion import to_dense

__all__ = ["add", "reduce_sum", "reduce_max", "sparse_dense_matmul", "matmul", "maximum", "minimum",
           "softmax", "map_values", "reorder", "reshape", "slice", "concat", "split", "expand_dims",
           "transpose", "retain", "reset_shape", "to_indicator", "fill_empty_rows", "eye", "bincount",
           "sampled_addmm", "embedding_lookup_sparse"]


def _check(sp, fn):
    if not isinstance(sp, SparseTensor):
        raise TypeError(f"tf.sparse.{fn} expects a SparseTensor. Received: {type(sp).__name__}. "
                        "Convert a dense tensor with tf.sparse.from_dense.")
    return sp.indices.numpy(), tuple(int(d) for d in sp.dense_shape.numpy())


def _build(indices, values, shape):
    return SparseTensor(convert_to_tensor(np.asarray(indices, np.int64).reshape(-1, len(shape))),
                        values, list(shape))


def _row_major(indices, shape):
    """The order that sorts `indices` lexicographically (TensorFlow's canonical order)."""
    return np.lexsort(indices.T[::-1]) if len(indices) else np.arange(0)


def _take(sp, order):
    return gather(sp.values, convert_to_tensor(np.asarray(order, np.int64)))


# --- reordering and reshaping -------------------------------------------------------------
def reorder(sp_input, name=None):
    """The same sparse tensor with its entries in row-major (lexicographic) order."""
    indices, shape = _check(sp_input, "reorder")
    order = _row_major(indices, shape)
    return _build(indices[order], _take(sp_input, order), shape)


def reshape(sp_input, shape, name=None):
    """The sparse tensor with dense shape `shape` (one dimension may be -1), entries in row-major order."""
    indices, old = _check(sp_input, "reshape")
    new = [int(d) for d in np.ravel(shape.numpy() if hasattr(shape, "numpy") else shape)]
    total = int(np.prod(old))
    if new.count(-1) == 1:
        known = int(np.prod([d for d in new if d != -1]))
        new[new.index(-1)] = total // known if known else 0
    if int(np.prod(new)) != total:
        raise errors.InvalidArgumentError(
            None, "SparseReshape", f"SparseReshape: cannot reshape a SparseTensor with {total} dense "
            f"values ({list(old)}) into shape {new}. [Op:SparseReshape]")
    flat = np.ravel_multi_index(indices.T, old) if len(indices) else np.zeros(0, np.int64)
    return _build(np.stack(np.unravel_index(flat, new), axis=1) if len(indices) else indices,
                  sp_input.values, new)


def slice(sp_input, start, size, name=None):  # noqa: A001 - TensorFlow's name
    """The entries inside the box `start` .. `start + size` (clipped to the shape), re-based at 0."""
    indices, shape = _check(sp_input, "slice")
    start, size = np.ravel(start).astype(np.int64), np.ravel(size).astype(np.int64)
    end = np.minimum(start + size, shape)
    keep = np.all((indices >= start) & (indices < end), axis=1)
    return _build(indices[keep] - start, _take(sp_input, np.nonzero(keep)[0]), np.maximum(end - start, 0))


def concat(axis, sp_inputs, name=None, expand_nonconcat_dims=False, concat_dim=None):
    """Joins sparse tensors along `axis` (other dimensions must agree unless expanded to the largest)."""
    axis = concat_dim if concat_dim is not None else axis
    parts = [_check(sp, "concat") for sp in sp_inputs]
    rank = len(parts[0][1])
    axis = axis + rank if axis < 0 else axis
    shapes = np.array([shape for _, shape in parts])
    out = shapes.max(axis=0) if expand_nonconcat_dims else shapes[0].copy()
    if not expand_nonconcat_dims and (np.delete(shapes, axis, 1) != np.delete(out, axis)).any():
        raise errors.InvalidArgumentError(
            None, "SparseConcat", f"SparseConcat: the inputs' shapes {shapes.tolist()} differ outside "
            f"dimension {axis}. Pass expand_nonconcat_dims=True to pad them. [Op:SparseConcat]")
    offsets = np.concatenate([[0], np.cumsum(shapes[:, axis])])
    out[axis] = offsets[-1]
    indices = np.concatenate([idx + np.eye(rank, dtype=np.int64)[axis] * off
                              for (idx, _), off in zip(parts, offsets)])
    values = _dense_concat([sp.values for sp in sp_inputs], 0)
    order = _row_major(indices, out)
    return _build(indices[order], gather(values, convert_to_tensor(order.astype(np.int64))), out)


def split(sp_input=None, num_split=None, axis=None, name=None, keyword_required=None):
    """Splits into `num_split` sparse tensors along `axis`; the first `shape % num_split` get one more."""
    indices, shape = _check(sp_input, "split")
    axis = int(axis) + len(shape) if int(axis) < 0 else int(axis)
    size, extra = divmod(shape[axis], num_split)
    sizes = [size + (i < extra) for i in range(num_split)]
    starts = np.concatenate([[0], np.cumsum(sizes)])
    out = []
    for start, length in zip(starts, sizes):
        begin = np.zeros(len(shape), np.int64)
        begin[axis] = start
        extent = np.array(shape, np.int64)
        extent[axis] = length
        out.append(slice(sp_input, begin, extent))
    return out


def expand_dims(sp_input, axis=None, name=None):
    """Inserts a dimension of size 1 at `axis` (default -1, the innermost)."""
    indices, shape = _check(sp_input, "expand_dims")
    axis = -1 if axis is None else int(axis)
    axis = axis + len(shape) + 1 if axis < 0 else axis
    return _build(np.insert(indices, axis, 0, axis=1), sp_input.values,
                  shape[:axis] + (1,) + shape[axis:])


def transpose(sp_input, perm=None, name=None):
    """Permutes the dimensions (reversed by default); entries come back in row-major order."""
    indices, shape = _check(sp_input, "transpose")
    perm = list(range(len(shape)))[::-1] if perm is None else [int(p) for p in np.ravel(perm)]
    moved = indices[:, perm]
    order = _row_major(moved, shape)
    return _build(moved[order], _take(sp_input, order), [shape[p] for p in perm])


def retain(sp_input, to_retain):
    """The entries where the boolean vector `to_retain` is True."""
    _check(sp_input, "retain")
    keep = np.nonzero(np.asarray(to_retain.numpy() if hasattr(to_retain, "numpy") else to_retain))[0]
    return _build(sp_input.indices.numpy()[keep], _take(sp_input, keep), sp_input.shape.as_list())


def reset_shape(sp_input, new_shape=None):
    """The same entries with dense shape `new_shape`, or the tightest shape holding them."""
    indices, shape = _check(sp_input, "reset_shape")
    if new_shape is None:
        new_shape = indices.max(axis=0) + 1 if len(indices) else np.zeros(len(shape), np.int64)
    new_shape = np.ravel(new_shape.numpy() if hasattr(new_shape, "numpy") else new_shape)
    if len(indices) and (indices.max(axis=0) >= new_shape).any():
        raise errors.InvalidArgumentError(
            None, "SparseResetShape", f"SparseResetShape: new_shape {new_shape.tolist()} does not hold "
            f"the largest index {indices.max(axis=0).tolist()}. [Op:SparseResetShape]")
    return _build(indices, sp_input.values, new_shape)


def fill_empty_rows(sp_input, default_value, name=None):
    """Adds `default_value` at column 0 of every empty row; returns it and the empty-row indicator."""
    indices, shape = _check(sp_input, "fill_empty_rows")
    empty = np.ones(shape[0], bool)
    empty[indices[:, 0]] = False
    added = np.zeros((int(empty.sum()), len(shape)), np.int64)
    added[:, 0] = np.nonzero(empty)[0]
    default = convert_to_tensor(np.full(len(added), default_value, sp_input.dtype.as_numpy_dtype))
    all_indices = np.concatenate([indices, added])
    order = _row_major(all_indices, shape)
    values = gather(_dense_concat([sp_input.values, default], 0), convert_to_tensor(order.astype(np.int64)))
    return _build(all_indices[order], values, shape), convert_to_tensor(empty)


def to_indicator(sp_input, vocab_size, name=None):
    """A dense bool tensor, `[..., vocab_size]`, True where a row's values name a column."""
    indices, shape = _check(sp_input, "to_indicator")
    out = np.zeros(shape[:-1] + (int(vocab_size),), bool)
    out[tuple(indices[:, :-1].T) + (sp_input.values.numpy().astype(np.int64),)] = True
    return convert_to_tensor(out)


def eye(num_rows, num_columns=None, dtype=dtypes.float32, name=None):
    """A sparse identity matrix of shape `[num_rows, num_columns]`."""
    num_columns = num_rows if num_columns is None else num_columns
    diagonal = np.arange(min(int(num_rows), int(num_columns)), dtype=np.int64)
    return _build(np.stack([diagonal, diagonal], axis=1),
                  convert_to_tensor(np.ones(len(diagonal), dtypes.as_dtype(dtype).as_numpy_dtype)),
                  [int(num_rows), int(num_columns)])


# --- arithmetic -------------------------------------------------------------------------
def _union(a, b, fn):
    """Applies `fn(values of a, values of b)` on the union of both index sets (missing values: 0)."""
    ia, shape = _check(a, fn.__name__)
    ib, shape_b = _check(b, fn.__name__)
    if shape != shape_b:
        raise errors.InvalidArgumentError(
            None, "SparseSparseBinaryOp", f"SparseSparseBinaryOp: operands' shapes do not match: "
            f"{list(shape)} vs. {list(shape_b)}. [Op:SparseSparseBinaryOp]")
    both = np.concatenate([ia, ib])
    union, inverse = np.unique(both, axis=0, return_inverse=True) if len(both) else (both, np.zeros(0, int))
    inverse = inverse.reshape(-1)
    n = len(union)
    ids_a = convert_to_tensor(inverse[:len(ia)].astype(np.int64))
    ids_b = convert_to_tensor(inverse[len(ia):].astype(np.int64))
    va = unsorted_segment_sum(a.values, ids_a, n)
    vb = unsorted_segment_sum(b.values, ids_b, n)
    return _build(union, fn(va, vb), shape)


def add(a, b, threshold=0):
    """`a + b`: two SparseTensors give a SparseTensor (sums of two stored values smaller than
    `threshold` in magnitude are dropped); a SparseTensor and a dense tensor give a dense tensor."""
    if isinstance(a, SparseTensor) and isinstance(b, SparseTensor):
        total = _union(a, b, _dense_add)
        if threshold:  # as TensorFlow: only sums of two stored values can fall below it
            both = np.concatenate([a.indices.numpy(), b.indices.numpy()])
            _, counts = np.unique(both, axis=0, return_counts=True)
            return retain(total, (counts < 2) | (np.abs(total.values.numpy()) >= threshold))
        return total
    if isinstance(a, SparseTensor):
        return _dense_add(to_dense(a), b)
    return _dense_add(a, to_dense(b))


def maximum(sp_a, sp_b, name=None):
    """The element-wise maximum of two SparseTensors of one shape (absent entries count as 0)."""
    return _union(sp_a, sp_b, _dense_maximum)


def minimum(sp_a, sp_b, name=None):
    """The element-wise minimum of two SparseTensors of one shape (absent entries count as 0)."""
    return _union(sp_a, sp_b, _dense_minimum)


def map_values(op, *args, **kwargs):
    """Applies `op` to the values of the SparseTensor arguments (which share indices); other
    arguments pass through. Returns a SparseTensor with those indices."""
    sparse = [a for a in list(args) + list(kwargs.values()) if isinstance(a, SparseTensor)]
    if not sparse:
        raise ValueError("tf.sparse.map_values: no SparseTensor among the arguments.")
    first = sparse[0]
    for other in sparse[1:]:
        if not np.array_equal(other.indices.numpy(), first.indices.numpy()):
            raise errors.InvalidArgumentError(
                None, "map_values", "tf.sparse.map_values: the SparseTensors' indices differ; "
                "they must store values at the same coordinates.")
    unwrap = lambda a: a.values if isinstance(a, SparseTensor) else a  # noqa: E731
    values = op(*[unwrap(a) for a in args], **{k: unwrap(v) for k, v in kwargs.items()})
    return first.with_values(values)


def softmax(sp_input, name=None):
    """Softmax over the stored values of each innermost row; absent entries stay absent."""
    indices, shape = _check(sp_input, "softmax")
    rows = np.ravel_multi_index(indices[:, :-1].T, shape[:-1]) if len(indices) else np.zeros(0, np.int64)
    ids = convert_to_tensor(rows.astype(np.int64))
    n = int(np.prod(shape[:-1]))
    shifted = sp_input.values - gather(unsorted_segment_max(sp_input.values, ids, n), ids)
    e = exp(shifted)
    return sp_input.with_values(e / gather(unsorted_segment_sum(e, ids, n), ids))


# --- reductions ---------------------------------------------------------------------------
def _reduce(sp, axis, keepdims, output_is_sparse, fn, segment_reduce, empty_zero):
    indices, shape = _check(sp, fn)
    rank = len(shape)
    axes = list(range(rank)) if axis is None else sorted({int(a) % rank for a in np.ravel(axis)})
    kept = [d for d in range(rank) if d not in axes]
    kept_shape = [shape[d] for d in kept]
    n = int(np.prod(kept_shape))
    rows = np.ravel_multi_index(indices[:, kept].T, kept_shape) if kept and len(indices) \
        else np.zeros(len(indices), np.int64)
    ids = convert_to_tensor(rows.astype(np.int64))
    reduced = segment_reduce(sp.values, ids, n)
    present = np.zeros(n, bool)
    present[rows] = True
    if empty_zero:
        reduced = where(convert_to_tensor(present), reduced, zeros_like(reduced))
    out_shape = [1 if d in axes else shape[d] for d in range(rank)] if keepdims else kept_shape
    if output_is_sparse:
        where_present = np.nonzero(present)[0]
        coords = np.stack(np.unravel_index(where_present, kept_shape), axis=1) if kept \
            else np.zeros((len(where_present), 0), np.int64)
        if keepdims:
            full = np.zeros((len(coords), rank), np.int64)
            full[:, kept] = coords
            coords = full
        return _build(coords, gather(reduced, convert_to_tensor(where_present.astype(np.int64))), out_shape)
    return _dense_reshape(reduced, out_shape)


def reduce_sum(sp_input, axis=None, keepdims=None, output_is_sparse=False, name=None):
    """The sum over `axis` (all by default) of a SparseTensor, as a dense tensor (or a SparseTensor).

    >>> import neuroflow as tf
    >>> x = tf.sparse.SparseTensor([[0, 0], [0, 2], [1, 1]], [1, 1, 1], [2, 3])
    >>> tf.sparse.reduce_sum(x, 0).numpy()
    array([1, 1, 1], dtype=int32)
    """
    return _reduce(sp_input, axis, keepdims, output_is_sparse, "reduce_sum", unsorted_segment_sum, False)


def reduce_max(sp_input, axis=None, keepdims=None, output_is_sparse=False, name=None):
    """The maximum over `axis` of the stored values (absent entries are ignored; an empty
    reduction gives 0).

    >>> import neuroflow as tf
    >>> y = tf.sparse.SparseTensor([[0, 0], [1, 0], [1, 1]], [-7, 4, 3], [3, 2])
    >>> tf.sparse.reduce_max(y, 1).numpy()
    array([-7,  4,  0], dtype=int32)
    """
    return _reduce(sp_input, axis, keepdims, output_is_sparse, "reduce_max", unsorted_segment_max, True)


# --- products ---------------------------------------------------------------------------
def sparse_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """The matrix product of a 2-D SparseTensor and a dense matrix (either argument may be the
    sparse one); differentiable in the sparse values and the dense matrix."""
    if not isinstance(sp_a, SparseTensor):  # dense @ sparse = (sparse^H @ dense^H)^H
        product = sparse_dense_matmul(b, sp_a, adjoint_a=not adjoint_b, adjoint_b=not adjoint_a)
        return conj(matrix_transpose(product)) if product.dtype.is_complex else matrix_transpose(product)
    indices, shape = _check(sp_a, "sparse_dense_matmul")
    b = convert_to_tensor(b) if not hasattr(b, "_dtype") else b
    if adjoint_b:
        b = conj(matrix_transpose(b)) if b.dtype.is_complex else matrix_transpose(b)
    rows, cols = (indices[:, 1], indices[:, 0]) if adjoint_a else (indices[:, 0], indices[:, 1])
    n_rows, inner = (shape[1], shape[0]) if adjoint_a else shape
    if b.shape[0] != inner:
        raise errors.InvalidArgumentError(
            None, "SparseTensorDenseMatMul", f"SparseTensorDenseMatMul: cannot multiply a sparse "
            f"{[n_rows, inner]} by a dense {b.shape.as_list()}: inner dimensions {inner} and {b.shape[0]} "
            "differ. [Op:SparseTensorDenseMatMul]")
    values = conj(sp_a.values) if adjoint_a and sp_a.dtype.is_complex else sp_a.values
    terms = multiply(_dense_reshape(values, [-1, 1]), gather(b, convert_to_tensor(cols.astype(np.int64))))
    return unsorted_segment_sum(terms, convert_to_tensor(rows.astype(np.int64)), n_rows)


matmul = sparse_dense_matmul


def sampled_addmm(indices, values, dense_shape, mat1, mat2, beta=1.0, alpha=1.0, output_type=dtypes.float32):
    """`alpha * (mat1 @ mat2)` read at `indices`, plus `beta * values`: the sparse product's parts.

    Returns the tuple `(indices, values, dense_shape)` of the result; leading dimensions batch.
    """
    indices, values = convert_to_tensor(indices), convert_to_tensor(values)
    product = matmul_dense(convert_to_tensor(mat1), convert_to_tensor(mat2))
    picked = gather_nd(product, indices, batch_dims=indices.shape.rank - 2)
    return indices, alpha * picked + beta * values, convert_to_tensor(dense_shape)


def embedding_lookup_sparse(params, sp_ids, sp_weights, combiner=None, max_norm=None, name=None,
                            allow_fast_lookup=False):
    """Per row of `sp_ids`, the rows of `params` it names, combined by "sum", "mean" (default) or
    "sqrtn" (sum / sqrt of the sum of squared weights), optionally weighted by `sp_weights`."""
    combiner = combiner or "mean"
    if combiner not in ("sum", "mean", "sqrtn"):
        raise ValueError(f"combiner must be one of 'mean', 'sqrtn' or 'sum'. Received: {combiner!r}.")
    params = _dense_concat(list(params), 0) if isinstance(params, (list, tuple)) else convert_to_tensor(params)
    indices, shape = _check(sp_ids, "embedding_lookup_sparse")
    rows = convert_to_tensor(indices[:, 0])
    embedded = gather(params, sp_ids.values)
    if max_norm is not None:
        scale = _dense_minimum(max_norm / norm(embedded, axis=1, keepdims=True), 1.0)
        embedded = embedded * scale
    if sp_weights is None:
        weights = convert_to_tensor(np.ones(len(indices), params.dtype.as_numpy_dtype))
    else:
        weights = sp_weights.values
    total = unsorted_segment_sum(embedded * _dense_reshape(weights, [-1, 1]), rows, shape[0])
    if combiner == "sum":
        return total
    norms = weights if combiner == "mean" else weights * weights
    denominator = _dense_reshape(unsorted_segment_sum(norms, rows, shape[0]), [-1, 1])
    if combiner == "sqrtn":
        denominator = sqrt(denominator)
    return divide_no_nan(total, denominator)


# --- counting ---------------------------------------------------------------------------
def bincount(values, weights=None, axis=0, minlength=None, maxlength=None, binary_output=False,
             name=None):
    """Counts of each value (per row with `axis=-1`) as a SparseTensor holding the values seen.

    A SparseTensor input counts its stored values only; `weights` (same structure) sum instead
    of counting; `binary_output` marks presence with 1.
    """
    per_row = axis in (-1, 1)
    if isinstance(values, SparseTensor):
        data, n_rows = values.values.numpy(), int(values.dense_shape.numpy()[0])
        rows = values.indices.numpy()[:, 0]
        counted = values.dtype.as_numpy_dtype
        weights = weights.values if isinstance(weights, SparseTensor) else weights
    else:
        array = np.asarray(values.numpy() if hasattr(values, "numpy") else values)
        n_rows, data, counted = (array.shape[0] if array.ndim else 1), array.reshape(-1), np.int64
        rows = np.repeat(np.arange(n_rows), array.size // max(n_rows, 1))
    rows = rows if per_row else np.zeros(len(data), np.int64)
    w = None if weights is None else np.ravel(convert_to_tensor(weights).numpy())
    keep = (data >= 0) & (data < maxlength if maxlength is not None else True)
    size = int(data[keep].max()) + 1 if keep.any() else 0
    size = max(size, int(minlength or 0))
    if maxlength is not None:
        size = max(min(size, int(maxlength)), int(minlength or 0))
    unique, inverse = np.unique(np.stack([rows[keep], data[keep].astype(np.int64)], axis=1), axis=0,
                                return_inverse=True)
    inverse = inverse.reshape(-1)
    if binary_output:
        counts = np.ones(len(unique), counted if w is None else w.dtype)
    elif w is None:
        counts = np.bincount(inverse, minlength=len(unique)).astype(counted)
    else:
        counts = np.zeros(len(unique), w.dtype)
        np.add.at(counts, inverse, w[keep])
    if per_row:
        return _build(unique, convert_to_tensor(counts), [n_rows, size])
    return _build(unique[:, 1:], convert_to_tensor(counts), [size])
