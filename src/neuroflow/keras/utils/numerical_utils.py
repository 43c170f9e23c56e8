"""`to_categorical` and `normalize`: small NumPy helpers for preparing data.

>>> from neuroflow.keras.utils import to_categorical
>>> to_categorical([0, 2, 1], num_classes=3)
array([[1., 0., 0.],
       [0., 0., 1.],
       [0., 1., 0.]])
"""
import numpy as np

__all__ = ["to_categorical", "normalize", "encode_categorical_inputs"]


def to_categorical(x, num_classes=None):
    """Converts integer class labels to one-hot rows (float64, as Keras returns for arrays).

    Args:
        x: class labels, integers in `[0, num_classes)`, any shape; a trailing axis of
            size 1 is dropped, as in Keras.
        num_classes: number of classes (default: largest label + 1).

    Returns:
        A NumPy array of shape `x.shape + (num_classes,)`.
    """
    labels = np.asarray(x)
    if labels.dtype.kind not in "iub" and not (labels.dtype.kind == "f" and np.all(labels == np.round(labels))):
        raise ValueError(f"to_categorical expects integer class labels. Received an array of dtype "
                         f"{labels.dtype} with values like {labels.reshape(-1)[:3].tolist()}.")
    labels = labels.astype("int64")
    shape = labels.shape
    if len(shape) > 1 and shape[-1] == 1:
        shape = shape[:-1]
    flat = labels.reshape(-1)
    if num_classes is None:
        num_classes = int(flat.max()) + 1 if flat.size else 0
    if flat.size and (flat.min() < 0 or flat.max() >= num_classes):
        bad = flat[(flat < 0) | (flat >= num_classes)][0]
        raise ValueError(f"to_categorical: label {bad} is out of range for num_classes={num_classes}: "
                         f"labels must lie in [0, {num_classes}). Pass a larger `num_classes` or fix the labels.")
    one_hot = np.zeros((flat.size, num_classes))
    one_hot[np.arange(flat.size), flat] = 1
    return one_hot.reshape(shape + (num_classes,))


def normalize(x, axis=-1, order=2):
    """Scales `x` so each slice along `axis` has unit `order`-norm (zero slices stay zero).

    >>> from neuroflow.keras.utils import normalize
    >>> normalize([[3.0, 4.0], [0.0, 0.0]])
    array([[0.6, 0.8],
           [0. , 0. ]])
    """
    is_tensor = hasattr(x, "_dtype")
    array = np.asarray(x)
    if array.dtype.kind not in "fc":
        array = array.astype("float64" if not is_tensor else "float32")
    norm = np.atleast_1d(np.linalg.norm(array, order, axis))
    norm[norm == 0] = 1
    result = (array / np.expand_dims(norm, axis)).astype(array.dtype, copy=False)
    if is_tensor:
        from ...framework.convert import convert_to_tensor
        return convert_to_tensor(result)
    return result


def encode_categorical_inputs(indices, output_mode, depth, dtype="float32", count_weights=None, layer="Layer"):
    """Integer indices (a NumPy array) encoded as Keras' preprocessing layers encode them.

    `"int"` casts; `"one_hot"` adds a `depth` axis (a trailing axis of size 1 is replaced);
    `"multi_hot"` and `"count"` treat the last axis as one sample and replace it by `depth`
    (presence, or occurrences weighted by `count_weights`). Indices outside `[0, depth)`
    are dropped, as TensorFlow's bincount drops them (masked tokens are encoded that way).

    >>> import numpy as np
    >>> encode_categorical_inputs(np.array([[0, 2, 2]]), "count", 4)
    array([[1., 0., 2., 0.]], dtype=float32)
    """
    indices = np.asarray(indices)
    if output_mode == "int":
        return indices.astype(dtype)
    if indices.ndim == 0:
        indices = indices.reshape(1)
    if output_mode == "one_hot":
        if indices.ndim > 1 and indices.shape[-1] == 1:
            indices = indices[..., 0]
        out = np.zeros(indices.shape + (depth,), dtype=dtype)
        inside = (indices >= 0) & (indices < depth)
        np.put_along_axis(out, np.where(inside, indices, 0)[..., None], inside[..., None].astype(dtype), axis=-1)
        return out
    if output_mode not in ("multi_hot", "count"):
        raise ValueError(f"{layer}: unknown output_mode={output_mode!r}. Use 'int', 'one_hot', 'multi_hot' or 'count'.")
    rows = indices.reshape(-1, indices.shape[-1]) if indices.ndim > 1 else indices.reshape(1, -1)
    weights = None if count_weights is None else np.broadcast_to(np.asarray(count_weights), indices.shape)
    weights = None if weights is None else weights.reshape(rows.shape)
    inside = (rows >= 0) & (rows < depth)
    out = np.zeros((rows.shape[0], depth), dtype=np.float64 if weights is not None else dtype)
    row_ids = np.broadcast_to(np.arange(rows.shape[0])[:, None], rows.shape)[inside]
    if output_mode == "multi_hot":
        out[row_ids, rows[inside]] = 1
    else:
        np.add.at(out, (row_ids, rows[inside]), 1 if weights is None else weights[inside])
    return out.reshape(indices.shape[:-1] + (depth,)).astype(dtype, copy=False)
