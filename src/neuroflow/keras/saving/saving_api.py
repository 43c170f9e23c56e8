"""`save_model`, `load_model`, `save_weights`, `load_weights`: the file format follows the extension.

`.keras` (Keras 3's zip), `.h5`/`.hdf5` (Keras' legacy HDF5 model format), and for weights
`.weights.h5` (Keras 3's layout), plus reading Keras 2 `.h5` weight files.

>>> import os, tempfile
>>> from neuroflow import keras
>>> model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
>>> folder = tempfile.mkdtemp()
>>> keras.saving.save_model(model, os.path.join(folder, "m.keras"))
>>> keras.saving.load_model(os.path.join(folder, "m.keras")).output_shape
(None, 1)
>>> model.save_weights(os.path.join(folder, "m.weights.h5"))
>>> model.load_weights(os.path.join(folder, "m.weights.h5"))
"""
import os
import warnings

from . import legacy_h5_format, saving_lib

__all__ = ["save_model", "load_model", "save_weights", "load_weights"]


def save_model(model, filepath, overwrite=True, zipped=None, **kwargs):
    """Saves `model` to `filepath`: a `.keras` zip, or a legacy `.h5` file.

    Args:
        model: the model.
        filepath: a path ending in `.keras` (recommended) or `.h5`/`.hdf5`.
        overwrite: replace an existing file (False: leave it and return).
        zipped: must be None or True (neuroflow writes zipped `.keras` files only).
        include_optimizer: for `.h5` only, also save the optimizer's state (default True).
    """
    include_optimizer = kwargs.pop("include_optimizer", True)
    save_format = kwargs.pop("save_format", None)
    if save_format and not str(filepath).endswith((".h5", ".hdf5", ".keras")):
        raise ValueError("The `save_format` argument is deprecated in Keras 3. Please remove this argument and "
                         f"pass a file path with either `.keras` or `.h5` extension.Received: save_format={save_format}")
    if kwargs:
        raise ValueError(f"The following argument(s) are not supported: {list(kwargs.keys())}")
    if zipped is False:
        raise ValueError("neuroflow saves `.keras` models zipped only; leave `zipped` unset.")
    filepath = os.fspath(filepath)
    if not overwrite and os.path.exists(filepath):
        return
    if filepath.endswith(".keras"):
        return saving_lib.save_model(model, filepath)
    if filepath.endswith((".h5", ".hdf5")):
        warnings.warn("You are saving your model as an HDF5 file via `model.save()` or "
                      "`keras.saving.save_model(model)`. This file format is considered legacy. We recommend using "
                      "instead the native Keras format, e.g. `model.save('my_model.keras')` or "
                      "`keras.saving.save_model(model, 'my_model.keras')`. ", stacklevel=2)
        return legacy_h5_format.save_model_to_hdf5(model, filepath, include_optimizer)
    raise ValueError("Invalid filepath extension for saving. Please add either a `.keras` extension for the native "
                     f"Keras format (recommended) or a `.h5` extension. Received: filepath={filepath}.")


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """Loads a model saved with `model.save()` (by neuroflow or Keras).

    Args:
        filepath: a `.keras` file or a legacy `.h5`/`.hdf5` file.
        custom_objects: a dict mapping names to your own classes and functions.
        compile: restore the training setup (optimizer and its state, loss, metrics).
        safe_mode: refuse to load Python lambdas, i.e. code stored in the file (default True).

    Returns:
        The model.
    """
    filepath = os.fspath(filepath)
    if filepath.endswith(".keras"):
        return saving_lib.load_model(filepath, custom_objects, compile, safe_mode)
    if filepath.endswith((".h5", ".hdf5")):
        return legacy_h5_format.load_model_from_hdf5(filepath, custom_objects, compile, safe_mode)
    raise ValueError(f"File format not supported: filepath={filepath}. Keras 3 only supports V3 `.keras` files and "
                     "legacy H5 format files (`.h5` extension). Note that the legacy SavedModel format is not "
                     "supported by `load_model()` in Keras 3.")


def save_weights(model, filepath, overwrite=True, max_shard_size=None, **kwargs):
    """Saves the weights of `model` (and its optimizer's state) to a `.weights.h5` file."""
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    if max_shard_size is not None:
        raise ValueError("neuroflow does not write sharded weights; leave `max_shard_size` unset.")
    filepath = os.fspath(filepath)
    if not filepath.endswith(".weights.h5"):
        raise ValueError(f"The filename must end in `.weights.h5`. Received: filepath={filepath}")
    if not overwrite and os.path.exists(filepath):
        return
    saving_lib.save_weights_only(model, filepath)


def load_weights(model, filepath, skip_mismatch=False, **kwargs):
    """Loads weights into `model` from a `.weights.h5`, `.keras` or legacy `.h5` file.

    Nothing is assigned unless everything loads (with `skip_mismatch=True`, objects whose
    weights do not fit are skipped with a warning instead).
    """
    if kwargs.pop("by_name", None):
        raise ValueError("Loading weights `by_name` is not supported: layers are matched by their place in the "
                         "model, as Keras 3 does.")
    if kwargs:
        raise ValueError(f"Invalid keyword arguments: {kwargs}")
    filepath = os.fspath(filepath)
    if filepath.endswith((".keras", ".weights.h5")):
        return saving_lib.load_weights_only(model, filepath, skip_mismatch)
    if filepath.endswith((".h5", ".hdf5")):
        return legacy_h5_format.load_weights_file(model, filepath, skip_mismatch)
    raise ValueError(f"File format not supported: filepath={filepath}. Keras 3 only supports V3 `.keras` files, "
                     "`.weights.h5` files, or legacy H5 format files (`.h5` extension).")
