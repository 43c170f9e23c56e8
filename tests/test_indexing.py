"""Indexing (`t[key]`, slice, strided_slice), gather/gather_nd, boolean_mask, where and scatters."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import neuroflow as tf

FAST = settings(max_examples=60, deadline=None)


# --- t[key] against NumPy ---------------------------------------------------------------------
@st.composite
def arrays_and_keys(draw):
    shape = tuple(draw(st.lists(st.integers(0, 4), min_size=0, max_size=4)))
    array = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    key, dim = [], 0
    ellipsis_at = draw(st.one_of(st.none(), st.integers(0, len(shape))))
    for d in shape:
        if dim == ellipsis_at:
            key.append(Ellipsis)
        dim += 1
        kinds = ["int", "slice", "newaxis"] if d else ["slice", "newaxis"]
        if Ellipsis not in key:  # after an ellipsis every axis needs its key, or they would shift
            kinds.append("skip")
        kind = draw(st.sampled_from(kinds))
        if kind == "int":
            key.append(draw(st.integers(-d, d - 1)))
        elif kind == "slice":
            bound = st.one_of(st.none(), st.integers(-6, 6))
            step = st.one_of(st.none(), st.integers(-3, 3).filter(bool))
            key.append(slice(draw(bound), draw(bound), draw(step)))
        elif kind == "newaxis":
            key.extend([None, slice(None)])
        else:
            break   # the remaining axes are implied
    return array, tuple(key)


@FAST
@given(arrays_and_keys())
def test_getitem_matches_numpy(case):
    array, key = case
    result = tf.constant(array)[key]
    expected = array[key]
    assert result.shape == expected.shape
    np.testing.assert_array_equal(result.numpy(), expected)


@FAST
@given(arrays_and_keys())
def test_getitem_gradient_scatters_into_zeros(case):
    array, key = case
    x = tf.constant(array)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = x[key]
    upstream = np.random.default_rng(0).standard_normal(np.shape(array[key])).astype(np.float32)
    expected = np.zeros_like(array)
    expected[key] = upstream
    np.testing.assert_array_equal(tape.gradient(y, x, output_gradients=tf.constant(upstream)).numpy(), expected)


def test_getitem_returns_views_of_tensors_and_copies_of_variables():
    t = tf.constant(np.arange(6.0).reshape(2, 3))
    assert np.shares_memory(t[1]._value, t._value)
    v = tf.Variable(np.arange(6.0).reshape(2, 3))
    row = v[1, ::-1]
    v.assign(np.zeros((2, 3)))
    np.testing.assert_array_equal(row.numpy(), [5.0, 4.0, 3.0])
    assert v[0, 0].shape == ()


def test_scalar_int_tensor_indices_and_slice_bounds():
    t = tf.reshape(tf.range(12), [3, 4])
    assert int(t[tf.constant(2), tf.constant(-1, tf.int64)]) == 11
    np.testing.assert_array_equal(t[tf.constant(1):, np.int64(2)].numpy(), [6, 10])


def test_list_key_reads_like_a_tuple_as_in_tensorflow():
    t = tf.reshape(tf.range(6), [2, 3])
    assert int(t[[1, 2]]) == 5


def test_bool_key_is_a_boolean_mask():
    t = tf.constant([[1, -2], [-3, 4]])
    np.testing.assert_array_equal(t[t > 0].numpy(), [1, 4])
    np.testing.assert_array_equal(t[np.array([False, True])].numpy(), [[-3, 4]])


@pytest.mark.parametrize("key", [tf.constant([0, 1]), np.array([0, 1]), 1.5, "a", [[0, 1]]])
def test_invalid_index_types_raise_tensorflows_type_error(key):
    with pytest.raises(TypeError, match=r"Only integers, slices \(`:`\), ellipsis"):
        tf.constant([[1, 2], [3, 4]])[key]


def test_out_of_range_index_names_the_index_and_dimension():
    t = tf.zeros([3, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="slice index 5 of dimension 0 out of bounds"):
        t[5]
    with pytest.raises(tf.errors.InvalidArgumentError, match="slice index -3 of dimension 1"):
        t[..., -3]
    with pytest.raises(tf.errors.InvalidArgumentError, match="input has only 2 dims"):
        t[0, 0, 0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="step cannot be zero"):
        t[::0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="multiple ellipses"):
        t[..., ...]


def test_slice_and_its_errors():
    t = tf.reshape(tf.range(12), [3, 4])
    np.testing.assert_array_equal(tf.slice(t, [1, 1], [-1, 2]).numpy(), [[5, 6], [9, 10]])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"size\[1\] in \[0, 3\], but got 4"):
        tf.slice(t, [0, 1], [1, 4])
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected `begin` and `size` to have 2"):
        tf.slice(t, [0], [1])


def test_strided_slice_masks_match_python_slicing():
    a = np.arange(60).reshape(3, 4, 5)
    t = tf.constant(a)
    out = tf.strided_slice(t, [1, 0, 0, 3], [0, 0, 0, 0], [1, 1, 1, -1],
                           begin_mask=0b0000, end_mask=0b1001, ellipsis_mask=0b0010, new_axis_mask=0b0100)
    np.testing.assert_array_equal(out.numpy(), a[1:, ..., None, 3::-1])
    np.testing.assert_array_equal(tf.strided_slice(t, [2], [1], begin_mask=1).numpy(), a[:1])
    shrunk = tf.strided_slice(t, [2, 1], [3, 4], [1, 2], shrink_axis_mask=1)
    np.testing.assert_array_equal(shrunk.numpy(), a[2, 1:4:2])


# --- gather / gather_nd -----------------------------------------------------------------------
@FAST
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.data())
def test_gather_matches_numpy_take(shape, data):
    a = np.random.default_rng(0).standard_normal(shape).astype(np.float32)
    axis = data.draw(st.integers(-len(shape), len(shape) - 1))
    idx_shape = data.draw(st.lists(st.integers(0, 3), max_size=2))
    indices = data.draw(st.lists(st.integers(0, shape[axis] - 1), min_size=int(np.prod(idx_shape)),
                                 max_size=int(np.prod(idx_shape))))
    indices = np.array(indices, dtype=np.int32).reshape(idx_shape)
    np.testing.assert_array_equal(tf.gather(a, indices, axis=axis).numpy(), np.take(a, indices, axis=axis))


def test_gather_batch_dims_matches_a_loop_over_the_batch():
    rng = np.random.default_rng(1)
    params = rng.standard_normal((2, 3, 4, 5))
    indices = rng.integers(0, 4, size=(2, 3, 6))
    out = tf.gather(params, indices, axis=2, batch_dims=2).numpy()
    expected = np.stack([np.stack([np.take(params[i, j], indices[i, j], axis=0) for j in range(3)])
                         for i in range(2)])
    np.testing.assert_array_equal(out, expected)
    out = tf.gather(params, indices[:, 0], axis=3, batch_dims=1).numpy()
    expected = np.stack([np.take(params[i], indices[i, 0], axis=2) for i in range(2)])
    np.testing.assert_array_equal(out, expected)
    assert out.shape == (2, 3, 4, 6)


def test_gather_gradient_adds_repeated_rows():
    x = tf.Variable([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(tf.gather(x, [2, 0, 2]))
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [[1, 1], [0, 0], [2, 2]])


def test_gather_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 5 is not in \[0, 3\)"):
        tf.gather([1, 2, 3], [0, 5])
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0,1\] = -1 is not in \[0, 3\)"):
        tf.gather([1, 2, 3], [[0, -1]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="int32 or int64"):
        tf.gather([1, 2, 3], [0.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="batch_dims=1"):
        tf.gather(tf.zeros([2, 3]), [[0], [1], [2]], axis=1, batch_dims=1)


def test_gather_nd_matches_numpy():
    a = np.arange(24).reshape(2, 3, 4)
    idx = np.array([[[1, 2], [0, 0]], [[1, 0], [0, 2]]])
    np.testing.assert_array_equal(tf.gather_nd(a, idx).numpy(), a[idx[..., 0], idx[..., 1]])
    np.testing.assert_array_equal(tf.gather_nd(a, [[1, 2, 3]]).numpy(), [23])
    batched = tf.gather_nd(a, [[[2, 1]], [[0, 3]]], batch_dims=1).numpy()
    np.testing.assert_array_equal(batched, [[a[0, 2, 1]], [a[1, 0, 3]]])


def test_gather_nd_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = \[2, 0\] does not index"):
        tf.gather_nd(tf.zeros([2, 2]), [[0, 0], [2, 0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="innermost dimension length must be <= params rank"):
        tf.gather_nd(tf.zeros([2]), [[0, 0]])


# --- boolean_mask / where ---------------------------------------------------------------------
def test_boolean_mask_matches_numpy():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((3, 4, 2))
    mask = rng.standard_normal((4, 2)) > 0
    np.testing.assert_array_equal(tf.boolean_mask(a, mask, axis=1).numpy(), a[:, mask])
    np.testing.assert_array_equal(tf.boolean_mask(a, mask[:, 0] > 2, axis=1).shape, (3, 0, 2))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"mask of shape \[3\] does not match"):
        tf.boolean_mask(a, [True, False, True], axis=1)
    with pytest.raises(ValueError, match="mask cannot be scalar"):
        tf.boolean_mask(a, True)


def test_where_forms():
    coords = tf.where([[0, 3], [2, 0]])
    assert coords.dtype == tf.int64
    np.testing.assert_array_equal(coords.numpy(), [[0, 1], [1, 0]])
    x = tf.constant([[1.0, 2.0, 3.0]])
    out = tf.where(tf.constant([[True], [False]]), x, 0.0)
    assert out.dtype == tf.float32
    np.testing.assert_array_equal(out.numpy(), [[1, 2, 3], [0, 0, 0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="cannot be broadcast"):
        tf.where([True, False], tf.zeros([3]), tf.zeros([3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="cannot combine"):
        tf.where([True], tf.zeros([1]), tf.zeros([1], tf.int32))
    with pytest.raises(ValueError, match="both `x` and `y`"):
        tf.where([True], x=1.0)


# --- scatters -----------------------------------------------------------------------------------
def test_scatter_ops_match_numpy():
    t = np.arange(12.0).reshape(4, 3)
    updated = tf.tensor_scatter_nd_update(t, [[3], [0]], [[-1.0, -2, -3], [7, 8, 9]]).numpy()
    expected = t.copy()
    expected[[3, 0]] = [[-1, -2, -3], [7, 8, 9]]
    np.testing.assert_array_equal(updated, expected)
    added = tf.tensor_scatter_nd_add(t, [[1, 2], [1, 2], [0, 0]], [1.0, 1.0, 5.0]).numpy()
    expected = t.copy()
    expected[1, 2] += 2
    expected[0, 0] += 5
    np.testing.assert_array_equal(added, expected)
    np.testing.assert_array_equal(tf.scatter_nd([[1], [1]], [2, 3], [3]).numpy(), [0, 5, 0])


def test_scatter_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"updates must have shape .*\[2,3\]"):
        tf.tensor_scatter_nd_update(tf.zeros([4, 3]), [[0], [1]], tf.zeros([2, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[0\] = \[4\] does not index"):
        tf.tensor_scatter_nd_add(tf.zeros([4]), [[4]], [1.0])
