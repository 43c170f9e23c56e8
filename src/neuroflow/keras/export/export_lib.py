"""`Model.export(filepath, format=...)`: one small dispatcher over the export formats.

Each format is a function `handler(model, filepath, verbose=..., input_signature=..., **kwargs)`
named by its module path; the module is imported only when its format is asked for (the
exporters live above Keras, in `neuroflow.export`, and may need optional packages).
"""
import importlib

__all__ = ["EXPORT_FORMATS", "export_model"]

EXPORT_FORMATS = {
    "tf_saved_model": "neuroflow.keras.export.saved_model:export_saved_model",
    "tfjs": "neuroflow.export.tfjs:export_keras_model",
    "onnx": "neuroflow.export.onnx:export_keras_model",
}


def export_model(model, filepath, format="tf_saved_model", verbose=True, input_signature=None, **kwargs):
    """Writes `model` to `filepath` in `format` (one of `EXPORT_FORMATS`)."""
    if format not in EXPORT_FORMATS:
        raise ValueError(f"Model.export: unknown format={format!r}. Choose one of {sorted(EXPORT_FORMATS)}.")
    module, name = EXPORT_FORMATS[format].split(":")
    handler = getattr(importlib.import_module(module), name)
    return handler(model, filepath, verbose=verbose, input_signature=input_signature, **kwargs)
