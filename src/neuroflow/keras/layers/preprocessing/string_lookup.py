"""`StringLookup`: maps strings to integer indices through a vocabulary (adapted or given).

>>> from neuroflow import keras
>>> layer = keras.layers.StringLookup(vocabulary=["a", "b", "c"])
>>> layer([["a", "c", "z"]]).numpy()
array([[1, 3, 0]])
>>> layer.get_vocabulary()
['[UNK]', 'a', 'b', 'c']
>>> keras.layers.StringLookup(vocabulary=["a", "b"], invert=True)([[1, 0]]).numpy()
array([[b'a', b'[UNK]']], dtype=object)
"""
from .index_lookup import IndexLookup

__all__ = ["StringLookup"]


class StringLookup(IndexLookup):
    """Maps strings to indices: `[mask] + [OOV] * num_oov_indices + vocabulary`.

    Args:
        max_tokens: the largest vocabulary `adapt` keeps, mask and OOV indices included.
        num_oov_indices: indices for out-of-vocabulary strings (several: by FarmHash bucket).
        mask_token: a string that maps to index 0 in `"int"` mode (dropped in other modes).
        oov_token: the string `invert=True` returns for OOV indices.
        vocabulary: a list, array or tensor of strings, or a file with one per line.
        idf_weights: IDF weights for `output_mode="tf_idf"` with a given vocabulary.
        invert: map indices back to strings.
        output_mode: `"int"`, `"one_hot"`, `"multi_hot"`, `"count"` or `"tf_idf"`.
        pad_to_max_tokens: encode to `max_tokens` columns even if the vocabulary is smaller.
        encoding: the text encoding of the strings (`"utf-8"`).
        salt: a SipHash key for OOV buckets (with `num_oov_indices > 1`).
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]", vocabulary=None,
                 idf_weights=None, invert=False, output_mode="int", pad_to_max_tokens=False, sparse=False,
                 encoding="utf-8", name=None, salt=None, **kwargs):
        self.encoding = encoding
        kwargs.pop("vocabulary_dtype", None)
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
                         output_mode=output_mode, pad_to_max_tokens=pad_to_max_tokens, sparse=sparse, name=name,
                         salt=salt, vocabulary_dtype="string", **kwargs)

    def get_config(self):
        config = super().get_config()
        del config["vocabulary_dtype"]
        return {**config, "encoding": self.encoding}
