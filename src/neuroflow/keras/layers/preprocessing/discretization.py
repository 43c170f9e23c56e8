"""`Discretization`: buckets continuous values by boundaries, given or learned as quantiles by `adapt`.

`adapt` summarizes the data as Keras 3 does (a weighted summary of sorted values, merged batch
by batch and compressed to `1/epsilon` points), so learned boundaries equal Keras'.

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0])
>>> layer(np.array([[-1.5, 1.0, 3.4, 0.5]])).numpy()
array([[0, 2, 3, 1]], dtype=int32)
>>> layer = keras.layers.Discretization(num_bins=4, epsilon=0.01)
>>> layer.adapt(np.arange(8.0))
>>> layer.bin_boundaries
[1.0, 3.0, 5.0]
"""
import numpy as np

from ...utils.numerical_utils import encode_categorical_inputs
from .data_layer import DataLayer, iterate_batches

__all__ = ["Discretization"]


def summarize(values, epsilon):
    """A weighted summary `[[values], [weights]]` of a batch: every `step`-th sorted value, weight `step`."""
    values = np.sort(np.reshape(values, [-1]))
    step = max(values.size * epsilon, 1)
    points = values[int(step - 1)::int(step)]
    return np.stack([points, np.full(points.shape, step, dtype=points.dtype)])


def compress_summary(summary, epsilon):
    """The summary re-sampled at cumulative-weight fractions `epsilon, 2 epsilon, ..., 1`."""
    if summary.shape[1] * epsilon < 1:
        return summary
    fractions = epsilon + np.arange(0.0, 1.0, epsilon)
    cumulative = summary[1].cumsum()
    at = cumulative / cumulative[-1]
    values = np.interp(fractions, at, summary[0])
    weights = np.diff(np.interp(fractions, at, cumulative), prepend=0.0)
    return np.stack((values, weights)).astype("float32")


def merge_summaries(first, second, epsilon):
    merged = np.concatenate((first, second), axis=1)
    return compress_summary(merged[:, np.argsort(merged[0])], epsilon)


class Discretization(DataLayer):
    """Maps each value to the index of its bucket: `i` where `boundaries[i-1] <= x < boundaries[i]`.

    Args:
        bin_boundaries: sorted boundaries (n boundaries make n + 1 bins).
        num_bins: learn `num_bins - 1` quantile boundaries with `adapt` instead.
        epsilon: the quantile approximation's error tolerance (default 0.01).
        output_mode: `"int"` (default; int32 bin indices), `"one_hot"`, `"multi_hot"` or `"count"`.
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int", sparse=False,
                 dtype=None, name=None):
        super().__init__(name=name, dtype=dtype)
        if sparse:
            raise ValueError("Discretization: `sparse=True` is not supported by neuroflow; use sparse=False.")
        if output_mode not in ("int", "one_hot", "multi_hot", "count"):
            raise ValueError("Invalid value for argument `output_mode`. Expected one of ('int', 'one_hot', "
                             f"'multi_hot', 'count'). Received: output_mode={output_mode}")
        if num_bins is not None and num_bins < 0:
            raise ValueError(f"`num_bins` must be greater than or equal to 0. Received: `num_bins={num_bins}`")
        if num_bins is not None and bin_boundaries is not None:
            raise ValueError("Both `num_bins` and `bin_boundaries` should not be set. Received: "
                             f"`num_bins={num_bins}` and `bin_boundaries={bin_boundaries}`")
        if num_bins is None and bin_boundaries is None:
            raise ValueError("You need to set either `num_bins` or `bin_boundaries`.")
        self.bin_boundaries = list(bin_boundaries) if bin_boundaries is not None else None
        self.num_bins, self.epsilon, self.output_mode, self.sparse = num_bins, epsilon, output_mode, sparse
        self.summary = None if self.bin_boundaries else np.array([[], []], dtype="float32")

    def _output_dtype(self):
        return "int32" if self.output_mode == "int" else self.dtype

    def adapt(self, data, steps=None):
        """Learns `num_bins - 1` boundaries at the data's quantiles (an array, or an iterable of batches)."""
        if self.num_bins is None:
            raise ValueError("Cannot adapt a Discretization layer that has been initialized with "
                             "`bin_boundaries`, use `num_bins` instead.")
        self.reset_state()
        for batch in iterate_batches(data, steps):
            self.update_state(batch)
        self.finalize_state()

    def update_state(self, data):
        self.summary = merge_summaries(summarize(np.asarray(data, dtype="float32"), self.epsilon), self.summary,
                                       self.epsilon)

    def finalize_state(self):
        if self.num_bins is not None:
            self.bin_boundaries = compress_summary(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def reset_state(self):
        if self.num_bins is not None:
            self.summary = np.array([[], []], dtype="float32")

    def _compute(self, array):
        indices = np.digitize(array, self.bin_boundaries).astype(np.int32)
        return encode_categorical_inputs(indices, self.output_mode, len(self.bin_boundaries) + 1,
                                         dtype=self._output_dtype(), layer="Discretization")

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError(f"Discretization '{self.name}' has no bin boundaries: pass `bin_boundaries` when "
                             "creating it, or call `adapt(data)` before using the layer.")
        return self._run(self._compute, inputs)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        depth = len(self.bin_boundaries) + 1 if self.bin_boundaries is not None else self.num_bins
        if self.output_mode == "one_hot":
            if input_shape and input_shape[-1] == 1 and len(input_shape) > 1:
                return tuple(input_shape[:-1]) + (depth,)
            return tuple(input_shape) + (depth,)
        return tuple(input_shape[:-1]) + (depth,)

    def get_config(self):
        return {"bin_boundaries": self.bin_boundaries, "num_bins": self.num_bins, "epsilon": self.epsilon,
                "output_mode": self.output_mode, "sparse": self.sparse, "name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            boundaries = config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = boundaries
            return layer
        return cls(**config)
