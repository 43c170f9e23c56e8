"""`image_dataset_from_directory`: a folder of class subfolders of images as a labelled dataset.

Images are decoded and resized with Pillow (`pip install neuroflow[images]`), as
`keras.utils.load_img` does, on a pool of threads (Pillow releases the GIL); files are
listed, labelled, shuffled and split exactly as Keras does it.

>>> import os, tempfile
>>> import numpy as np
>>> from neuroflow.keras import utils
>>> root = tempfile.mkdtemp()
>>> for label in ("cat", "dog"):
...     os.makedirs(os.path.join(root, label))
...     for i in range(3):
...         utils.save_img(os.path.join(root, label, f"{i}.png"), np.full((8, 8, 3), 40.0 * i + 1))
>>> ds = utils.image_dataset_from_directory(root, image_size=(4, 4), batch_size=4, seed=1)
Found 6 files belonging to 2 classes.
>>> ds.class_names, ds.element_spec[0]
(['cat', 'dog'], TensorSpec(shape=(None, 4, 4, 3), dtype=tf.float32, name=None))
"""
import numpy as np

from ...graph.tensor_spec import TensorSpec
from ..backend.config import image_data_format
from .dataset_utils import check_label_args, directory_datasets
from .image_utils import array_to_img, img_to_array, load_img

__all__ = ["image_dataset_from_directory"]

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}
_INTERPOLATIONS = {"bilinear": "bilinear", "nearest": "nearest", "bicubic": "bicubic", "area": "box",
                   "lanczos3": "lanczos", "lanczos5": "lanczos", "gaussian": "bicubic", "mitchellcubic": "bicubic"}


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                 color_mode="rgb", batch_size=32, image_size=(256, 256), shuffle=True, seed=None,
                                 validation_split=None, subset=None, interpolation="bilinear", follow_links=False,
                                 crop_to_aspect_ratio=False, pad_to_aspect_ratio=False, data_format=None,
                                 verbose=True):
    """A `tf.data.Dataset` of `(images, labels)` batches from `directory/<class>/<image files>`.

    Args:
        directory: the folder; with `labels="inferred"` each subfolder is a class.
        labels: "inferred", None (images only) or a list of integer labels, one per file in
            sorted path order.
        label_mode: "int" (int32), "categorical" (one-hot float32), "binary" (float32 of shape
            (n, 1), two classes) or None.
        class_names: the classes' order (subfolder names).
        color_mode: "grayscale", "rgb" or "rgba" (1, 3 or 4 channels).
        batch_size: images per batch (None: single images).
        image_size: `(height, width)` every image is resized to.
        shuffle, seed: shuffle the files (and each epoch, a buffer of batches).
        validation_split, subset: keep the "training" part, the "validation" part, or "both".
        interpolation: the resampling filter ("bilinear", "nearest", "bicubic", "area", ...).
        crop_to_aspect_ratio / pad_to_aspect_ratio: keep the aspect ratio by cropping / padding.
        data_format: "channels_last" (default) or "channels_first".

    Returns:
        The dataset (with `class_names` and `file_paths` attributes), or a
        `(training, validation)` pair with `subset="both"`.
    """
    labels, label_mode = check_label_args(labels, label_mode, class_names, "image files")
    if color_mode not in _CHANNELS:
        raise ValueError(f'`color_mode` must be one of {{"rgb", "rgba", "grayscale"}}. Received: '
                         f"color_mode={color_mode}")
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    elif not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(f"Invalid `image_size` value. Expected a tuple of 2 integers. Received: "
                         f"image_size={image_size}")
    interpolation = interpolation.lower()
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"Argument `interpolation` should be one of {tuple(_INTERPOLATIONS)}. Received: "
                         f"interpolation={interpolation}")
    loader = _ImageLoader(image_size, color_mode, _INTERPOLATIONS[interpolation], crop_to_aspect_ratio,
                          pad_to_aspect_ratio, data_format or image_data_format())
    return directory_datasets(directory, labels, label_mode, class_names, ALLOWLIST_FORMATS, loader, loader.spec,
                              batch_size, shuffle, seed, validation_split, subset, follow_links, verbose, "images")


class _ImageLoader:
    """Reads one image file as a float32 array of the requested size and channels (no neuroflow ops:
    it runs in the pipeline's worker threads)."""

    def __init__(self, image_size, color_mode, interpolation, crop, pad, data_format):
        self.size, self.color_mode, self.interpolation = tuple(image_size), color_mode, interpolation
        self.crop, self.pad, self.data_format = crop, pad, data_format
        channels = _CHANNELS[color_mode]
        shape = self.size + (channels,) if data_format == "channels_last" else (channels,) + self.size
        self.spec = TensorSpec(shape, "float32")

    def __call__(self, path):
        if self.pad:
            img = load_img(path, self.color_mode)
            array = _pad_to_aspect(img_to_array(img, "channels_last"), self.size)
            img = array_to_img(array, "channels_last", scale=False).resize(self.size[::-1])
            array = img_to_array(img, "channels_last")
        else:
            img = load_img(path, self.color_mode, self.size, self.interpolation, keep_aspect_ratio=self.crop)
            array = img_to_array(img, "channels_last", dtype="float32")
        if array.shape[-1] != self.spec.shape[-1 if self.data_format == "channels_last" else 0]:
            array = array[..., :1]
        return array if self.data_format == "channels_last" else array.transpose(2, 0, 1)


def _pad_to_aspect(array, size):
    """`array` padded with zeros (centred) to the aspect ratio of `size`."""
    height, width = array.shape[:2]
    target = size[0] / size[1]
    if height / width < target:
        new_height, new_width = round(width * target), width
    else:
        new_height, new_width = height, round(height / target)
    out = np.zeros((new_height, new_width, array.shape[2]), array.dtype)
    top, left = (new_height - height) // 2, (new_width - width) // 2
    out[top:top + height, left:left + width] = array
    return out
