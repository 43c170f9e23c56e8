"""The array module behind a tensor: NumPy on the CPU, CuPy on `/GPU:n`.

Every op asks this module which array module (`xp`) holds its inputs and writes its
kernel against `xp`, so the same op runs on NumPy and CuPy arrays. This is the only
place that imports `cupy`.

>>> from neuroflow import backend
>>> import numpy as np
>>> backend.array_module(np.zeros(3)) is np
True
>>> backend.device_name(np.zeros(3))
'/job:localhost/replica:0/task:0/device:CPU:0'
"""
import numpy

__all__ = ["array_module", "current_module", "device_scope", "device_name", "to_device",
           "parse_device", "gpu_count", "soft_placement", "set_soft_placement"]

_modules = {numpy.ndarray: numpy}
# The module creation ops use: NumPy unless a `device("/GPU:n")` scope is active.
_state = {"xp": numpy, "gpu": None}
# TensorFlow's default: a device that is not available falls back to the CPU.
_placement = {"soft": True}
_cupy = None


def _load_cupy():
    global _cupy
    if _cupy is None:
        try:
            import cupy
        except ImportError:
            raise RuntimeError(
                "A GPU device was requested but CuPy is not installed. "
                "Install it with `pip install neuroflow[gpu]` on a machine with an NVIDIA GPU.") from None
        _cupy = cupy
        _modules[cupy.ndarray] = cupy
    return _cupy


def array_module(array):
    """NumPy or CuPy: the module that owns `array` (NumPy for scalars and lists)."""
    return _modules.get(type(array), numpy)


def current_module():
    """The array module new tensors are created with (NumPy unless inside a GPU scope)."""
    return _state["xp"]


def gpu_count():
    """How many CUDA GPUs CuPy sees (0 when CuPy or a GPU is missing)."""
    try:
        return _load_cupy().cuda.runtime.getDeviceCount()
    except Exception:  # no CuPy, no driver, no device: all mean "no GPU"
        return 0


def parse_device(spec):
    """('CPU', 0) or ('GPU', n) from a device string like '/GPU:1' or '/device:CPU:0'."""
    if spec is None or spec == "":
        return ("CPU", 0)
    text = str(spec).upper()
    for kind in ("GPU", "CPU"):
        marker = kind + ":"
        if marker in text:
            rest = text.rsplit(marker, 1)[1]
            try:
                return (kind, int(rest or 0))
            except ValueError:
                break
        if text.rstrip("/").endswith(kind):
            return (kind, 0)
    raise ValueError(f"Invalid device specification {spec!r}: use '/CPU:0' or '/GPU:0'.")


def soft_placement():
    """Whether a request for a missing device falls back to the CPU (TensorFlow's default)."""
    return _placement["soft"]


def set_soft_placement(enabled):
    _placement["soft"] = bool(enabled)


class device_scope:
    """Context manager placing new tensors on a device (`tf.device`).

    A GPU that is not there (no CuPy, no driver, an index past the last GPU) is replaced by
    the CPU, as TensorFlow's soft placement does; with soft placement off it is an error.

    >>> import neuroflow as tf
    >>> with tf.device("/GPU:7"):
    ...     x = tf.constant([1.0])
    >>> x.device
    '/job:localhost/replica:0/task:0/device:CPU:0'
    """

    def __init__(self, spec):
        self.kind, self.index = parse_device(spec)

    def __enter__(self):
        self._saved = dict(_state)
        self._on_gpu = self.kind == "GPU" and (self.index < gpu_count() or not _placement["soft"])
        if self._on_gpu:
            cupy = _load_cupy()
            if self.index >= gpu_count():
                raise RuntimeError(
                    f"Device /GPU:{self.index} was requested but {gpu_count()} GPU(s) are visible, and soft "
                    "device placement is off. Turn it on with tf.config.set_soft_device_placement(True) or "
                    "use '/CPU:0'.")
            self._cuda_device = cupy.cuda.Device(self.index)
            self._cuda_device.__enter__()
            _state.update(xp=cupy, gpu=self.index)
        else:
            _state.update(xp=numpy, gpu=None)
        return self

    def __exit__(self, *exc):
        if self._on_gpu:
            self._cuda_device.__exit__(*exc)
        _state.clear()
        _state.update(self._saved)
        return False


def device_name(array):
    """TensorFlow's full device name of the device holding `array`."""
    if array_module(array) is numpy:
        return "/job:localhost/replica:0/task:0/device:CPU:0"
    return f"/job:localhost/replica:0/task:0/device:GPU:{array.device.id}"


def to_device(array, module=None):
    """`array` moved to the module (NumPy or CuPy) of the current device scope."""
    module = module or _state["xp"]
    source = array_module(array)
    if source is module:
        return array
    if module is numpy:
        return array.get()
    return module.asarray(array)
