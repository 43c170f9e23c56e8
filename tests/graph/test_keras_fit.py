"""Keras fit/evaluate/predict run compiled by default and match run_eagerly=True."""
import numpy as np
import pytest


keras = pytest.importorskip("neuroflow.keras")


def _model():
    keras.utils.set_random_seed(7)
    model = keras.Sequential([keras.Input((12,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(3, activation="softmax")])
    return model


def _data():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((100, 12)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64) + (x[:, 1] > 1).astype(np.int64)
    return x, y


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_compiled_and_eager_fit_give_the_same_weights(optimizer):
    x, y = _data()
    results = {}
    for eager in (True, False):
        model = _model()
        model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=["accuracy"],
                      run_eagerly=eager)
        history = model.fit(x, y, batch_size=32, epochs=3, verbose=0)  # 100 = 3 * 32 + 4: a partial batch
        results[eager] = (history.history["loss"], model.get_weights(),
                          model.evaluate(x, y, verbose=0), model.predict(x, verbose=0))
    (loss_e, weights_e, eval_e, pred_e), (loss_g, weights_g, eval_g, pred_g) = results[True], results[False]
    np.testing.assert_allclose(loss_g, loss_e, rtol=1e-5)
    for a, b in zip(weights_g, weights_e):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(eval_g, eval_e, rtol=1e-5)
    np.testing.assert_allclose(pred_g, pred_e, rtol=1e-5, atol=1e-6)
    assert loss_e[-1] < loss_e[0]


def test_fit_traces_the_train_step_at_most_twice_per_batch_shape():
    x, y = _data()
    model = _model()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(x, y, batch_size=32, epochs=4, verbose=0)
    compiled = _compiled(model.train_function)
    # the first step runs eagerly (creating variables); one trace for full batches, one for the last
    assert compiled.experimental_get_tracing_count() <= 2


def _compiled(step):
    """The tf.function inside the trainer's step closure."""
    from neuroflow.graph import Function
    cells = [c.cell_contents for c in step.__closure__ or ()]
    found = [c for c in cells if isinstance(c, Function)]
    assert found, "fit() should run its train step through tf.function"
    return found[0]
