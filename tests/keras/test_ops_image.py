"""keras.ops.image against Keras 3 on TensorFlow 2.21 (tests/fixtures/image/reference.npz), layouts and errors."""
import pathlib

import numpy as np
import pytest

from neuroflow import keras

REF = np.load(pathlib.Path(__file__).parents[1] / "fixtures" / "image" / "reference.npz")
IMAGE = REF["image"]
ops = keras.ops.image


def test_ops_image_match_keras():
    np.testing.assert_allclose(ops.extract_patches(IMAGE, 2).numpy(), REF["kops/extract_patches"])
    np.testing.assert_allclose(ops.extract_patches(IMAGE, (3, 2), strides=(2, 3), padding="same").numpy(),
                               REF["kops/extract_patches_same"])
    gray = ops.rgb_to_grayscale(REF["rgb_uint8"])
    assert gray.dtype == "uint8"
    assert np.abs(gray.numpy().astype(int) - REF["kops/grayscale_uint8"].astype(int)).max() <= 1
    first = np.transpose(REF["rgb"], (0, 3, 1, 2))
    np.testing.assert_allclose(ops.rgb_to_grayscale(first, data_format="channels_first").numpy(),
                               REF["kops/grayscale_first"], rtol=1e-6)
    np.testing.assert_array_equal(ops.pad_images(IMAGE, 1, 2, target_height=8, target_width=10).numpy(),
                                  REF["kops/pad"])
    np.testing.assert_array_equal(ops.crop_images(IMAGE, top_cropping=1, bottom_cropping=2, left_cropping=3,
                                                  target_width=2).numpy(), REF["kops/crop"])
    np.testing.assert_allclose(ops.affine_transform(IMAGE[0], REF["transform"][0], interpolation="nearest",
                                                    fill_mode="reflect").numpy(), REF["kops/affine"])


def test_resize_layouts_and_round_trips():
    first = np.transpose(IMAGE, (0, 3, 1, 2))
    out = ops.resize(first, (4, 4), crop_to_aspect_ratio=True, data_format="channels_first").numpy()
    np.testing.assert_allclose(np.transpose(out, (0, 2, 3, 1)), REF["keras/resizing_crop"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ops.resize(IMAGE[0], (4, 4), pad_to_aspect_ratio=True, fill_value=0.5).numpy(),
                               REF["keras/resizing_pad"][0], rtol=1e-5, atol=1e-6)
    hsv = ops.rgb_to_hsv(REF["rgb"])
    np.testing.assert_allclose(ops.hsv_to_rgb(hsv).numpy(), REF["rgb"], atol=1e-6)


def test_errors_name_the_argument():
    with pytest.raises(ValueError, match="interpolation"):
        ops.resize(IMAGE, (2, 2), interpolation="cubic")
    with pytest.raises(ValueError, match="Only one of"):
        ops.resize(IMAGE, (2, 2), crop_to_aspect_ratio=True, pad_to_aspect_ratio=True)
    with pytest.raises(ValueError, match="rank 3.*rank 4.*\\(5, 7\\)"):
        ops.resize(IMAGE[0, ..., 0], (2, 2))
    with pytest.raises(ValueError, match="exactly two of top_padding, bottom_padding, target_height"):
        ops.pad_images(IMAGE, 1, 1, bottom_padding=1, target_height=9, right_padding=0)
    with pytest.raises(ValueError, match="top_padding must be >= 0"):
        ops.pad_images(IMAGE, bottom_padding=4, target_height=6, left_padding=0, right_padding=0)
    with pytest.raises(ValueError, match="fill_mode"):
        ops.affine_transform(IMAGE, REF["transform"], fill_mode="mirror")
