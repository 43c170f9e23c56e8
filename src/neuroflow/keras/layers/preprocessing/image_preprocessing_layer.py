"""The base of Keras' image preprocessing layers: data format, factor ranges, batching and affine warps.

Images are `(height, width, channels)` or a batch `(batch, height, width, channels)`
(`channels_first` moves channels before height). Random layers act only when called with
`training=True`, which is the default of a direct call and what `fit` passes; `predict`
and `evaluate` pass `training=False`, and the images go through unchanged (cast to float).
"""
import math

from ....ops.array_ops import stack
from ....ops.image_transform_ops import FILL_MODES, INTERPOLATIONS
from ....ops.math_ops import cast
from ....ops.unary_ops import cos, sin
from ....ops.creation_ops import zeros_like
from ...ops.image import affine_transform, channels_last_batch
from ...utils.argument_validation import standardize_data_format
from ..input_spec import shape_of
from ..layer import Layer

__all__ = ["BaseImagePreprocessingLayer", "WarpingLayer", "factor_range"]


class BaseImagePreprocessingLayer(Layer):
    """Shared machinery: `data_format`, factor checks, image rank checks and affine transforms.

    Subclasses implement `call(inputs, training=True)`.
    """

    _FACTOR_BOUNDS = (-1, 1)

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)

    def _set_factor(self, factor):
        """`factor` (a number f, or a pair) as the range (lower, upper) within `_FACTOR_BOUNDS`."""
        low, high = self._FACTOR_BOUNDS
        error = ValueError(f"{type(self).__name__}: the `factor` argument should be a number (or a list of two "
                           f"numbers) in the range [{low}, {high}]. Received: factor={factor}")
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or factor[0] > high or factor[1] < low:
                raise error
            lower, upper = sorted(factor)
        elif isinstance(factor, (int, float)) and not isinstance(factor, bool):
            if not low <= factor <= high:
                raise error
            factor = abs(factor)
            lower, upper = max(-factor, low), factor
        else:
            raise error
        self.factor = (lower, upper)

    def _check_choice(self, name, value, choices):
        if value not in choices:
            raise NotImplementedError(f"{type(self).__name__}: unknown `{name}` {value!r}. Expected one of {choices}.")

    def _image_axes(self, images):
        """(height axis, width axis) of `images`, which must have rank 3 or 4."""
        shape = shape_of(images)
        if len(shape) not in (3, 4):
            raise ValueError(f"Layer '{self.name}' ({type(self).__name__}) expected image tensor to have rank 3 "
                             f"(single image) or 4 (batch of images). Received: inputs.shape={tuple(shape)}. "
                             "Add a channels axis to grayscale images, e.g. x[..., None].")
        return (-2, -1) if self.data_format == "channels_first" else (-3, -2)

    def _size(self, images):
        height_axis, width_axis = self._image_axes(images)
        shape = shape_of(images)
        return shape[height_axis], shape[width_axis]

    def _to_batch_last(self, images):
        """`images` as a `(batch, height, width, channels)` batch, and the function that undoes it."""
        return channels_last_batch(images, self.data_format)

    def _batch_size(self, images):
        shape = shape_of(images)
        return shape[0] if len(shape) == 4 else 1

    def _as_float(self, images):
        return cast(images, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def _resized_shape(self, input_shape):
        """`input_shape` with its height and width replaced by the layer's `height` and `width`."""
        shape = list(input_shape)
        if len(shape) not in (3, 4):
            raise ValueError(f"{type(self).__name__}: `input_shape` must have rank 3 (unbatched) or 4 (batched). "
                             f"Received: input_shape={tuple(input_shape)}")
        height_axis, width_axis = (-2, -1) if self.data_format == "channels_first" else (-3, -2)
        shape[height_axis], shape[width_axis] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        return {**super().get_config(), "data_format": self.data_format}


class WarpingLayer(BaseImagePreprocessingLayer):
    """A layer that warps images by a random affine transform per image while training.

    Subclasses draw the transforms in `_transforms(batch, height, width)`.
    """

    def call(self, inputs, training=True):
        height, width = self._size(inputs)
        images = self._as_float(inputs)
        if not training:
            return images
        return self._warp(images, self._transforms(self._batch_size(images), height, width))

    def _set_warp_options(self, fill_mode, interpolation, seed, fill_value):
        """Checks and keeps the arguments of the warping layers (rotation, zoom, translation)."""
        self._check_choice("fill_mode", fill_mode, FILL_MODES)
        self._check_choice("interpolation", interpolation, INTERPOLATIONS)
        self.fill_mode, self.interpolation, self.seed, self.fill_value = fill_mode, interpolation, seed, fill_value

    def _warp_config(self):
        return {"fill_mode": self.fill_mode, "fill_value": self.fill_value, "interpolation": self.interpolation,
                "seed": self.seed}

    def _warp(self, images, transforms):
        """Applies per-image transforms `[batch, 8]` (output → input coordinates) with the layer's settings."""
        if len(shape_of(images)) == 3:
            transforms = transforms[0]
        return affine_transform(images, transforms, interpolation=self.interpolation, fill_mode=self.fill_mode,
                                fill_value=self.fill_value, data_format=self.data_format)

    @staticmethod
    def _affine_matrix(angle, scale_x, scale_y, translate_x, translate_y, height, width):
        """Keras' rotation/zoom/translation about the image centre as `[batch, 8]` transforms (angle in degrees)."""
        angle = angle * (math.pi / 180.0)
        cx, cy = 0.5 * (width - 1), 0.5 * (height - 1)
        cos_t, sin_t = cos(angle), sin(angle)
        a0, a1 = scale_x * cos_t, -scale_x * sin_t
        b0, b1 = scale_y * sin_t, scale_y * cos_t
        zero = zeros_like(angle)
        return stack([a0, a1, translate_x + cx - cx * a0 - cy * a1, b0, b1, translate_y + cy - cx * b0 - cy * b1,
                      zero, zero], axis=1)


def factor_range(layer, factor, name, open_below=False):
    """A factor (f, or a pair) as (lower, upper): f means [-f, f]; each value within [-1, 1] ((-1, 1] if open_below)."""
    values = factor if isinstance(factor, (tuple, list)) else (factor,)
    if len(values) not in (1, 2) or not all(isinstance(v, (int, float)) and -1.0 <= v <= 1.0 and
                                            not (open_below and v == -1.0) for v in values):
        interval = "(-1.0, 1.0]" if open_below else "[-1.0, 1.0]"
        raise ValueError(f"{type(layer).__name__}: the `{name}` argument should be a number (or a list of two "
                         f"numbers) in the range {interval}. Received: {name}={factor}")
    return tuple(sorted(values)) if len(values) == 2 else (-abs(factor), abs(factor))


