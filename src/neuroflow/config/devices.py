"""Devices as TensorFlow lists them: the CPU, and each GPU CuPy can see.

>>> import neuroflow as tf
>>> tf.config.list_logical_devices("CPU")
[LogicalDevice(name='/device:CPU:0', device_type='CPU')]
"""
import collections

from .. import backend

__all__ = ["PhysicalDevice", "LogicalDevice", "list_physical_devices", "list_logical_devices",
           "get_visible_devices", "set_visible_devices", "get_logical_device_configuration",
           "set_logical_device_configuration", "get_soft_device_placement", "set_soft_device_placement"]

PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])
_KINDS = ("CPU", "GPU")
_state = {"visible": None}


def _check_kind(device_type):
    if device_type is not None and device_type.upper() not in _KINDS:
        return False
    return True


def list_physical_devices(device_type=None):
    """The machine's devices of `device_type` ('CPU', 'GPU' or None for all)."""
    devices = [PhysicalDevice("/physical_device:CPU:0", "CPU")]
    devices += [PhysicalDevice(f"/physical_device:GPU:{i}", "GPU") for i in range(backend.gpu_count())]
    if device_type is None:
        return devices
    return [d for d in devices if d.device_type == device_type.upper()]


def get_visible_devices(device_type=None):
    """The physical devices ops may run on (all of them unless `set_visible_devices` narrowed it)."""
    visible = _state["visible"] if _state["visible"] is not None else list_physical_devices()
    return [d for d in visible if device_type is None or d.device_type == device_type.upper()]


def set_visible_devices(devices, device_type=None):
    """Restricts the devices listed as visible (the CPU always stays)."""
    devices = [devices] if isinstance(devices, PhysicalDevice) else list(devices)
    known = list_physical_devices()
    for d in devices:
        if d not in known:
            raise ValueError(f"Unrecognized device: {d!r}. Use one of tf.config.list_physical_devices().")
    keep = [d for d in known if device_type is not None and d.device_type != device_type.upper()]
    _state["visible"] = sorted(set(devices + keep), key=known.index)


def list_logical_devices(device_type=None):
    """The devices as ops address them ('/device:CPU:0', '/device:GPU:0', ...)."""
    return [LogicalDevice(d.name.replace("/physical_device:", "/device:"), d.device_type)
            for d in get_visible_devices(device_type)]


def get_logical_device_configuration(device):
    """Virtual-device configuration (not supported here: one logical device per physical one)."""
    return None


def set_logical_device_configuration(device, logical_devices):
    """Accepted for compatibility: devices are not split into virtual devices here."""
    if device not in list_physical_devices():
        raise ValueError(f"Unrecognized device: {device!r}.")


def get_soft_device_placement():
    """Whether `tf.device` falls back to the CPU for a device that is not available (default True)."""
    return backend.soft_placement()


def set_soft_device_placement(enabled):
    """Turns the CPU fallback of `tf.device` for unavailable devices on or off."""
    backend.set_soft_placement(enabled)
