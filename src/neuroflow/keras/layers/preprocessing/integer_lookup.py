"""`IntegerLookup`: maps integer tokens to contiguous indices through a vocabulary.

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.IntegerLookup(vocabulary=[12, 36, 1138, 42])
>>> layer(np.array([[12, 1138, 42], [42, 1000, 36]])).numpy()
array([[1, 3, 4],
       [4, 0, 2]])
"""
from .index_lookup import IndexLookup

__all__ = ["IntegerLookup"]


class IntegerLookup(IndexLookup):
    """Maps integers to indices: `[mask] + [OOV] * num_oov_indices + vocabulary`.

    Args: as `StringLookup`, with integer `mask_token` and `oov_token` (default -1);
    out-of-vocabulary integers with several OOV indices go to `token % num_oov_indices`
    (`oov_method="floormod"`, the default) or to their FarmHash bucket (`"farmhash"`).
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1, vocabulary=None,
                 vocabulary_dtype="int64", idf_weights=None, invert=False, output_mode="int", sparse=False,
                 pad_to_max_tokens=False, oov_method="floormod", salt=None, name=None, **kwargs):
        if vocabulary_dtype != "int64":
            raise ValueError("Only `vocabulary_dtype='int64'` is supported at this time. "
                             f"Received: vocabulary_dtype={vocabulary_dtype}")
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, vocabulary_dtype=vocabulary_dtype,
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode, sparse=sparse,
                         pad_to_max_tokens=pad_to_max_tokens, oov_method=oov_method, salt=salt, name=name,
                         **kwargs)

    def get_config(self):
        config = super().get_config()
        for key in ("oov_token", "mask_token"):
            if config[key] is not None:
                config[key] = int(config[key])
        if config["vocabulary"] is not None:
            config["vocabulary"] = [int(v) for v in config["vocabulary"]]
        return config
