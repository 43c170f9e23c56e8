"""Random tensors (`tf.random`): seeded, reproducible draws.

Seeds follow TensorFlow's rules. `set_seed(s)` sets the global seed; an op's `seed=`
picks a stream within it. With a global seed, a program draws the same sequence on
every run, and successive calls still differ:

>>> import neuroflow as tf
>>> tf.random.set_seed(1)
>>> a, b = tf.random.normal([3]), tf.random.normal([3])
>>> tf.random.set_seed(1)
>>> (tf.random.normal([3]).numpy() == a.numpy()).all(), (a.numpy() == b.numpy()).all()
(np.True_, np.False_)

Each stream is a `Generator`: NumPy's PCG64 on the CPU, CuPy's generator on a GPU.
The values differ from TensorFlow's bits, but the distributions are the same.
"""
import copy

import numpy as np

from ..framework import dtypes, errors
from .array_ops import _shape_list
from .registry import op, as_tensor
from .shape_util import runtime_shape

__all__ = ["set_seed", "normal", "uniform", "truncated_normal", "shuffle", "categorical",
           "Generator", "get_global_generator", "set_global_generator",
           "stateless_normal", "stateless_uniform", "stateless_truncated_normal"]

# TensorFlow's default global seed, used when only an op seed is given.
_DEFAULT_GLOBAL_SEED = 87654321


# --- engines: where the bits come from --------------------------------------------------
class _CupyEngine:
    """NumPy Generator's method names (what the kernels call) over CuPy's RandomState."""

    def __init__(self, seed):
        import cupy  # noqa: F401 - only reached for CuPy arrays, which means CuPy is loaded
        self._state = cupy.random.RandomState(seed)

    def standard_normal(self, size, dtype):
        return self._state.standard_normal(size, dtype=dtype)

    def random(self, size, dtype):
        return self._state.random_sample(size, dtype=dtype)

    def integers(self, low, high, size, dtype):
        return self._state.randint(low, high, size, dtype=dtype)

    def permutation(self, n):
        return self._state.permutation(n)


def _new_engine(xp, sequence):
    if xp is np:
        return np.random.Generator(np.random.PCG64(sequence))
    return _CupyEngine(int(sequence.generate_state(1)[0]))


def _entropy(seed):
    """A seed (int, or list/tensor of ints) as non-negative ints for `SeedSequence`."""
    if hasattr(seed, "numpy"):
        seed = seed.numpy()
    return [int(s) % 2 ** 64 for s in np.ravel(seed)]


class Generator:
    """A random-number generator with its own state (`tf.random.Generator`).

    Create one with `Generator.from_seed(seed)` (reproducible) or
    `Generator.from_non_deterministic_state()`.

    >>> import neuroflow as tf
    >>> g = tf.random.Generator.from_seed(7)
    >>> x = g.normal([2, 3])
    >>> x.shape, x.dtype
    (TensorShape([2, 3]), tf.float32)
    >>> (tf.random.Generator.from_seed(7).normal([2, 3]).numpy() == x.numpy()).all()
    np.True_
    """

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            self._sequence = copy_from._sequence
            self._engines = {xp: copy.deepcopy(e) for xp, e in copy_from._engines.items()}
        else:
            self.reset_from_seed(None if state is None else state)

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A generator whose stream is determined by `seed` (an int or a list of ints)."""
        return cls(state=seed)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A generator seeded from the operating system's entropy."""
        return cls()

    def reset_from_seed(self, seed):
        """Restarts the stream from `seed` (None: fresh entropy)."""
        self._sequence = np.random.SeedSequence(None if seed is None else _entropy(seed))
        self._engines = {}

    def _engine(self, xp):
        engine = self._engines.get(xp)
        if engine is None:
            engine = self._engines[xp] = _new_engine(xp, self._sequence)
        return engine

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Samples from a normal distribution with `mean` and `stddev`."""
        dtype = _float_dtype(dtype, "RandomStandardNormal")
        runtime, shape = _shape_arg(shape, "RandomStandardNormal")
        sample = _standard_normal(*runtime, shape=shape, dtype=dtype, generator=self)
        return _affine(sample, stddev, mean)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Normal samples redrawn until they lie within two standard deviations of `mean`."""
        dtype = _float_dtype(dtype, "TruncatedNormal")
        runtime, shape = _shape_arg(shape, "TruncatedNormal")
        sample = _truncated_normal(*runtime, shape=shape, dtype=dtype, generator=self)
        return _affine(sample, stddev, mean)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None):
        """Samples from a uniform distribution on `[minval, maxval)`.

        Float dtypes default to `maxval=1`; integer dtypes need `maxval`.
        """
        dtype = dtypes.as_dtype(dtype)
        runtime, shape = _shape_arg(shape, "RandomUniform")
        if dtype.is_integer:
            if maxval is None:
                raise ValueError(f"Must specify maxval for integer dtype {dtype!r}.")
            low, high = int(_scalar(minval)), int(_scalar(maxval))
            if low >= high:
                raise errors.InvalidArgumentError(
                    None, "RandomUniformInt",
                    f"RandomUniformInt: Need minval < maxval: {low} >= {high}. "
                    "The range [minval, maxval) must not be empty. [Op:RandomUniformInt]")
            return _uniform_int(*runtime, shape=shape, low=low, high=high, dtype=dtype, generator=self)
        dtype = _float_dtype(dtype, "RandomUniform")
        sample = _uniform(*runtime, shape=shape, dtype=dtype, generator=self)
        maxval = 1 if maxval is None else maxval
        if _is_number(minval) and _is_number(maxval):
            return _affine(sample, _scalar(maxval) - _scalar(minval), minval)
        return _affine(sample, as_tensor(maxval, dtype) - as_tensor(minval, dtype), minval)

    def make_seeds(self, count=1):
        """`count` new seeds (an int64 tensor of shape `[2, count]`) for stateless ops."""
        return self.uniform([2, count], minval=-2 ** 63, maxval=2 ** 63 - 1, dtype=dtypes.int64)

    def split(self, count=1):
        """`count` new, independent generators derived from this one."""
        return [Generator(state=seed) for seed in self.make_seeds(count).numpy().T.tolist()]


# --- the seed rules -------------------------------------------------------------------
class _Seeds:
    """The global seed and the generators that op seeds select."""
    global_seed = None
    streams = {}                      # (global seed, op seed) -> Generator
    unseeded = Generator()            # draws when no seed is set at all
    global_generator = None


def set_seed(seed):
    """Sets the global random seed: the random ops that follow repeat on every run.

    >>> import neuroflow as tf
    >>> tf.random.set_seed(42); x = tf.random.uniform([2])
    >>> tf.random.set_seed(42); (tf.random.uniform([2]).numpy() == x.numpy()).all()
    np.True_
    """
    _Seeds.global_seed = None if seed is None else int(_scalar(seed))
    _Seeds.streams = {}
    _Seeds.global_generator = None


def _generator_for(seed):
    """The generator an op with `seed=` draws from, following TensorFlow's seed rules."""
    global_seed = _Seeds.global_seed
    if seed is None and global_seed is None:
        return _Seeds.unseeded
    key = (_DEFAULT_GLOBAL_SEED if global_seed is None else global_seed, seed)
    generator = _Seeds.streams.get(key)
    if generator is None:
        entropy = [key[0], 0] if seed is None else [key[0], 1, int(_scalar(seed))]
        generator = _Seeds.streams[key] = Generator.from_seed(entropy)
    return generator


def get_global_generator():
    """The generator shared by the program (seeded from `set_seed` when a global seed is set).

    >>> import neuroflow as tf
    >>> tf.random.get_global_generator().uniform([2]).shape
    TensorShape([2])
    """
    if _Seeds.global_generator is None:
        seed = _Seeds.global_seed
        _Seeds.global_generator = Generator() if seed is None else Generator.from_seed([seed, 2])
    return _Seeds.global_generator


def set_global_generator(generator):
    """Replaces the global generator."""
    _Seeds.global_generator = generator


# --- saving and restoring the state of every stream (for resumable training) ---------------
def _engine_state(generator):
    engine = None if generator is None else generator._engines.get(np)
    return None if engine is None else engine.bit_generator.state


def _set_engine_state(generator, engine_state):
    if engine_state is not None:
        generator._engine(np).bit_generator.state = engine_state


def rng_state():
    """The state of every CPU random stream (global seed, op-seed streams, the unseeded and global
    generators) as JSON-ready data; `set_rng_state` puts it back, so draws continue identically.

    >>> import neuroflow as tf
    >>> from neuroflow.ops import random_ops
    >>> tf.random.set_seed(3); _ = tf.random.uniform([2]); saved = random_ops.rng_state()
    >>> a = tf.random.uniform([2]).numpy(); random_ops.set_rng_state(saved)
    >>> bool((tf.random.uniform([2]).numpy() == a).all())
    True
    """
    return {"global_seed": _Seeds.global_seed,
            "streams": [[list(key), _engine_state(g)] for key, g in _Seeds.streams.items()],
            "unseeded": _engine_state(_Seeds.unseeded),
            "global_generator": None if _Seeds.global_generator is None else _engine_state(_Seeds.global_generator)}


def set_rng_state(saved):
    """Restores the streams `rng_state()` described (creating any that do not exist yet)."""
    set_seed(saved["global_seed"])
    for (global_seed, op_seed), engine_state in saved["streams"]:
        entropy = [global_seed, 0] if op_seed is None else [global_seed, 1, int(op_seed)]
        generator = _Seeds.streams[(global_seed, op_seed)] = Generator.from_seed(entropy)
        _set_engine_state(generator, engine_state)
    _set_engine_state(_Seeds.unseeded, saved["unseeded"])
    if saved["global_generator"] is not None:
        _set_engine_state(get_global_generator(), saved["global_generator"])


# --- helpers -----------------------------------------------------------------------
def _scalar(value):
    return value.numpy() if hasattr(value, "numpy") else value


def _is_number(value):
    return isinstance(_scalar(value), (int, float, np.number))


def _float_dtype(dtype, op_name):
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise errors.InvalidArgumentError(
            None, op_name,
            f"{op_name}: dtype {dtype.name} is not supported; expected a floating dtype "
            f"(float16, bfloat16, float32 or float64). Draw floats and tf.cast them. [Op:{op_name}]")
    return dtype


def _affine(sample, scale, shift):
    """`sample * scale + shift`, skipping the steps that change nothing."""
    if not (_is_number(scale) and _scalar(scale) == 1):
        sample = sample * scale
    if not (_is_number(shift) and _scalar(shift) == 0):
        sample = sample + shift
    return sample


def _drawn(draw, shape, dtype):
    """`draw(shape, float dtype)` in `dtype`: NumPy draws float32/float64 only."""
    np_dtype = dtype.as_numpy_dtype
    native = np.float64 if np_dtype == np.float64 else np.float32
    return draw(shape, native).astype(np_dtype, copy=False)


# --- the ops (stateful: no gradients) ---------------------------------------------------
def _shape_arg(shape, op_name):
    """(op inputs, `shape` attr): a shape computed in the graph (`tf.shape(x)`) is the op's input."""
    runtime = runtime_shape(shape)
    return ((runtime,), None) if runtime is not None else ((), _shape_list(shape, op_name))


def _sized(runtime, shape):
    return tuple(runtime[0].tolist()) if runtime else shape


@op("RandomStandardNormal", stateful=True)
def _standard_normal(xp, *runtime, shape=None, dtype, generator):
    return _drawn(generator._engine(xp).standard_normal, _sized(runtime, shape), dtype)


@op("RandomUniform", stateful=True)
def _uniform(xp, *runtime, shape=None, dtype, generator):
    return _drawn(generator._engine(xp).random, _sized(runtime, shape), dtype)


@op("RandomUniformInt", stateful=True)
def _uniform_int(xp, *runtime, shape=None, low, high, dtype, generator):
    return generator._engine(xp).integers(low, high, _sized(runtime, shape), dtype.as_numpy_dtype)


@op("TruncatedNormal", stateful=True)
def _truncated_normal(xp, *runtime, shape=None, dtype, generator):
    engine = generator._engine(xp)
    sample = _drawn(engine.standard_normal, _sized(runtime, shape), dtype)
    outside = xp.abs(sample) > 2
    while outside.any():
        sample[outside] = _drawn(engine.standard_normal, (int(outside.sum()),), dtype)
        outside = xp.abs(sample) > 2
    return sample


@op("RandomShuffle", stateful=True)
def _shuffle(xp, value, generator):
    if value.ndim == 0:
        return value.copy()
    return value[generator._engine(xp).permutation(value.shape[0])]


@op("Multinomial", stateful=True)
def _categorical(xp, logits, num_samples, dtype, generator):
    # Gumbel-max: argmax(logits + Gumbel noise) picks class i with probability softmax(logits)_i.
    shape = (logits.shape[0], num_samples, logits.shape[1])
    u = generator._engine(xp).random(shape, np.float64 if logits.dtype == np.float64 else np.float32)
    gumbel = -xp.log(-xp.log(xp.maximum(u, np.finfo(u.dtype).tiny)))
    return xp.argmax(logits[:, None, :] + gumbel, axis=-1).astype(dtype.as_numpy_dtype)


# --- the public functions -------------------------------------------------------------
def normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Samples from a normal distribution.

    Args:
        shape: the output shape (list, tuple or int tensor).
        mean, stddev: the distribution's mean and standard deviation (numbers or tensors).
        dtype: a floating dtype (float32 by default).
        seed: an op seed; with the global seed it makes the sequence reproducible.

    >>> import neuroflow as tf
    >>> tf.random.normal([2, 3], mean=5.0, seed=1).shape
    TensorShape([2, 3])
    """
    return _generator_for(seed).normal(shape, mean, stddev, dtype)


def uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Samples from a uniform distribution on `[minval, maxval)` (`maxval` required for ints).

    >>> import neuroflow as tf
    >>> x = tf.random.uniform([100], minval=2, maxval=5, dtype=tf.int32)
    >>> x.dtype, sorted(set(x.numpy().tolist()))
    (tf.int32, [2, 3, 4])
    """
    return _generator_for(seed).uniform(shape, minval, maxval, dtype)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal samples, redrawn when more than two standard deviations from `mean`.

    >>> import neuroflow as tf
    >>> x = tf.random.truncated_normal([1000], stddev=0.5)
    >>> bool(abs(x.numpy()).max() <= 1.0)
    True
    """
    return _generator_for(seed).truncated_normal(shape, mean, stddev, dtype)


def shuffle(value, seed=None, name=None):
    """`value` with its first dimension randomly permuted.

    >>> import neuroflow as tf
    >>> sorted(tf.random.shuffle(tf.range(5)).numpy().tolist())
    [0, 1, 2, 3, 4]
    """
    return _shuffle(as_tensor(value), generator=_generator_for(seed))


def categorical(logits, num_samples, dtype=None, seed=None, name=None):
    """Draws class indices from the categorical distributions `softmax(logits)`, row by row.

    Args:
        logits: a `[batch, classes]` tensor of unnormalized log-probabilities.
        num_samples: samples drawn per row.
        dtype: int64 (default) or int32.

    Returns:
        A `[batch, num_samples]` tensor of class indices.

    >>> import neuroflow as tf
    >>> samples = tf.random.categorical([[0.0, 0.0], [-50.0, 50.0]], 4)
    >>> samples.shape, samples.dtype, samples.numpy()[1].tolist()
    (TensorShape([2, 4]), tf.int64, [1, 1, 1, 1])
    """
    logits = as_tensor(logits)
    if logits.ndim != 2:
        raise errors.InvalidArgumentError(
            None, "Multinomial",
            f"Multinomial: logits should be a matrix [batch, classes], got shape {list(logits.shape)}. "
            "Add a batch axis with tf.expand_dims(logits, 0). [Op:Multinomial]")
    if not logits._dtype.is_floating:
        raise errors.InvalidArgumentError(
            None, "Multinomial", f"Multinomial: logits must be floating point, got {logits._dtype.name}. "
            "Cast them with tf.cast(logits, tf.float32). [Op:Multinomial]")
    dtype = dtypes.as_dtype(dtype or dtypes.int64)
    if dtype not in (dtypes.int32, dtypes.int64):
        raise errors.InvalidArgumentError(
            None, "Multinomial", f"Multinomial: dtype must be int32 or int64, got {dtype.name}. "
            "[Op:Multinomial]")
    num_samples = int(_scalar(num_samples))
    if num_samples < 0:
        raise errors.InvalidArgumentError(
            None, "Multinomial", f"Multinomial: num_samples should be nonnegative, got {num_samples}. "
            "[Op:Multinomial]")
    return _categorical(logits, num_samples=num_samples, dtype=dtype, generator=_generator_for(seed))


# --- stateless: the seed alone determines the values -----------------------------------------
def _stateless(seed):
    entropy = _entropy(seed)
    if len(entropy) != 2:
        raise errors.InvalidArgumentError(
            None, "StatelessRandom",
            f"StatelessRandom: seed must have shape [2], got {len(entropy)} values. "
            "Pass two integers, e.g. seed=[1, 2]. [Op:StatelessRandom]")
    return Generator.from_seed(entropy)


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None, alg="auto_select"):
    """Normal samples determined by `seed` (a pair of ints): the same seed gives the same values.

    >>> import neuroflow as tf
    >>> a = tf.random.stateless_normal([3], seed=[1, 2])
    >>> (a.numpy() == tf.random.stateless_normal([3], seed=[1, 2]).numpy()).all()
    np.True_
    """
    return _stateless(seed).normal(shape, mean, stddev, dtype)


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None,
                      alg="auto_select"):
    """Uniform samples on `[minval, maxval)` determined by `seed` (a pair of ints).

    >>> import neuroflow as tf
    >>> tf.random.stateless_uniform([2], seed=[3, 4], maxval=10, dtype=tf.int32).dtype
    tf.int32
    """
    return _stateless(seed).uniform(shape, minval, maxval, dtype)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                               alg="auto_select"):
    """Truncated-normal samples determined by `seed` (a pair of ints).

    >>> import neuroflow as tf
    >>> bool(abs(tf.random.stateless_truncated_normal([100], seed=[5, 6]).numpy()).max() <= 2)
    True
    """
    return _stateless(seed).truncated_normal(shape, mean, stddev, dtype)
