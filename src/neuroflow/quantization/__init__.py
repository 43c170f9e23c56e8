"""`tf.quantization`: fake quantization for quantization-aware training (re-exports).

>>> import neuroflow as tf
>>> tf.quantization.fake_quant_with_min_max_args(tf.constant([0.1, 7.0]), min=-6.0, max=6.0).numpy()
array([0.09411764, 5.9764705 ], dtype=float32)
"""
from ..ops.quantization_ops import (fake_quant_with_min_max_args, fake_quant_with_min_max_vars,
                                    fake_quant_with_min_max_vars_per_channel)

__all__ = ["fake_quant_with_min_max_args", "fake_quant_with_min_max_vars", "fake_quant_with_min_max_vars_per_channel"]
