"""`TextVectorization`: raw strings to token indices (or multi-hot, counts, TF-IDF), as Keras 3 does it.

Each string is standardized (lowercased, punctuation stripped), split into tokens (whitespace),
optionally turned into n-grams, and looked up in a vocabulary learned by `adapt` (most frequent
first) — index 0 is padding and 1 is the out-of-vocabulary token in `"int"` mode.

>>> from neuroflow import keras
>>> layer = keras.layers.TextVectorization(output_sequence_length=4)
>>> layer.adapt(["The cat sat.", "The dog sat on the cat!"])
>>> layer.get_vocabulary()
['', '[UNK]', 'the', 'sat', 'cat', 'on', 'dog']
>>> layer(["the bird sat"]).numpy()
array([[2, 1, 3, 0]])
"""
import importlib

import numpy as np

from ....framework import dtypes
from ....framework.ragged_tensor import RaggedTensor
from ....framework.tensor import Tensor
from ....ops import string_ops
from ....ops.registry import as_tensor
from .data_layer import DataLayer, iterate_batches
from .index_lookup import listify
from .string_lookup import StringLookup

__all__ = ["TextVectorization"]

_PUNCTUATION = r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']'
_STANDARDIZE = ("lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = ("whitespace", "character")


def _check_choice(value, allowed, arg):
    if value is None or callable(value):
        return
    if value not in allowed:
        raise ValueError(f"TextVectorization: invalid value for argument `{arg}`: {value!r}. Expected one of "
                         f"{allowed}, None or a callable.")


def _serialize_callable(value):
    """A custom standardize/split function in Keras 3's config format (strings and None as they are)."""
    if not callable(value):
        return value
    name = getattr(value, "__name__", type(value).__name__)
    return {"module": getattr(value, "__module__", None), "class_name": "function", "config": name,
            "registered_name": name}


def _deserialize_callable(value):
    """The function a config names: looked up among Keras' registered objects (`keras.saving`)."""
    if not isinstance(value, dict):
        return value
    name = value.get("registered_name") or value.get("config")
    try:
        saving = importlib.import_module("neuroflow.keras.saving")
        found = saving.get_registered_object(name)
    except (ImportError, AttributeError):
        found = None
    if found is None:
        raise ValueError(f"TextVectorization: cannot find the function {name!r} named in the config. Decorate it "
                         "with @keras.saving.register_keras_serializable() so it can be restored.")
    return found


class TextVectorization(DataLayer):
    """Turns strings into sequences of token indices (or bag-of-words vectors).

    Args:
        max_tokens: the largest vocabulary kept by `adapt` (padding and OOV included).
        standardize: `"lower_and_strip_punctuation"` (default), `"lower"`, `"strip_punctuation"`,
            None, or a callable on a string tensor.
        split: `"whitespace"` (default), `"character"`, None (inputs are already tokens), or a
            callable returning a RaggedTensor of tokens.
        ngrams: None, an int n (all 1..n-grams) or a tuple of widths.
        output_mode: `"int"` (default), `"multi_hot"`, `"count"` or `"tf_idf"`.
        output_sequence_length: pad or truncate `"int"` outputs to this many tokens.
        pad_to_max_tokens: vectors of `max_tokens` columns in the other modes.
        vocabulary, idf_weights: a fixed vocabulary (and its IDF weights) instead of `adapt`.
        ragged: return a RaggedTensor of indices in `"int"` mode (eager only).
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation", split="whitespace", ngrams=None,
                 output_mode="int", output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
                 idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None, **kwargs):
        _check_choice(standardize, _STANDARDIZE, "standardize")
        _check_choice(split, _SPLIT, "split")
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode == "tf-idf":
            output_mode = "tf_idf"
        if output_mode not in ("int", "one_hot", "multi_hot", "count", "tf_idf"):
            raise ValueError(f"TextVectorization: invalid value for argument `output_mode`: {output_mode!r}. "
                             "Expected one of 'int', 'one_hot', 'multi_hot', 'count', 'tf_idf'.")
        if not (ngrams is None or isinstance(ngrams, int)
                or isinstance(ngrams, tuple) and all(isinstance(n, int) for n in ngrams)):
            raise ValueError(f"`ngrams` must be None, an integer, or a tuple of integers. Received: ngrams={ngrams}")
        if output_mode == "int" and not (output_sequence_length is None or isinstance(output_sequence_length, int)):
            raise ValueError("`output_sequence_length` must be either None or an integer when `output_mode` is "
                             f"'int'. Received: output_sequence_length={output_sequence_length}")
        if output_mode != "int" and output_sequence_length is not None:
            raise ValueError("`output_sequence_length` must not be set if `output_mode` is not 'int'. "
                             f"Received output_sequence_length={output_sequence_length}.")
        if ragged and output_mode != "int":
            raise ValueError(f"`ragged` must not be true if `output_mode` is not `'int'`. Received: ragged={ragged} "
                             f"and output_mode={output_mode}")
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        vocabulary_size = kwargs.pop("vocabulary_size", None)
        kwargs.pop("dtype", None)
        super().__init__(name=name, **kwargs)
        self._max_tokens, self._standardize, self._split = max_tokens, standardize, split
        self._ngrams_arg = ngrams
        self._ngrams = tuple(range(1, ngrams + 1)) if isinstance(ngrams, int) else ngrams
        self._ragged, self._output_mode = ragged, output_mode
        self._output_sequence_length, self._encoding = output_sequence_length, encoding
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode, sparse=sparse,
            has_input_vocabulary=has_input_vocabulary, encoding=encoding, vocabulary_size=vocabulary_size,
            name=f"{self.name}_lookup")
        self.built = True

    # --- vocabulary -------------------------------------------------------------------------------
    def adapt(self, data, batch_size=None, steps=None):
        """Learns the vocabulary from `data`: strings as an array, list or tensor (one text each), or
        an iterable of batches of strings (a generator, a `tf.data.Dataset`)."""
        self.reset_state()
        if isinstance(data, (np.ndarray, Tensor, list, tuple)):
            texts = self._texts(data)
            if texts.ndim == 1:  # one text per element (Keras' expand_dims(-1))
                texts = texts.reshape(-1, 1)
            self.update_state(texts)
        else:
            for batch in iterate_batches(data, steps):
                self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        self._lookup_layer.update_state(self._preprocess(data))

    def finalize_state(self):
        self._lookup_layer.finalize_state()

    def reset_state(self):
        self._lookup_layer.reset_state()

    def get_vocabulary(self, include_special_tokens=True):
        """The vocabulary: `['', '[UNK]', most frequent token, ...]` in `"int"` mode."""
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self):
        """The vocabulary's size, padding and OOV tokens included."""
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (and, in `"tf_idf"` mode, the IDF weights) directly."""
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # --- the pipeline -----------------------------------------------------------------------------
    def _texts(self, data):
        """`data` as a NumPy object array of bytes (str items, e.g. fed by a compiled `fit`, are encoded)."""
        if isinstance(data, Tensor):
            if data.dtype is not dtypes.string:
                raise ValueError(f"TextVectorization '{self.name}' expects string inputs, received a "
                                 f"{data.dtype.name} tensor of shape {data.shape}.")
            return data.numpy() if data.ndim else np.asarray(data.numpy(), dtype=object)
        return np.asarray(as_tensor(data, dtypes.string))

    def _preprocess(self, data):
        """Standardized, split and n-grammed text: a string tensor or RaggedTensor."""
        if not isinstance(data, RaggedTensor):
            data = Tensor(np.asarray(self._texts(data), dtype=object), dtypes.string)
        if self._standardize in ("lower", "lower_and_strip_punctuation"):
            data = string_ops.lower(data)
        if self._standardize in ("strip_punctuation", "lower_and_strip_punctuation"):
            data = string_ops.regex_replace(data, _PUNCTUATION, "")
        if callable(self._standardize):
            data = self._standardize(data)
        if self._split is not None:
            if data.ndim > 1:
                if data.shape[-1] != 1:
                    raise ValueError("When using `TextVectorization` to tokenize strings, the input rank must be 1 "
                                     f"or the last shape dimension must be 1. Received: inputs.shape={data.shape} "
                                     f"with rank={data.ndim}")
                data = Tensor(np.asarray(data)[..., 0], dtypes.string)
            if self._split == "whitespace":
                data = string_ops.split(data)
            elif self._split == "character":
                data = string_ops.unicode_split(data, "UTF-8")
            else:
                data = self._split(data)
        if self._ngrams is not None:
            data = string_ops.ngrams(data, ngram_width=self._ngrams, separator=" ")
        return data

    def _vectorize(self, texts):
        """The layer's output (a NumPy array, or a RaggedTensor when `ragged=True`) for string array `texts`."""
        tokens = self._preprocess(texts)
        lookup = self._lookup_layer
        length = self._output_sequence_length
        if self._output_mode != "int":
            if isinstance(tokens, RaggedTensor):
                return lookup.call(tokens).numpy()
            array = np.asarray(tokens)
            return lookup._compute(array.reshape(-1, 1) if array.ndim == 1 else array)
        if isinstance(tokens, RaggedTensor):
            indices = lookup.call(tokens)
            if self._ragged:
                return indices
            width = length if length is not None else max(np.diff(indices.row_splits.numpy()), default=0)
            return indices.to_tensor(default_value=0, shape=[len(indices), width]).numpy()
        indices = lookup._compute(np.asarray(tokens))
        if length is not None and indices.ndim:
            indices = indices[..., :length]
            pad = [(0, 0)] * (indices.ndim - 1) + [(0, length - indices.shape[-1])]
            indices = np.pad(indices, pad)
        return indices

    def call(self, inputs):
        if isinstance(inputs, Tensor) and inputs.dtype is not dtypes.string:
            raise ValueError(f"TextVectorization '{self.name}' expects string inputs, received a "
                             f"{inputs.dtype.name} tensor of shape {inputs.shape}. Pass raw text, e.g. "
                             "layer(['the cat sat'])")
        if self.vocabulary_size() <= self._lookup_layer._token_start_index() and \
                not self._lookup_layer._has_input_vocabulary:
            raise ValueError(
                f"TextVectorization '{self.name}' was called on inputs of shape {tuple(inputs.shape)} before it "
                "has a vocabulary. Call `layer.adapt(texts)` on sample text first, or pass "
                "`vocabulary=[...]` when creating the layer.")
        self._lookup_layer._called = True
        if self._ragged:
            return self._vectorize(np.asarray(inputs))
        return self._run(self._vectorize, inputs)

    def _output_dtype(self):
        return "float32" if self._output_mode == "tf_idf" else "int64"

    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        if self._split is None:
            input_shape = tuple(input_shape) + (1,) if len(input_shape) <= 1 else tuple(input_shape)
        else:
            input_shape = tuple(input_shape) + (None,)
        return self._lookup_layer.compute_output_shape(input_shape)

    # --- saving -----------------------------------------------------------------------------------
    def get_config(self):
        lookup = self._lookup_layer
        return {**super().get_config(), "max_tokens": lookup.max_tokens,
                "standardize": _serialize_callable(self._standardize), "split": _serialize_callable(self._split),
                "ngrams": self._ngrams_arg, "output_mode": self._output_mode,
                "output_sequence_length": self._output_sequence_length, "pad_to_max_tokens": lookup.pad_to_max_tokens,
                "sparse": lookup.sparse, "ragged": self._ragged, "vocabulary": listify(lookup.input_vocabulary),
                "idf_weights": listify(lookup.input_idf_weights), "encoding": self._encoding,
                "vocabulary_size": self.vocabulary_size()}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        for key in ("standardize", "split"):
            config[key] = _deserialize_callable(config[key])
        if isinstance(config.get("ngrams"), list):
            config["ngrams"] = tuple(config["ngrams"])
        return cls(**config)

    def save_own_variables(self, store):
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store):
        self._lookup_layer.load_own_variables(store)

    def save_assets(self, dir_path):
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path):
        self._lookup_layer.load_assets(dir_path)
