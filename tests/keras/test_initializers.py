"""Initializers: shapes, dtypes, distributions with Keras' scales, seeds, and config."""
import math

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

initializers = keras.initializers


def draw(init, shape=(400, 300), dtype=None):
    out = init(shape=shape, dtype=dtype)
    assert tuple(out.shape) == shape
    return out.numpy()


@pytest.mark.parametrize("cls,limit", [
    (initializers.GlorotUniform, math.sqrt(6 / 700)), (initializers.HeUniform, math.sqrt(6 / 400)),
    (initializers.LecunUniform, math.sqrt(3 / 400))], ids=lambda c: getattr(c, "__name__", ""))
def test_uniform_variance_scaling_limits(cls, limit):
    w = draw(cls(seed=1))
    assert w.dtype == np.float32 and abs(w).max() <= limit
    assert w.std() == pytest.approx(limit / math.sqrt(3), rel=0.02)


@pytest.mark.parametrize("cls,std", [
    (initializers.GlorotNormal, math.sqrt(2 / 700)), (initializers.HeNormal, math.sqrt(2 / 400)),
    (initializers.LecunNormal, math.sqrt(1 / 400))], ids=lambda c: getattr(c, "__name__", ""))
def test_truncated_normal_variance_scaling_std(cls, std):
    w = draw(cls(seed=2))
    assert w.std() == pytest.approx(std, rel=0.02)  # the truncation is compensated
    assert abs(w).max() <= 2 * std / 0.87962566103423978 + 1e-6


def test_variance_scaling_modes_and_conv_fans():
    assert initializers.random_initializers.compute_fans((3, 3, 16, 32)) == (144, 288)
    w = draw(initializers.VarianceScaling(2.0, "fan_out", "untruncated_normal", seed=3), (200, 500))
    assert w.std() == pytest.approx(math.sqrt(2 / 500), rel=0.02)
    with pytest.raises(ValueError, match="Invalid `mode` argument"):
        initializers.VarianceScaling(mode="fan_sum")
    with pytest.raises(ValueError, match="`scale` must be positive"):
        initializers.VarianceScaling(scale=0.0)


def test_random_normal_uniform_truncated():
    n = draw(initializers.RandomNormal(mean=1.0, stddev=2.0, seed=4))
    assert n.mean() == pytest.approx(1.0, abs=0.02) and n.std() == pytest.approx(2.0, rel=0.02)
    u = draw(initializers.RandomUniform(minval=2.0, maxval=3.0, seed=5))
    assert u.min() >= 2.0 and u.max() < 3.0
    t = draw(initializers.TruncatedNormal(stddev=1.0, seed=6))
    assert abs(t).max() <= 2.0
    assert initializers.RandomNormal(seed=1)(shape=(3,), dtype="float64").dtype == tf.float64


def test_constant_initializers():
    np.testing.assert_array_equal(draw(initializers.Zeros(), (2, 3)), np.zeros((2, 3)))
    np.testing.assert_array_equal(draw(initializers.Ones(), (2,)), np.ones(2))
    assert initializers.Zeros()(shape=(2,), dtype="int32").dtype == tf.int32
    np.testing.assert_array_equal(draw(initializers.Constant(0.5), (2, 2)), np.full((2, 2), 0.5))
    np.testing.assert_array_equal(draw(initializers.Identity(3.0), (2, 2)), 3 * np.eye(2))
    with pytest.raises(ValueError, match="only be used for 2D matrices"):
        initializers.Identity()(shape=(2, 2, 2))


def test_orthogonal():
    q = draw(initializers.Orthogonal(seed=7), (6, 4))
    np.testing.assert_allclose(q.T @ q, np.eye(4), atol=1e-5)
    wide = draw(initializers.Orthogonal(gain=2.0, seed=7), (3, 5))
    np.testing.assert_allclose(wide @ wide.T, 4 * np.eye(3), atol=1e-5)
    with pytest.raises(ValueError, match="at least two-dimensional"):
        initializers.Orthogonal()(shape=(4,))


def test_seeds_make_values_repeat():
    a = initializers.GlorotUniform(seed=42)
    np.testing.assert_array_equal(draw(a, (5, 5)), draw(a, (5, 5)))
    np.testing.assert_array_equal(draw(a, (5, 5)), draw(initializers.GlorotUniform(seed=42), (5, 5)))
    assert not np.array_equal(draw(a, (5, 5)), draw(initializers.GlorotUniform(seed=43), (5, 5)))


def test_global_seed_makes_unseeded_initializers_repeat():
    def weights():
        tf.random.set_seed(123)
        return [draw(initializers.get("glorot_uniform"), (4, 4)) for _ in range(2)]
    first, second = weights(), weights()
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.array_equal(first[0], first[1])  # two layers get different weights


NAMES = {"glorot_uniform": "GlorotUniform", "glorot_normal": "GlorotNormal", "he_uniform": "HeUniform",
         "he_normal": "HeNormal", "lecun_uniform": "LecunUniform", "lecun_normal": "LecunNormal",
         "random_normal": "RandomNormal", "random_uniform": "RandomUniform",
         "truncated_normal": "TruncatedNormal", "variance_scaling": "VarianceScaling", "zeros": "Zeros",
         "ones": "Ones", "constant": "Constant", "orthogonal": "Orthogonal", "identity": "Identity",
         "uniform": "RandomUniform", "normal": "RandomNormal"}


@pytest.mark.parametrize("name", sorted(NAMES))
def test_string_names(name):
    assert type(initializers.get(name)).__name__ == NAMES[name]


@pytest.mark.parametrize("init", [
    initializers.GlorotUniform(seed=3), initializers.HeNormal(), initializers.RandomNormal(0.5, 2.0, seed=1),
    initializers.RandomUniform(-1.0, 1.0), initializers.TruncatedNormal(stddev=0.1),
    initializers.VarianceScaling(2.0, "fan_avg", "uniform", seed=9), initializers.Constant(0.3),
    initializers.Zeros(), initializers.Orthogonal(gain=0.5), initializers.Identity(gain=2.0)],
    ids=lambda i: type(i).__name__)
def test_config_round_trip(init):
    config = initializers.serialize(init)
    assert config["module"] == "keras.initializers" and config["class_name"] == type(init).__name__
    clone = initializers.deserialize(config)
    assert type(clone) is type(init) and clone.get_config() == init.get_config()


def test_keras_config_format_and_aliases():
    assert initializers.serialize(initializers.GlorotUniform()) == {
        "module": "keras.initializers", "class_name": "GlorotUniform",
        "config": {"seed": None, "input_axes": None, "output_axes": None}, "registered_name": None}
    assert initializers.LeCunNormal is initializers.LecunNormal
    with pytest.raises(ValueError, match="Could not interpret initializer identifier: glorot"):
        initializers.get("glorot")


def test_floatx_sets_the_default_dtype():
    keras.config.set_floatx("float64")
    try:
        assert initializers.GlorotUniform(seed=1)(shape=(2, 2)).dtype == tf.float64
        assert keras.Variable(initializer="zeros", shape=(2,)).dtype == tf.float64
    finally:
        keras.config.set_floatx("float32")
    with pytest.raises(ValueError, match="Unknown `floatx` value: 'float8'"):
        keras.config.set_floatx("float8")
    with pytest.raises(ValueError, match="`data_format` argument must be one of"):
        keras.config.set_image_data_format("nhwc")


def test_keras_variable_from_an_initializer():
    v = keras.Variable(initializer="glorot_uniform", shape=(3, 2), name="kernel")
    assert v.shape == (3, 2) and v.dtype == tf.float32 and v.name == "kernel" and v.trainable
    with tf.name_scope("dense"):
        assert keras.Variable(np.zeros(2), name="bias").path == "dense/bias"
    assert keras.Variable(3).dtype == tf.float32
    with pytest.raises(ValueError, match="the `shape` argument should be specified"):
        keras.Variable(initializer="ones")
