"""`model.export(filepath, format=...)`: the one place that dispatches a model export by format.

Each format names the function writing it (imported only when used); `model.export` calls
`export_model`. "tf_saved_model" writes a SavedModel whose endpoint `serve` (also
`serving_default`) runs the model in inference mode.
"""
import importlib

from ...graph.tensor_spec import TensorSpec

__all__ = ["export_model", "EXPORT_FORMATS", "input_signature_of"]

# format -> "module:function" taking (model, filepath, verbose=..., input_signature=..., **kwargs)
EXPORT_FORMATS = {"tf_saved_model": "neuroflow.keras.export.export_model:export_saved_model"}


def input_signature_of(model):
    """`[TensorSpec]` for the model's inputs (batch size left open), as Keras 3 derives it."""
    if not model.built:
        raise ValueError("The model provided has not yet been built. It must be built before export.")
    inputs = getattr(model, "inputs", None)
    if not inputs:
        raise ValueError("The model has no known inputs. Build it on an Input (or call it once) or pass "
                         "`input_signature=[tf.TensorSpec(...)]`.")
    specs = [TensorSpec((None,) + tuple(x.shape)[1:], x.dtype, name=x.name) for x in inputs]
    return [specs[0]] if len(specs) == 1 else [specs]


def export_saved_model(model, filepath, verbose=None, input_signature=None, **kwargs):
    """Writes `model` as a SavedModel with the endpoint `serve` (inference mode)."""
    from .export_archive import ExportArchive
    archive = ExportArchive()
    archive.track(model)
    archive.add_endpoint("serve", lambda inputs: model(inputs, training=False),
                         input_signature or input_signature_of(model))
    archive.write_out(filepath, verbose=True if verbose is None else verbose)


def export_model(model, filepath, format="tf_saved_model", verbose=None, input_signature=None, **kwargs):
    """Exports `model` to `filepath` in `format` (see `EXPORT_FORMATS`)."""
    target = EXPORT_FORMATS.get(format)
    if target is None:
        raise ValueError(f"Unrecognized format={format!r}. Supported formats are: "
                         f"{sorted(EXPORT_FORMATS)}.")
    module, name = target.split(":")
    return getattr(importlib.import_module(module), name)(model, filepath, verbose=verbose,
                                                           input_signature=input_signature, **kwargs)
