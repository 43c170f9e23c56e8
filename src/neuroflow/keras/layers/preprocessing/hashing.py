"""`Hashing`: strings or integers to one of `num_bins` buckets, with TensorFlow's exact hashes.

FarmHash Fingerprint64 by default, SipHash-2-4 keyed by `salt`; numbers are hashed as their
decimal text (floats first cast to int64), as Keras does, so buckets match Keras on TensorFlow.

>>> from neuroflow import keras
>>> keras.layers.Hashing(num_bins=3)([["A"], ["B"], ["C"], ["D"], ["E"]]).numpy()
array([[1],
       [0],
       [1],
       [1],
       [2]])
"""
import numpy as np

from ....framework.ragged_tensor import RaggedTensor
from ....framework.tensor import Tensor
from ....ops.string_hash import fingerprint64, siphash
from ...utils.numerical_utils import encode_categorical_inputs
from .data_layer import DataLayer

__all__ = ["Hashing", "salt_pair"]


def salt_pair(salt, owner):
    """A SipHash key as Keras stores it: `[k0, k1]` from one int or a pair (None stays None)."""
    if salt is None or isinstance(salt, (tuple, list)) and len(salt) == 2:
        return None if salt is None else list(salt)
    if isinstance(salt, int):
        return [salt, salt]
    raise ValueError(f"The `salt` argument for `{owner}` can only be a tuple of size 2 integers, or a single "
                     f"integer. Received: salt={salt}.")


def _text(value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return str(int(value)).encode()


class Hashing(DataLayer):
    """Hashes each input to a bin in `[0, num_bins)`.

    Args:
        num_bins: the number of bins, the mask bin included.
        mask_value: inputs equal to it go to bin 0 and the others hash into bins 1..num_bins-1.
        salt: an int or two ints: use SipHash keyed by it instead of FarmHash.
        output_mode: `"int"` (default), `"one_hot"`, `"multi_hot"` or `"count"`.
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False, **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else "float32"
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError(f"The `num_bins` for `Hashing` cannot be `None` or non-positive values. "
                             f"Received: num_bins={num_bins}.")
        if output_mode == "int" and self.dtype not in ("int32", "int64"):
            raise ValueError(f"When `output_mode=\"int\"`, `dtype` should be an integer type, 'int32' or 'int64'. "
                             f"Received: dtype={self.dtype}")
        if output_mode not in ("int", "one_hot", "multi_hot", "count"):
            raise ValueError("Invalid value for argument `output_mode`. Expected one of ('int', 'one_hot', "
                             f"'multi_hot', 'count'). Received: output_mode={output_mode}")
        if sparse:
            raise ValueError("Hashing: `sparse=True` is not supported by neuroflow; use sparse=False.")
        salt = salt_pair(salt, "Hashing")
        self.num_bins, self.mask_value, self.salt = num_bins, mask_value, salt
        self.output_mode, self.sparse, self.strong_hash = output_mode, sparse, salt is not None

    def _bins(self, array):
        flat = np.asarray(array).reshape(-1)
        if flat.dtype.kind == "f":
            flat = flat.astype(np.int64)
        bins = self.num_bins
        masked = None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            mask = self.mask_value.encode("utf-8") if isinstance(self.mask_value, str) else self.mask_value
            masked = np.array([v == mask for v in flat.tolist()], dtype=bool)
        texts = [_text(v) for v in flat.tolist()]
        if self.strong_hash:
            hashed = [siphash(self.salt[0], self.salt[1], t) % bins for t in texts]
        else:
            hashed = [fingerprint64(t) % bins for t in texts]
        out = np.array(hashed, dtype=np.int64).reshape(np.shape(array))
        if masked is not None:
            out = np.where(masked.reshape(out.shape), 0, out + 1)
        return out

    def _compute(self, array):
        return encode_categorical_inputs(self._bins(array), self.output_mode, self.num_bins, dtype=self.dtype,
                                         layer="Hashing")

    def call(self, inputs):
        if isinstance(inputs, RaggedTensor):
            if self.output_mode != "int":
                raise ValueError(f"Hashing '{self.name}': ragged inputs need output_mode='int'; got "
                                 f"{self.output_mode!r}. Pad them with .to_tensor() first.")
            return inputs.with_flat_values(Tensor(self._bins(inputs.flat_values.numpy()).astype(self.dtype)))
        return self._run(self._compute, inputs)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        if len(input_shape) == 0:
            return (self.num_bins,)
        return tuple(input_shape[:-1]) + (self.num_bins,)

    def get_config(self):
        return {**super().get_config(), "num_bins": self.num_bins, "salt": self.salt,
                "mask_value": self.mask_value, "output_mode": self.output_mode, "sparse": self.sparse}
