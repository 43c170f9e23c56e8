"""`tf.config.experimental`: memory growth and device details (GPU memory is managed by CuPy's pool).

>>> import neuroflow as tf
>>> cpu = tf.config.list_physical_devices("CPU")[0]
>>> tf.config.experimental.get_device_details(cpu)
{'device_name': 'cpu'}
"""
from .devices import list_physical_devices, list_logical_devices, get_visible_devices, set_visible_devices

__all__ = ["set_memory_growth", "get_memory_growth", "get_device_details", "list_physical_devices",
           "list_logical_devices", "get_visible_devices", "set_visible_devices", "enable_op_determinism"]

_growth = {}


def set_memory_growth(device, enable):
    """Accepted for compatibility: CuPy's memory pool already grows on demand."""
    if device not in list_physical_devices():
        raise ValueError(f"Unrecognized device: {device!r}.")
    _growth[device] = bool(enable)


def get_memory_growth(device):
    return _growth.get(device, False)


def get_device_details(device):
    """A dict describing `device` ({'device_name': ...})."""
    return {"device_name": "cpu"} if device.device_type == "CPU" else {"device_name": device.name}


def enable_op_determinism():
    """Accepted for compatibility: NumPy kernels are already deterministic."""
