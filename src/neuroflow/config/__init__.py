"""`tf.config`: devices, threading, graph-compiler options, and running functions eagerly.

>>> import neuroflow as tf
>>> tf.config.list_physical_devices("CPU")
[PhysicalDevice(name='/physical_device:CPU:0', device_type='CPU')]
>>> tf.config.functions_run_eagerly()
False
"""
from ..graph.function import run_functions_eagerly, functions_run_eagerly
from .devices import (PhysicalDevice, LogicalDevice, list_physical_devices, list_logical_devices,
                      get_visible_devices, set_visible_devices, get_logical_device_configuration,
                      set_logical_device_configuration, get_soft_device_placement, set_soft_device_placement)
from . import experimental, optimizer, threading

__all__ = ["run_functions_eagerly", "functions_run_eagerly", "PhysicalDevice", "LogicalDevice",
           "list_physical_devices", "list_logical_devices", "get_visible_devices", "set_visible_devices",
           "get_logical_device_configuration", "set_logical_device_configuration",
           "get_soft_device_placement", "set_soft_device_placement", "experimental", "optimizer", "threading"]
