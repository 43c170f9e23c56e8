"""tf.math against NumPy and TensorFlow's semantics: broadcasting, reductions, dtypes, errors."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import neuroflow as tf

FAST = settings(max_examples=40, deadline=None)
finite32 = st.floats(-50, 50, width=32)


def arrays(shape, elements=finite32, dtype=np.float32):
    return hnp.arrays(dtype, shape, elements=elements)


@st.composite
def broadcast_pair(draw, elements=finite32, dtype=np.float32):
    shapes = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=4))
    return tuple(draw(arrays(s, elements, dtype)) for s in shapes.input_shapes)


@st.composite
def array_and_axis(draw, elements=finite32, dtype=np.float32):
    """An array with an axis argument: None, an int or a list of distinct ints, some negative."""
    x = draw(arrays(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), elements, dtype))
    axes = draw(st.lists(st.integers(0, x.ndim - 1), unique=True, max_size=x.ndim))
    axes = [a - x.ndim if draw(st.booleans()) else a for a in axes]
    axis = draw(st.sampled_from([None, axes, axes[0] if axes else None]))
    return x, axis


# --- binary ops: broadcasting and values as NumPy ------------------------------------------
BINARY = [
    (tf.add, np.add), (tf.subtract, np.subtract), (tf.multiply, np.multiply),
    (tf.maximum, np.maximum), (tf.minimum, np.minimum),
    (tf.math.squared_difference, lambda a, b: (a - b) ** 2),
    (tf.atan2, np.arctan2),
]


@pytest.mark.parametrize("ours, reference", BINARY)
@FAST
@given(pair=broadcast_pair())
def test_binary_ops_broadcast_like_numpy(ours, reference, pair):
    x, y = pair
    out = ours(tf.constant(x), tf.constant(y))
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), reference(x, y), rtol=1e-6, atol=1e-6)


@FAST
@given(pair=broadcast_pair(st.integers(-1000, 1000), np.int32))
def test_integer_division_rounds_toward_negative_infinity(pair):
    x, y = pair
    y = np.where(y == 0, 7, y).astype(np.int32)
    q, r = tf.constant(x) // tf.constant(y), tf.constant(x) % tf.constant(y)
    assert q.dtype == r.dtype == tf.int32
    np.testing.assert_array_equal(q.numpy(), x // y)     # NumPy follows Python's floor rule
    np.testing.assert_array_equal(r.numpy(), x % y)
    np.testing.assert_array_equal(tf.truncatediv(x, y).numpy(), np.trunc(x / y).astype(np.int32))
    np.testing.assert_array_equal(tf.truncatemod(x, y).numpy(), np.fmod(x, y))


def test_division_signs_follow_tensorflow():
    x, y = tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2])
    assert (x // y).numpy().tolist() == [3, -4, -4, 3]
    assert (x % y).numpy().tolist() == [1, 1, -1, -1]
    assert tf.truncatediv(x, y).numpy().tolist() == [3, -3, -3, 3]
    assert tf.truncatemod(x, y).numpy().tolist() == [1, -1, 1, -1]
    assert (tf.constant([7.5, -7.5]) // 2.0).numpy().tolist() == [3.0, -4.0]
    assert (tf.constant([7.5, -7.5]) % 2.0).numpy().tolist() == [1.5, 0.5]
    assert tf.math.mod is tf.math.floormod


@pytest.mark.parametrize("fn", [tf.math.floordiv, tf.math.floormod, tf.truncatediv, tf.truncatemod])
def test_integer_division_by_zero_is_an_error(fn):
    with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
        fn(tf.constant([1, 2]), tf.constant([1, 0]))


def test_pow():
    assert (tf.constant([2, 3]) ** 3).numpy().tolist() == [8, 27]
    assert (2.0 ** tf.constant([1.0, 3.0])).numpy().tolist() == [2.0, 8.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="negative integer powers"):
        tf.pow(tf.constant([2]), tf.constant([-1]))
    x = tf.constant([0.0, 2.0])
    y = tf.constant([2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(y)
        z = tf.pow(x, y)
    np.testing.assert_allclose(tape.gradient(z, y).numpy(), [0.0, 8 * math.log(2)], rtol=1e-6)


def test_python_scalars_adopt_the_tensor_dtype():
    for dtype in (tf.float16, tf.float32, tf.float64, tf.int32, tf.int64):
        t = tf.ones([2], dtype)
        for result in (t + 1, 2 * t, t ** 2, t // 1, t % 3, tf.maximum(t, 0), tf.minimum(1, t)):
            assert result.dtype == dtype


@pytest.mark.parametrize("fn", [tf.maximum, tf.pow, tf.math.floordiv, tf.math.xlogy, tf.atan2])
def test_shapes_that_cannot_broadcast_are_an_error_naming_the_op(fn):
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\(2,\).*\(3,\)"):
        fn(tf.ones([2]), tf.ones([3]))


def test_mixing_dtypes_is_an_error():
    with pytest.raises(tf.errors.InvalidArgumentError, match="float32.*int32"):
        tf.maximum(tf.constant([1.0]), tf.constant([1]))
    with pytest.raises(TypeError):
        tf.constant([1, 2]) ** 0.5   # 0.5 cannot be an int32, as in TF


@pytest.mark.parametrize("fn", [tf.exp, tf.math.log, tf.sqrt, tf.sin, tf.tanh, tf.sigmoid,
                                tf.math.erf, tf.math.rsqrt, tf.math.softplus, tf.floor,
                                tf.math.reduce_logsumexp, tf.math.is_nan])
def test_float_only_functions_reject_integers(fn):
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"int32.*tf\.cast"):
        fn(tf.constant([1, 2]))


def test_bool_only_and_int_only_ops():
    with pytest.raises(tf.errors.InvalidArgumentError, match="bool"):
        tf.logical_and(tf.constant([1]), tf.constant([0]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.reduce_any(tf.constant([1.0]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.constant([1.0]) & tf.constant([2.0])
    with pytest.raises(TypeError, match="real or complex"):
        tf.math.reduce_variance(tf.constant([1, 2]))


def test_logical_and_bitwise_operators():
    a, b = tf.constant([True, True, False]), tf.constant([True, False, False])
    assert (a & b).numpy().tolist() == [True, False, False]
    assert (a | b).numpy().tolist() == [True, True, False]
    assert (a ^ b).numpy().tolist() == [False, True, False]
    assert (~a).numpy().tolist() == [False, False, True]
    i = tf.constant([12, 5])
    assert (i & 6).numpy().tolist() == [4, 4]
    assert (i | 1).numpy().tolist() == [13, 5]
    assert (i ^ 5).numpy().tolist() == [9, 0]
    assert (~i).numpy().tolist() == [-13, -6]


def test_tensor_equality_is_elementwise_or_a_scalar_when_shapes_differ():
    x = tf.constant([1, 2, 3])
    assert (x == [1, 0, 3]).numpy().tolist() == [True, False, True]
    assert (x != 2).numpy().tolist() == [True, False, True]
    eq, ne = x == [1, 2], x != [1, 2]
    assert eq.shape == ne.shape == () and eq.dtype == tf.bool
    assert not bool(eq) and bool(ne)
    assert (x == None) is False and (x != None) is True  # noqa: E711 - what TF does with None


def test_comparisons_reject_ordering_complex_and_accept_equality_of_strings():
    assert tf.equal(tf.constant(["a", "b"]), "a").numpy().tolist() == [True, False]
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.less(tf.complex(1.0, 1.0), tf.complex(1.0, 1.0))


def test_add_n_and_scalar_mul():
    assert tf.add_n([1, 2, 3]).numpy() == 6
    assert tf.add_n([tf.constant([1.0])]).numpy().tolist() == [1.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"same dtype and shape.*\(2,\).*\(3,\)"):
        tf.add_n([tf.ones([2]), tf.ones([3])])
    with pytest.raises(ValueError, match="non-empty list"):
        tf.add_n([])
    with pytest.raises(ValueError, match="0-d scalar"):
        tf.math.scalar_mul(tf.constant([1.0, 2.0]), tf.ones([2]))


def test_nan_safe_ops():
    inf, nan = float("inf"), float("nan")
    assert tf.math.divide_no_nan([1.0, 0.0, -2.0], [0.0, 0.0, 4.0]).numpy().tolist() == [0.0, 0.0, -0.5]
    assert tf.math.divide_no_nan([1.0, inf], 0.0).numpy().tolist() == [0.0, 0.0]   # one divisor
    assert tf.math.divide_no_nan([1.0, 3.0], 2.0).numpy().tolist() == [0.5, 1.5]
    assert tf.math.multiply_no_nan([inf, nan, 2.0], [0.0, 0.0, 3.0]).numpy().tolist() == [0.0, 0.0, 6.0]
    assert tf.math.xlogy([0.0, 0.0, 2.0], [0.0, -1.0, math.e]).numpy().tolist() == pytest.approx([0, 0, 2])
    assert tf.math.xdivy([0.0, 3.0], [0.0, 2.0]).numpy().tolist() == [0.0, 1.5]
    assert tf.math.xlog1py([0.0], [-1.0]).numpy().tolist() == [0.0]
    assert tf.math.reciprocal_no_nan([0.0, 4.0]).numpy().tolist() == [0.0, 0.25]


# --- elementwise functions --------------------------------------------------------------
FLOAT_FUNCTIONS = [tf.abs, tf.sign, tf.math.reciprocal, tf.math.rsqrt, tf.exp, tf.math.expm1,
                   tf.math.log, tf.math.log1p, tf.sqrt, tf.square, tf.sin, tf.cos, tf.tan, tf.asin,
                   tf.acos, tf.atan, tf.sinh, tf.cosh, tf.tanh, tf.asinh, tf.acosh, tf.atanh,
                   tf.sigmoid, tf.math.log_sigmoid, tf.math.softplus, tf.math.softsign,
                   tf.math.erf, tf.math.erfc, tf.round, tf.floor, tf.math.ceil, tf.math.rint]


@pytest.mark.parametrize("fn", FLOAT_FUNCTIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("dtype", [tf.float16, tf.float32, tf.float64])
def test_functions_keep_the_float_dtype(fn, dtype):
    with np.errstate(all="ignore"):   # out-of-domain NaNs are fine here
        out = fn(tf.constant([0.25, 0.5, 2.0], dtype))
    assert out.dtype == dtype and out.shape == (3,)


@FAST
@given(x=arrays(hnp.array_shapes(max_dims=2, max_side=5), st.floats(-30, 30)))
def test_unary_functions_match_numpy(x):
    x = x.astype(np.float64)
    t = tf.constant(x)
    np.testing.assert_allclose(tf.sigmoid(t).numpy(), 1 / (1 + np.exp(-x)), rtol=1e-12)
    np.testing.assert_allclose(tf.math.softplus(t).numpy(), np.logaddexp(0, x), rtol=1e-12)
    np.testing.assert_allclose(tf.math.log_sigmoid(t).numpy(), -np.logaddexp(0, -x), rtol=1e-12)
    np.testing.assert_allclose(tf.math.softsign(t).numpy(), x / (1 + np.abs(x)), rtol=1e-12)
    np.testing.assert_allclose(tf.tanh(t).numpy(), np.tanh(x), rtol=1e-12)
    np.testing.assert_array_equal(tf.round(t).numpy(), np.round(x))


def test_activations_do_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        assert tf.sigmoid([-1000.0, 1000.0]).numpy().tolist() == [0.0, 1.0]
        assert tf.math.softplus([-1000.0, 1000.0]).numpy().tolist() == [0.0, 1000.0]
        assert tf.math.log_sigmoid([-1000.0]).numpy().tolist() == [-1000.0]
        tf.math.erf([-1e30, 1e30, 3.0])


@settings(max_examples=200, deadline=None)
@given(x=st.floats(-40, 40))
def test_erf_matches_the_standard_library(x):
    assert tf.math.erf(tf.constant(x, tf.float64)).numpy() == pytest.approx(math.erf(x), abs=1e-14)
    expected = math.erfc(x)
    assert tf.math.erfc(tf.constant(x, tf.float64)).numpy() == pytest.approx(expected, rel=1e-11, abs=1e-300)
    assert tf.math.erf(tf.constant(x, tf.float32)).numpy() == pytest.approx(math.erf(np.float32(x)), abs=3e-7)


def test_erf_special_values():
    out = tf.math.erf([0.0, float("inf"), -float("inf"), float("nan")]).numpy()
    assert out[:3].tolist() == [0.0, 1.0, -1.0] and np.isnan(out[3])
    assert tf.math.erfc([float("inf"), -float("inf")]).numpy().tolist() == [0.0, 2.0]


def test_rounding_is_bankers():
    assert tf.round([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.6]).numpy().tolist() == [-2, -2, -0, 0, 2, 2, 3]
    assert tf.round(tf.constant([3, -4])).numpy().tolist() == [3, -4]   # integers pass through


def test_complex_numbers():
    z = tf.complex([1.0, 2.0], [3.0, -4.0])
    assert z.dtype == tf.complex64
    assert tf.complex(tf.constant(1.0, tf.float64), 0.0).dtype == tf.complex128
    assert tf.math.real(z).numpy().tolist() == [1.0, 2.0]
    assert tf.math.imag(z).numpy().tolist() == [3.0, -4.0]
    assert tf.math.conj(z).numpy().tolist() == [1 - 3j, 2 + 4j]
    assert tf.math.real(tf.constant([5.0])).numpy().tolist() == [5.0]
    assert tf.math.imag(tf.constant([5.0])).numpy().tolist() == [0.0]
    assert tf.abs(z).dtype == tf.float32


def test_is_nan_inf_finite():
    x = tf.constant([1.0, float("nan"), float("inf"), -float("inf")])
    assert tf.math.is_nan(x).numpy().tolist() == [False, True, False, False]
    assert tf.math.is_inf(x).numpy().tolist() == [False, False, True, True]
    assert tf.math.is_finite(x).numpy().tolist() == [True, False, False, False]


# --- reductions ---------------------------------------------------------------------------
def _numpy_axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


REDUCTIONS = [
    (tf.reduce_sum, np.sum), (tf.reduce_mean, np.mean), (tf.reduce_max, np.max),
    (tf.reduce_min, np.min), (tf.reduce_prod, np.prod), (tf.math.reduce_std, np.std),
    (tf.math.reduce_variance, np.var),
    (tf.reduce_logsumexp, lambda x, axis, keepdims: np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))),
    (tf.math.reduce_euclidean_norm, lambda x, axis, keepdims: np.sqrt(np.sum(x * x, axis=axis, keepdims=keepdims))),
]


@pytest.mark.parametrize("ours, reference", REDUCTIONS, ids=lambda f: getattr(f, "__name__", ""))
@FAST
@given(case=array_and_axis(st.floats(-3, 3, width=32)), keepdims=st.booleans())
def test_reductions_match_numpy(ours, reference, case, keepdims):
    x, axis = case
    out = ours(tf.constant(x), axis=axis, keepdims=keepdims)
    expected = reference(x.astype(np.float64), axis=_numpy_axis(axis), keepdims=keepdims)
    assert out.dtype == tf.float32
    assert out.shape == np.shape(expected)
    np.testing.assert_allclose(out.numpy(), expected, rtol=2e-5, atol=2e-5)


@FAST
@given(case=array_and_axis(st.integers(-100, 100), np.int32), keepdims=st.booleans())
def test_integer_reductions_keep_int32(case, keepdims):
    x, axis = case
    a = _numpy_axis(axis)
    for ours, expected in ((tf.reduce_sum, np.sum(x, axis=a, keepdims=keepdims)),
                           (tf.reduce_max, np.max(x, axis=a, keepdims=keepdims)),
                           (tf.reduce_min, np.min(x, axis=a, keepdims=keepdims))):
        out = ours(tf.constant(x), axis=axis, keepdims=keepdims)
        assert out.dtype == tf.int32
        np.testing.assert_array_equal(out.numpy(), expected)


@FAST
@given(case=array_and_axis(st.booleans(), bool), keepdims=st.booleans())
def test_any_all_match_numpy(case, keepdims):
    x, axis = case
    a = _numpy_axis(axis)
    np.testing.assert_array_equal(tf.reduce_any(x, axis, keepdims).numpy(), np.any(x, axis=a, keepdims=keepdims))
    np.testing.assert_array_equal(tf.reduce_all(x, axis, keepdims).numpy(), np.all(x, axis=a, keepdims=keepdims))


def test_reduction_edge_cases():
    assert tf.reduce_max(tf.zeros([0])).numpy() == -np.inf
    assert tf.reduce_min(tf.zeros([0], tf.int32)).numpy() == np.iinfo(np.int32).max
    assert tf.reduce_logsumexp([-np.inf, -np.inf]).numpy() == -np.inf
    assert tf.reduce_logsumexp([np.inf, 1.0]).numpy() == np.inf
    assert tf.math.reduce_euclidean_norm([[1, 2, 3], [1, 1, 1]]).numpy() == 4   # truncated, as TF
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis 2 is out of range"):
        tf.reduce_sum(tf.ones([2, 2]), axis=2)


def test_argmax_argmin():
    x = tf.constant([[1, 9, 9], [7, 2, 7]])
    out = tf.math.argmax(x, axis=1)
    assert out.dtype == tf.int64 and out.numpy().tolist() == [1, 0]   # first index on ties
    assert tf.argmax(x).numpy().tolist() == [1, 0, 0]                  # axis None means 0
    assert tf.argmin(x, axis=-1, output_type=tf.int32).dtype == tf.int32
    with pytest.raises(tf.errors.InvalidArgumentError, match="empty"):
        tf.argmax(tf.zeros([2, 0]), axis=1)


def test_count_nonzero():
    out = tf.math.count_nonzero([[0, 1.5], [2.0, 0]], axis=1)
    assert out.dtype == tf.int64 and out.numpy().tolist() == [1, 1]
    assert tf.math.count_nonzero([True, False, True]).numpy() == 2
    assert tf.math.count_nonzero([0, 3], keepdims=True, dtype=tf.int32).numpy().tolist() == [1]


def test_max_gradient_is_split_among_ties_and_maximum_ties_go_to_x():
    x = tf.constant([[1.0, 3.0, 3.0], [5.0, 2.0, 0.0]])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_max(x, axis=1)
    assert tape.gradient(y, x).numpy().tolist() == [[0, 0.5, 0.5], [1, 0, 0]]
    a, b = tf.constant([1.0, 2.0]), tf.constant([1.0, 1.0])
    with tf.GradientTape(persistent=True) as tape:
        tape.watch([a, b])
        hi, lo = tf.maximum(a, b), tf.minimum(a, b)
    assert tape.gradient(hi, a).numpy().tolist() == [1, 1]
    assert tape.gradient(hi, b).numpy().tolist() == [0, 0]
    assert tape.gradient(lo, a).numpy().tolist() == [1, 0]


# --- scans and segments -------------------------------------------------------------------
def _reference_scan(x, axis, exclusive, reverse, accumulate, identity):
    x = np.flip(x, axis) if reverse else x
    out = accumulate(x, axis=axis)
    if exclusive:
        front = np.full_like(np.take(out, [0], axis=axis), identity)
        out = np.concatenate([front, np.delete(out, -1, axis=axis)], axis=axis)
    return np.flip(out, axis) if reverse else out


@FAST
@given(x=arrays(hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), st.integers(-5, 5), np.int32),
       data=st.data(), exclusive=st.booleans(), reverse=st.booleans())
def test_scans_match_a_reference(x, data, exclusive, reverse):
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1))
    for ours, accumulate, identity in ((tf.cumsum, np.cumsum, 0), (tf.math.cumprod, np.cumprod, 1)):
        out = ours(tf.constant(x), axis=axis, exclusive=exclusive, reverse=reverse)
        assert out.dtype == tf.int32
        np.testing.assert_array_equal(
            out.numpy(), _reference_scan(x, axis, exclusive, reverse, accumulate, identity).astype(np.int32))


@FAST
@given(ids=st.lists(st.integers(-1, 4), min_size=1, max_size=8), width=st.integers(1, 3))
def test_segment_sums_match_a_reference(ids, width):
    data = np.arange(len(ids) * width, dtype=np.float32).reshape(len(ids), width)
    expected = np.zeros((6, width), np.float32)
    for i, k in enumerate(ids):
        if k >= 0:
            expected[k] += data[i]
    out = tf.math.unsorted_segment_sum(data, ids, num_segments=6)
    np.testing.assert_array_equal(out.numpy(), expected)
    ordered = sorted(k for k in ids if k >= 0)
    if ordered:
        rows = np.stack([data[i] for i, k in sorted(enumerate(ids), key=lambda p: p[1]) if k >= 0])
        out = tf.math.segment_sum(rows, ordered)
        np.testing.assert_array_equal(out.numpy(), expected[:ordered[-1] + 1])


def test_segment_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="sorted"):
        tf.math.segment_sum([1.0, 2.0], [1, 0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of range"):
        tf.math.unsorted_segment_sum([1.0, 2.0], [0, 3], num_segments=2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="prefix"):
        tf.math.segment_sum([1.0, 2.0], [0, 0, 1])


def test_bincount():
    arr = np.array([1, 1, 4, 2, 1], np.int32)
    assert tf.math.bincount(arr).numpy().tolist() == np.bincount(arr).tolist()
    assert tf.math.bincount(arr, minlength=7).numpy().tolist() == np.bincount(arr, minlength=7).tolist()
    assert tf.math.bincount(arr, maxlength=3).numpy().tolist() == [0, 3, 1]
    weighted = tf.math.bincount(arr, weights=tf.constant([0.5, 1, 1, 1, 1]))
    assert weighted.dtype == tf.float32 and weighted.numpy().tolist() == [0, 2.5, 1, 0, 1]
    assert tf.math.bincount(arr, binary_output=True).numpy().tolist() == [0, 1, 1, 0, 1]
    assert tf.math.bincount(arr, dtype=tf.int64).dtype == tf.int64
    assert tf.math.bincount(tf.zeros([0], tf.int32)).shape == (0,)
    with pytest.raises(tf.errors.InvalidArgumentError, match="non-negative"):
        tf.math.bincount([-1, 2])


# --- clipping and confusion matrices --------------------------------------------------------
def test_clip_by_value():
    assert tf.clip_by_value([[1, 5], [7, 2]], 2, 6).numpy().tolist() == [[2, 5], [6, 2]]
    bounded = tf.clip_by_value(tf.constant([[0.0, 5.0], [9.0, -1.0]]), [1.0, 2.0], 4.0)
    assert bounded.numpy().tolist() == [[1.0, 4.0], [4.0, 2.0]]
    x = tf.constant([-2.0, -1.0, 0.5, 1.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.clip_by_value(x, -1.0, 1.0)
    assert tape.gradient(y, x).numpy().tolist() == [0, 1, 1, 1, 0]   # bounds included, as TF
    with pytest.raises(tf.errors.InvalidArgumentError, match="broadcast"):
        tf.clip_by_value(tf.zeros([2]), tf.zeros([3, 2]), 1.0)


def test_clip_by_norm_and_global_norm():
    np.testing.assert_allclose(tf.clip_by_norm([[3.0, 4.0], [0.3, 0.4]], 1.0, axes=1).numpy(),
                               [[0.6, 0.8], [0.3, 0.4]], rtol=1e-6)
    assert tf.clip_by_norm(tf.zeros([2]), 1.0).numpy().tolist() == [0, 0]
    clipped, norm = tf.clip_by_global_norm([tf.constant([3.0]), None, tf.constant([[4.0]])], 2.5)
    assert clipped[1] is None and norm.numpy() == pytest.approx(5.0)
    np.testing.assert_allclose(clipped[0].numpy(), [1.5])
    np.testing.assert_allclose(clipped[2].numpy(), [[2.0]])
    unchanged, _ = tf.clip_by_global_norm([tf.constant([0.3, 0.4])], 1.0)
    np.testing.assert_allclose(unchanged[0].numpy(), [0.3, 0.4], rtol=1e-6)


@FAST
@given(pairs=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=12))
def test_confusion_matrix_counts_pairs(pairs):
    labels, predictions = zip(*pairs)
    expected = np.zeros((5, 5), np.int32)
    for i, j in pairs:
        expected[i, j] += 1
    out = tf.math.confusion_matrix(list(labels), list(predictions), num_classes=5)
    assert out.dtype == tf.int32
    np.testing.assert_array_equal(out.numpy(), expected)


def test_confusion_matrix_options_and_errors():
    weighted = tf.math.confusion_matrix([0, 1, 1], [0, 1, 0], weights=[1.0, 2.0, 0.5], dtype=tf.float32)
    assert weighted.numpy().tolist() == [[1.0, 0.0], [0.5, 2.0]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="out of bound"):
        tf.math.confusion_matrix([0, 3], [0, 1], num_classes=3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="non-negative"):
        tf.math.confusion_matrix([0, -1], [0, 1])


# --- traced functions compute what eager execution computes --------------------------------
def _mixed_math(x, y):
    a = tf.reduce_logsumexp(tf.math.erf(x) ** 2, axis=-1) + tf.reduce_max(x) + tf.cumsum(x, axis=1)[:, 0]
    b = tf.reduce_prod(tf.sigmoid(x) + tf.tanh(y), axis=0) + tf.math.reduce_std(x * y)
    c = tf.math.xlogy(tf.abs(x), tf.exp(y)) + tf.maximum(x, y) // 1.0 + tf.math.floormod(x, 0.7)
    d = tf.math.unsorted_segment_sum(x, tf.constant([1, 0]), 3)
    return (tf.reduce_sum(a) + tf.reduce_sum(b) + tf.reduce_sum(c) + tf.reduce_sum(d * d)
            + tf.reduce_sum(tf.clip_by_norm(x, 1.0)))


def test_math_ops_trace_into_graphs_with_the_same_values_and_gradients():
    x, y = tf.constant([[1.0, 2.0], [0.5, -1.0]]), tf.constant([[0.3, -0.2], [1.5, 0.1]])

    def value_and_grads(fn):
        with tf.GradientTape() as tape:
            tape.watch([x, y])
            out = fn(x, y)
        return [out] + tape.gradient(out, [x, y])
    for eager, traced in zip(value_and_grads(_mixed_math), value_and_grads(tf.function(_mixed_math))):
        np.testing.assert_allclose(traced.numpy(), eager.numpy(), rtol=1e-6)
