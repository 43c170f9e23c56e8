"""`IndexLookup`: the vocabulary-to-index machinery behind `StringLookup`, `IntegerLookup` and
`TextVectorization`, with Keras 3's exact vocabulary order, special tokens and TF-IDF weights.

Indices: `[mask] + [OOV] * num_oov_indices + vocabulary` (the mask index exists in `"int"`
mode only). `adapt` orders tokens by count, most frequent first, ties by the token itself,
highest first. TF-IDF weights are `log(1 + documents / (1 + documents containing the token))`;
OOV indices get the mean weight. Out-of-vocabulary inputs with several OOV indices go to
`token % num_oov_indices` (integers) or the FarmHash (SipHash with `salt`) bucket of the token.
"""
import collections
import itertools
import os

import numpy as np

from ....framework import errors
from ....framework.ragged_tensor import RaggedTensor
from ....framework.tensor import Tensor
from ....io.atomic import atomic_write
from ....ops.string_hash import fingerprint64, siphash
from ...utils.numerical_utils import encode_categorical_inputs
from .data_layer import DataLayer, iterate_batches
from .hashing import salt_pair

__all__ = ["IndexLookup"]

_OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")
_INT64_MAX = np.iinfo(np.int64).max


def listify(value):
    """Tensors and arrays as plain lists (strings as str) for configs."""
    if isinstance(value, Tensor):
        value = value.numpy()
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [v.decode("utf-8") if isinstance(v, bytes) else v for v in value]
    return value


class _Vocabulary:
    """Tokens in index order and the maps both ways (a plain object, so Layer's attribute tracking
    does not walk its thousands of entries)."""

    __slots__ = ("tokens", "table", "inverse")

    def __init__(self, tokens=(), start=0):
        self.tokens = list(tokens)
        self.table = {token: start + i for i, token in enumerate(self.tokens)}
        self.inverse = dict(enumerate(self.tokens, start))


class _Counts:
    """What `adapt` has seen so far: token counts, and per-document counts for TF-IDF."""

    __slots__ = ("tokens", "documents", "num_documents")

    def __init__(self):
        self.tokens, self.documents, self.num_documents = collections.Counter(), collections.Counter(), 0


class IndexLookup(DataLayer):
    """Maps tokens to indices (or indices back to tokens with `invert=True`) through a vocabulary.

    Use its subclasses `StringLookup` and `IntegerLookup`; the arguments are theirs.
    """

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype, vocabulary=None,
                 idf_weights=None, invert=False, output_mode="int", sparse=False, pad_to_max_tokens=False,
                 oov_method="floormod", salt=None, name=None, **kwargs):
        name_ = type(self).__name__
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(f"If `max_tokens` is set for `{name_}`, it must be greater than 1. "
                             f"Received: max_tokens={max_tokens}")
        if num_oov_indices < 0:
            raise ValueError(f"`num_oov_indices` must be greater than or equal to 0. "
                             f"Received: num_oov_indices={num_oov_indices}")
        if oov_method not in ("floormod", "farmhash"):
            raise ValueError(f"Invalid value for argument `oov_method` of {name_}: {oov_method!r}. "
                             "Expected 'floormod' or 'farmhash'.")
        if salt is not None and vocabulary_dtype != "string" and oov_method != "farmhash":
            raise ValueError(f"`salt` can only be used when `oov_method='farmhash'`. Received: oov_method={oov_method}")
        salt = salt_pair(salt, name_)
        if output_mode == "tf-idf":
            output_mode = "tf_idf"
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in _OUTPUT_MODES:
            raise ValueError(f"Invalid value for argument `output_mode` of {name_}: {output_mode!r}. "
                             f"Expected one of {_OUTPUT_MODES}.")
        if invert and output_mode != "int":
            raise ValueError("`output_mode` must be `'int'` when `invert` is true. "
                             f"Received: output_mode={output_mode}")
        if sparse:
            raise ValueError(f"{name_}: `sparse=True` is not supported by neuroflow (no sparse outputs); "
                             "use sparse=False for dense outputs.")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(f"If pad_to_max_tokens is True, must set `max_tokens`. Received: max_tokens={max_tokens}")
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(f"`idf_weights` should only be set if `output_mode` is `'tf_idf'`. "
                             f"Received: idf_weights={idf_weights} and output_mode={output_mode}")
        frozen = kwargs.pop("vocabulary_size", None)
        has_input_vocabulary = kwargs.pop("has_input_vocabulary", vocabulary is not None)
        kwargs.pop("dtype", None)
        super().__init__(name=name, **kwargs)
        self.invert, self.max_tokens, self.num_oov_indices = invert, max_tokens, num_oov_indices
        self.mask_token, self.oov_token, self.output_mode = mask_token, oov_token, output_mode
        self.sparse, self.pad_to_max_tokens, self.vocabulary_dtype = sparse, pad_to_max_tokens, vocabulary_dtype
        self.oov_method, self.salt = oov_method, salt
        self._frozen_vocab_size = frozen
        self.input_vocabulary = vocabulary if not isinstance(vocabulary, str) else None
        self.input_idf_weights = idf_weights
        self._has_input_vocabulary = has_input_vocabulary
        self._vocab, self.idf_weights, self._called = _Vocabulary(), None, False
        if output_mode == "tf_idf" and has_input_vocabulary and idf_weights is None and vocabulary is not None:
            raise ValueError("When specifying the `vocabulary` argument, in TF-IDF output mode, the "
                             "`idf_weights` argument must also be provided.")
        self.reset_state()
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    # --- tokens -----------------------------------------------------------------------------------
    def _key(self, token):
        """A token as the table stores it: bytes for strings, int for integers."""
        if self.vocabulary_dtype == "string":
            if isinstance(token, str):
                return token.encode("utf-8")
            if not isinstance(token, (bytes, np.bytes_)):
                raise ValueError(f"{type(self).__name__} '{self.name}' expects string tokens, received "
                                 f"{token!r} of type {type(token).__name__}.")
            return bytes(token)
        return int(token)

    def _keys(self, data):
        """`data` (tensor, array, list) as a NumPy array of table keys."""
        array = data.numpy() if isinstance(data, Tensor) else np.asarray(data)
        if self.vocabulary_dtype == "string":
            if array.dtype.kind not in "OSU":
                raise ValueError(f"{type(self).__name__} '{self.name}' expects string inputs, received an array "
                                 f"of dtype {array.dtype}. Use IntegerLookup for integer tokens.")
            flat = array.reshape(-1).tolist()
            if all(map(isinstance, flat, itertools.repeat(bytes))):
                return array if array.dtype == object else np.array(flat, dtype=object).reshape(array.shape)
            out = np.empty(array.shape, dtype=object)
            out.reshape(-1)[:] = [self._key(v) for v in flat]
            return out
        if array.dtype.kind not in "iu":
            raise ValueError(f"{type(self).__name__} '{self.name}' expects integer inputs, received an array of "
                             f"dtype {array.dtype}.")
        return array.astype(np.int64)

    def _plain(self, key):
        return key.decode("utf-8", "replace") if isinstance(key, bytes) else key

    def _oov_start_index(self):
        return 1 if self.mask_token is not None and self.output_mode == "int" else 0

    def _token_start_index(self):
        return self._oov_start_index() + self.num_oov_indices

    def vocabulary_size(self):
        """The number of indices, including the mask and OOV indices."""
        return self._token_start_index() + len(self._vocab.tokens)

    def get_vocabulary(self, include_special_tokens=True):
        """The vocabulary, index by index (with the mask and OOV tokens unless `include_special_tokens=False`)."""
        special = [self.mask_token] * self._oov_start_index() + [self.oov_token] * self.num_oov_indices
        tokens = [self._plain(t) for t in self._vocab.tokens]
        return special + tokens if include_special_tokens else tokens

    def _set_tokens(self, tokens):
        self._vocab = _Vocabulary(tokens, self._token_start_index())
        self._record_vocabulary_size()

    def _record_vocabulary_size(self):
        if self.output_mode != "int" and not self.pad_to_max_tokens and self._frozen_vocab_size is not None \
                and self._frozen_vocab_size != self.vocabulary_size() and self._called:
            raise RuntimeError(
                f"When using `output_mode={self.output_mode}` and `pad_to_max_tokens=False`, the vocabulary "
                f"size cannot be changed after the layer is called. Old vocab size is {self._frozen_vocab_size}, "
                f"new vocab size is {self.vocabulary_size()}")
        self._frozen_vocab_size = self.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None):
        """Sets the vocabulary (a list, array, tensor, or the path of a file with one token per line)
        and, in `"tf_idf"` mode, the matching `idf_weights`."""
        if self.output_mode == "tf_idf" and idf_weights is None:
            raise ValueError("`idf_weights` must be set if output_mode is 'tf_idf'.")
        if self.output_mode != "tf_idf" and idf_weights is not None:
            raise ValueError(f"`idf_weights` should only be set if output_mode is `'tf_idf'`. Received: "
                             f"output_mode={self.output_mode} and idf_weights={idf_weights}")
        if isinstance(vocabulary, str):
            vocabulary = _read_vocabulary_file(vocabulary, self.vocabulary_dtype)
        if isinstance(vocabulary, Tensor):
            vocabulary = vocabulary.numpy()
        tokens = [self._key(t) for t in np.asarray(vocabulary, dtype=object).reshape(-1).tolist()] \
            if not isinstance(vocabulary, (list, tuple)) else [self._key(t) for t in vocabulary]
        if not tokens:
            raise ValueError(f"Cannot set an empty vocabulary. Received: vocabulary={vocabulary}")
        start = self._token_start_index()
        special = [self._special_key(self.mask_token)] * self._oov_start_index() + \
            [self._special_key(self.oov_token)] * self.num_oov_indices
        found_special = tokens[:start] == special
        if found_special:
            tokens = tokens[start:]
        repeated = [t for t, c in collections.Counter(tokens).items() if c > 1]
        if repeated:
            raise ValueError("The passed vocabulary has at least one repeated term. Please uniquify your dataset. "
                             f"The repeated terms are: {[self._plain(t) for t in repeated]}")
        plain_special = [self.mask_token] * self._oov_start_index() + [self.oov_token] * self.num_oov_indices
        if self.mask_token is not None and self._special_key(self.mask_token) in tokens:
            raise ValueError(
                "Found reserved mask token at unexpected location in `vocabulary`. Note that passed `vocabulary` "
                "does not need to include the OOV and mask tokens. Either remove all mask and OOV tokens, or "
                f"include them only at the start of the vocabulary in precisely this order: {plain_special}. "
                f"Received: mask_token={self.mask_token}")
        if self.oov_token is not None and self.invert and self._special_key(self.oov_token) in tokens:
            raise ValueError(
                "Found reserved OOV token at unexpected location in `vocabulary`. Either remove all mask and OOV "
                f"tokens, or include them only at the start of the vocabulary in precisely this order: "
                f"{plain_special}. Received: oov_token={self.oov_token}")
        if self.max_tokens is not None and start + len(tokens) > self.max_tokens:
            raise ValueError(f"Attempted to set a vocabulary larger than the maximum vocab size. Received "
                             f"vocabulary size is {start + len(tokens)}; `max_tokens` is {self.max_tokens}.")
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            weights = np.asarray(idf_weights.numpy() if isinstance(idf_weights, Tensor) else idf_weights,
                                 dtype=np.float64)
            if weights.ndim != 1:
                raise ValueError(f"TF-IDF data must be a 1-index array. Received: idf_weights of shape {weights.shape}")
            if len(weights) != len(vocabulary):
                raise ValueError(f"`idf_weights` must be the same length as vocabulary. len(idf_weights) is "
                                 f"{len(weights)}; len(vocabulary) is {len(vocabulary)}")
            front = 0 if found_special else start
            self._set_idf(weights, front, np.average(weights) if front else 0.0)

    def _special_key(self, token):
        return None if token is None else self._key(token)

    def _set_idf(self, weights, front, front_value):
        back = self.max_tokens - front - len(weights) if self.pad_to_max_tokens and self.max_tokens else 0
        self.idf_weights = np.pad(weights, (front, back), constant_values=(front_value, 0)).astype(np.float32)

    # --- adapt ------------------------------------------------------------------------------------
    def reset_state(self):
        """Forgets the counts gathered by `update_state`."""
        self._seen = _Counts()

    def adapt(self, data, steps=None):
        """Learns the vocabulary (and TF-IDF weights) from `data`: an array, a list, a tensor, or an
        iterable of batches (a generator, a `tf.data.Dataset`). With `max_tokens`, only the most
        frequent tokens are kept."""
        self.reset_state()
        if isinstance(data, (np.ndarray, Tensor, list, tuple)):
            array = self._keys(data)
            self.update_state(array[:, None] if array.ndim == 1 else array)
        else:
            for batch in iterate_batches(data, steps):
                self.update_state(batch)
        self.finalize_state()

    def _rows(self, data):
        """The documents of a batch: a list of 1-D key arrays."""
        if isinstance(data, RaggedTensor):
            while isinstance(data.values, RaggedTensor):  # deeper ragged batches: innermost rows are documents
                data = data.values
            splits = data.row_splits.numpy()
            return np.split(self._keys(data.values), splits[1:-1]) if len(splits) > 1 else []
        keys = data if isinstance(data, np.ndarray) and data.dtype in (object, np.int64) else self._keys(data)
        if keys.ndim <= 1:
            return [keys.reshape(-1)]
        return list(keys.reshape(-1, keys.shape[-1]))

    def _flat_keys(self, data):
        """All tokens of a batch, as a list of keys."""
        if isinstance(data, RaggedTensor):
            data = data.flat_values
        keys = data if isinstance(data, np.ndarray) and data.dtype in (object, np.int64) else self._keys(data)
        return keys.reshape(-1).tolist()

    def update_state(self, data):
        """Counts the tokens of one batch (each row one document)."""
        if self._has_input_vocabulary:
            raise ValueError(f"Cannot adapt layer '{self.name}' after setting a static vocabulary via "
                             "`vocabulary` argument or `set_vocabulary()` method.")
        seen = self._seen
        if self.output_mode != "tf_idf":
            seen.tokens.update(self._flat_keys(data))
            return
        for row in self._rows(data):
            row = row.tolist()
            seen.tokens.update(row)
            seen.documents.update(set(row))
            seen.num_documents += 1

    def finalize_state(self):
        """Turns the counts into the vocabulary (and IDF weights)."""
        seen = self._seen
        if self._has_input_vocabulary or not seen.tokens:
            self._record_vocabulary_size()
            return
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                seen.tokens.pop(self._key(special), None)
        ranked = sorted(seen.tokens.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
        if self.max_tokens:
            ranked = ranked[:self.max_tokens - self._token_start_index()]
        tokens = [token for token, _ in ranked]
        self._set_tokens(tokens)
        if self.output_mode == "tf_idf":
            df = np.array([seen.documents[t] for t in tokens], dtype=np.float64)
            idf = np.log(1 + seen.num_documents / (1 + df)).astype(np.float32)
            self._set_idf(idf, self._token_start_index(), np.mean(idf, dtype=np.float32))
        self.reset_state()

    # --- call -------------------------------------------------------------------------------------
    def _oov_buckets(self, keys):
        n = self.num_oov_indices
        if self.vocabulary_dtype != "string" and self.oov_method != "farmhash":
            return np.mod(keys, n)
        texts = [k if isinstance(k, bytes) else str(k).encode() for k in keys.tolist()]
        if self.salt is not None:
            return np.array([siphash(self.salt[0], self.salt[1], t) % n for t in texts], dtype=np.int64)
        return np.array([fingerprint64(t) % n for t in texts], dtype=np.int64)

    def _lookup(self, keys):
        """Indices (int64) of a key array, with mask and OOV handling; tokens with `invert=True`."""
        flat = keys.reshape(-1)
        if self.invert:
            indices = flat.astype(np.int64)
            default = self._special_key(self.oov_token)
            out = np.empty(flat.shape, dtype=object if self.vocabulary_dtype == "string" else np.int64)
            out[:] = [self._vocab.inverse.get(i, default) for i in indices.tolist()]
            if self.mask_token is not None:
                out[indices == 0] = self._special_key(self.mask_token)
            return out.reshape(keys.shape)
        table = self._vocab.table
        out = np.fromiter(map(table.get, flat.tolist(), itertools.repeat(-1)), dtype=np.int64, count=flat.size)
        masked = None
        if self.mask_token is not None:
            masked = flat == self._key(self.mask_token)
        oov = out == -1 if masked is None else (out == -1) & ~masked
        if oov.any():
            if self.num_oov_indices == 0:
                found = [self._plain(k) for k in flat[oov].tolist()]
                raise errors.InvalidArgumentError(
                    None, type(self).__name__,
                    f"{type(self).__name__} '{self.name}': when `num_oov_indices=0` all inputs should be in "
                    f"vocabulary, found OOV values {found}, consider setting `num_oov_indices=1`.")
            if self.num_oov_indices == 1:
                out[oov] = self._oov_start_index()
            else:
                out[oov] = self._oov_buckets(flat[oov]) + self._oov_start_index()
        if masked is not None:
            out[masked] = 0 if self.output_mode == "int" else _INT64_MAX
        return out.reshape(keys.shape)

    def _depth(self):
        return self.max_tokens if self.pad_to_max_tokens else self._frozen_vocab_size

    def _ensure_vocabulary(self):
        if not self._vocab.tokens and not self._has_input_vocabulary:
            raise ValueError(
                f"{type(self).__name__} '{self.name}' has no vocabulary: call `adapt(data)` on sample data, "
                "or pass `vocabulary=[...]` (or call `set_vocabulary`), before calling the layer.")
        self._called = True

    def _encode(self, indices):
        """Indices of one dense batch encoded by `output_mode` (int64, or float32 for tf_idf)."""
        if self.output_mode == "int":
            return indices
        mode = "count" if self.output_mode == "tf_idf" else self.output_mode
        out = encode_categorical_inputs(indices, mode, self._depth(), dtype=np.int64, layer=type(self).__name__)
        if self.output_mode == "tf_idf":
            out = out.astype(np.float32) * self.idf_weights
        return out

    def _encode_rows(self, rows):
        """Ragged rows (a list of index arrays) encoded to one row each (multi_hot, count, tf_idf)."""
        depth = self._depth()
        out = np.zeros((len(rows), depth), dtype=np.int64)
        for i, row in enumerate(rows):
            row = row[(row >= 0) & (row < depth)]
            if self.output_mode == "multi_hot":
                out[i, row] = 1
            else:
                np.add.at(out[i], row, 1)
        if self.output_mode == "tf_idf":
            return out.astype(np.float32) * self.idf_weights
        if self.output_mode == "one_hot":
            raise ValueError(f"{type(self).__name__}: output_mode='one_hot' needs dense inputs, not ragged rows.")
        return out

    def _compute(self, array):
        keys = np.asarray(array).astype(np.int64) if self.invert else self._keys(array)
        squeeze = keys.ndim == 0
        indices = self._lookup(keys.reshape(1) if squeeze else keys)
        if self.output_mode == "int":
            return indices[0] if squeeze else indices
        return self._encode(indices)

    def call(self, inputs):
        self._ensure_vocabulary()
        if isinstance(inputs, RaggedTensor):
            if self.output_mode == "int":
                return inputs.with_flat_values(self._compute(inputs.flat_values.numpy()))
            return Tensor(self._encode_rows([self._lookup(row) for row in self._rows(inputs)]))
        return self._run(self._compute, inputs)

    def _output_dtype(self):
        if self.invert:
            return self.vocabulary_dtype
        return "int64" if self.output_mode != "tf_idf" else "float32"

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.output_mode == "int":
            return input_shape
        depth = self._depth()
        if self.output_mode == "one_hot":
            if len(input_shape) > 1 and input_shape[-1] == 1:
                return input_shape[:-1] + (depth,)
            return input_shape + (depth,)
        return input_shape[:-1] + (depth,)

    # --- saving -----------------------------------------------------------------------------------
    def get_config(self):
        return {**super().get_config(), "invert": self.invert, "max_tokens": self.max_tokens,
                "num_oov_indices": self.num_oov_indices, "oov_token": self.oov_token,
                "mask_token": self.mask_token, "output_mode": self.output_mode, "sparse": self.sparse,
                "pad_to_max_tokens": self.pad_to_max_tokens, "vocabulary_dtype": self.vocabulary_dtype,
                "idf_weights": listify(self.input_idf_weights), "vocabulary": listify(self.input_vocabulary),
                "vocabulary_size": self._frozen_vocab_size, "oov_method": self.oov_method, "salt": self.salt}

    def save_own_variables(self, store):
        """Keras' saving hook: the IDF weights (tf_idf mode)."""
        if self.output_mode == "tf_idf":
            store["idf_weights"] = self.idf_weights

    def load_own_variables(self, store):
        if self.output_mode == "tf_idf":
            self.idf_weights = np.asarray(store["idf_weights"], dtype=np.float32)

    def save_assets(self, dir_path):
        """Keras' saving hook: an adapted vocabulary goes to `vocabulary.txt` (one token per line)."""
        if self.input_vocabulary is not None:
            return
        with atomic_write(os.path.join(dir_path, "vocabulary.txt"), "w") as f:
            f.write("\n".join(str(w) for w in self.get_vocabulary(include_special_tokens=True)))

    def load_assets(self, dir_path):
        if self.input_vocabulary is not None:
            return
        tokens = _read_vocabulary_file(os.path.join(dir_path, "vocabulary.txt"), self.vocabulary_dtype)
        self._has_input_vocabulary = False
        start = self._token_start_index()
        self._set_tokens([self._key(t) for t in tokens[start:]])


def _read_vocabulary_file(path, vocabulary_dtype):
    if not os.path.exists(path):
        raise ValueError(f"Vocabulary file {path} does not exist.")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    while lines and lines[-1] == "":
        lines.pop()
    return lines if vocabulary_dtype == "string" else [int(line) for line in lines]
