"""`space_to_depth` and `depth_to_space`: blocks of pixels moved into channels and back (reshapes + a transpose).

>>> import neuroflow as tf
>>> x = tf.reshape(tf.range(4.0), [1, 2, 2, 1])
>>> tf.nn.space_to_depth(x, 2).numpy()
array([[[[0., 1., 2., 3.]]]], dtype=float32)
>>> tf.nn.depth_to_space(tf.nn.space_to_depth(x, 2), 2).numpy().ravel()
array([0., 1., 2., 3.], dtype=float32)
"""
from .array_ops import reshape, transpose
from .conv_geometry import from_channels_last, invalid, to_channels_last
from .registry import as_tensor

__all__ = ["space_to_depth", "depth_to_space"]


def _checked(input, block_size, data_format, op_name):
    x = as_tensor(input)
    if data_format not in ("NHWC", "NCHW"):
        raise ValueError(f"{op_name}: data_format must be 'NHWC' or 'NCHW', got {data_format!r}.")
    if x.ndim != 4:
        raise ValueError(f"{op_name}: input must be 4-D, got shape {tuple(x.shape)}.")
    if int(block_size) < 2:
        raise ValueError(f"{op_name}: block_size must be at least 2, got {block_size}.")
    return to_channels_last(x, data_format, transpose), int(block_size)


def space_to_depth(input, block_size, data_format="NHWC", name=None):
    """Moves each `block_size x block_size` block of pixels into the channels: `[N, H/b, W/b, b*b*C]`.

    Height and width must be divisible by `block_size`; a block's pixels go in row-major order.
    """
    x, b = _checked(input, block_size, data_format, "SpaceToDepth")
    n, h, w, c = x.shape
    if h % b or w % b:
        raise invalid("SpaceToDepth", f"image height {h} and width {w} must be divisible by block_size {b}.")
    y = reshape(transpose(reshape(x, [-1, h // b, b, w // b, b, c]), [0, 1, 3, 2, 4, 5]), [-1, h // b, w // b, b * b * c])
    return from_channels_last(y, data_format, transpose)


def depth_to_space(input, block_size, data_format="NHWC", name=None):
    """The inverse of `space_to_depth`: channels spread into `block_size x block_size` blocks of pixels."""
    x, b = _checked(input, block_size, data_format, "DepthToSpace")
    n, h, w, c = x.shape
    if c % (b * b):
        raise invalid("DepthToSpace", f"input depth {c} must be divisible by block_size squared ({b * b}).")
    y = reshape(transpose(reshape(x, [-1, h, w, b, b, c // (b * b)]), [0, 1, 3, 2, 4, 5]), [-1, h * b, w * b, c // (b * b)])
    return from_channels_last(y, data_format, transpose)
