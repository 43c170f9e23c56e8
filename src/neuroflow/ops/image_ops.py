"""Image geometry (`tf.image`): flips, rotations, crops, pads, patches and spatial gradients.

All of these compose existing ops (reverse, transpose, slices, pad, resize), so their
gradients come from those ops. Images are `[height, width, channels]` or a batch
`[batch, height, width, channels]`.

>>> import neuroflow as tf
>>> image = tf.reshape(tf.range(4), [2, 2, 1])
>>> tf.image.flip_left_right(image)[..., 0].numpy()
array([[1, 0],
       [3, 2]], dtype=int32)
>>> tf.image.rot90(image)[..., 0].numpy()
array([[1, 3],
       [0, 2]], dtype=int32)
"""
import numpy as np

from ..framework import errors
from .array_ops import concat, expand_dims, pad, reverse, squeeze, stack, transpose as _transpose
from .image_resize_ops import ResizeMethod, resize
from .registry import op, as_tensor
from .shape_util import dims

__all__ = ["flip_left_right", "flip_up_down", "rot90", "transpose", "central_crop", "crop_to_bounding_box",
           "pad_to_bounding_box", "resize_with_crop_or_pad", "resize_with_pad", "extract_patches",
           "image_gradients", "sobel_edges"]


def image_tensor(image, fn_name):
    """`image` as a tensor of rank 3 or 4, else a ValueError naming `fn_name` and the shape."""
    image = as_tensor(image)
    rank = len(dims(image))
    if rank not in (3, 4):
        raise ValueError(f"tf.image.{fn_name}: 'image' (shape {tuple(dims(image))}) must have either 3 or 4 "
                         "dimensions: [height, width, channels] or [batch, height, width, channels].")
    return image


def _batched(fn):
    """Runs `fn` (written for a batch of images) on one image or a batch."""
    def wrapper(image, *args, fn_name):
        image = image_tensor(image, fn_name)
        if len(dims(image)) == 4:
            return fn(image, *args)
        return squeeze(fn(expand_dims(image, 0), *args), [0])
    return wrapper


def flip_left_right(image):
    """Mirrors the image horizontally (reverses the width axis)."""
    return reverse(image_tensor(image, "flip_left_right"), [-2])


def flip_up_down(image):
    """Mirrors the image vertically (reverses the height axis).

    >>> import neuroflow as tf
    >>> tf.image.flip_up_down([[[1], [2]], [[3], [4]]])[..., 0].numpy()
    array([[3, 4],
           [1, 2]], dtype=int32)
    """
    return reverse(image_tensor(image, "flip_up_down"), [-3])


def _swap_height_width(image):
    return _transpose(image, [0, 2, 1, 3])


def transpose(image, name=None):
    """Swaps the height and width axes.

    >>> import neuroflow as tf
    >>> tf.image.transpose(tf.zeros([2, 5, 3])).shape
    TensorShape([5, 2, 3])
    """
    return _batched(_swap_height_width)(image, fn_name="transpose")


def _rot90(images, k):
    if k == 1:
        return _swap_height_width(reverse(images, [2]))
    if k == 2:
        return reverse(images, [1, 2])
    if k == 3:
        return reverse(_swap_height_width(images), [2])
    return images


def rot90(image, k=1, name=None):
    """Rotates the image counter-clockwise by `k` quarter turns."""
    return _batched(_rot90)(image, int(k) % 4, fn_name="rot90")


def _check_box(name, offset_height, offset_width, target_height, target_width, height, width, cropping):
    checks = [(offset_height >= 0, "offset_height must be >= 0"), (offset_width >= 0, "offset_width must be >= 0"),
              (target_height > 0, "target_height must be > 0"), (target_width > 0, "target_width must be > 0")]
    if cropping:
        checks += [(height >= target_height + offset_height, "height must be >= target + offset"),
                   (width >= target_width + offset_width, "width must be >= target + offset")]
    else:
        checks += [(height <= target_height - offset_height, "height must be <= target - offset"),
                   (width <= target_width - offset_width, "width must be <= target - offset")]
    for ok, message in checks:
        if not ok:
            raise ValueError(
                f"tf.image.{name}: {message}. Received an image of height {height} and width {width}, "
                f"offset ({offset_height}, {offset_width}) and target ({target_height}, {target_width}).")


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """The `target_height` x `target_width` window whose top-left corner is at the offsets.

    >>> import neuroflow as tf
    >>> tf.image.crop_to_bounding_box(tf.reshape(tf.range(9), [3, 3, 1]), 1, 1, 2, 2)[..., 0].numpy()
    array([[4, 5],
           [7, 8]], dtype=int32)
    """
    image = image_tensor(image, "crop_to_bounding_box")
    height, width = dims(image)[-3:-1]
    box = [int(v) for v in (offset_height, offset_width, target_height, target_width)]
    _check_box("crop_to_bounding_box", *box, height, width, cropping=True)
    top, left, rows, cols = box
    return image[..., top:top + rows, left:left + cols, :]


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """Zero-pads the image to `target_height` x `target_width`, placing it at the offsets.

    >>> import neuroflow as tf
    >>> tf.image.pad_to_bounding_box(tf.ones([1, 2, 1]), 1, 0, 3, 3)[..., 0].numpy()
    array([[0., 0., 0.],
           [1., 1., 0.],
           [0., 0., 0.]], dtype=float32)
    """
    image = image_tensor(image, "pad_to_bounding_box")
    shape = dims(image)
    height, width = shape[-3:-1]
    box = [int(v) for v in (offset_height, offset_width, target_height, target_width)]
    _check_box("pad_to_bounding_box", *box, height, width, cropping=False)
    top, left, rows, cols = box
    paddings = [[0, 0]] * (len(shape) - 3) + [[top, rows - top - height], [left, cols - left - width], [0, 0]]
    return pad(image, paddings)


@op("CropWindow", view=True)
def _crop_window(xp, x, offsets, size):
    return x[tuple(slice(o, None if s < 0 else o + s) for o, s in zip(offsets.tolist(), size))]


@op("CropWindowGrad")
def _crop_window_grad(xp, dy, offsets, shape):
    dx = xp.zeros(shape, dy.dtype)
    dx[tuple(slice(int(o), int(o) + s) for o, s in zip(offsets.tolist(), dy.shape))] = dy
    return dx


@_crop_window.gradient
def _(ctx, dy):
    x, offsets = ctx.inputs
    return _crop_window_grad(dy, offsets, shape=tuple(dims(x))), None


@_crop_window_grad.gradient
def _(ctx, ddx):
    return _crop_window(ddx, ctx.inputs[1], size=tuple(dims(ctx.inputs[0]))), None


def crop_window(value, offsets, size):
    """The window of shape `size` starting at `offsets` (an int tensor, one entry per axis, known only
    when the program runs: random crops draw it). A size of -1 takes the rest of that axis.

    >>> import neuroflow as tf
    >>> from neuroflow.ops.image_ops import crop_window
    >>> crop_window(tf.reshape(tf.range(6), [2, 3]), tf.constant([1, 1]), [1, 2]).numpy()
    array([[4, 5]], dtype=int32)
    """
    return _crop_window(as_tensor(value), as_tensor(offsets), size=tuple(int(s) for s in size))


def central_crop(image, central_fraction):
    """The central `central_fraction` of the image along height and width.

    >>> import neuroflow as tf
    >>> tf.image.central_crop(tf.zeros([10, 8, 3]), 0.5).shape
    TensorShape([6, 4, 3])
    """
    image = image_tensor(image, "central_crop")
    fraction = float(central_fraction)
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"tf.image.central_crop: central_fraction must be within (0, 1], got {fraction}.")
    if fraction == 1.0:
        return image
    height, width = dims(image)[-3:-1]
    top = int((float(height) - float(height) * fraction) / 2)
    left = int((float(width) - float(width) * fraction) / 2)
    return image[..., top:height - top, left:width - left, :]


def resize_with_crop_or_pad(image, target_height, target_width):
    """Centrally crops and/or zero-pads the image to `target_height` x `target_width`.

    >>> import neuroflow as tf
    >>> tf.image.resize_with_crop_or_pad(tf.ones([2, 5, 1]), 4, 3)[..., 0].numpy()
    array([[0., 0., 0.],
           [1., 1., 1.],
           [1., 1., 1.],
           [0., 0., 0.]], dtype=float32)
    """
    image = image_tensor(image, "resize_with_crop_or_pad")
    target_height, target_width = int(target_height), int(target_width)
    if target_height <= 0 or target_width <= 0:
        raise ValueError(f"tf.image.resize_with_crop_or_pad: target_height and target_width must be > 0, got "
                         f"{target_height} and {target_width}.")
    height, width = dims(image)[-3:-1]
    crop_top, crop_left = max((height - target_height) // 2, 0), max((width - target_width) // 2, 0)
    pad_top, pad_left = max((target_height - height) // 2, 0), max((target_width - width) // 2, 0)
    cropped = crop_to_bounding_box(image, crop_top, crop_left, min(target_height, height), min(target_width, width))
    return pad_to_bounding_box(cropped, pad_top, pad_left, target_height, target_width)


def resize_with_pad(image, target_height, target_width, method=ResizeMethod.BILINEAR, antialias=False):
    """Resizes the image to fit `target_height` x `target_width` without distortion, then zero-pads it.

    >>> import neuroflow as tf
    >>> tf.image.resize_with_pad(tf.ones([2, 4, 1]), 4, 4)[..., 0].numpy()
    array([[0., 0., 0., 0.],
           [1., 1., 1., 1.],
           [1., 1., 1., 1.],
           [0., 0., 0., 0.]], dtype=float32)
    """
    image = image_tensor(image, "resize_with_pad")
    target_height, target_width = int(target_height), int(target_width)
    if target_height <= 0 or target_width <= 0:
        raise ValueError(f"tf.image.resize_with_pad: target_height and target_width must be > 0, got "
                         f"{target_height} and {target_width}.")
    f32 = np.float32
    height, width = (f32(d) for d in dims(image)[-3:-1])
    ratio = max(width / f32(target_width), height / f32(target_height))
    new_height, new_width = height / ratio, width / ratio
    resized = resize(image, [int(np.floor(new_height)), int(np.floor(new_width))], method=method,
                     antialias=antialias)
    top = max(0, int(np.floor((f32(target_height) - new_height) / 2)))
    left = max(0, int(np.floor((f32(target_width) - new_width) / 2)))
    return pad_to_bounding_box(resized, top, left, target_height, target_width)


def _patch_geometry(size, window, stride, rate, padding):
    """(output size, padding before) of one axis, as TensorFlow's `ExtractImagePatches` computes them."""
    span = (window - 1) * rate + 1
    if padding == "VALID":
        return (size - span) // stride + 1, 0
    out = -(-size // stride)
    return out, max((out - 1) * stride + span - size, 0) // 2


def extract_patches(images, sizes, strides, rates, padding, name=None):
    """Gathers `sizes[1] x sizes[2]` patches into the depth axis, as a convolution would see them.

    Args:
        images: `[batch, height, width, depth]`.
        sizes, strides, rates: `[1, rows, cols, 1]`: the patch size, its step, and the dilation.
        padding: "VALID" or "SAME" (zero padding).

    Returns:
        `[batch, out_rows, out_cols, rows * cols * depth]`.

    >>> import neuroflow as tf
    >>> x = tf.reshape(tf.range(16), [1, 4, 4, 1])
    >>> tf.image.extract_patches(x, [1, 2, 2, 1], [1, 2, 2, 1], [1, 1, 1, 1], "VALID")[0, 0, 0].numpy()
    array([0, 1, 4, 5], dtype=int32)
    """
    images = as_tensor(images)
    shape = dims(images)
    padding = str(padding).upper()
    if len(shape) != 4 or padding not in ("VALID", "SAME"):
        raise ValueError(f"tf.image.extract_patches: expected 4-D images [batch, height, width, depth] and padding "
                         f"'VALID' or 'SAME'; got shape {tuple(shape)} and padding {padding!r}.")
    (_, rows, cols, _), (_, row_step, col_step, _), (_, row_rate, col_rate, _) = sizes, strides, rates
    out_rows, top = _patch_geometry(shape[1], rows, row_step, row_rate, padding)
    out_cols, left = _patch_geometry(shape[2], cols, col_step, col_rate, padding)
    if out_rows <= 0 or out_cols <= 0:
        raise errors.InvalidArgumentError(
            None, "ExtractImagePatches", f"ExtractImagePatches: a {rows}x{cols} patch (rates {row_rate}, "
            f"{col_rate}) does not fit in a {shape[1]}x{shape[2]} image with VALID padding. Use smaller patches "
            "or padding='SAME'. [Op:ExtractImagePatches]")
    need_rows = (out_rows - 1) * row_step + (rows - 1) * row_rate + 1
    need_cols = (out_cols - 1) * col_step + (cols - 1) * col_rate + 1
    padded = pad(images, [[0, 0], [top, max(need_rows - shape[1] - top, 0)],
                          [left, max(need_cols - shape[2] - left, 0)], [0, 0]])
    patches = [padded[:, i * row_rate:i * row_rate + (out_rows - 1) * row_step + 1:row_step,
                      j * col_rate:j * col_rate + (out_cols - 1) * col_step + 1:col_step, :]
               for i in range(rows) for j in range(cols)]
    return concat(patches, axis=3)


def image_gradients(image):
    """Forward differences `(dy, dx)` of a `[batch, height, width, depth]` image; the last row/column is 0.

    >>> import neuroflow as tf
    >>> dy, dx = tf.image.image_gradients(tf.reshape(tf.range(4.0), [1, 2, 2, 1]))
    >>> dy[0, ..., 0].numpy(), dx[0, ..., 0].numpy()
    (array([[2., 2.],
           [0., 0.]], dtype=float32), array([[1., 0.],
           [1., 0.]], dtype=float32))
    """
    image = as_tensor(image)
    shape = dims(image)
    if len(shape) != 4:
        raise ValueError(f"image_gradients expects a 4D tensor [batch_size, h, w, d], not {tuple(shape)}.")
    dy = pad(image[:, 1:] - image[:, :-1], [[0, 0], [0, 1], [0, 0], [0, 0]])
    dx = pad(image[:, :, 1:] - image[:, :, :-1], [[0, 0], [0, 0], [0, 1], [0, 0]])
    return dy, dx


_SOBEL = (((-1, -2, -1), (0, 0, 0), (1, 2, 1)), ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)))


def sobel_edges(image):
    """Sobel responses (vertical, horizontal) of each channel, with reflected borders.

    Returns a `[batch, height, width, depth, 2]` tensor.

    >>> import neuroflow as tf
    >>> ramp = tf.reshape(tf.tile(tf.range(4.0), [4]), [1, 4, 4, 1])   # brighter to the right
    >>> tf.image.sobel_edges(ramp)[0, 1, :, 0, 1].numpy()
    array([0., 8., 8., 0.], dtype=float32)
    """
    image = as_tensor(image)
    shape = dims(image)
    if len(shape) != 4:
        raise ValueError(f"tf.image.sobel_edges expects a 4D tensor [batch, h, w, d], not {tuple(shape)}.")
    padded = pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    height, width = shape[1], shape[2]
    responses = []
    for kernel in _SOBEL:
        total = None
        for i in range(3):
            for j in range(3):
                if kernel[i][j]:
                    term = padded[:, i:i + height, j:j + width, :] * kernel[i][j]
                    total = term if total is None else total + term
        responses.append(total)
    return stack(responses, axis=-1)
