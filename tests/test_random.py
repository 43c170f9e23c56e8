"""tf.random: TensorFlow's seeding rules, distributions (mean/std/bounds), dtypes and errors."""
import numpy as np
import pytest

import neuroflow as tf

N = 40000   # samples for distribution checks: standard errors ~0.005


@pytest.fixture(autouse=True)
def _no_global_seed():
    tf.random.set_seed(None)
    yield
    tf.random.set_seed(None)


def _draws(fn):
    return fn().numpy(), fn().numpy()


def test_global_seed_makes_runs_repeat_and_calls_differ():
    tf.random.set_seed(1)
    a, b = _draws(lambda: tf.random.normal([5]))
    tf.random.set_seed(1)
    c, d = _draws(lambda: tf.random.normal([5]))
    np.testing.assert_array_equal(a, c)
    np.testing.assert_array_equal(b, d)
    assert not np.array_equal(a, b)
    tf.random.set_seed(2)
    assert not np.array_equal(tf.random.normal([5]).numpy(), a)


def test_op_seeds_select_reproducible_streams():
    a, b = _draws(lambda: tf.random.uniform([4], seed=7))          # no global seed: a default one
    assert not np.array_equal(a, b)
    tf.random.set_seed(None)
    np.testing.assert_array_equal(tf.random.uniform([4], seed=7).numpy(), a)
    assert not np.array_equal(tf.random.uniform([4], seed=8).numpy(), a)
    tf.random.set_seed(3)
    assert not np.array_equal(tf.random.uniform([4], seed=7).numpy(), a)


def test_unseeded_draws_differ():
    a, b = _draws(lambda: tf.random.normal([5]))
    assert not np.array_equal(a, b)


def test_normal_distribution_and_dtypes():
    x = tf.random.normal([N], mean=3.0, stddev=2.0, seed=1)
    assert x.dtype == tf.float32 and x.shape == [N]
    assert abs(x.numpy().mean() - 3.0) < 0.05 and abs(x.numpy().std() - 2.0) < 0.05
    assert tf.random.normal([2, 2], dtype=tf.float64).dtype == tf.float64
    assert tf.random.normal([2], dtype=tf.float16).dtype == tf.float16
    assert tf.random.normal(tf.constant([2, 3])).shape == [2, 3]
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected a floating dtype"):
        tf.random.normal([2], dtype=tf.int32)


def test_uniform_floats_and_ints():
    x = tf.random.uniform([N], minval=-1.0, maxval=3.0, seed=2).numpy()
    assert x.dtype == np.float32 and x.min() >= -1.0 and x.max() < 3.0
    assert abs(x.mean() - 1.0) < 0.05 and abs(x.std() - 4 / np.sqrt(12)) < 0.05
    unit = tf.random.uniform([N]).numpy()
    assert unit.min() >= 0.0 and unit.max() < 1.0
    ints = tf.random.uniform([N], minval=-2, maxval=3, dtype=tf.int64, seed=3).numpy()
    assert ints.dtype == np.int64 and set(np.unique(ints).tolist()) == {-2, -1, 0, 1, 2}
    with pytest.raises(ValueError, match="Must specify maxval for integer dtype"):
        tf.random.uniform([2], dtype=tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval: 3 >= 3"):
        tf.random.uniform([2], minval=3, maxval=3, dtype=tf.int32)


def test_uniform_with_tensor_bounds_broadcasts():
    x = tf.random.uniform([N, 2], minval=tf.constant([0.0, 10.0]), maxval=tf.constant([1.0, 20.0])).numpy()
    assert x[:, 0].max() < 1.0 and x[:, 1].min() >= 10.0 and abs(x[:, 1].mean() - 15.0) < 0.1


def test_truncated_normal_stays_within_two_stddevs():
    x = tf.random.truncated_normal([N], mean=1.0, stddev=0.5, seed=4).numpy()
    assert x.min() >= 0.0 and x.max() <= 2.0
    assert abs(x.mean() - 1.0) < 0.02
    assert abs(x.std() - 0.5 * 0.8796) < 0.01   # the std of a normal truncated at ±2σ is 0.8796σ


def test_shuffle_permutes_rows_only():
    x = np.arange(20).reshape(10, 2)
    shuffled = tf.random.shuffle(x, seed=5).numpy()
    assert sorted(map(tuple, shuffled.tolist())) == sorted(map(tuple, x.tolist()))
    assert not np.array_equal(shuffled, x)
    assert (shuffled[:, 1] == shuffled[:, 0] + 1).all()


def test_categorical_frequencies_follow_softmax():
    probs = np.array([0.1, 0.2, 0.7])
    samples = tf.random.categorical(np.log([probs, probs[::-1]]), N, seed=6)
    assert samples.dtype == tf.int64 and samples.shape == [2, N]
    for row, p in zip(samples.numpy(), (probs, probs[::-1])):
        np.testing.assert_allclose(np.bincount(row, minlength=3) / N, p, atol=0.015)
    assert tf.random.categorical([[0.0, 0.0]], 3, dtype=tf.int32).dtype == tf.int32
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"logits should be a matrix .* got shape \[3\]"):
        tf.random.categorical([0.0, 1.0, 2.0], 2)


def test_generator_streams():
    g = tf.random.Generator.from_seed(11)
    a, b = g.normal([4]).numpy(), g.normal([4]).numpy()
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(tf.random.Generator.from_seed(11).normal([4]).numpy(), a)
    g.reset_from_seed(11)
    np.testing.assert_array_equal(g.normal([4]).numpy(), a)
    ints = g.uniform([100], minval=0, maxval=4, dtype=tf.int32).numpy()
    assert ints.min() >= 0 and ints.max() < 4
    seeds = g.make_seeds(3)
    assert seeds.shape == [2, 3] and seeds.dtype == tf.int64
    first, second = g.split(2)
    assert not np.array_equal(first.normal([4]).numpy(), second.normal([4]).numpy())
    assert tf.random.Generator.from_non_deterministic_state().uniform([2]).shape == [2]


def test_global_generator_follows_the_global_seed():
    tf.random.set_seed(9)
    a = tf.random.get_global_generator().normal([3]).numpy()
    tf.random.set_seed(9)
    np.testing.assert_array_equal(tf.random.get_global_generator().normal([3]).numpy(), a)
    mine = tf.random.Generator.from_seed(1)
    tf.random.set_global_generator(mine)
    assert tf.random.get_global_generator() is mine


def test_stateless_ops_depend_only_on_the_seed():
    for fn in (tf.random.stateless_normal, tf.random.stateless_uniform, tf.random.stateless_truncated_normal):
        a = fn([5], seed=[1, 2]).numpy()
        np.testing.assert_array_equal(fn([5], seed=[1, 2]).numpy(), a)
        assert not np.array_equal(fn([5], seed=[2, 1]).numpy(), a)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"seed must have shape \[2\]"):
        tf.random.stateless_normal([2], seed=[1, 2, 3])
