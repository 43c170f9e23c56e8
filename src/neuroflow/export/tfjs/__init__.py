"""TensorFlow.js Layers models: `save_keras_model` writes one, `load_keras_model` reads one.

>>> import os, tempfile, numpy as np
>>> from neuroflow import keras
>>> from neuroflow.export import tfjs
>>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="relu")])
>>> folder = os.path.join(tempfile.mkdtemp(), "web_model")
>>> tfjs.save_keras_model(model, folder)
>>> sorted(os.listdir(folder))
['group1-shard1of1.bin', 'model.json']
>>> x = np.ones((1, 3), "float32")
>>> bool(np.allclose(tfjs.load_keras_model(folder)(x), model(x)))
True
"""
from .keras_model import export_keras_model, load_keras_model, save_keras_model

__all__ = ["save_keras_model", "load_keras_model", "export_keras_model"]
