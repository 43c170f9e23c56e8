"""`pad_sequences`: lists of sequences of different lengths to one padded 2-D array, as Keras does it.

>>> from neuroflow.keras.utils import pad_sequences
>>> pad_sequences([[1, 2, 3], [4, 5], [6]])
array([[1, 2, 3],
       [0, 4, 5],
       [0, 0, 6]], dtype=int32)
>>> pad_sequences([[1, 2, 3], [4]], maxlen=2, padding="post", truncating="post", value=-1)
array([[ 1,  2],
       [ 4, -1]], dtype=int32)
>>> pad_sequences([["a", "b"], ["c"]], dtype=object, value="")
array([['a', 'b'],
       ['', 'c']], dtype=object)
"""
import numpy as np

__all__ = ["pad_sequences"]


def pad_sequences(sequences, maxlen=None, dtype="int32", padding="pre", truncating="pre", value=0.0):
    """Pads (and truncates) sequences to a common length.

    Args:
        sequences: a list (or other sized iterable) of sequences; each sequence is a list or
            array whose items are scalars or arrays of one common shape.
        maxlen: the output length (default: the longest sequence).
        dtype: the output dtype (`int32` by default: floats are truncated; use `object` or a
            string dtype for text).
        padding: `"pre"` (default) or `"post"`: where the padding goes.
        truncating: `"pre"` (default) or `"post"`: which end of a longer sequence is cut.
        value: the padding value (a number, or a string for string dtypes).

    Returns:
        A NumPy array of shape `(len(sequences), maxlen) + item_shape`.
    """
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable.")
    if padding not in ("pre", "post"):
        raise ValueError(f'Padding type "{padding}" not understood')
    if truncating not in ("pre", "post"):
        raise ValueError(f'Truncating type "{truncating}" not understood')
    lengths, item_shape = [], None
    for x in sequences:
        try:
            lengths.append(len(x))
        except TypeError:
            raise ValueError(f"`sequences` must be a list of iterables. Found non-iterable: {x}") from None
        if item_shape is None and len(x):
            item_shape = np.asarray(x).shape[1:]
    item_shape = item_shape or ()
    if maxlen is None:
        maxlen = max(lengths, default=0)
    if maxlen < 0:
        raise ValueError(f"`maxlen` must be a non-negative integer, got {maxlen}.")
    is_text = np.issubdtype(dtype, np.str_) or np.issubdtype(dtype, np.bytes_)
    if isinstance(value, str) and dtype is not object and not is_text:
        raise ValueError(f"`dtype` {dtype} is not compatible with `value`'s type: {type(value)}\n"
                         "You should set `dtype=object` for variable length strings.")
    out = np.full((len(lengths), maxlen) + tuple(item_shape), value, dtype=dtype)
    if maxlen == 0:
        return out
    for i, seq in enumerate(sequences):
        if not len(seq):
            continue
        kept = seq[-maxlen:] if truncating == "pre" else seq[:maxlen]
        kept = np.asarray(kept, dtype=dtype)
        if kept.shape[1:] != tuple(item_shape):
            raise ValueError(f"Shape of sample {kept.shape[1:]} of sequence at position {i} is different from "
                             f"expected shape {tuple(item_shape)}")
        if padding == "post":
            out[i, :len(kept)] = kept
        else:
            out[i, maxlen - len(kept):] = kept
    return out
