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

Draws with an op seed give TensorFlow's values: `normal`, `uniform` and `truncated_normal` (and
`tf.nn.dropout`) run Philox-4x32-10 from TensorFlow's seed pair with its per-kernel state, and
`tf.random.Generator` and the `stateless_*` ops do the same from their own state or seed
(`philox.py`), so a seed prints the numbers TensorFlow prints:

>>> tf.random.stateless_uniform([3], seed=[1, 2]).numpy()
array([0.8440604 , 0.19204533, 0.9962232 ], dtype=float32)
>>> tf.random.set_seed(None)
>>> tf.random.normal([2, 2], 0, 1, tf.float32, seed=1).numpy()
array([[-0.8113182 ,  1.4845988 ],
       [ 0.06532937, -2.4427042 ]], dtype=float32)

Shuffles and categorical draws, and draws without an op seed, come from NumPy's PCG64 on the
CPU (CuPy's generator on a GPU): the distributions are TensorFlow's, the bits are not.
"""
import copy

import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import TENSOR_TYPES, convert_to_tensor
from ..framework.variable import Variable
from . import philox
from .array_ops import _shape_list, stack
from .registry import op, as_tensor, state as registry_state
from .shape_util import runtime_shape

__all__ = ["set_seed", "normal", "uniform", "truncated_normal", "shuffle", "categorical",
           "Algorithm", "Generator", "create_rng_state", "get_global_generator", "set_global_generator",
           "stateless_normal", "stateless_uniform", "stateless_truncated_normal",
           "stateless_split", "stateless_fold_in", "split", "fold_in"]

# TensorFlow's default global seed, used when only an op seed is given.
_DEFAULT_GLOBAL_SEED = 87654321
_MASK64 = (1 << 64) - 1


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
    return [int(s) % 2 ** 64 for s in np.ravel(_scalar(seed))]


class Algorithm:
    """The counter-based RNG algorithms (`tf.random.Algorithm`); Philox is the one implemented."""
    PHILOX = 1
    THREEFRY = 2
    AUTO_SELECT = 3


def _algorithm(alg):
    """`alg` (None, a name, a number) as Algorithm.PHILOX, the algorithm TensorFlow's CPU kernels run."""
    name = {None: "philox", 1: "philox", 3: "auto_select", 2: "threefry"}.get(alg, alg)
    name = getattr(name, "lower", lambda: name)()
    if name not in ("philox", "auto_select"):
        raise ValueError(
            f"Random algorithm {alg!r} is not supported; neuroflow implements Philox "
            "(alg='philox', 'auto_select' or None), TensorFlow's default.")
    return Algorithm.PHILOX


def _philox_state(seed, size=3):
    """TensorFlow's `create_rng_state`: an int64 state of `size` words from an int or ints.

    An int is cut into 64-bit words (low first); a list keeps its first `size` values and is
    padded with zeros on the left, so a short seed fills the key rather than the counter.
    """
    seed = _scalar(seed)
    if isinstance(seed, (int, np.integer)):
        seed = int(seed)
        words = [(seed >> (64 * i)) & _MASK64 for i in range(size)]
    else:
        words = [int(s) & _MASK64 for s in np.ravel(seed)][:size]
        words = [0] * (size - len(words)) + words
    return np.array(words, np.uint64).view(np.int64)


def create_rng_state(seed, alg):
    """The RNG state TensorFlow makes from `seed` for `alg`: int64 `[3]` for Philox, `[2]` for
    ThreeFry (whose generator itself is not implemented here).

    >>> create_rng_state(7, "philox")
    array([7, 0, 0])
    >>> create_rng_state([12, 34], "threefry")
    array([12, 34])
    """
    name = {1: "philox", 2: "threefry", 3: "auto_select"}.get(alg, alg)
    if str(name).lower() == "threefry":
        return _philox_state(seed, size=2)
    _algorithm(alg)
    return _philox_state(seed)


def _as_state(state):
    state = np.ravel(_scalar(state))
    if state.shape != (3,):
        raise ValueError(f"A Philox RNG state has shape [3] (counter low, counter high, key). "
                         f"Received a state of shape {list(state.shape)}.")
    return np.array([int(s) & _MASK64 for s in state], np.uint64).view(np.int64)


def _key_counter_state(key, counter):
    return _as_state(list(np.ravel(_scalar(counter)))[:2] + list(np.ravel(_scalar(key)))[:1])


class _Sampler:
    """The distributions every source of random bits offers; `_draw` supplies the bits."""

    def normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Samples from a normal distribution with `mean` and `stddev`."""
        dtype = _float_dtype(dtype, "RandomStandardNormal")
        return _affine(self._draw("normal", _shape_arg(shape, "RandomStandardNormal"), dtype), stddev, mean)

    def truncated_normal(self, shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None):
        """Normal samples redrawn until they lie within two standard deviations of `mean`."""
        dtype = _float_dtype(dtype, "TruncatedNormal")
        return _affine(self._draw("truncated_normal", _shape_arg(shape, "TruncatedNormal"), dtype), stddev, mean)

    def uniform(self, shape, minval=0, maxval=None, dtype=dtypes.float32, name=None):
        """Samples from a uniform distribution on `[minval, maxval)`.

        Float dtypes default to `maxval=1`. Integer dtypes need both bounds, or neither
        (`minval=None, maxval=None`: every value of the dtype is equally likely).
        """
        dtype = dtypes.as_dtype(dtype)
        shape = _shape_arg(shape, "RandomUniform")
        if dtype.is_integer:
            if (minval is None) != (maxval is None):
                raise ValueError(
                    f"Must specify maxval for integer dtype {dtype!r}: minval and maxval must be both "
                    f"`None` (full range) or both non-`None`; got minval={minval} and maxval={maxval}.")
            if minval is None:
                return self._draw("full_int", shape, dtype)
            low, high = int(_scalar(minval)), int(_scalar(maxval))
            if low >= high:
                raise errors.InvalidArgumentError(
                    None, "RandomUniformInt",
                    f"RandomUniformInt: Need minval < maxval: {low} >= {high}. "
                    "The range [minval, maxval) must not be empty. [Op:RandomUniformInt]")
            return self._draw("int", shape, dtype, low, high)
        dtype = _float_dtype(dtype, "RandomUniform")
        sample = self._draw("uniform", shape, dtype)
        maxval = 1 if maxval is None else maxval
        if _is_number(minval) and _is_number(maxval):
            return _affine(sample, _scalar(maxval) - _scalar(minval), minval)
        return _affine(sample, as_tensor(maxval, dtype) - as_tensor(minval, dtype), minval)


class _Stream(_Sampler):
    """The stream an op seed selects for `tf.random.normal(..., seed=)` and friends.

    NumPy's PCG64 on the CPU, CuPy's generator on a GPU: fast, reproducible under the global
    seed, though not TensorFlow's bits (those ops keep per-kernel state in TensorFlow).
    """

    def __init__(self, entropy=None):
        self._sequence = np.random.SeedSequence(entropy)
        self._engines = {}

    def _engine(self, xp):
        engine = self._engines.get(xp)
        if engine is None:
            engine = self._engines[xp] = _new_engine(xp, self._sequence)
        return engine

    def inference_copy(self):
        """A copy to infer a traced op's shapes with, so that tracing draws nothing from this stream."""
        twin = _Stream.__new__(_Stream)
        twin._sequence, twin._engines = self._sequence, {xp: copy.deepcopy(e) for xp, e in self._engines.items()}
        return twin

    def _draw(self, dist, shape, dtype, low=None, high=None):
        runtime, shape = shape
        if dist == "int":
            return _uniform_int(*runtime, shape=shape, low=low, high=high, dtype=dtype, generator=self)
        if dist == "full_int":
            info = np.iinfo(dtype.as_numpy_dtype)
            return _uniform_int(*runtime, shape=shape, low=int(info.min), high=int(info.max) + 1, dtype=dtype,
                                generator=self)
        draw = {"normal": _standard_normal, "uniform": _uniform, "truncated_normal": _truncated_normal}
        return draw[dist](*runtime, shape=shape, dtype=dtype, generator=self)


class Generator(_Sampler):
    """A random-number generator with its own state (`tf.random.Generator`): TensorFlow's values.

    The state is TensorFlow's: an int64 `[3]` variable holding a 128-bit Philox counter and a
    64-bit key. Draws are Philox-4x32-10 with TensorFlow's transforms, so a generator made with
    `from_seed(s)` gives exactly the numbers TensorFlow's does; each value drawn moves the counter
    by 256, as in TensorFlow.

    >>> import neuroflow as tf
    >>> g = tf.random.Generator.from_seed(1234)
    >>> g.normal(shape=(2, 3))
    <tf.Tensor: shape=(2, 3), dtype=float32, numpy=
    array([[ 0.9356609 ,  1.0854305 , -0.93788373],
           [-0.5061547 ,  1.3169702 ,  0.7137579 ]], dtype=float32)>
    >>> g.state.numpy()
    array([2770,    0,    0])
    """

    def __init__(self, copy_from=None, state=None, alg=None):
        if copy_from is not None:
            state, alg = copy_from._state._value.copy(), copy_from.algorithm
        elif state is None:
            state = _philox_state(int.from_bytes(np.random.SeedSequence().generate_state(2, np.uint64)
                                                 .tobytes(), "little"))
        self._alg = _algorithm(alg)
        graph, registry_state.graph = registry_state.graph, None  # the state lives outside any trace
        try:
            self._state = Variable(_as_state(state), trainable=False, dtype=dtypes.int64)
        finally:
            registry_state.graph = graph

    def inference_copy(self):
        """A copy to infer a traced op's shapes with, so that tracing draws nothing from this generator."""
        return Generator(copy_from=self)

    @classmethod
    def from_seed(cls, seed, alg=None):
        """A generator whose stream is determined by `seed` (an int or a list of ints)."""
        return cls(state=_philox_state(seed), alg=alg)

    @classmethod
    def from_state(cls, state, alg):
        """A generator starting from `state` (int64 `[3]`: counter low, counter high, key)."""
        return cls(state=state, alg=alg)

    @classmethod
    def from_key_counter(cls, key, counter, alg):
        """A generator from a `[1]` key and a `[2]` counter (int64)."""
        return cls(state=_key_counter_state(key, counter), alg=alg)

    @classmethod
    def from_non_deterministic_state(cls, alg=None):
        """A generator seeded from the operating system's entropy."""
        return cls(alg=alg)

    state = property(lambda self: self._state, doc="The int64 `[3]` state variable.")
    algorithm = property(lambda self: self._alg, doc="The RNG algorithm (1: Philox).")
    key = property(lambda self: self._state[-1], doc="The key part of the state.")

    def reset(self, state):
        """Sets the state."""
        self._state.assign(_as_state(state))

    def reset_from_seed(self, seed):
        """Restarts the stream from `seed`."""
        self.reset(_philox_state(seed))

    def reset_from_key_counter(self, key, counter):
        """Sets the state from a key and a counter."""
        self.reset(_key_counter_state(key, counter))

    def skip(self, delta):
        """Advances the counter as if `delta` values had been drawn."""
        key, counter = self._key_counter()
        self._set_counter(counter + philox.samples_used(int(_scalar(delta))))

    def uniform_full_int(self, shape, dtype=dtypes.uint64, name=None):
        """Integers of `dtype` with every bit pattern equally likely."""
        return self._draw("full_int", _shape_arg(shape, "RandomUniformFullInt"), dtypes.as_dtype(dtype))

    def make_seeds(self, count=1):
        """`count` seeds for stateless ops: an int64 `[2, count]` tensor (TensorFlow's values)."""
        keys = self.uniform_full_int([count], dtype=dtypes.int64).numpy()
        return convert_to_tensor(np.stack([keys, np.zeros_like(keys)]))

    def split(self, count=1):
        """`count` new, independent generators, keyed by fresh draws of this one."""
        keys = self.uniform_full_int([count], dtype=dtypes.int64).numpy()
        return [Generator(state=[0, 0, int(key)], alg=self._alg) for key in keys]

    def _key_counter(self):
        lo, hi, key = (int(v) & _MASK64 for v in self._state._value.tolist())
        return key, lo | hi << 64

    def _set_counter(self, counter):
        counter &= (1 << 128) - 1
        self._state._value[:2] = np.array([counter & _MASK64, counter >> 64], np.uint64).view(np.int64)

    def _take(self, n):
        """The (key, counter) to draw `n` values from; moves the state past them."""
        key, counter = self._key_counter()
        self._set_counter(counter + philox.samples_used(n))
        return key, counter

    def _draw(self, dist, shape, dtype, low=None, high=None):
        runtime, shape = shape
        return _stateful_philox(*runtime, shape=shape, dist=dist, dtype=dtype, low=low, high=high, generator=self)


# --- the seed rules -------------------------------------------------------------------
_MAXINT32 = 2 ** 31 - 1


class _Seeds:
    """The global seed, and the kernels and streams that seeds select."""
    global_seed = None
    kernels = {}                      # (distribution, dtype, seed, seed2) -> Generator (a kernel's state)
    streams = {}                      # (global seed, op seed or None) -> _Stream
    unseeded = _Stream()              # draws when no seed is set at all
    global_generator = None


def set_seed(seed):
    """Sets the global random seed: the random ops that follow repeat on every run.

    >>> import neuroflow as tf
    >>> tf.random.set_seed(42); x = tf.random.uniform([2])
    >>> tf.random.set_seed(42); (tf.random.uniform([2]).numpy() == x.numpy()).all()
    np.True_
    """
    _Seeds.global_seed = None if seed is None else int(_scalar(seed))
    _Seeds.kernels, _Seeds.streams = {}, {}
    _Seeds.global_generator = None


def _op_seeds(seed):
    """TensorFlow's `get_seed` for an op given its own `seed`: the (seed, seed2) pair."""
    global_seed = _DEFAULT_GLOBAL_SEED if _Seeds.global_seed is None else _Seeds.global_seed
    seeds = (global_seed % _MAXINT32, int(_scalar(seed)) % _MAXINT32)
    return (0, _MAXINT32) if seeds == (0, 0) else seeds


class _Kernel(_Sampler):
    """The random ops of one seed pair, each with the Philox state TensorFlow's kernel keeps.

    A kernel starts at key `seed`, counter `seed2 << 64` and moves 256 counter steps per value,
    so `tf.random.normal(..., seed=s)` gives TensorFlow's values call after call.
    """

    def __init__(self, seeds):
        self._seeds = seeds

    def _draw(self, dist, shape, dtype, low=None, high=None):
        key = (dist, dtype.name) + self._seeds
        kernel = _Seeds.kernels.get(key)
        if kernel is None:
            kernel = _Seeds.kernels[key] = Generator(state=[0, self._seeds[1], self._seeds[0]])
        return kernel._draw(dist, shape, dtype, low, high)


def _stream_for(seed):
    """The PCG stream of an op without TensorFlow's per-kernel bits (shuffle, categorical, and
    ops with no seed of their own), following TensorFlow's seed rules."""
    global_seed = _Seeds.global_seed
    if seed is None and global_seed is None:
        return _Seeds.unseeded
    key = (_DEFAULT_GLOBAL_SEED if global_seed is None else global_seed, seed)
    stream = _Seeds.streams.get(key)
    if stream is None:
        entropy = [key[0], 0] if seed is None else [key[0], 1, int(_scalar(seed))]
        stream = _Seeds.streams[key] = _Stream(_entropy(entropy))
    return stream


def _generator_for(seed):
    """What `normal`, `uniform`, `truncated_normal` with `seed=` draw from: TensorFlow's kernel
    state for an op seed, else the stream the global seed selects."""
    return _stream_for(None) if seed is None else _Kernel(_op_seeds(seed))


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
    if isinstance(generator, Generator):
        return {"philox": generator.state.numpy().tolist()}
    engine = None if generator is None else generator._engines.get(np)
    return None if engine is None else engine.bit_generator.state


def _set_engine_state(generator, engine_state):
    if isinstance(generator, Generator) and engine_state is not None:
        generator.reset(engine_state["philox"])
    elif engine_state is not None:
        generator._engine(np).bit_generator.state = engine_state


def rng_state():
    """The state of every CPU random stream (global seed, op-seeded kernels, streams, the
    unseeded and global generators) as JSON-ready data; `set_rng_state` puts it back, so draws
    continue identically.

    >>> import neuroflow as tf
    >>> from neuroflow.ops import random_ops
    >>> tf.random.set_seed(3); _ = tf.random.uniform([2]); saved = random_ops.rng_state()
    >>> a = tf.random.uniform([2]).numpy(); random_ops.set_rng_state(saved)
    >>> bool((tf.random.uniform([2]).numpy() == a).all())
    True
    """
    return {"global_seed": _Seeds.global_seed,
            "kernels": [[list(key), _engine_state(g)] for key, g in _Seeds.kernels.items()],
            "streams": [[list(key), _engine_state(g)] for key, g in _Seeds.streams.items()],
            "unseeded": _engine_state(_Seeds.unseeded),
            "global_generator": None if _Seeds.global_generator is None else _engine_state(_Seeds.global_generator)}


def set_rng_state(saved):
    """Restores the streams `rng_state()` described (creating any that do not exist yet)."""
    set_seed(saved["global_seed"])
    for key, engine_state in saved.get("kernels", []):
        _Seeds.kernels[tuple(key)] = Generator(state=engine_state["philox"])
    for (global_seed, op_seed), engine_state in saved["streams"]:
        entropy = [global_seed, 0] if op_seed is None else [global_seed, 1, int(op_seed)]
        stream = _Seeds.streams[(global_seed, op_seed)] = _Stream(_entropy(entropy))
        _set_engine_state(stream, engine_state)
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


def _shape_arg(shape, op_name):
    """(op inputs, `shape` attr): a shape computed in the graph (`tf.shape(x)`) is the op's input."""
    runtime = runtime_shape(shape)
    return ((runtime,), None) if runtime is not None else ((), _shape_list(shape, op_name))


def _sized(runtime, shape):
    return tuple(runtime[0].tolist()) if runtime else shape


def _drawn(draw, shape, dtype):
    """`draw(shape, float dtype)` in `dtype`: NumPy draws float32/float64 only."""
    np_dtype = dtype.as_numpy_dtype
    native = np.float64 if np_dtype == np.float64 else np.float32
    return draw(shape, native).astype(np_dtype, copy=False)


# --- the ops (stateful: no gradients) ---------------------------------------------------
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


# --- Philox: TensorFlow's counter-based ops (no gradients) ------------------------------------
@op("StatefulRandom", stateful=True)
def _stateful_philox(xp, *runtime, shape=None, dist, dtype, low, high, generator):
    shape = _sized(runtime, shape)
    n = int(np.prod(shape, dtype=np.int64))
    key, counter = generator._take(n)
    return philox.sample(dist, dtype.as_numpy_dtype, n, key, counter, low, high, xp).reshape(shape)


@op("StatelessRandom")
def _stateless_philox(xp, seed, *runtime, shape=None, dist, dtype, low, high):
    shape = _sized(runtime, shape)
    key, counter = philox.key_counter_from_seed(seed.tolist())
    n = int(np.prod(shape, dtype=np.int64))
    return philox.sample(dist, dtype.as_numpy_dtype, n, key, counter, low, high, xp).reshape(shape)


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
    return _shuffle(as_tensor(value), generator=_stream_for(seed))


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
    return _categorical(logits, num_samples=num_samples, dtype=dtype, generator=_stream_for(seed))


# --- stateless: the seed alone determines the values -----------------------------------------
class _Seeded(_Sampler):
    """The distributions of the stateless ops, drawn from one `[2]` seed."""

    def __init__(self, seed):
        self._seed = _seed_tensor(seed)

    def _draw(self, dist, shape, dtype, low=None, high=None):
        runtime, shape = shape
        return _stateless_philox(self._seed, *runtime, shape=shape, dist=dist, dtype=dtype, low=low, high=high)


def _seed_tensor(seed):
    """`seed` as an int32/int64 tensor of shape [2] (Python ints beyond int32 become int64)."""
    if type(seed) not in TENSOR_TYPES:
        try:
            seed = convert_to_tensor(seed)
        except (TypeError, ValueError, OverflowError):  # Python ints beyond int32
            seed = convert_to_tensor(np.asarray(seed, np.int64))
    if not seed._dtype.is_integer or seed.shape.rank != 1 or seed.shape[0] != 2:
        raise errors.InvalidArgumentError(
            None, "StatelessRandom",
            f"StatelessRandom: seed must have shape [2] and an integer dtype, got shape "
            f"{list(seed.shape)} of {seed._dtype.name}. Pass two integers, e.g. seed=[1, 2]. "
            "[Op:StatelessRandom]")
    return seed


def stateless_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None, alg="auto_select"):
    """Normal samples determined by `seed` (two ints): TensorFlow's values for that seed.

    >>> import neuroflow as tf
    >>> tf.random.stateless_normal([3], seed=[1, 2]).numpy()
    array([0.5441101 , 0.20738031, 0.07356432], dtype=float32)
    """
    _algorithm(alg)
    return _Seeded(seed).normal(shape, mean, stddev, dtype)


def stateless_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None,
                      alg="auto_select"):
    """Uniform samples on `[minval, maxval)` determined by `seed` (two ints).

    Integer dtypes need both bounds, or neither (full range: int32, int64, uint32, uint64).

    >>> import neuroflow as tf
    >>> tf.random.stateless_uniform([4], seed=[1, 2], minval=0, maxval=10, dtype=tf.int32).numpy()
    array([0, 9, 4, 9], dtype=int32)
    """
    _algorithm(alg)
    dtype = dtypes.as_dtype(dtype)
    if dtype.is_unsigned and minval is not None and maxval is not None:
        raise ValueError(f"Argument `dtype` got invalid value {dtype!r} when argument `minval` is not "
                         "None. Please don't use unsigned integers in this case.")
    return _Seeded(seed).uniform(shape, minval, maxval, dtype)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                               alg="auto_select"):
    """Truncated-normal samples (within two standard deviations) determined by `seed` (two ints).

    >>> import neuroflow as tf
    >>> tf.random.stateless_truncated_normal([3], seed=[1, 2]).numpy()
    array([0.5441101 , 0.20738031, 0.07356432], dtype=float32)
    """
    _algorithm(alg)
    return _Seeded(seed).truncated_normal(shape, mean, stddev, dtype)


def stateless_split(seed, num=2, alg="auto_select"):
    """`num` new seeds (a `[num, 2]` tensor of the seed's dtype) derived from `seed`.

    >>> import neuroflow as tf
    >>> tf.random.experimental.stateless_split([1, 2], num=2).numpy()
    array([[1105988140, 1738052849],
           [-335576002,  370444179]], dtype=int32)
    """
    seed = _seed_tensor(seed)
    return stateless_uniform([num, 2], seed, minval=None, maxval=None, dtype=seed.dtype, alg=alg)


def stateless_fold_in(seed, data, alg="auto_select"):
    """A new seed from `seed` and an integer `data` (e.g. a step or worker index).

    >>> import neuroflow as tf
    >>> tf.random.experimental.stateless_fold_in([1, 2], 7).numpy()
    array([1105988140,          7], dtype=int32)
    """
    data = convert_to_tensor(data)
    first = stateless_uniform([], seed, minval=None, maxval=None, dtype=data.dtype, alg=alg)
    return stack([first, data])


split = stateless_split      # tf.random.split: TensorFlow 2's name for it
fold_in = stateless_fold_in  # tf.random.fold_in
