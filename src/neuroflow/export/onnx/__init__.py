"""ONNX export: a Keras model or a `tf.function`, from its traced graph (`pip install neuroflow[onnx]`).

>>> import pytest; ort = pytest.importorskip("onnxruntime")  # the onnx extra: pip install neuroflow[onnx]
>>> import os, tempfile, numpy as np
>>> from neuroflow import keras
>>> from neuroflow.export import onnx as nf_onnx
>>> model = keras.Sequential([keras.Input((4,), name="features"), keras.layers.Dense(3, activation="softmax")])
>>> path = os.path.join(tempfile.mkdtemp(), "model.onnx")
>>> _ = nf_onnx.export(model, path)
>>> session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
>>> x = np.ones((5, 4), "float32")
>>> bool(np.allclose(session.run(None, {"features": x})[0], model(x), atol=1e-6))
True
"""
from .exporter import DEFAULT_OPSET, export, export_keras_model, to_onnx

__all__ = ["export", "export_keras_model", "to_onnx", "DEFAULT_OPSET"]
