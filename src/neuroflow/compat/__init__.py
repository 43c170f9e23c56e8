"""`tf.compat`: `v1` (TensorFlow 1's graphs, sessions and placeholders) and `v2` (this TF2 namespace).

>>> import neuroflow as tf
>>> tf.compat.v2.constant is tf.constant
True
>>> tf.compat.as_bytes("abc"), tf.compat.as_text(b"abc")
(b'abc', 'abc')
"""
import importlib

__all__ = ["v1", "v2", "as_bytes", "as_text", "as_str"]


def as_bytes(bytes_or_text, encoding="utf-8"):
    """`bytes_or_text` as bytes (text is encoded)."""
    if isinstance(bytes_or_text, bytearray):
        return bytes(bytes_or_text)
    if isinstance(bytes_or_text, bytes):
        return bytes_or_text
    if isinstance(bytes_or_text, str):
        return bytes_or_text.encode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


def as_text(bytes_or_text, encoding="utf-8"):
    """`bytes_or_text` as str (bytes are decoded)."""
    if isinstance(bytes_or_text, str):
        return bytes_or_text
    if isinstance(bytes_or_text, (bytes, bytearray)):
        return bytes(bytes_or_text).decode(encoding)
    raise TypeError(f"Expected binary or unicode string, got {bytes_or_text!r}")


as_str = as_text


def __getattr__(name):
    if name == "v1":
        return importlib.import_module(".v1", __name__)
    if name == "v2":
        return importlib.import_module("neuroflow")
    raise AttributeError(f"module 'neuroflow.compat' has no attribute {name!r}")
