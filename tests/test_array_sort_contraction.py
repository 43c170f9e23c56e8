"""sort / argsort / top_k / unique and einsum / tensordot against NumPy."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import neuroflow as tf

FAST = settings(max_examples=40, deadline=None)
int_arrays = st.lists(st.integers(1, 5), min_size=1, max_size=3).flatmap(
    lambda shape: st.lists(st.integers(-3, 3), min_size=int(np.prod(shape)), max_size=int(np.prod(shape)))
    .map(lambda values: np.array(values, dtype=np.int32).reshape(shape)))


# --- sorting ----------------------------------------------------------------------------------
@FAST
@given(int_arrays, st.data())
def test_sort_and_argsort_are_stable_in_both_directions(a, data):
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    up = tf.argsort(a, axis=axis)
    assert up.dtype == tf.int32
    np.testing.assert_array_equal(up.numpy(), np.argsort(a, axis=axis, kind="stable"))
    down = tf.argsort(a, axis=axis, direction="DESCENDING").numpy()
    np.testing.assert_array_equal(down, np.argsort(-a, axis=axis, kind="stable"))   # ties: lower index first
    np.testing.assert_array_equal(tf.sort(a, axis=axis).numpy(), np.sort(a, axis=axis))
    np.testing.assert_array_equal(tf.sort(a, axis=axis, direction="DESCENDING").numpy(),
                                  -np.sort(-a, axis=axis))


@FAST
@given(int_arrays, st.data())
def test_top_k_matches_a_stable_descending_sort(a, data):
    k = data.draw(st.integers(0, a.shape[-1]))
    values, indices = tf.math.top_k(a, k=k)
    order = np.argsort(-a, axis=-1, kind="stable")[..., :k]
    np.testing.assert_array_equal(indices.numpy(), order)
    np.testing.assert_array_equal(values.numpy(), np.take_along_axis(a, order, axis=-1))


def test_top_k_result_and_errors():
    result = tf.math.top_k([3.0, 1.0, 2.0], 2, index_type=tf.int64)
    assert type(result).__name__ == "TopKV2" and result.indices.dtype == tf.int64
    with pytest.raises(tf.errors.InvalidArgumentError, match="at least k columns. Had 3, needed 5"):
        tf.math.top_k([3.0, 1.0, 2.0], 5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="at least rank 1"):
        tf.math.top_k(3.0)
    with pytest.raises(ValueError, match="direction must be"):
        tf.sort([1, 2], direction="UP")


def test_sort_gradient_follows_the_permutation():
    x = tf.Variable([3.0, 1.0, 2.0])
    with tf.GradientTape() as tape:
        y = tf.sort(x) * tf.constant([1.0, 10.0, 100.0])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [100.0, 1.0, 10.0])


@FAST
@given(st.lists(st.integers(-4, 4), max_size=12))
def test_unique_keeps_first_appearance_order(values):
    y, idx = tf.unique(np.array(values, dtype=np.int64))
    expected = list(dict.fromkeys(values))
    assert y.numpy().tolist() == expected and y.dtype == tf.int64 and idx.dtype == tf.int32
    assert [expected[i] for i in idx.numpy()] == values
    counts = tf.unique_with_counts(values).count.numpy().tolist()
    assert counts == [values.count(v) for v in expected]


def test_unique_errors_and_names():
    assert type(tf.unique([1])).__name__ == "Unique"
    assert tf.unique([1, 1], out_idx=tf.int64).idx.dtype == tf.int64
    with pytest.raises(tf.errors.InvalidArgumentError, match="unique expects a 1D vector"):
        tf.unique([[1, 2]])


# --- contractions ---------------------------------------------------------------------------
@pytest.mark.parametrize("equation, shapes", [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("ij,kj", [(2, 3), (4, 3)]),
    ("ii->i", [(3, 3)]),
    ("ii", [(3, 3)]),
    ("ij->", [(2, 3)]),
    ("i,j->ij", [(2,), (3,)]),
    ("...ij,jk->...ik", [(2, 5, 2, 3), (3, 4)]),
    ("i...j,j->...i", [(2, 5, 3), (3,)]),
    ("abc,cd,de->abe", [(2, 3, 4), (4, 5), (5, 2)]),
])
def test_einsum_matches_numpy(equation, shapes):
    operands = [np.random.default_rng(i).standard_normal(s).astype(np.float32) for i, s in enumerate(shapes)]
    out = tf.einsum(equation, *operands)
    assert out.dtype == tf.float32
    np.testing.assert_allclose(out.numpy(), np.einsum(equation, *operands), rtol=1e-5, atol=1e-5)


def test_einsum_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="has 2 operand subscripts, but 1 tensors"):
        tf.einsum("ij,jk->ik", tf.zeros([2, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="do not match its shape \\[2,2,2\\]"):
        tf.einsum("ij->i", tf.zeros([2, 2, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match="index 'j' has size 3 in one input and 4"):
        tf.einsum("ij,jk->ik", tf.zeros([2, 3]), tf.zeros([4, 2]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"values\[0\] is float32 but values\[1\] is int32"):
        tf.einsum("i,i->", tf.zeros([2]), tf.constant([1, 2]))


@pytest.mark.parametrize("axes, b_shape", [
    (0, (2, 3)), (1, (2, 5)), (2, (4, 2, 5)), ([[0], [1]], (2, 3)), ([[2, 0], [0, 1]], (2, 3, 4)), ([1, 0], (4, 5)),
])
def test_tensordot_matches_numpy(axes, b_shape):
    a = np.random.default_rng(0).standard_normal((3, 4, 2))
    b = np.random.default_rng(1).standard_normal(b_shape)
    np_axes = axes if isinstance(axes, int) else tuple(axes)
    np.testing.assert_allclose(tf.tensordot(a, b, axes).numpy(), np.tensordot(a, b, np_axes), rtol=1e-12)


def test_tensordot_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"cannot contract axis 1 of a \[2,3\]"):
        tf.tensordot(tf.zeros([2, 3]), tf.zeros([2, 3]), 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="axes=3 must be between 0 and"):
        tf.tensordot(tf.zeros([2, 3]), tf.zeros([3, 2]), 3)


def test_in_top_k_counts_ties_inside_and_rejects_non_finite_rows():
    predictions = tf.constant([[0.1, 0.5, 0.5, 0.2], [0.9, 0.1, 0.0, 0.0], [float("nan"), 1.0, 0.0, 0.0]])
    targets = tf.constant([2, 1, 1])
    assert tf.math.in_top_k(targets, predictions, k=1).numpy().tolist() == [True, False, False]
    assert tf.nn.in_top_k(targets, predictions, k=2).numpy().tolist() == [True, True, False]
    with pytest.raises(tf.errors.InvalidArgumentError, match="outside"):
        tf.math.in_top_k([7, 0, 0], predictions, k=1)
