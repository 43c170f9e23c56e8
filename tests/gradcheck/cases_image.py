"""Gradient cases for tf.image: resizing, projective transforms, crops and the composed functions."""
import numpy as np

import neuroflow as tf
from neuroflow.ops import image_resize_ops
from neuroflow.ops.image_ops import crop_window
from neuroflow.ops.image_transform_ops import projective_transform
from .harness import case

# A rotation about the centre plus a zoom, and a projective map; points land between pixels.
TRANSFORMS = np.array([[0.8, -0.5, 1.3, 0.5, 0.8, -0.4, 0.0, 0.0],
                       [0.7, 0.1, 0.6, -0.2, 1.2, 0.35, 0.02, -0.03]], np.float32)


def _resample(method, new_height, new_width, antialias=False):
    """tf.image.resize's linear map in float64 (the public function returns float32, as TF does)."""
    def fn(x):
        height, width = x.shape[1], x.shape[2]
        rows = image_resize_ops._weights(method, height, new_height, antialias).astype(np.float64)
        cols = image_resize_ops._weights(method, width, new_width, antialias).astype(np.float64)
        return image_resize_ops.resample(x, rows, cols)
    return fn


def _transform(fill_mode, interpolation):
    return lambda x: projective_transform(x, TRANSFORMS, interpolation=interpolation, fill_mode=fill_mode,
                                          fill_value=0.3)


CASES = [
    case("resize bilinear up, squared", lambda x: tf.square(_resample("bilinear", 5, 7)(x)), (1, 3, 4, 2),
         second_order=True),
    case("resize bicubic down", _resample("bicubic", 2, 3), (2, 5, 4, 1)),
    case("resize area", _resample("area", 2, 5), (1, 3, 4, 1)),
    case("resize lanczos3 antialias", _resample("lanczos3", 2, 2, antialias=True), (1, 5, 4, 1)),
    case("resize nearest (gather)", lambda x: tf.image.resize(x, [5, 3], method="nearest"), (1, 3, 4, 2)),
    case("projective transform bilinear constant, squared (covers the Grad op)",
         lambda x: tf.square(_transform("constant", "bilinear")(x)), (2, 4, 5, 2), second_order=True),
    case("projective transform bilinear reflect", _transform("reflect", "bilinear"), (2, 4, 5, 1)),
    case("projective transform nearest wrap", _transform("wrap", "nearest"), (2, 4, 5, 1)),
    case("crop window, squared (covers the Grad op)",
         lambda x: tf.square(crop_window(x, tf.constant([1, 0, 2]), [2, 3, 1])), (3, 4, 3), second_order=True),
    case("extract_patches SAME dilated", lambda x: tf.image.extract_patches(
        x, [1, 2, 2, 1], [1, 2, 1, 1], [1, 1, 2, 1], "SAME"), (1, 4, 5, 2)),
    case("sobel_edges", lambda x: tf.image.sobel_edges(x), (1, 4, 4, 1)),
    case("image_gradients", lambda x: tf.image.image_gradients(x), (1, 3, 4, 2)),
    case("rgb_to_hsv (no ties between channels)", lambda x: tf.image.rgb_to_hsv(x),
         np.array([[0.2, 0.5, 0.9], [0.8, 0.3, 0.1], [0.4, 0.7, 0.2]])),
    case("hsv_to_rgb (away from the hue kinks)", lambda x: tf.image.hsv_to_rgb(x),
         np.array([[0.1, 0.5, 0.9], [0.45, 0.3, 0.6], [0.8, 0.7, 0.2]])),
    case("rot90 and flips", lambda x: tf.image.flip_up_down(tf.image.rot90(x, 3)), (2, 3, 4, 1)),
]
