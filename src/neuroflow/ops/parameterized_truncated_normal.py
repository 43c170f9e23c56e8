"""`tf.random.stateless_parameterized_truncated_normal`: normals with their own mean, stddev and
bounds per batch member, determined by a seed: TensorFlow's values.

TensorFlow's `StatelessParameterizedTruncatedNormal` kernel, run in one shard: the parameters
broadcast to a batch shape that must end the output shape; batch member `b` (in row-major order)
takes its samples from the Philox stream where member `b - 1` stopped, with one of three rejection
samplers picked from its normalized bounds `[lo, hi] = ([minval, maxval] - mean) / stddev`:

- normal proposals, kept when inside the bounds: when the bounds hold the mean and reach 1.3
  standard deviations on one side;
- uniform proposals `z` on `[lo, hi]`, kept when a second uniform `u <= exp((lo² or 0 - z²) / 2)`:
  when the interval is narrow;
- exponential proposals past `lo` (rate `(lo + sqrt(lo² + 4)) / 2`), for one-sided tails.

TensorFlow's multi-threaded kernel starts each of its shards at a different counter, so for
outputs beyond about 75 values its numbers depend on its thread count; these are the numbers it
gives on one intra-op thread (`tf.config.threading.set_intra_op_parallelism_threads(1)`) and for
all smaller outputs.

>>> import neuroflow as tf
>>> tf.random.stateless_parameterized_truncated_normal([4], seed=[1, 2], minvals=0.5, maxvals=0.7).numpy()
array([0.6688121 , 0.53840905, 0.6992446 , 0.5320775 ], dtype=float32)
"""
import numpy as np

from ..framework import dtypes, errors
from . import philox
from .array_ops import _shape_list
from .random_ops import _seed_tensor
from .registry import as_tensor, op

__all__ = ["stateless_parameterized_truncated_normal"]

_MAX_ITERATIONS = 1000   # TensorFlow's kMaxIterations: rejections in a row before it gives up
_RANDN_INSIDE = 1.3      # kStdDevsInsideBoundsToUseRandnSampler
_OP = "StatelessParameterizedTruncatedNormal"


def _rounded(fn, x, dtype):
    """`fn` (exp, log) in `dtype` as C's libm rounds it: evaluated in float64, rounded once."""
    return fn(np.asarray(x, np.float64)).astype(dtype)


class _Sampler:
    """One batch member's rejection sampler: proposals from a run of blocks, and which are kept."""

    def __init__(self, dtype, mean, stddev, minval, maxval):
        t = dtype.type
        self.dtype, self.mean, self.stddev = dtype, t(mean), t(stddev)
        minval, maxval = t(minval), t(maxval)
        if not (self.stddev > 0 and minval < maxval and (np.isfinite(minval) or np.isfinite(maxval))):
            raise errors.InvalidArgumentError(
                None, _OP, f"{_OP}: Invalid parameters: need stddev > 0, minval < maxval and a finite bound; "
                f"got mean={mean}, stddev={stddev}, minval={minval}, maxval={maxval}. [Op:{_OP}]")
        if (np.isinf(minval) and minval < 0) or maxval < self.mean:  # make the one-sided bound the lower one
            minval, maxval, self.stddev = maxval, minval, -self.stddev
        lo, hi = (minval - self.mean) / self.stddev, (maxval - self.mean) / self.stddev
        self.lo, self.hi = lo, hi
        root = np.sqrt(lo * lo + t(4))
        cutoff = t(2) * _rounded(np.exp, t(0.5) + lo * (lo - root) / t(4), dtype) / (lo + root)
        if (lo < -t(_RANDN_INSIDE) and hi >= 0) or (hi > t(_RANDN_INSIDE) and lo <= 0):
            self.kind, self.blocks_per_draw = "normal", 1
        elif hi - lo < cutoff:
            self.kind, self.blocks_per_draw = "uniform", 2
            self.diff, self.plus = hi - lo, t(0) if lo < 0 else lo * lo
        else:
            self.kind, self.blocks_per_draw = "exponential", 1
            self.alpha = (lo + root) / t(2)
        self.max_rejections = _MAX_ITERATIONS + (self.kind == "normal")

    def proposals(self, key, counter, start, draws):
        """(values, kept, blocks used up to each proposal) for `draws` draws from block `start`."""
        offsets = start + self.blocks_per_draw * np.arange(draws, dtype=np.uint64)
        first = philox.block_values("normal" if self.kind == "normal" else "uniform", self.dtype, key, counter,
                                    offsets)
        t, lo, hi = self.dtype.type, self.lo, self.hi
        if self.kind == "normal":
            values, kept = first, (first >= lo) & (first <= hi)
        elif self.kind == "uniform":
            values = first * self.diff + lo
            bound = _rounded(np.exp, (self.plus - values * values) / t(2), self.dtype)
            kept = philox.block_values("uniform", self.dtype, key, counter, offsets + np.uint64(1)) <= bound
        else:
            with np.errstate(divide="ignore"):
                values = -_rounded(np.log, first[:, 0::2], self.dtype) / self.alpha + lo
            x = self.alpha - values if lo < self.alpha else lo - self.alpha
            kept = (first[:, 1::2] <= _rounded(np.exp, -x * x / t(2), self.dtype)) & (values < hi)
        used = (np.arange(1, draws + 1) * self.blocks_per_draw)[:, None].repeat(values.shape[1], axis=1)
        return values.reshape(-1), kept.reshape(-1), used.reshape(-1)

    def draw(self, n, key, counter, start):
        """`n` accepted samples from block `start` on, and the block after the last one used."""
        out, rejections, rate = [], 0, 0.5  # rate: the share of proposals kept so far
        while n:
            values, kept, used = self.proposals(key, counter, start, max(4, int(1.2 * n / rate / 2)))
            rate = max(kept.mean(), 1 / len(kept), rate / 16)
            taken = np.flatnonzero(kept)[:n]
            stop = taken[-1] + 1 if len(taken) == n else len(kept)
            rejections = _longest_rejection_run(kept[:stop], rejections, self.max_rejections, self.kind)
            out.append(values[taken])
            n -= len(taken)
            start += int(used[stop - 1])
        return np.concatenate(out) * self.stddev + self.mean if out else np.empty(0, self.dtype), start


def _longest_rejection_run(kept, carried, limit, kind):
    """The rejections in a row at the end of `kept` (after `carried` before it); raises TensorFlow's
    error when a run reaches `limit`."""
    runs = np.diff(np.concatenate([[-1 - carried], np.flatnonzero(kept), [len(kept)]])) - 1
    if runs.max() >= limit:
        raise errors.InternalError(
            None, _OP, f"TruncatedNormal {kind} rejection sampler failed to accept a sample: {limit} "
            f"proposals in a row fell outside the bounds. Use bounds nearer the mean. [Op:{_OP}]")
    return int(runs[-1]) if not kept.any() or not kept[-1] else 0


@op(_OP)
def _parameterized_truncated_normal(xp, seed, means, stddevs, minvals, maxvals, shape):
    batch_shape = np.broadcast_shapes(means.shape, stddevs.shape, minvals.shape, maxvals.shape)
    dtype = means.dtype
    n_batch = int(np.prod(batch_shape, dtype=np.int64))
    per_batch = int(np.prod(shape[:len(shape) - len(batch_shape)], dtype=np.int64))
    params = [np.broadcast_to(np.asarray(p), batch_shape).reshape(-1) for p in (means, stddevs, minvals, maxvals)]
    key, counter = philox.key_counter_from_seed(seed.tolist())
    out, start = np.empty((per_batch, n_batch), dtype), 0
    for b in range(n_batch if per_batch else 0):
        out[:, b], start = _Sampler(dtype, *(p[b] for p in params)).draw(per_batch, key, counter, start)
    return xp.asarray(out.reshape(shape))


def stateless_parameterized_truncated_normal(shape, seed, means=0.0, stddevs=1.0, minvals=-2.0, maxvals=2.0,
                                             name=None):
    """Samples of normals truncated to `[minvals, maxvals]`, each parameter broadcast over the
    trailing dimensions of `shape`; `seed` (two ints) determines the values (TensorFlow's).

    Args:
        shape: the output shape; it must end with the parameters' broadcast shape.
        seed: a `[2]` integer seed.
        means, stddevs, minvals, maxvals: the distributions' parameters (numbers or tensors;
            `minvals=-inf` or `maxvals=inf` for one-sided truncation).

    >>> import neuroflow as tf
    >>> x = tf.random.stateless_parameterized_truncated_normal(
    ...     [1000, 2], seed=[3, 4], means=[0.0, 5.0], minvals=[-1.0, 6.0], maxvals=[1.0, float("inf")])
    >>> bool((abs(x[:, 0]) <= 1).numpy().all()), bool((x[:, 1] >= 6).numpy().all())
    (True, True)
    """
    means = as_tensor(means)
    dtype = means._dtype
    if dtype not in (dtypes.float16, dtypes.float32, dtypes.float64):
        raise errors.InvalidArgumentError(
            None, _OP, f"{_OP}: means must be float16, float32 or float64, got {dtype.name}. [Op:{_OP}]")
    params = [means] + [as_tensor(p, dtype) for p in (stddevs, minvals, maxvals)]
    shape = _shape_list(shape, _OP)
    try:
        batch_shape = np.broadcast_shapes(*(tuple(p.shape.as_list()) for p in params))
    except ValueError:
        raise errors.InvalidArgumentError(
            None, _OP, f"{_OP}: means, stddevs, minvals and maxvals must broadcast together, got shapes "
            f"{[p.shape.as_list() for p in params]}. [Op:{_OP}]") from None
    if len(batch_shape) > len(shape) or tuple(shape[len(shape) - len(batch_shape):]) != batch_shape:
        raise errors.InvalidArgumentError(
            None, _OP, f"{_OP}: Shape passed in must end with broadcasted shape: shape {list(shape)}, "
            f"parameters broadcast to {list(batch_shape)}. Append the parameters' shape to `shape`. [Op:{_OP}]")
    return _parameterized_truncated_normal(_seed_tensor(seed), *params, shape=shape)
