"""Images as files, PIL images and arrays: `load_img`, `img_to_array`, `array_to_img`, `save_img`.

These use Pillow (`pip install neuroflow[images]`), as Keras does.

>>> import os, tempfile
>>> import numpy as np
>>> from neuroflow.keras import utils
>>> path = os.path.join(tempfile.mkdtemp(), "square.png")
>>> pixels = np.zeros((4, 6, 3), "float32"); pixels[:, :3] = 255.0
>>> utils.save_img(path, pixels)
>>> img = utils.load_img(path, target_size=(2, 3))
>>> img.size, utils.img_to_array(img).shape
((3, 2), (2, 3, 3))
"""
import io
import os
import pathlib

import numpy as np

from ..backend.config import floatx, image_data_format
from ...io.atomic import atomic_path

__all__ = ["load_img", "img_to_array", "array_to_img", "save_img", "pil_image"]


def pil_image():
    """The `PIL.Image` module, or an ImportError naming the extra to install."""
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("Could not import PIL.Image, which images need. Install Pillow with "
                          "`pip install neuroflow[images]` (or `pip install Pillow`).") from None
    return Image


def _interpolations():
    Image = pil_image()
    return {"nearest": Image.Resampling.NEAREST, "bilinear": Image.Resampling.BILINEAR,
            "bicubic": Image.Resampling.BICUBIC, "hamming": Image.Resampling.HAMMING,
            "box": Image.Resampling.BOX, "lanczos": Image.Resampling.LANCZOS}


def _data_format(data_format):
    data_format = image_data_format() if data_format is None else data_format
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"The `data_format` argument must be one of 'channels_first', 'channels_last'. "
                         f"Received: data_format={data_format!r}")
    return data_format


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """A PIL image from a 3D array (height, width, channels); `scale` maps its range to 0..255."""
    Image = pil_image()
    x = np.array(x, dtype=dtype or floatx())
    if x.ndim != 3:
        raise ValueError(f"Expected image array to have rank 3 (single image). Got array with shape: {x.shape}")
    if _data_format(data_format) == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        x_max = np.max(x)
        if x_max != 0:
            x /= x_max
        x *= 255
    channels = x.shape[2]
    if channels == 4:
        return Image.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return Image.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:
            return Image.fromarray(x[:, :, 0].astype("int32"), "I")
        return Image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Unsupported channel number: {channels}")


def img_to_array(img, data_format=None, dtype=None):
    """The PIL image as a 3D float array (height, width, channels)."""
    x = np.asarray(img, dtype=dtype or floatx())
    channels_first = _data_format(data_format) == "channels_first"
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if channels_first else x
    if x.ndim == 2:
        return x.reshape((1,) + x.shape) if channels_first else x.reshape(x.shape + (1,))
    raise ValueError(f"Unsupported image shape: {x.shape}")


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Saves an image array to `path` (format from the extension unless `file_format` is given)."""
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower()
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format == "jpeg":
        img = img.convert("RGB")  # JPEG has no alpha channel
    if isinstance(path, (str, os.PathLike)):
        with atomic_path(os.fspath(path)) as tmp:
            img.save(tmp, format=file_format, **kwargs)
    else:
        img.save(path, format=file_format, **kwargs)


def load_img(path, color_mode="rgb", target_size=None, interpolation="nearest", keep_aspect_ratio=False):
    """Loads an image file as a PIL image, converted to `color_mode` and resized to `target_size`.

    Args:
        path: a path, or an `io.BytesIO` holding the file.
        color_mode: "grayscale", "rgb" or "rgba".
        target_size: `(height, width)` or None for the file's size.
        interpolation: "nearest", "bilinear", "bicubic", "hamming", "box" or "lanczos".
        keep_aspect_ratio: crop the centre to the target's aspect ratio before resizing.
    """
    Image = pil_image()
    if isinstance(path, io.BytesIO):
        img = Image.open(path)
    elif isinstance(path, (pathlib.Path, bytes, str)):
        path = os.fsdecode(path) if isinstance(path, bytes) else str(path)
        with open(path, "rb") as f:
            img = Image.open(io.BytesIO(f.read()))
    else:
        raise TypeError(f"path should be path-like or io.BytesIO, not {type(path)}")
    if color_mode == "grayscale":
        if img.mode not in ("L", "I;16", "I"):
            img = img.convert("L")
    elif color_mode in ("rgba", "rgb"):
        if img.mode != color_mode.upper():
            img = img.convert(color_mode.upper())
    else:
        raise ValueError('color_mode must be "grayscale", "rgb", or "rgba"')
    if target_size is None:
        return img
    size = (int(target_size[1]), int(target_size[0]))
    if img.size == size:
        return img
    methods = _interpolations()
    if interpolation not in methods:
        raise ValueError(f"Invalid interpolation method {interpolation} specified. Supported methods are "
                         f"{', '.join(methods)}")
    box = None
    if keep_aspect_ratio:
        width, height = img.size
        crop_height = min(height, (width * size[1]) // size[0])
        crop_width = min(width, (height * size[0]) // size[1])
        top, left = (height - crop_height) // 2, (width - crop_width) // 2
        box = [left, top, left + crop_width, top + crop_height]
    return img.resize(size, methods[interpolation], box=box)
