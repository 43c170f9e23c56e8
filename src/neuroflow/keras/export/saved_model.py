"""`model.export(filepath, format="tf_saved_model")`: the SavedModel handler of `export_lib`'s dispatcher.

Writes a SavedModel whose endpoint `serve` (also `serving_default`) runs the model in inference
mode, as Keras 3 does.
"""
from ...graph.tensor_spec import TensorSpec

__all__ = ["export_saved_model", "input_signature_of"]


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
