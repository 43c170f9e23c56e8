"""Writes tf_reference.npz: what TensorFlow 2.21 / Keras 3 compute for the image functions and layers.

Run with the side TensorFlow install (never a dependency of neuroflow or its tests):

    /work/tfvenv/bin/python tests/image/make_tf_reference.py

Inputs are drawn from a seeded NumPy generator and stored beside the outputs, so the
tests feed neuroflow exactly what TensorFlow saw.
"""
import os
import pathlib

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tensorflow as tf  # noqa: E402
import keras  # noqa: E402

HERE = pathlib.Path(__file__).parent
METHODS = ["bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5", "gaussian", "mitchellcubic"]
SIZES = [(9, 11), (3, 4), (2, 13), (1, 1), (5, 7)]


def main():
    rng = np.random.default_rng(0)
    out = {}
    image = rng.uniform(0, 1, (2, 5, 7, 3)).astype(np.float32)
    out["image"] = image
    for method in METHODS:
        for antialias in (False, True):
            for h, w in SIZES:
                out[f"resize/{method}/{int(antialias)}/{h}x{w}"] = tf.image.resize(
                    image, [h, w], method=method, antialias=antialias).numpy()
    for method, antialias in (("bilinear", False), ("bicubic", False), ("nearest", False), ("lanczos3", True),
                              ("bilinear", True)):
        for h, w in ((9, 11), (3, 4)):
            weights = rng.standard_normal((2, h, w, 3)).astype(np.float32)
            x = tf.constant(image)
            with tf.GradientTape() as tape:
                tape.watch(x)
                loss = tf.reduce_sum(tf.image.resize(x, [h, w], method=method, antialias=antialias) * weights)
            out[f"resize_grad/{method}/{int(antialias)}/{h}x{w}/weights"] = weights
            out[f"resize_grad/{method}/{int(antialias)}/{h}x{w}"] = tape.gradient(loss, x).numpy()
    out["resize_uint8"] = (image * 255).astype(np.uint8)
    out["resize_uint8/bilinear"] = tf.image.resize(out["resize_uint8"], [4, 9]).numpy()
    out["resize_aspect/shape"] = np.array(tf.image.resize(image[0], [4, 4], preserve_aspect_ratio=True).shape)
    out["resize_with_pad"] = tf.image.resize_with_pad(image, 6, 4).numpy()
    out["resize_with_crop_or_pad"] = tf.image.resize_with_crop_or_pad(image, 8, 3).numpy()
    out["central_crop"] = tf.image.central_crop(image, 0.6).numpy()

    rgb = rng.uniform(0, 1, (2, 4, 5, 3)).astype(np.float32)
    out["rgb"] = rgb
    out["rgb_uint8"] = (rgb * 255).astype(np.uint8)
    out["adjust_contrast"] = tf.image.adjust_contrast(rgb, 1.7).numpy()
    out["adjust_contrast_uint8"] = tf.image.adjust_contrast(out["rgb_uint8"], 0.6).numpy()
    out["adjust_brightness_uint8"] = tf.image.adjust_brightness(out["rgb_uint8"], 0.3).numpy()
    for factor in (0.3, 1.7):
        out[f"adjust_saturation/{factor}"] = tf.image.adjust_saturation(rgb, factor).numpy()
    for delta in (0.2, -0.45):
        out[f"adjust_hue/{delta}"] = tf.image.adjust_hue(rgb, delta).numpy()
    out["adjust_gamma"] = tf.image.adjust_gamma(rgb, 0.7, 1.3).numpy()
    out["rgb_to_grayscale"] = tf.image.rgb_to_grayscale(rgb).numpy()
    out["rgb_to_grayscale_uint8"] = tf.image.rgb_to_grayscale(out["rgb_uint8"]).numpy()
    out["rgb_to_hsv"] = tf.image.rgb_to_hsv(rgb).numpy()
    out["hsv_to_rgb"] = tf.image.hsv_to_rgb(rgb).numpy()
    out["per_image_standardization"] = tf.image.per_image_standardization(rgb).numpy()
    out["per_image_standardization_uint8"] = tf.image.per_image_standardization(out["rgb_uint8"]).numpy()
    out["convert/uint8_float32"] = tf.image.convert_image_dtype(out["rgb_uint8"], tf.float32).numpy()
    wide = np.array([-0.5, 0.0, 0.3, 0.999, 1.0, 1.7], np.float32)
    out["convert/float_input"] = wide
    out["convert/float_uint8_saturate"] = tf.image.convert_image_dtype(wide, tf.uint8, saturate=True).numpy()
    out["convert/float_int16_saturate"] = tf.image.convert_image_dtype(wide, tf.int16, saturate=True).numpy()
    ints = np.array([0, 1, 127, 128, 255], np.uint8)
    out["convert/int_input"] = ints
    out["convert/uint8_int32"] = tf.image.convert_image_dtype(ints, tf.int32).numpy()
    out["convert/int32_uint8"] = tf.image.convert_image_dtype(
        tf.image.convert_image_dtype(ints, tf.int32), tf.uint8).numpy()
    out["convert/uint8_int16"] = tf.image.convert_image_dtype(ints, tf.int16).numpy()

    for space in ("yuv", "yiq"):
        out[f"rgb_to_{space}"] = getattr(tf.image, f"rgb_to_{space}")(rgb).numpy()
        out[f"{space}_to_rgb"] = getattr(tf.image, f"{space}_to_rgb")(rgb).numpy()
    quality = rng.uniform(0, 1, (2, 3, 13, 16, 3)).astype(np.float32)
    noisy = np.clip(quality + rng.normal(0, 0.1, quality.shape), 0, 1).astype(np.float32)
    out["quality"], out["noisy"] = quality, noisy
    out["psnr"] = tf.image.psnr(quality, noisy, max_val=1.0).numpy()
    out["ssim"] = tf.image.ssim(quality, noisy, max_val=1.0).numpy()
    out["ssim_small"] = tf.image.ssim(quality, noisy, max_val=1.0, filter_size=5, filter_sigma=0.8, k2=0.05).numpy()
    out["ssim_map"] = tf.image.ssim(quality[0], noisy[0], max_val=1.0, return_index_map=True).numpy()
    pixels, noisy_pixels = (quality * 255).astype(np.uint8), (noisy * 255).astype(np.uint8)
    out["ssim_uint8"] = tf.image.ssim(pixels, noisy_pixels, max_val=255).numpy()
    out["psnr_uint8"] = tf.image.psnr(pixels, noisy_pixels, max_val=255).numpy()
    out["total_variation"] = tf.image.total_variation(tf.constant(quality[0])).numpy()
    x = tf.constant(quality[0])
    with tf.GradientTape() as tape:
        tape.watch(x)
        loss = tf.reduce_sum(tf.image.ssim(x, noisy[0], max_val=1.0))
    out["ssim_grad"] = tape.gradient(loss, x).numpy()

    patches_in = rng.standard_normal((2, 7, 6, 2)).astype(np.float32)
    out["patches_in"] = patches_in
    for padding in ("VALID", "SAME"):
        out[f"extract_patches/{padding}"] = tf.image.extract_patches(
            patches_in, [1, 3, 2, 1], [1, 2, 3, 1], [1, 2, 1, 1], padding).numpy()
    out["sobel_edges"] = tf.image.sobel_edges(tf.constant(patches_in)).numpy()

    # ImageProjectiveTransformV3, the op behind Keras' RandomRotation/Zoom/Translation.
    angle, zoom = 0.7, 1.3
    c, s = np.cos(angle) * zoom, np.sin(angle) * zoom
    cx, cy = (7 - 1) / 2, (5 - 1) / 2
    transform = np.array([[c, -s, cx - c * cx + s * cy, s, c, cy - s * cx - c * cy, 0.0, 0.0],
                          [0.6, 0.1, 2.3, -0.2, 1.4, -1.1, 0.01, -0.02]], np.float32)
    out["transform"] = transform
    for fill_mode in ("reflect", "wrap", "constant", "nearest"):
        for interpolation in ("bilinear", "nearest"):
            out[f"projective/{fill_mode}/{interpolation}"] = tf.raw_ops.ImageProjectiveTransformV3(
                images=image, transforms=transform, output_shape=[5, 7], fill_value=0.25,
                interpolation=interpolation.upper(), fill_mode=fill_mode.upper()).numpy()

    # Keras layers whose result is deterministic (fixed factors).
    layers = keras.layers
    out["keras/rotation"] = layers.RandomRotation((0.1, 0.1))(image, training=True).numpy()
    out["keras/rotation_constant_nearest"] = layers.RandomRotation(
        (-0.3, -0.3), fill_mode="constant", interpolation="nearest", fill_value=0.5)(image, training=True).numpy()
    out["keras/zoom"] = layers.RandomZoom((-0.4, -0.4), (0.3, 0.3), fill_mode="wrap")(image, training=True).numpy()
    out["keras/translation"] = layers.RandomTranslation((0.2, 0.2), (-0.3, -0.3), fill_mode="nearest")(
        image, training=True).numpy()
    out["keras/resizing_crop"] = layers.Resizing(4, 4, crop_to_aspect_ratio=True)(image).numpy()
    out["keras/resizing_pad"] = layers.Resizing(4, 4, pad_to_aspect_ratio=True, fill_value=0.5)(image).numpy()
    out["keras/resizing_bicubic_aa"] = layers.Resizing(3, 3, interpolation="bicubic", antialias=True)(image).numpy()
    out["keras/center_crop"] = layers.CenterCrop(3, 4)(image).numpy()
    out["keras/center_crop_grow"] = layers.CenterCrop(6, 6)(image).numpy()
    out["keras/upsampling_bilinear"] = layers.UpSampling2D((2, 3), interpolation="bilinear")(image).numpy()
    features = rng.standard_normal((3, 4, 6)).astype(np.float32)
    out["features"] = features
    out["keras/layer_norm"] = layers.LayerNormalization(axis=[1, 2])(features).numpy()
    out["keras/layer_norm_rms"] = layers.LayerNormalization(rms_scaling=True)(features).numpy()
    out["keras/group_norm"] = layers.GroupNormalization(groups=3)(features).numpy()
    out["keras/unit_norm"] = layers.UnitNormalization(axis=[1, 2])(features).numpy()
    out["keras/softmax_mask"] = layers.Softmax()(features, mask=features > 0).numpy()

    # keras.ops.image, where it differs from tf.image (argument names, layouts, no rescaling).
    kimage = keras.ops.image
    out["kops/extract_patches"] = keras.ops.convert_to_numpy(kimage.extract_patches(image, 2))
    out["kops/extract_patches_same"] = keras.ops.convert_to_numpy(kimage.extract_patches(
        image, (3, 2), strides=(2, 3), dilation_rate=1, padding="same"))
    out["kops/grayscale_uint8"] = keras.ops.convert_to_numpy(kimage.rgb_to_grayscale(out["rgb_uint8"]))
    out["kops/grayscale_first"] = keras.ops.convert_to_numpy(kimage.rgb_to_grayscale(
        np.transpose(rgb, (0, 3, 1, 2)), data_format="channels_first"))
    out["kops/pad"] = keras.ops.convert_to_numpy(kimage.pad_images(image, 1, 2, target_height=8, target_width=10))
    out["kops/crop"] = keras.ops.convert_to_numpy(kimage.crop_images(image, top_cropping=1, bottom_cropping=2,
                                                                     left_cropping=3, target_width=2))
    out["kops/affine"] = keras.ops.convert_to_numpy(kimage.affine_transform(
        image[0], transform[0], interpolation="nearest", fill_mode="reflect"))

    path = HERE / "tf_reference.npz"
    np.savez_compressed(path, **out)
    print(f"wrote {path} ({path.stat().st_size} bytes, {len(out)} arrays) with TensorFlow {tf.__version__}")


if __name__ == "__main__":
    main()
