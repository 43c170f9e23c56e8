"""tf.debugging: assertions and NaN/Inf checks, with TensorFlow's error types and messages."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import neuroflow as tf

InvalidArgument = tf.errors.InvalidArgumentError


def message_of(call):
    with pytest.raises(InvalidArgument) as info:
        call()
    return str(info.value)


# --- elementwise comparisons ------------------------------------------------------------
def test_passing_asserts_return_none():
    x = tf.constant([1, 2, 3])
    assert tf.debugging.assert_equal(x, [1, 2, 3]) is None
    assert tf.debugging.assert_none_equal(x, 0) is None
    assert tf.debugging.assert_less(x, 4) is None
    assert tf.debugging.assert_less_equal(x, [1, 2, 3]) is None
    assert tf.debugging.assert_greater(x, 0) is None
    assert tf.debugging.assert_greater_equal(x, [[1], [0]]) is None      # broadcasts
    assert tf.debugging.assert_equal(tf.zeros([0]), tf.ones([0])) is None  # empty: trivially true


def test_assert_equal_message():
    text = message_of(lambda: tf.debugging.assert_equal(tf.constant([[1, 2], [3, 4]]), [[1, 0], [3, 9]],
                                                        message="mismatch"))
    assert text == ("mismatch\n"
                    "Condition x == y did not hold.\n"
                    "Indices of first 2 different values:\n"
                    "[[0 1]\n [1 1]]\n"
                    "Corresponding x values:\n[2 4]\n"
                    "Corresponding y values:\n[0 9]\n"
                    "First 3 elements of x:\n[1 2 3]\n"
                    "First 3 elements of y:\n[1 0 3]")


def test_assert_less_message_with_broadcasting_and_summarize():
    text = message_of(lambda: tf.debugging.assert_less(tf.constant([1.0, 5.0, 2.0]), 2.0, summarize=1))
    assert text == ("Condition x < y did not hold.\n"
                    "First 1 elements of x:\n[1.]\n"
                    "First 1 elements of y:\n[2.]")
    everything = message_of(lambda: tf.debugging.assert_less(tf.range(10), 5, summarize=-1))
    assert "First 10 elements of x:\n[0 1 2 3 4 5 6 7 8 9]" in everything


@pytest.mark.parametrize("check, x, y", [
    (tf.debugging.assert_equal, [1, 2], [1, 3]),
    (tf.debugging.assert_none_equal, [1, 2], [0, 2]),
    (tf.debugging.assert_less, [1, 2], [2, 2]),
    (tf.debugging.assert_less_equal, [1, 3], [2, 2]),
    (tf.debugging.assert_greater, [3, 2], [2, 2]),
    (tf.debugging.assert_greater_equal, [3, 1], [2, 2]),
])
def test_each_comparison_fails_on_one_bad_entry(check, x, y):
    with pytest.raises(InvalidArgument, match="did not hold"):
        check(tf.constant(x), tf.constant(y))


def test_same_tensor_is_equal_but_not_less():
    x = tf.constant([np.nan])
    assert tf.debugging.assert_equal(x, x) is None       # TensorFlow short-circuits identity
    with pytest.raises(InvalidArgument):
        tf.debugging.assert_less(x, x)


def test_comparison_errors():
    with pytest.raises(InvalidArgument, match="do not broadcast"):
        tf.debugging.assert_equal(tf.zeros([2]), tf.zeros([3]))
    with pytest.raises(InvalidArgument, match="float32.*int32"):
        tf.debugging.assert_equal(tf.zeros([2]), tf.zeros([2], tf.int32))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-5, 5), min_size=1, max_size=6), st.integers(-5, 5))
def test_assert_less_agrees_with_numpy(values, bound):
    x = tf.constant(values)
    if all(v < bound for v in values):
        tf.debugging.assert_less(x, bound)
    else:
        text = message_of(lambda: tf.debugging.assert_less(x, bound))
        assert text.startswith("Condition x < y did not hold.")


# --- signs, tolerance -------------------------------------------------------------------
def test_sign_asserts():
    tf.debugging.assert_positive(tf.constant([1.0, 2.0]))
    tf.debugging.assert_non_negative([0, 3])
    tf.debugging.assert_negative(tf.constant(-1))
    tf.debugging.assert_non_positive([0.0, -1.0])
    text = message_of(lambda: tf.debugging.assert_positive(tf.constant([1.0, -2.0, 3.0, 4.0]),
                                                           message="weights"))
    assert text == ("weights.  \nCondition x > 0 did not hold element-wise:\n"
                    "x (shape=(4,) dtype=float32) = \n['1.0', '-2.0', '3.0', '...']")
    for check, bad in ((tf.debugging.assert_negative, [0]), (tf.debugging.assert_non_negative, [-1]),
                       (tf.debugging.assert_non_positive, [1])):
        with pytest.raises(InvalidArgument, match="did not hold element-wise"):
            check(tf.constant(bad))


def test_assert_near():
    tf.debugging.assert_near(tf.constant([1.0, 100.0]), [1.0 + 1e-7, 100.00002])
    tf.debugging.assert_near(tf.constant([1.0]), [1.05], rtol=0.1)
    tf.debugging.assert_near(tf.constant([1.0 + 1j]), tf.constant([1.0 + 1j]))
    text = message_of(lambda: tf.debugging.assert_near(tf.constant([1.0, 2.0], tf.float64), [1.0, 2.5],
                                                       atol=0.1))
    assert text.startswith("x and y not equal to tolerance rtol = 2.220446049250313e-15, atol = 0.1\n"
                           "x (shape=(2,) dtype=float64) = \n['1.0', '2.0']")
    with pytest.raises(InvalidArgument):
        tf.debugging.assert_near(tf.constant([np.nan]), [np.nan])    # NaN is never near
    with pytest.raises(ValueError, match="float or complex"):
        tf.debugging.assert_near(tf.constant([1]), [1])


# --- ranks, dtypes, shapes --------------------------------------------------------------
def test_rank_asserts():
    tf.debugging.assert_rank(tf.zeros([2, 3]), 2)
    tf.debugging.assert_rank(tf.constant(1.0), tf.constant(0))
    tf.debugging.assert_rank_at_least(tf.zeros([2, 3]), 1)
    tf.debugging.assert_rank_in(tf.zeros([2]), [1, 3])
    with pytest.raises(ValueError, match=r"^shape check.  Tensor  must have rank 3.  Received rank 2, "
                                         r"shape \(2, 3\)$"):
        tf.debugging.assert_rank(tf.zeros([2, 3]), 3, message="shape check")
    with pytest.raises(ValueError, match=r"must have rank at least 3.  Received rank 2"):
        tf.debugging.assert_rank_at_least(tf.zeros([2, 3]), 3)
    with pytest.raises(ValueError, match=r"must have rank in \(0, 1\).  Received rank 2"):
        tf.debugging.assert_rank_in(tf.zeros([2, 3]), (0, 1))
    with pytest.raises(ValueError, match="Rank must be a scalar"):
        tf.debugging.assert_rank(tf.zeros([2]), [1])
    with pytest.raises(TypeError, match="must be of type tf.int32"):
        tf.debugging.assert_rank(tf.zeros([2]), 1.0)


def test_type_asserts():
    tf.debugging.assert_type(tf.Variable(1.0), tf_type=tf.float32)
    tf.debugging.assert_integer(tf.constant([1, 2], tf.int64))
    tf.debugging.assert_scalar(tf.constant(3))
    with pytest.raises(TypeError, match=r"^tensor must be of type tf.bool; got tf.int32$"):
        tf.debugging.assert_type(tf.constant(21), tf.bool)
    with pytest.raises(TypeError, match=r'Expected "x" to be integer type.  Found: tensor of dtype '
                                        r"<dtype: 'float32'>"):
        tf.debugging.assert_integer(tf.constant(1.0))
    with pytest.raises(ValueError, match=r"^Expected scalar shape, saw shape: \(2,\).$"):
        tf.debugging.assert_scalar(tf.zeros([2]))
    assert tf.debugging.is_numeric_tensor(tf.constant(1))
    assert not tf.debugging.is_numeric_tensor(tf.constant("a"))
    assert not tf.debugging.is_numeric_tensor(np.zeros(2))
    assert not tf.debugging.is_numeric_tensor(tf.Variable(1.0))


def test_assert_shapes():
    x, y, param = tf.zeros([10, 3]), tf.ones([10, 7]), tf.Variable([1.0, 2.0, 3.0])
    tf.debugging.assert_shapes([(x, ("N", "Q")), (y, ("N", "D")), (param, ("Q",)), (1.0, ()),
                                (tf.zeros([4, 5, 3]), (..., "Q")), (x, ("*", None, 3)), (y, None)])
    tf.debugging.assert_shapes({"unused": None}.items())
    with pytest.raises(ValueError, match=r"Specified explicitly.  Tensor shape=\(10, 3\) dtype=float32 "
                                         r"dimension 1 must have size 4.  Received size 3"):
        tf.debugging.assert_shapes([(x, (10, 4))])
    with pytest.raises(ValueError, match="Specified by tensor shape=\\(10, 3\\) dtype=float32 dimension 0"):
        tf.debugging.assert_shapes([(x, ("N", "Q")), (tf.zeros([9, 7]), ("N", "D"))])
    with pytest.raises(ValueError, match="must have rank 3.  Received rank 2"):
        tf.debugging.assert_shapes([(x, ("N", "Q", "R"))])
    with pytest.raises(ValueError, match="only allowed as the first entry"):
        tf.debugging.assert_shapes([(x, ("N", ...))])
    with pytest.raises(ValueError, match="Specified shape must be an iterable"):
        tf.debugging.assert_shapes([(x, 3)])


def test_assert_op():
    tf.debugging.Assert(tf.constant(True), ["never shown"])
    text = message_of(lambda: tf.debugging.Assert(tf.constant(False), ["bad x:", tf.range(5)], summarize=2))
    assert text == ("Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: "
                    "b'bad x:'\n0, 1, ...")


# --- check_numerics -------------------------------------------------------------------------
@pytest.mark.parametrize("values, found", [
    ([1.0, np.nan], "NaN"), ([np.inf, 1.0], "Inf"), ([-np.inf, np.nan], "Inf and NaN")])
def test_check_numerics_reports_what_it_found(values, found):
    with pytest.raises(InvalidArgument, match=f"^checking b : Tensor had {found} values"):
        tf.debugging.check_numerics(tf.constant(values), "checking b")
    with pytest.raises(InvalidArgument, match=found):
        tf.debugging.assert_all_finite(tf.constant(values, tf.float64), "all finite")


def test_check_numerics_passes_values_through():
    x = tf.constant([[1.0, 2.0]])
    y = tf.debugging.check_numerics(x, "fine")
    np.testing.assert_array_equal(y.numpy(), x.numpy())
    v = tf.Variable([1.0])
    checked = tf.debugging.check_numerics(v, "variable")
    v.assign([5.0])
    assert checked.numpy()[0] == 1.0                 # a snapshot, not a view of the variable
    with pytest.raises(TypeError, match="floating-point"):
        tf.debugging.check_numerics(tf.constant([1, 2]), "ints")


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
def test_check_numerics_checks_the_gradient_too():
    x = tf.constant([0.0, 1.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.sqrt(tf.debugging.check_numerics(x, "input"))    # d sqrt / dx is inf at 0
    with pytest.raises(InvalidArgument, match="^Not a number \\(NaN\\) or infinity \\(Inf\\) values "
                                              "detected in gradient. input : Tensor had Inf values"):
        tape.gradient(y, x)
