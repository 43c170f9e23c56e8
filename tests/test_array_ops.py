"""Shape manipulation and creation ops against NumPy: values, shapes, dtypes, views and errors."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import neuroflow as tf

FAST = settings(max_examples=40, deadline=None)
shapes = st.lists(st.integers(1, 4), min_size=1, max_size=4).map(tuple)


def _array(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(np.float32)


# --- reshape / transpose (views) ------------------------------------------------------------
@FAST
@given(shapes, st.data())
def test_reshape_and_transpose_match_numpy_and_are_views(shape, data):
    a = _array(shape)
    t = tf.constant(a)
    target = list(data.draw(st.permutations(shape)))
    target[data.draw(st.integers(0, len(shape) - 1))] = -1
    reshaped = tf.reshape(t, target)
    np.testing.assert_array_equal(reshaped.numpy(), a.reshape(target))
    perm = data.draw(st.permutations(range(len(shape))))
    transposed = tf.transpose(t, perm)
    np.testing.assert_array_equal(transposed.numpy(), a.transpose(perm))
    assert np.shares_memory(reshaped._value, a) or np.shares_memory(reshaped._value, t._value)
    assert np.shares_memory(transposed._value, t._value)
    assert transposed.dtype == tf.float32


def test_unstack_split_and_reverse_are_views_of_tensors_not_of_variables():
    t = tf.constant(_array((4, 3)))
    assert all(np.shares_memory(p._value, t._value) for p in tf.unstack(t, axis=1))
    assert all(np.shares_memory(p._value, t._value) for p in tf.split(t, 2))
    assert np.shares_memory(tf.reverse(t, [0])._value, t._value)
    v = tf.Variable(_array((4, 3)))
    assert not any(np.shares_memory(p._value, v._value) for p in tf.split(v, 2))


# --- concat / stack / unstack / split --------------------------------------------------------
@FAST
@given(shapes, st.data())
def test_concat_stack_split_roundtrip(shape, data):
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    parts = [_array(shape, seed) for seed in range(3)]
    joined = tf.concat(parts, axis)
    np.testing.assert_array_equal(joined.numpy(), np.concatenate(parts, axis))
    pieces = tf.split(joined, [shape[axis], -1, shape[axis]], axis=axis)
    for piece, part in zip(pieces, parts):
        np.testing.assert_array_equal(piece.numpy(), part)
    stack_axis = data.draw(st.integers(-len(shape) - 1, len(shape)))
    stacked = tf.stack(parts, axis=stack_axis)
    np.testing.assert_array_equal(stacked.numpy(), np.stack(parts, stack_axis))
    for row, part in zip(tf.unstack(stacked, axis=stack_axis), parts):
        np.testing.assert_array_equal(row.numpy(), part)


def test_concat_and_stack_take_python_values_in_the_tensors_dtype():
    out = tf.concat([tf.constant([1.5]), [2, 3]], 0)
    assert out.dtype == tf.float32
    np.testing.assert_array_equal(out.numpy(), [1.5, 2, 3])
    assert tf.stack([tf.constant(1.0, tf.float64), 2]).dtype == tf.float64
    assert tf.concat([tf.constant([1, 2])], 0).numpy().tolist() == [1, 2]


def test_join_errors_name_the_shapes_and_dtypes():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"values\[0\] \[2,3\] and values\[1\] \[2,4\]"):
        tf.concat([tf.zeros([2, 3]), tf.zeros([2, 4])], 0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="can't concatenate scalars"):
        tf.concat([1.0, 2.0], 0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="float32 but values\\[1\\] is int32"):
        tf.concat([tf.zeros([1]), tf.constant([1])], 0)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"values\[0\].shape = \[2\] != values\[1\].shape = \[3\]"):
        tf.stack([tf.zeros([2]), tf.zeros([3])])
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis 2 is out of range"):
        tf.concat([tf.zeros([2, 3])] * 2, 2)


def test_split_and_unstack_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"split_dim 0 \(size = 5\) and num_split 2"):
        tf.split(tf.zeros([5]), 2)
    with pytest.raises(tf.errors.InvalidArgumentError, match="do not add up to the size 5"):
        tf.split(tf.zeros([5]), [2, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="must equal num=3"):
        tf.unstack(tf.zeros([2, 2]), num=3)
    assert [p.shape[0] for p in tf.split(tf.zeros([7]), tf.constant([3, -1]))] == [3, 4]


def test_jacobian_uses_stack():
    x = tf.constant([1.0, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    np.testing.assert_array_equal(tape.jacobian(y, x).numpy(), [[2, 0], [0, 4]])


# --- tile / pad / reverse / repeat / meshgrid ---------------------------------------------------
@FAST
@given(shapes, st.data())
def test_tile_pad_reverse_match_numpy(shape, data):
    a = _array(shape)
    multiples = data.draw(st.lists(st.integers(0, 3), min_size=len(shape), max_size=len(shape)))
    np.testing.assert_array_equal(tf.tile(a, multiples).numpy(), np.tile(a, multiples))
    paddings = [data.draw(st.tuples(st.integers(0, d), st.integers(0, d))) for d in shape]
    np.testing.assert_array_equal(tf.pad(a, paddings, "symmetric").numpy(), np.pad(a, paddings, "symmetric"))
    reflect = [(min(lo, d - 1), min(hi, d - 1)) for (lo, hi), d in zip(paddings, shape)]
    np.testing.assert_array_equal(tf.pad(a, reflect, "REFLECT").numpy(), np.pad(a, reflect, "reflect"))
    np.testing.assert_array_equal(tf.pad(a, paddings, constant_values=2).numpy(),
                                  np.pad(a, paddings, constant_values=2))
    axes = data.draw(st.lists(st.integers(0, len(shape) - 1), unique=True))
    np.testing.assert_array_equal(tf.reverse(a, axes).numpy(), np.flip(a, axes))


def test_mirror_pad_gradient_folds_borders_back():
    x = tf.constant([1.0, 2.0, 3.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.pad(x, [[2, 1]], "REFLECT")     # [3, 2, 1, 2, 3, 2]
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [1, 3, 2])


def test_tile_pad_reverse_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected `multiples` to be 2"):
        tf.tile(tf.zeros([2, 2]), [2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="must be at most 2 in REFLECT mode"):
        tf.pad(tf.zeros([3]), [[3, 0]], "REFLECT")
    with pytest.raises(tf.errors.InvalidArgumentError, match="`paddings` must be 1 pairs"):
        tf.pad(tf.zeros([3]), [[1, 1], [1, 1]])
    with pytest.raises(ValueError, match="unknown padding mode 'WRAP'"):
        tf.pad(tf.zeros([3]), [[1, 1]], "wrap")
    with pytest.raises(TypeError):
        tf.pad(tf.zeros([3], tf.int32), [[1, 1]], constant_values=0.5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="more than once"):
        tf.reverse(tf.zeros([2, 2]), [1, -1])


def test_repeat_and_meshgrid_match_numpy():
    a = np.arange(6).reshape(2, 3)
    np.testing.assert_array_equal(tf.repeat(a, [2, 0, 1], axis=1).numpy(), np.repeat(a, [2, 0, 1], axis=1))
    np.testing.assert_array_equal(tf.repeat(a, 3).numpy(), np.repeat(a, 3))
    with pytest.raises(tf.errors.InvalidArgumentError, match="`repeats` must be one non-negative count or 2"):
        tf.repeat(a, [1, 2, 3], axis=0)
    x, y, z = [1, 2, 3], [4.0, 5.0], [6, 7, 8, 9]
    for indexing in ("xy", "ij"):
        for got, expected in zip(tf.meshgrid(x, [4, 5], z, indexing=indexing), np.meshgrid(x, [4, 5], z, indexing=indexing)):
            np.testing.assert_array_equal(got.numpy(), expected)
    assert tf.meshgrid(y, y)[0].dtype == tf.float32


def test_ensure_shape():
    t = tf.zeros([2, 3])
    assert tf.ensure_shape(t, [2, None]) is t
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"\[2,3\] is not compatible .* \[3,\?\]"):
        tf.ensure_shape(t, [3, None])


# --- creation: eye / linspace / one_hot -----------------------------------------------------------
def test_eye():
    np.testing.assert_array_equal(tf.eye(3).numpy(), np.eye(3, dtype=np.float32))
    batch = tf.eye(2, 4, batch_shape=[2, 3], dtype=tf.float64)
    assert batch.shape == (2, 3, 2, 4) and batch.dtype == tf.float64
    np.testing.assert_array_equal(batch.numpy()[1, 2], np.eye(2, 4))


@FAST
@given(st.floats(-100, 100), st.floats(-100, 100), st.integers(0, 20))
def test_linspace_matches_numpy(start, stop, num):
    out = tf.linspace(start, stop, num)
    assert out.dtype == tf.float32 and out.shape == (num,)
    np.testing.assert_allclose(out.numpy(), np.linspace(np.float32(start), np.float32(stop), num),
                               rtol=1e-5, atol=1e-4)
    if num:
        assert out.numpy()[-1] == np.float32(stop if num > 1 else start)


def test_linspace_broadcasts_and_integer_endpoints_give_float64():
    out = tf.linspace([[0.0], [1.0]], [10.0, 20.0], 3, axis=1)
    assert out.shape == (2, 3, 2)
    np.testing.assert_allclose(out.numpy()[1, :, 1], [1.0, 10.5, 20.0])
    assert tf.linspace(0, 4, 5).dtype == tf.float64


def test_one_hot():
    np.testing.assert_array_equal(tf.one_hot([1, 3, -1], 3).numpy(), [[0, 1, 0], [0, 0, 0], [0, 0, 0]])
    out = tf.one_hot([[0, 2]], 3, on_value=5, off_value=-1, axis=1)
    assert out.dtype == tf.int32 and out.shape == (1, 3, 2)
    np.testing.assert_array_equal(out.numpy()[0], [[5, -1], [-1, -1], [-1, 5]])
    assert tf.one_hot([0], 2, dtype=tf.float64).dtype == tf.float64
    assert tf.one_hot([0], 2, on_value=1, dtype=tf.float32).dtype == tf.float32
    with pytest.raises(TypeError, match="does not match dtype parameter"):
        tf.one_hot([0], 2, on_value=tf.constant(1), dtype=tf.float32)
    with pytest.raises(TypeError, match="of on_value does not match"):
        tf.one_hot([0], 2, on_value=1.0, off_value=0)
    with pytest.raises(TypeError, match="indices must be"):
        tf.one_hot([0.0], 2)
