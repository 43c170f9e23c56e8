"""tf.image against TensorFlow 2.21's own outputs (tests/fixtures/image/reference.npz and its generate.py)
and hand cases."""
import pathlib

import numpy as np
import pytest

import neuroflow as tf
from neuroflow.ops.image_transform_ops import projective_transform

REF = np.load(pathlib.Path(__file__).parents[1] / "fixtures" / "image" / "reference.npz")
METHODS = ["bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic"]
SIZES = [(9, 11), (3, 4), (2, 13), (1, 1), (5, 7)]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("antialias", [False, True])
def test_resize_matches_tensorflow(method, antialias):
    for h, w in SIZES:
        out = tf.image.resize(REF["image"], [h, w], method=method, antialias=antialias)
        assert out.dtype == tf.float32
        np.testing.assert_allclose(out.numpy(), REF[f"resize/{method}/{int(antialias)}/{h}x{w}"], rtol=1e-5,
                                   atol=2e-6, err_msg=f"{method} antialias={antialias} to {h}x{w}")


@pytest.mark.parametrize("key", sorted({k.rsplit("/", 1)[0] for k in REF.files if k.startswith("resize_grad/")
                                        and not k.endswith("weights")}))
def test_resize_gradient_matches_tensorflow(key):
    _, method, antialias = key.split("/")
    for h, w in ((9, 11), (3, 4)):
        x = tf.constant(REF["image"])
        with tf.GradientTape() as tape:
            tape.watch(x)
            loss = tf.reduce_sum(tf.image.resize(x, [h, w], method=method, antialias=bool(int(antialias)))
                                 * REF[f"{key}/{h}x{w}/weights"])
        np.testing.assert_allclose(tape.gradient(loss, x).numpy(), REF[f"{key}/{h}x{w}"], rtol=1e-5, atol=1e-5)


def test_resize_dtypes_shapes_and_errors():
    np.testing.assert_allclose(tf.image.resize(REF["resize_uint8"], [4, 9]).numpy(), REF["resize_uint8/bilinear"],
                               rtol=1e-5)
    nearest = tf.image.resize(REF["resize_uint8"], [4, 9], method="nearest")
    assert nearest.dtype == tf.uint8
    assert tuple(tf.image.resize(REF["image"][0], [4, 4], preserve_aspect_ratio=True).shape) == \
        tuple(REF["resize_aspect/shape"])
    assert tf.image.resize(tf.zeros([3, 3, 1], tf.float64), [2, 2]).dtype == tf.float32
    with pytest.raises(ValueError, match="3 or 4 dimensions"):
        tf.image.resize(tf.zeros([3, 3]), [2, 2])
    with pytest.raises(ValueError, match="not implemented"):
        tf.image.resize(tf.zeros([3, 3, 1]), [2, 2], method="cubic")
    with pytest.raises(tf.errors.InvalidArgumentError, match="positive"):
        tf.image.resize(tf.zeros([3, 3, 1]), [0, 2])


def test_crops_and_pads_match_tensorflow():
    image = REF["image"]
    np.testing.assert_allclose(tf.image.resize_with_pad(image, 6, 4).numpy(), REF["resize_with_pad"], rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_array_equal(tf.image.resize_with_crop_or_pad(image, 8, 3).numpy(),
                                  REF["resize_with_crop_or_pad"])
    np.testing.assert_array_equal(tf.image.central_crop(image, 0.6).numpy(), REF["central_crop"])
    with pytest.raises(ValueError, match="width must be >= target \\+ offset"):
        tf.image.crop_to_bounding_box(image, 0, 3, 2, 5)
    with pytest.raises(ValueError, match="central_fraction"):
        tf.image.central_crop(image, 0.0)


def test_flips_rotations_and_transpose():
    x = np.arange(24).reshape(2, 3, 4, 1)
    np.testing.assert_array_equal(tf.image.flip_left_right(x).numpy(), x[:, :, ::-1])
    np.testing.assert_array_equal(tf.image.flip_up_down(x[0]).numpy(), x[0, ::-1])
    for k in range(-1, 5):
        np.testing.assert_array_equal(tf.image.rot90(x, k).numpy(), np.rot90(x, k, axes=(1, 2)))
    np.testing.assert_array_equal(tf.image.transpose(x).numpy(), x.transpose(0, 2, 1, 3))
    with pytest.raises(ValueError, match="must have either 3 or 4 dimensions"):
        tf.image.flip_left_right(np.zeros((2, 2)))


@pytest.mark.parametrize("key", ["adjust_contrast", "adjust_contrast_uint8", "adjust_brightness_uint8",
                                 "adjust_saturation/0.3", "adjust_saturation/1.7", "adjust_hue/0.2",
                                 "adjust_hue/-0.45", "adjust_gamma", "rgb_to_grayscale", "rgb_to_grayscale_uint8",
                                 "rgb_to_hsv", "hsv_to_rgb", "per_image_standardization",
                                 "per_image_standardization_uint8"])
def test_colour_functions_match_tensorflow(key):
    name, _, arg = key.partition("/")
    uint8 = name.endswith("_uint8")
    name = name.removesuffix("_uint8")
    image = REF["rgb_uint8"] if uint8 else REF["rgb"]
    args = {"adjust_contrast": (0.6 if uint8 else 1.7,), "adjust_brightness": (0.3,), "adjust_gamma": (0.7, 1.3)}
    out = getattr(tf.image, name)(image, *((float(arg),) if arg else args.get(name, ())))
    expected = REF[key]
    assert out.dtype == expected.dtype
    if expected.dtype == np.uint8:  # one step of rounding may differ
        assert np.abs(out.numpy().astype(int) - expected.astype(int)).max() <= 1
    else:
        np.testing.assert_allclose(out.numpy(), expected, rtol=1e-5, atol=2e-5)


def test_convert_image_dtype_matches_tensorflow():
    convert = tf.image.convert_image_dtype
    np.testing.assert_allclose(convert(REF["rgb_uint8"], tf.float32).numpy(), REF["convert/uint8_float32"])
    wide, ints = REF["convert/float_input"], REF["convert/int_input"]
    np.testing.assert_array_equal(convert(wide, tf.uint8, saturate=True).numpy(), REF["convert/float_uint8_saturate"])
    np.testing.assert_array_equal(convert(wide, tf.int16, saturate=True).numpy(), REF["convert/float_int16_saturate"])
    np.testing.assert_array_equal(convert(ints, tf.int32).numpy(), REF["convert/uint8_int32"])
    np.testing.assert_array_equal(convert(convert(ints, tf.int32), tf.uint8).numpy(), REF["convert/int32_uint8"])
    np.testing.assert_array_equal(convert(ints, tf.int16).numpy(), REF["convert/uint8_int16"])
    assert convert(ints, tf.uint8).dtype == tf.uint8
    np.testing.assert_array_equal(tf.image.grayscale_to_rgb(np.ones((2, 2, 1))).numpy(), np.ones((2, 2, 3)))
    with pytest.raises(ValueError, match="last dimension to be 3"):
        tf.image.rgb_to_grayscale(np.ones((2, 2, 4)))


@pytest.mark.parametrize("padding", ["VALID", "SAME"])
def test_extract_patches_and_sobel_match_tensorflow(padding):
    out = tf.image.extract_patches(REF["patches_in"], [1, 3, 2, 1], [1, 2, 3, 1], [1, 2, 1, 1], padding)
    np.testing.assert_allclose(out.numpy(), REF[f"extract_patches/{padding}"])
    np.testing.assert_allclose(tf.image.sobel_edges(REF["patches_in"]).numpy(), REF["sobel_edges"], rtol=1e-5,
                               atol=1e-5)
    dy, dx = tf.image.image_gradients(REF["patches_in"])
    np.testing.assert_allclose(dy.numpy()[:, :-1], np.diff(REF["patches_in"], axis=1), rtol=1e-6)
    assert not dx.numpy()[:, :, -1].any()


@pytest.mark.parametrize("fill_mode", ["reflect", "wrap", "constant", "nearest"])
@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
def test_projective_transform_matches_tensorflow(fill_mode, interpolation):
    out = projective_transform(REF["image"], REF["transform"], interpolation=interpolation, fill_mode=fill_mode,
                               fill_value=0.25)
    np.testing.assert_allclose(out.numpy(), REF[f"projective/{fill_mode}/{interpolation}"], rtol=1e-5, atol=1e-5)


def test_random_functions_are_seeded_and_valid():
    image = REF["image"]
    flipped = tf.image.random_flip_left_right(image, seed=3).numpy()
    for got, original in zip(flipped, image):  # each image is either unchanged or mirrored
        assert np.array_equal(got, original) or np.array_equal(got, original[:, ::-1])
    a = tf.image.stateless_random_brightness(image, 0.3, seed=[1, 2]).numpy()
    np.testing.assert_array_equal(a, tf.image.stateless_random_brightness(image, 0.3, seed=[1, 2]).numpy())
    delta = a - image
    assert np.allclose(delta, delta.flat[0], atol=1e-6) and abs(delta.flat[0]) <= 0.3
    contrast = tf.image.stateless_random_contrast(image, 0.5, 1.5, seed=[4, 5]).numpy()
    mean = image.mean(axis=(1, 2), keepdims=True)
    factor = (contrast - mean) / (image - mean)
    assert np.allclose(factor, factor.flat[0], rtol=1e-3) and 0.5 <= factor.flat[0] < 1.5
    crop = tf.image.random_crop(image, [2, 3, 3, 3]).numpy()
    assert crop.shape == (2, 3, 3, 3)
    assert any(np.array_equal(crop, image[:, i:i + 3, j:j + 3]) for i in range(3) for j in range(5))
    with pytest.raises(ValueError, match="upper must be > lower"):
        tf.image.random_contrast(image, 1.0, 0.5)
    with pytest.raises(ValueError, match="max_delta must be non-negative"):
        tf.image.random_brightness(image, -1.0)


@pytest.mark.parametrize("space", ["yuv", "yiq"])
def test_linear_colour_spaces_match_tensorflow(space):
    to_space, from_space = getattr(tf.image, f"rgb_to_{space}"), getattr(tf.image, f"{space}_to_rgb")
    np.testing.assert_allclose(to_space(REF["rgb"]).numpy(), REF[f"rgb_to_{space}"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(from_space(REF["rgb"]).numpy(), REF[f"{space}_to_rgb"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(from_space(to_space(REF["rgb"])).numpy(), REF["rgb"], atol=1e-4)


def test_quality_measures_match_tensorflow():
    a, b = REF["quality"], REF["noisy"]   # (2, 3, 13, 16, 3): a batch of batches
    np.testing.assert_allclose(tf.image.psnr(a, b, max_val=1.0).numpy(), REF["psnr"], rtol=1e-5)
    np.testing.assert_allclose(tf.image.ssim(a, b, max_val=1.0).numpy(), REF["ssim"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(tf.image.ssim(a, b, max_val=1.0, filter_size=5, filter_sigma=0.8, k2=0.05).numpy(),
                               REF["ssim_small"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(tf.image.ssim(a[0], b[0], max_val=1.0, return_index_map=True).numpy(),
                               REF["ssim_map"], rtol=1e-4, atol=1e-5)
    pixels, noisy = (a * 255).astype(np.uint8), (b * 255).astype(np.uint8)
    np.testing.assert_allclose(tf.image.ssim(pixels, noisy, max_val=255).numpy(), REF["ssim_uint8"], rtol=1e-5)
    np.testing.assert_allclose(tf.image.psnr(pixels, noisy, max_val=255).numpy(), REF["psnr_uint8"], rtol=1e-5)
    np.testing.assert_allclose(tf.image.total_variation(a[0]).numpy(), REF["total_variation"], rtol=1e-5)
    x = tf.constant(a[0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(tf.image.ssim(x, b[0], max_val=1.0))
    np.testing.assert_allclose(tape.gradient(loss, x).numpy(), REF["ssim_grad"], rtol=1e-3, atol=1e-6)
    with pytest.raises(ValueError, match="smaller than the 11x11 window"):
        tf.image.ssim(a[0, :, :8], b[0, :, :8], max_val=1.0)
    with pytest.raises(ValueError, match="same shape"):
        tf.image.psnr(a[0], b[1, :2], max_val=1.0)


@pytest.mark.parametrize("fn, deterministic", [
    (lambda t: tf.image.resize(t, [5, 17], method="bicubic"), True),
    (lambda t: tf.image.resize(t, [3, 4], method="lanczos3", antialias=True), True),
    (lambda t: tf.image.ssim(t, t * 0.9, 1.0, filter_size=3), True),
    (lambda t: projective_transform(t, REF["transform"], fill_mode="reflect"), True),
    (lambda t: tf.image.adjust_hue(t, 0.3), True),
    (lambda t: tf.image.random_crop(t, [2, 3, 3, 3], seed=1), False),   # a fresh window on each call
], ids=["resize", "resize_antialias", "ssim", "projective", "adjust_hue", "random_crop"])
def test_traced_functions_match_eager(fn, deterministic):
    x = tf.constant(REF["image"])
    if not deterministic:
        assert tf.function(fn)(x).shape == fn(x).shape
        return
    np.testing.assert_allclose(tf.function(fn)(x).numpy(), fn(x).numpy(), rtol=1e-6, atol=1e-6)

    def gradient(t):
        with tf.GradientTape() as tape:
            tape.watch(t)
            loss = tf.reduce_sum(tf.square(fn(t)))
        return tape.gradient(loss, t)
    np.testing.assert_allclose(tf.function(gradient)(x).numpy(), gradient(x).numpy(), rtol=1e-5, atol=1e-6)
