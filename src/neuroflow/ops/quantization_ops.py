"""Fake quantization (`tf.quantization.fake_quant_*`): values rounded to a `num_bits` grid and back.

The range `[min, max]` is first nudged so that 0 is exactly on the grid (TensorFlow's rule);
inputs are clipped to the nudged range and rounded to one of `2**num_bits` levels
(`2**num_bits - 1` with `narrow_range`). The gradient is TensorFlow's straight-through one:
`dy` inside the nudged range, 0 outside; with tensor bounds, the gradient of `min` (`max`)
sums `dy` where the input is below (above) the range.

>>> import neuroflow as tf
>>> x = tf.constant([[1.2, -0.3, 0.7], [2.1, 0.5, -1.0]])
>>> tf.quantization.fake_quant_with_min_max_vars(x, min=-0.5, max=0.8).numpy()
array([[ 0.80039215, -0.3007843 ,  0.6984314 ],
       [ 0.80039215,  0.4996078 , -0.4996078 ]], dtype=float32)
"""
import numpy as np

from ..framework import dtypes
from .registry import as_tensor, op

__all__ = ["fake_quant_with_min_max_args", "fake_quant_with_min_max_vars",
           "fake_quant_with_min_max_vars_per_channel"]


def _nudged(xp, low, high, num_bits, narrow_range):
    """(nudged min, nudged max, scale): the range moved so that 0 is a grid point (float32 math; the
    zero point rounds half up, as C++'s std::round does for these non-negative values)."""
    q_min, q_max = np.float32(1 if narrow_range else 0), np.float32((1 << num_bits) - 1)
    low, high = xp.asarray(low, np.float32), xp.asarray(high, np.float32)
    scale = (high - low) / (q_max - q_min)
    zero = q_min - low / scale
    zero = xp.where(zero < q_min, q_min, xp.where(zero > q_max, q_max, xp.floor(zero + np.float32(0.5))))
    return (q_min - zero) * scale, (q_max - zero) * scale, scale


def _quantize(xp, x, low, high, num_bits, narrow_range):
    n_min, n_max, scale = _nudged(xp, low, high, num_bits, narrow_range)
    clamped = xp.clip(x, n_min, n_max) - n_min
    return (xp.floor(clamped / scale + np.float32(0.5)) * scale + n_min).astype(np.float32)


def _check(num_bits, narrow_range):
    if not 2 <= num_bits <= 16:
        raise ValueError(f"FakeQuant: num_bits must be between 2 and 16 inclusive, got {num_bits}.")
    return int(num_bits), bool(narrow_range)


# --- bounds as attributes ---------------------------------------------------------------
@op("FakeQuantWithMinMaxArgs")
def _fake_quant_args(xp, x, *, low, high, num_bits, narrow_range):
    return _quantize(xp, x, low, high, num_bits, narrow_range)


@op("FakeQuantWithMinMaxArgsGradient")
def _fake_quant_args_grad(xp, dy, x, *, low, high, num_bits, narrow_range):
    n_min, n_max, _ = _nudged(xp, low, high, num_bits, narrow_range)
    return xp.where((x >= n_min) & (x <= n_max), dy, np.float32(0)).astype(np.float32)


@_fake_quant_args.gradient
def _(ctx, dy):
    return _fake_quant_args_grad(dy, ctx.inputs[0], **ctx.attrs)


def fake_quant_with_min_max_args(inputs, min=-6.0, max=6.0, num_bits=8, narrow_range=False, name=None):  # noqa: A002
    """Fake-quantizes float32 `inputs` to `num_bits` levels over `[min, max]` (Python floats)."""
    num_bits, narrow_range = _check(num_bits, narrow_range)
    if not min < max:
        raise ValueError(f"FakeQuantWithMinMaxArgs: min must be less than max, got min={min}, max={max}.")
    return _fake_quant_args(as_tensor(inputs, dtypes.float32), low=float(min), high=float(max), num_bits=num_bits,
                            narrow_range=narrow_range)


# --- bounds as tensors (scalars, or one per channel of the last axis) -------------------------
@op("FakeQuantWithMinMaxVars")
def _fake_quant_vars(xp, x, low, high, *, num_bits, narrow_range):
    return _quantize(xp, x, low, high, num_bits, narrow_range)


@op("FakeQuantWithMinMaxVarsGradient")
def _fake_quant_vars_grad(xp, dy, x, low, high, *, num_bits, narrow_range):
    n_min, n_max, _ = _nudged(xp, low, high, num_bits, narrow_range)
    below, above = x < n_min, x > n_max
    axes = tuple(range(x.ndim - np.ndim(low)))   # per channel: sum over all but the last axis
    zero = np.float32(0)
    return (xp.where(below | above, zero, dy).astype(np.float32),
            xp.where(below, dy, zero).sum(axis=axes).astype(np.float32),
            xp.where(above, dy, zero).sum(axis=axes).astype(np.float32))


@_fake_quant_vars.gradient
def _(ctx, dy):
    return _fake_quant_vars_grad(dy, *ctx.inputs, **ctx.attrs)


def fake_quant_with_min_max_vars(inputs, min, max, num_bits=8, narrow_range=False, name=None):  # noqa: A002
    """Fake-quantizes float32 `inputs` over `[min, max]` given as scalar tensors (trainable bounds)."""
    num_bits, narrow_range = _check(num_bits, narrow_range)
    low, high = as_tensor(min, dtypes.float32), as_tensor(max, dtypes.float32)
    if low.shape.rank != 0 or high.shape.rank != 0:
        raise ValueError(f"FakeQuantWithMinMaxVars: min and max must be scalars, got shapes {low.shape} and "
                         f"{high.shape}; use fake_quant_with_min_max_vars_per_channel for one range per channel.")
    return _fake_quant_vars(as_tensor(inputs, dtypes.float32), low, high, num_bits=num_bits,
                            narrow_range=narrow_range)


def fake_quant_with_min_max_vars_per_channel(inputs, min, max, num_bits=8, narrow_range=False, name=None):  # noqa: A002
    """As `fake_quant_with_min_max_vars` with one `[min, max]` per channel of the last axis."""
    num_bits, narrow_range = _check(num_bits, narrow_range)
    x = as_tensor(inputs, dtypes.float32)
    low, high = as_tensor(min, dtypes.float32), as_tensor(max, dtypes.float32)
    channels = x.shape[-1] if x.shape.rank else None
    if low.shape.rank != 1 or high.shape.rank != 1 or channels is not None and \
            (low.shape[0] != channels or high.shape[0] != channels):
        raise ValueError(f"FakeQuantWithMinMaxVarsPerChannel: min and max must be vectors of the last dimension "
                         f"of inputs ({channels}), got shapes {low.shape} and {high.shape}.")
    return _fake_quant_vars(x, low, high, num_bits=num_bits, narrow_range=narrow_range)
