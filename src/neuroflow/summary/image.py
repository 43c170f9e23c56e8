"""`tf.summary.image`: images per step, shown by TensorBoard's images dashboard.

Float images are taken as [0, 1] and integer images as their type's full range, and
converted to uint8 by `tf.image.convert_image_dtype(..., saturate=True)`, as TensorBoard's
own summary does; the first `max_outputs` images are written as PNGs (`tf.io.encode_png`).

>>> import tempfile
>>> import numpy as np
>>> import neuroflow as tf
>>> with tf.summary.create_file_writer(tempfile.mkdtemp()).as_default(step=0):
...     tf.summary.image("noise", np.random.rand(2, 8, 8, 1).astype("float32"))
True
"""
import numpy as np

from ..framework import dtypes, errors
from ..io.image_codecs import encode_png
from ..ops.image_color_ops import convert_image_dtype
from .tensorboard_protos import plugin_metadata
from .write_op import is_writing, write_named

__all__ = ["image"]


def _encode(max_outputs):
    """The tensor TensorBoard's images plugin reads: width, height, then one PNG per image."""
    def encode(array):
        pixels = convert_image_dtype(array, dtypes.uint8, saturate=True).numpy()
        _, height, width, _ = pixels.shape
        return np.array([str(width).encode(), str(height).encode()]
                        + [encode_png(im).numpy() for im in pixels[:max_outputs]], dtype=object)
    return encode


def image(name, data, step=None, max_outputs=3, description=None):
    """Writes up to `max_outputs` images of `data` (`[k, height, width, channels]`) under `name`.

    Args:
        name: the summary's name.
        data: `[k, h, w, c]` pixels with c in 1-4 (gray, gray+alpha, RGB, RGBA): floats in
            [0, 1] (clipped) or integers (uint8 0-255, other types over their range).
        step: the step (int, tensor or variable); default `tf.summary.experimental.get_step()`.
        max_outputs: at most this many images are written per step.
        description: Markdown text shown with the images.

    Returns:
        True if written; False without a default writer or when `record_if` is off.

    Raises:
        ValueError: `data` is not of rank 4, or `max_outputs` is negative.
        TypeError: `data` is not real numbers.
        InvalidArgumentError: the channel count is not 1, 2, 3 or 4.
    """
    if not is_writing():
        return False
    if not hasattr(data, "shape") or not hasattr(data, "dtype"):
        data = np.asarray(data)
    shape = tuple(data.shape)
    if len(shape) != 4:
        raise ValueError(f"Tensor {name} must have rank 4.  Received rank {len(shape)}, shape {shape}. "
                         "tf.summary.image takes a batch of images [k, height, width, channels]; "
                         "add a batch axis with tf.expand_dims(image, 0).")
    dtype = np.dtype(getattr(data.dtype, "as_numpy_dtype", data.dtype))
    if dtype.kind not in "fiu":
        raise TypeError(f"tf.summary.image({name!r}) needs float or integer pixels; received dtype {dtype}. "
                        "Cast the images, e.g. tf.cast(images, tf.float32) with values in [0, 1].")
    if shape[3] is not None and shape[3] not in (1, 2, 3, 4):
        raise errors.InvalidArgumentError(
            None, "EncodePng", f"image must have 1, 2, 3, or 4 channels, got {shape[3]} (summary {name!r}, "
            f"shape {shape}). [Op:EncodePng]")
    if int(max_outputs) < 0:
        raise ValueError(f"tf.summary.image: max_outputs must be non-negative. Received: {max_outputs}")
    return write_named(name, "image_summary", data, _encode(int(max_outputs)), step,
                       plugin_metadata("image", description))
