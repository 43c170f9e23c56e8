"""keras.ops against real Keras 3: values and dtypes from tests/fixtures/keras_ops (see generate.py there)."""
import json
import pathlib
import sys

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.keras.backend import result_type

_FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "keras_ops"
sys.path.insert(0, str(_FIXTURES))
from cases import CASES, resolve  # noqa: E402

_REFERENCE = np.load(_FIXTURES / "reference.npz")
_CHECKED = [c for c in CASES if f"{c[0]}#0" in _REFERENCE.files]


def _flatten(value):
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in _flatten(v)]
    return [np.asarray(value.numpy() if hasattr(value, "numpy") else value)]


_SIGN_FREE = {"eigh[vals]": {1}}  # eigenvectors are unique only up to sign


@pytest.mark.parametrize("case", _CHECKED, ids=[c[0] for c in _CHECKED])
def test_matches_keras(case):
    case_id, name, args, kwargs = case
    result = getattr(keras.ops, name)(*[resolve(a) for a in args], **{k: resolve(v) for k, v in kwargs.items()})
    outputs = _flatten(result)
    expected = [_REFERENCE[f"{case_id}#{i}"] for i in range(len(outputs)) if f"{case_id}#{i}" in _REFERENCE.files]
    assert len(outputs) == len(expected), f"{case_id}: {len(outputs)} outputs, Keras gives {len(expected)}"
    for index, (got, want) in enumerate(zip(outputs, expected)):
        if index in _SIGN_FREE.get(case_id, ()):
            got, want = np.abs(got), np.abs(want)
        assert got.shape == want.shape, f"{case_id}: shape {got.shape}, Keras {want.shape}"
        assert got.dtype == want.dtype, f"{case_id}: dtype {got.dtype}, Keras {want.dtype}"
        tol = 2e-3 if want.dtype == np.float16 else 1e-5
        np.testing.assert_allclose(got.astype(np.float64) if want.dtype.kind == "f" else got,
                                   want.astype(np.float64) if want.dtype.kind == "f" else want,
                                   rtol=tol, atol=tol, equal_nan=True, err_msg=case_id)


def test_where_keras_tf_backend_departs_from_numpy_we_follow_numpy():
    # Keras 3.15's TensorFlow backend returns wrong values for these two; NumPy's are the definition.
    c = resolve("C")
    np.testing.assert_allclose(keras.ops.rot90(c, k=2, axes=(1, 2)).numpy(), np.rot90(c, 2, axes=(1, 2)))
    a = resolve("A")
    probabilities = keras.ops.nn.sparsemax(a).numpy()
    np.testing.assert_allclose(probabilities.sum(axis=-1), 1.0, rtol=1e-6)
    z = np.sort(a, axis=-1)[:, ::-1]
    k = np.arange(1, a.shape[1] + 1)
    support = 1 + k * z > np.cumsum(z, axis=-1)
    tau = ((z * support).sum(-1) - 1) / support.sum(-1)
    np.testing.assert_allclose(probabilities, np.maximum(a - tau[:, None], 0), rtol=1e-6, atol=1e-7)


def test_result_type_matches_keras_table():
    table = json.loads((_FIXTURES / "result_type.json").read_text())
    python = {"int": int, "float": float, "pybool": bool}
    wrong = {k: (v, result_type(*[python.get(p, p) for p in k.split(",")])) for k, v in table.items()
             if result_type(*[python.get(p, p) for p in k.split(",")]) != v}
    assert not wrong


def test_ops_are_differentiable_and_trace():
    x = tf.Variable([[1.0, -2.0], [0.5, 3.0]])
    with tf.GradientTape() as tape:
        y = keras.ops.sum(keras.ops.square(keras.ops.matmul(x, x)) + keras.ops.logaddexp(x, 0.0))
    grad = tape.gradient(y, x)
    assert grad.shape == (2, 2) and np.isfinite(grad.numpy()).all()

    @tf.function
    def f(a):
        return keras.ops.quantile(a, 0.5, axis=1) + keras.ops.nn.gelu(a)[:, 0]
    np.testing.assert_allclose(f(x.read_value()).numpy(), keras.ops.quantile(x, 0.5, axis=1).numpy()
                               + keras.ops.nn.gelu(x)[:, 0].numpy(), rtol=1e-6)


def test_bad_arguments_explain_themselves():
    with pytest.raises(ValueError, match="method must be one of"):
        keras.ops.quantile([1.0, 2.0], 0.5, method="cubic")
    with pytest.raises(ValueError, match="does not divide"):
        keras.ops.split(keras.ops.ones((5,)), 2)
    with pytest.raises(ValueError, match="mode must be"):
        keras.ops.correlate([1.0], [1.0], mode="wide")


def test_random_functions_are_seeded_and_shaped():
    a = keras.random.normal((3, 2), seed=4)
    assert a.dtype == tf.float32 and a.shape == (3, 2)
    np.testing.assert_array_equal(a.numpy(), keras.random.normal((3, 2), seed=4).numpy())
    gen = keras.random.SeedGenerator(9)
    first, second = keras.random.uniform((4,), seed=gen), keras.random.uniform((4,), seed=gen)
    assert not np.array_equal(first.numpy(), second.numpy())
    assert gen.state.numpy().tolist() == [9, 2]
    ints = keras.random.randint((1000,), 2, 5, seed=1).numpy()
    assert set(np.unique(ints)) == {2, 3, 4}
    dropped = keras.random.dropout(tf.ones((1000,)), 0.5, seed=3).numpy()
    assert set(np.unique(dropped)) == {0.0, 2.0}
    assert sorted(keras.random.shuffle(tf.range(10), seed=2).numpy().tolist()) == list(range(10))
    draws = keras.random.categorical([[0.0, 10.0, -10.0]], 200, seed=1).numpy()
    assert (draws == 1).mean() > 0.95
    g = keras.random.gamma((20000,), 2.5, seed=3).numpy()
    assert abs(g.mean() - 2.5) < 0.1 and abs(g.var() - 2.5) < 0.2
    b = keras.random.binomial((5000,), 10, 0.3, seed=1).numpy()
    assert abs(b.mean() - 3.0) < 0.15
    beta = keras.random.beta((5000,), 2.0, 3.0, seed=1).numpy()
    assert abs(beta.mean() - 0.4) < 0.02


def test_adaptive_pooling_windows_span_floor_to_ceil():
    x = np.arange(70, dtype="float32").reshape(1, 7, 5, 2)
    got = keras.ops.adaptive_average_pool(x, (3, 2)).numpy()
    rows = [(0, 3), (2, 5), (4, 7)]          # [floor(i*7/3), ceil((i+1)*7/3))
    cols = [(0, 3), (2, 5)]                  # [floor(j*5/2), ceil((j+1)*5/2))
    want = np.array([[[x[0, r0:r1, c0:c1, k].mean() for k in range(2)] for c0, c1 in cols] for r0, r1 in rows])
    np.testing.assert_allclose(got[0], want, rtol=1e-6)
    assert keras.ops.adaptive_max_pool(x, 3).numpy()[0, 2, 2, 1] == x[0, 4:7, 3:5, 1].max()
