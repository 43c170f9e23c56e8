"""Regularizers and constraints: values, names and config round trips."""
import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

regularizers, constraints = keras.regularizers, keras.constraints
W = tf.constant([[1.0, -2.0], [3.0, 0.0]])


def test_regularizer_values():
    assert float(regularizers.L1()(W)) == pytest.approx(0.01 * 6)
    assert float(regularizers.L2()(W)) == pytest.approx(0.01 * 14)
    assert float(regularizers.L1L2(l1=0.1, l2=0.2)(W)) == pytest.approx(0.6 + 2.8)
    assert float(regularizers.L1L2()(W)) == 0.0
    assert regularizers.L2(0.5)(tf.constant([2.0], tf.float64)).dtype == tf.float64


def test_orthogonal_regularizer():
    assert float(regularizers.OrthogonalRegularizer(1.0)(tf.eye(3))) == pytest.approx(0.0, abs=1e-7)
    same = tf.constant([[1.0, 0.0], [1.0, 0.0]])  # identical rows: |cos| = 1 for the one pair
    assert float(regularizers.OrthogonalRegularizer(1.0)(same)) == pytest.approx(1.0)
    assert float(regularizers.OrthogonalRegularizer(1.0, mode="columns")(same)) == pytest.approx(0.0)


def test_regularizer_gradient():
    w = tf.Variable([1.0, -2.0])
    with tf.GradientTape() as tape:
        penalty = regularizers.L1L2(l1=0.1, l2=0.5)(w)
    np.testing.assert_allclose(tape.gradient(penalty, w).numpy(), [0.1 + 1.0, -0.1 - 2.0])


def test_bad_regularization_factor():
    with pytest.raises(ValueError, match="Invalid value for argument l2: expected a float. Received: l2='big'"):
        regularizers.L2("big")


def test_constraint_values():
    w = tf.constant([[3.0, 0.1], [4.0, 0.0]])  # column norms 5 and 0.1
    np.testing.assert_allclose(constraints.MaxNorm(2.0)(w).numpy(), [[1.2, 0.1], [1.6, 0.0]], rtol=1e-5)
    np.testing.assert_allclose(constraints.MaxNorm(1.0, axis=1)(tf.constant([[3.0, 4.0]])).numpy(),
                               [[0.6, 0.8]], rtol=1e-5)
    np.testing.assert_allclose(constraints.UnitNorm()(w).numpy(), [[0.6, 1.0], [0.8, 0.0]], rtol=1e-5)
    np.testing.assert_allclose(constraints.NonNeg()(tf.constant([-1.0, 0.0, 2.0])).numpy(), [0.0, 0.0, 2.0])
    mm = constraints.MinMaxNorm(min_value=1.0, max_value=2.0)(w).numpy()
    np.testing.assert_allclose(np.linalg.norm(mm, axis=0), [2.0, 1.0], rtol=1e-5)
    half = constraints.MinMaxNorm(min_value=1.0, max_value=2.0, rate=0.5)(w).numpy()
    np.testing.assert_allclose(np.linalg.norm(half, axis=0), [3.5, 0.55], rtol=1e-5)


@pytest.mark.parametrize("module,name,cls", [
    (regularizers, "l1", "L1"), (regularizers, "l2", "L2"), (regularizers, "l1_l2", "L1L2"),
    (regularizers, "L1L2", "L1L2"), (regularizers, "orthogonal_regularizer", "OrthogonalRegularizer"),
    (constraints, "max_norm", "MaxNorm"), (constraints, "non_neg", "NonNeg"),
    (constraints, "unit_norm", "UnitNorm"), (constraints, "min_max_norm", "MinMaxNorm"),
    (constraints, "MaxNorm", "MaxNorm")])
def test_names(module, name, cls):
    assert type(module.get(name)).__name__ == cls


@pytest.mark.parametrize("module,obj", [
    (regularizers, regularizers.L1(0.3)), (regularizers, regularizers.L2(0.2)),
    (regularizers, regularizers.L1L2(l1=0.1, l2=0.4)), (regularizers, regularizers.OrthogonalRegularizer(0.2, "columns")),
    (constraints, constraints.MaxNorm(3, axis=1)), (constraints, constraints.NonNeg()),
    (constraints, constraints.UnitNorm(axis=-1)), (constraints, constraints.MinMaxNorm(0.5, 2.0, 0.7, 1))],
    ids=lambda o: getattr(type(o), "__name__", str(o)))
def test_config_round_trip(module, obj):
    config = module.serialize(obj)
    assert config["class_name"] == type(obj).__name__
    clone = module.deserialize(config)
    assert type(clone) is type(obj) and clone.get_config() == obj.get_config()


def test_defaults_match_keras():
    assert regularizers.get("l1").get_config() == {"l1": 0.01}
    assert regularizers.get("l2").get_config() == {"l2": 0.01}
    assert regularizers.L1L2().get_config() == {"l1": 0.0, "l2": 0.0}
    assert constraints.MaxNorm().get_config() == {"max_value": 2, "axis": 0}
    assert constraints.MinMaxNorm().get_config() == {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0}


def test_get_passes_callables_and_rejects_unknown_names():
    fn = lambda w: w  # noqa: E731
    assert constraints.get(fn) is fn and regularizers.get(None) is None
    with pytest.raises(ValueError, match="Could not interpret regularizer identifier: l3"):
        regularizers.get("l3")
    with pytest.raises(ValueError, match="Could not interpret constraint identifier: positive"):
        constraints.get("positive")
