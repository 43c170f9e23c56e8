"""The real TensorBoard server, on 127.0.0.1, shows the runs and scalars a neuroflow fit wrote."""
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import numpy as np
import pytest

pytest.importorskip("tensorboard", reason="the TensorBoard server comes with pip install neuroflow[tensorboard]")

from neuroflow import keras  # noqa: E402


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return json.loads(response.read())


def test_tensorboard_server_lists_runs_and_scalar_tags(tmp_path):
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).random((64, 4)).astype(np.float32)
    y = x.sum(axis=1, keepdims=True)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    history = model.fit(x, y, epochs=3, batch_size=16, verbose=0, validation_split=0.25,
                        callbacks=[keras.callbacks.TensorBoard(tmp_path / "logs")])
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tensorboard.main", "--logdir", str(tmp_path / "logs"), "--host", "127.0.0.1",
         "--port", str(port), "--load_fast", "false", "--reload_interval", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline, runs = time.monotonic() + 90, []
        while time.monotonic() < deadline and sorted(runs) != ["train", "validation"]:
            if server.poll() is not None:
                pytest.fail("tensorboard exited: " + server.stdout.read().decode(errors="replace")[-2000:])
            try:
                runs = _get(port, "/data/runs")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.5)
        assert sorted(runs) == ["train", "validation"]
        tags = _get(port, "/data/plugin/scalars/tags")
        assert {"epoch_loss", "epoch_mae", "epoch_learning_rate"} <= set(tags["train"])
        assert {"epoch_loss", "epoch_mae"} <= set(tags["validation"])
        points = _get(port, "/data/plugin/scalars/scalars?run=train&tag=epoch_loss")
        assert [step for _, step, _ in points] == [0, 1, 2]
        np.testing.assert_allclose([value for _, _, value in points], history.history["loss"], rtol=1e-6)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stdout.close()
