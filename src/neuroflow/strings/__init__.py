"""`tf.strings`: string ops over tensors of bytes (and ragged tensors of them).

>>> import neuroflow as tf
>>> tf.strings.length(tf.strings.strip(["  hi  "])).numpy()
array([2], dtype=int32)
"""
from ..ops.string_ops import (as_string, bytes_split, format, join, length, lower, ngrams, reduce_join,
                              regex_full_match, regex_replace, split, string_to_number, strip, substr,
                              to_hash_bucket, to_hash_bucket_fast, to_hash_bucket_strong, to_number,
                              unicode_decode, unicode_decode_with_offsets, unicode_encode, unicode_split,
                              unicode_script, unicode_split_with_offsets, unicode_transcode, unsorted_segment_join,
                              upper)

__all__ = ["as_string", "bytes_split", "format", "join", "length", "lower", "ngrams", "reduce_join",
           "regex_full_match", "regex_replace", "split", "string_to_number", "strip", "substr", "to_hash_bucket",
           "to_hash_bucket_fast", "to_hash_bucket_strong", "to_number", "unicode_decode", "unicode_encode",
           "unicode_split", "upper", "unicode_decode_with_offsets", "unicode_split_with_offsets",
           "unicode_script", "unicode_transcode", "unsorted_segment_join"]
