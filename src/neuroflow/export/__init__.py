"""Leaving Python: a Keras model as a TensorFlow.js Layers model, a model or function as ONNX.

- `neuroflow.export.tfjs`: `save_keras_model(model, dir)` writes what
  `tensorflowjs_converter --input_format keras` writes; `load_keras_model(dir)` reads it back.
- `neuroflow.export.onnx`: `export(model_or_function, path, input_signature)` turns the traced
  `tf.function` graph into an ONNX model that ONNX Runtime runs (`pip install neuroflow[onnx]`).
- `python -m neuroflow.export.serve examples/web` serves the browser pages on 127.0.0.1.

`model.export(path, format="tfjs" | "onnx")` reaches both.
"""
__all__ = ["tfjs", "onnx", "serve"]
