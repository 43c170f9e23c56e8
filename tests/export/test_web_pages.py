"""The lecture's pages in examples/web, served by `neuroflow.export.serve` on 127.0.0.1 and
opened in headless Chromium: HelloWorld trains y = 2x - 1, TFCalc adds and multiplies, and
mnist.html classifies shipped test digits with an MNIST model exported to TF.js."""
import os
import shutil
import threading

import numpy as np
import pytest

from neuroflow import keras
from neuroflow.export import tfjs
from neuroflow.export.serve import make_server
from node_tools import NODE_MODULES, WEB, requires_node, run_node

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
requires_browser = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) or not os.path.isdir(os.path.join(NODE_MODULES, "puppeteer-core")),
    reason=f"needs Chromium at {CHROMIUM} (`apt-get install chromium`) and puppeteer-core "
           "(`cd examples/web && npm ci`); .ci/run installs both")


def _mnist_model():
    """The README demo's model (784-128-10 MLP), trained briefly on the real-MNIST sample shipped with neuroflow."""
    keras.utils.set_random_seed(42)
    (x, y), _ = keras.datasets.mnist.load_sample()
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x.reshape(-1, 784).astype("float32") / 255.0, y, epochs=3, batch_size=32, verbose=0)
    return model


@requires_node
@requires_browser
def test_pages_in_headless_chromium(tmp_path):
    site = tmp_path / "site"  # the shipped pages as they are, plus the model a user exports beside them
    shutil.copytree(WEB, site, ignore=shutil.ignore_patterns("node_modules", "mnist_model"))
    os.symlink(NODE_MODULES, site / "node_modules")
    model = _mnist_model()
    model.export(str(site / "mnist_model"), format="tfjs", verbose=False)

    server = make_server(site, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    shots = os.environ.get("NEUROFLOW_SCREENSHOTS") or str(tmp_path / "screenshots")
    os.makedirs(shots, exist_ok=True)
    try:
        shown = run_node("browser_pages.js", f"http://127.0.0.1:{server.server_port}", shots, CHROMIUM, timeout=300)
    finally:
        server.shutdown()
        server.server_close()

    assert shown["errors"] == []
    assert abs(shown["hello"] - 19.0) <= 0.5
    np.testing.assert_allclose(shown["sum"], [4.0, 42.0, 0.0])
    np.testing.assert_allclose(shown["product"], [3.75, 80.0, -9.0])
    from neuroflow import io
    for digit in shown["mnist"]:
        png = open(os.path.join(WEB, "digits", f"{digit['label']}.png"), "rb").read()
        x = io.decode_png(png).numpy().reshape(1, 784).astype("float32") / 255.0
        expected = model.predict(x, verbose=0)[0]
        np.testing.assert_allclose(digit["probabilities"], expected, atol=1e-4)
        assert digit["predicted"] == digit["label"] == expected.argmax()
    assert {"HelloWorld.png", "TFCalc.png", "mnist.png"} <= set(os.listdir(shots))
