"""Keras activations against NumPy formulas, and their names."""
import math

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

activations = keras.activations
X = np.array([[-3.0, -1.0, -0.2, 0.0], [0.3, 1.0, 2.5, 7.0]], np.float32)
ERF = np.vectorize(math.erf)


def _softmax(x, axis=-1):
    e = np.exp(x - x.max(axis, keepdims=True))
    return e / e.sum(axis, keepdims=True)


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _softplus(x):
    return np.log1p(np.exp(x))


SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805
REFERENCES = {
    "relu": lambda x: np.maximum(x, 0),
    "leaky_relu": lambda x: np.where(x > 0, x, 0.2 * x),
    "relu6": lambda x: np.clip(x, 0, 6),
    "elu": lambda x: np.where(x > 0, x, np.expm1(x)),
    "selu": lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)),
    "gelu": lambda x: 0.5 * x * (1 + ERF(x / math.sqrt(2))),
    "silu": lambda x: x * _sigmoid(x),
    "swish": lambda x: x * _sigmoid(x),
    "sigmoid": _sigmoid,
    "hard_sigmoid": lambda x: np.clip(x / 6 + 0.5, 0, 1),
    "hard_silu": lambda x: x * np.clip(x / 6 + 0.5, 0, 1),
    "tanh": np.tanh,
    "softmax": _softmax,
    "log_softmax": lambda x: np.log(_softmax(x)),
    "softplus": _softplus,
    "softsign": lambda x: x / (1 + np.abs(x)),
    "mish": lambda x: x * np.tanh(_softplus(x)),
    "exponential": np.exp,
    "linear": lambda x: x,
}


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_activation_matches_formula_and_name(name):
    fn = activations.get(name)
    out = np.asarray(fn(tf.constant(X)))
    np.testing.assert_allclose(out, REFERENCES[name](X.astype(np.float64)), rtol=2e-6, atol=1e-6)
    assert activations.deserialize(activations.serialize(fn)) is fn


def test_relu_options():
    x = tf.constant([-2.0, -0.5, 0.5, 1.5, 8.0])
    np.testing.assert_allclose(activations.relu(x, max_value=6.0).numpy(), [0, 0, 0.5, 1.5, 6])
    np.testing.assert_allclose(activations.relu(x, negative_slope=0.1).numpy(), [-0.2, -0.05, 0.5, 1.5, 8])
    np.testing.assert_allclose(activations.relu(x, threshold=1.0).numpy(), [0, 0, 0, 1.5, 8])
    # below the threshold the slope applies to (x - threshold)
    np.testing.assert_allclose(activations.relu(x, negative_slope=0.5, threshold=1.0, max_value=5.0).numpy(),
                               [-1.5, -0.75, -0.25, 1.5, 5.0])


def test_elu_alpha_softmax_axis_and_gelu_approximation():
    x = np.array([-1.0, 2.0], np.float32)
    np.testing.assert_allclose(activations.elu(x, alpha=0.5).numpy(), [0.5 * math.expm1(-1), 2.0], rtol=1e-6)
    np.testing.assert_allclose(activations.softmax(X, axis=0).numpy(), _softmax(X, axis=0), rtol=1e-6)
    approx = 0.5 * X * (1 + np.tanh(math.sqrt(2 / math.pi) * (X + 0.044715 * X ** 3)))
    np.testing.assert_allclose(activations.gelu(X, approximate=True).numpy(), approx, rtol=1e-5, atol=1e-6)


def test_dtypes_are_kept():
    assert activations.relu(tf.constant([1.0], tf.float64)).dtype == tf.float64
    assert activations.softmax(tf.constant([[1.0, 2.0]])).dtype == tf.float32


def test_activations_are_differentiable():
    x = tf.constant([-1.0, 0.5, 2.0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.reduce_sum(activations.mish(x) + activations.hard_sigmoid(x))
    grad = tape.gradient(y, x).numpy()
    h = 1e-3
    numeric = [(REFERENCES["mish"](v + h) - REFERENCES["mish"](v - h)) / (2 * h) + (1 / 6 if -3 < v < 3 else 0)
               for v in (-1.0, 0.5, 2.0)]
    np.testing.assert_allclose(grad, numeric, rtol=1e-3)


def test_get_accepts_none_callables_and_configs():
    assert activations.get(None) is activations.linear
    custom = lambda x: x * 2  # noqa: E731
    assert activations.get(custom) is custom
    assert activations.get({"class_name": "function", "config": "relu"}) is activations.relu
    assert activations.get("Swish") is activations.silu
    with pytest.raises(ValueError, match="Could not interpret activation function identifier: rellu"):
        activations.get("rellu")
