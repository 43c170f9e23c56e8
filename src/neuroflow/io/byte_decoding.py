"""`tf.io.decode_raw` and `decode_compressed`: bytes in string tensors to numbers / plain bytes.

Typical with TFRecords, whose features often hold arrays as raw bytes:

>>> import numpy as np
>>> import neuroflow as tf
>>> raw = tf.constant([np.arange(3, dtype=np.float32).tobytes(), np.ones(3, np.float32).tobytes()])
>>> tf.io.decode_raw(raw, tf.float32).numpy().tolist()
[[0.0, 1.0, 2.0], [1.0, 1.0, 1.0]]
"""
import zlib

import numpy as np

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from ..framework.errors import InvalidArgumentError
from ..graph.shape_inference import DATA_DEPENDENT
from ..ops.registry import op
from .host_ops import is_stand_in

__all__ = ["decode_raw", "decode_compressed"]


def _strings(tensor):
    return tensor if hasattr(tensor, "_dtype") else convert_to_tensor(tensor, dtypes.string)


@op("DecodeRaw")
def _decode_raw(xp, strings, out_type, little_endian, fixed_length):
    np_dtype = np.dtype(out_type.as_numpy_dtype).newbyteorder("<" if little_endian else ">")
    flat = [b"" if is_stand_in(s) else bytes(s) for s in strings.reshape(-1)]
    if fixed_length is not None:
        flat = [s[:fixed_length].ljust(fixed_length, b"\x00") for s in flat]
    lengths = {len(s) for s in flat}
    if len(lengths) > 1:
        raise InvalidArgumentError(None, "DecodeRaw", f"DecodeRaw requires input strings to all be the same "
                                   f"size; found lengths {sorted(lengths)[:5]}. Pass fixed_length to pad them.")
    length = lengths.pop() if lengths else 0
    if length % np_dtype.itemsize:
        raise InvalidArgumentError(None, "DecodeRaw", f"DecodeRaw: input size {length} is not a multiple of "
                                   f"{np_dtype.itemsize}, the size of {out_type.name}.")
    values = np.frombuffer(b"".join(flat), np_dtype).astype(np_dtype.newbyteorder("="))
    return values.reshape(strings.shape + (length // np_dtype.itemsize,))


DATA_DEPENDENT["DecodeRaw"] = lambda attrs, inputs: ((() if attrs["fixed_length"] is not None else (-1,)),)


def decode_raw(input_bytes, out_type, little_endian=True, fixed_length=None, name=None):
    """Reinterprets each string's bytes as a vector of `out_type` numbers.

    Args:
        input_bytes: a string tensor of any shape S; all strings must have the same length
            (unless `fixed_length` is given).
        out_type: a numeric dtype (or bool).
        little_endian: the byte order of the data.
        fixed_length: cut or zero-pad every string to this many bytes first. Inside traced
            functions (`Dataset.map`) it fixes the output's last dimension, which is otherwise
            known only when the data is.

    Returns:
        A tensor of shape S + [length // itemsize].
    """
    dtype = dtypes.as_dtype(out_type)
    if dtype == dtypes.string:
        raise ValueError("decode_raw: out_type must be numeric or bool, not string.")
    return _decode_raw(_strings(input_bytes), out_type=dtype, little_endian=bool(little_endian),
                       fixed_length=fixed_length)


@op("DecodeCompressed")
def _decode_compressed(xp, strings, wbits, compression_type):
    out = np.empty(strings.shape, dtype=object)
    for index, data in np.ndenumerate(strings):
        try:
            out[index] = b"" if is_stand_in(data) else data if wbits is None else zlib.decompress(data, wbits)
        except zlib.error as error:
            raise InvalidArgumentError(None, "DecodeCompressed", f"DecodeCompressed: element {index} is not "
                                       f"valid {compression_type} data ({error}).") from None
    return out


def decode_compressed(bytes, compression_type="", name=None):  # noqa: A002 - TensorFlow's name
    """Decompresses each string of `bytes` ("ZLIB" or "GZIP"; "" returns them unchanged)."""
    wbits = {"": None, "ZLIB": zlib.MAX_WBITS, "GZIP": zlib.MAX_WBITS + 16}.get(compression_type, -1)
    if wbits == -1:
        raise ValueError(f"decode_compressed: compression_type must be '', 'ZLIB' or 'GZIP'. "
                         f"Received: {compression_type!r}.")
    return _decode_compressed(_strings(bytes), wbits=wbits, compression_type=compression_type)
