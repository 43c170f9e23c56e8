"""InceptionV3 (Szegedy et al., 2015): parallel convolution branches concatenated into `mixed0`..`mixed10`.

>>> from neuroflow.keras.applications import InceptionV3
>>> model = InceptionV3(weights=None, include_top=False, input_shape=(75, 75, 3))
>>> model.get_layer("mixed10").output.shape
(None, 1, 1, 2048)
"""
from .. import layers
from . import application, imagenet_utils

__all__ = ["InceptionV3", "preprocess_input", "decode_predictions"]

_HASHES = ("9a0d58056eeedaa3f26cb7ebd46da564", "bcbd6486424b2319ff4ef7d526e38f63")


def conv2d_bn(x, filters, num_row, num_col, padding="same", strides=(1, 1), name=None):
    """Conv2D (no bias) → BatchNormalization (no scale) → ReLU."""
    x = layers.Conv2D(filters, (num_row, num_col), strides=strides, padding=padding, use_bias=False,
                      name=None if name is None else f"{name}_conv")(x)
    x = layers.BatchNormalization(axis=3, scale=False, name=None if name is None else f"{name}_bn")(x)
    return layers.Activation("relu", name=name)(x)


def inception_stem(x, conv):
    """The stem both Inception networks share, down to 35×35 at a 299 input.

    `conv(x, filters, kernel_size, stride, padding)` is the network's Conv-BN-ReLU.
    """
    x = conv(x, 32, 3, 2, "valid")
    x = conv(x, 32, 3, 1, "valid")
    x = conv(x, 64, 3, 1, "same")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = conv(x, 80, 1, 1, "valid")
    x = conv(x, 192, 3, 1, "valid")
    return layers.MaxPooling2D((3, 3), strides=(2, 2))(x)


def _avg_pool_branch(x, filters):
    return conv2d_bn(layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(x), filters, 1, 1)


def _max_pool_branch(x):
    return layers.MaxPooling2D((3, 3), strides=(2, 2))(x)


def _module_a(x, pool_filters, name):
    """35×35: 1×1 | 1×1→5×5 | 1×1→3×3→3×3 | avg pool→1×1."""
    branch1x1 = conv2d_bn(x, 64, 1, 1)
    branch5x5 = conv2d_bn(conv2d_bn(x, 48, 1, 1), 64, 5, 5)
    branch3x3dbl = conv2d_bn(conv2d_bn(conv2d_bn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3)
    branches = [branch1x1, branch5x5, branch3x3dbl, _avg_pool_branch(x, pool_filters)]
    return layers.Concatenate(axis=3, name=name)(branches)


def _module_c(x, channels, name):
    """17×17 with factorised 7×7 convolutions of `channels` inner channels."""
    branch1x1 = conv2d_bn(x, 192, 1, 1)
    branch7x7 = conv2d_bn(conv2d_bn(conv2d_bn(x, channels, 1, 1), channels, 1, 7), 192, 7, 1)
    branch7x7dbl = conv2d_bn(x, channels, 1, 1)
    for filters, rows, cols in ((channels, 7, 1), (channels, 1, 7), (channels, 7, 1), (192, 1, 7)):
        branch7x7dbl = conv2d_bn(branch7x7dbl, filters, rows, cols)
    return layers.Concatenate(axis=3, name=name)([branch1x1, branch7x7, branch7x7dbl, _avg_pool_branch(x, 192)])


def _module_e(x, index):
    """8×8 with the 3×3 convolutions split into parallel 1×3 and 3×1."""
    branch1x1 = conv2d_bn(x, 320, 1, 1)
    branch3x3 = conv2d_bn(x, 384, 1, 1)
    branch3x3 = layers.Concatenate(axis=3, name=f"mixed9_{index}")(
        [conv2d_bn(branch3x3, 384, 1, 3), conv2d_bn(branch3x3, 384, 3, 1)])
    branch3x3dbl = conv2d_bn(conv2d_bn(x, 448, 1, 1), 384, 3, 3)
    branch3x3dbl = layers.Concatenate(axis=3)([conv2d_bn(branch3x3dbl, 384, 1, 3), conv2d_bn(branch3x3dbl, 384, 3, 1)])
    return layers.Concatenate(axis=3, name=f"mixed{9 + index}")(
        [branch1x1, branch3x3, branch3x3dbl, _avg_pool_branch(x, 192)])


def InceptionV3(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
                classes=1000, classifier_activation="softmax", name="inception_v3"):
    """InceptionV3 as Keras builds it (default input 299×299, at least 75×75); the arguments are
    `keras.applications.VGG16`'s."""
    application.check_arguments(weights, include_top, classes, classifier_activation)
    img_input = application.image_input(input_shape, input_tensor, default_size=299, min_size=75,
                                        include_top=include_top, weights=weights)
    x = inception_stem(img_input, lambda x, filters, size, stride, padding: conv2d_bn(
        x, filters, size, size, strides=(stride, stride), padding=padding))
    for index, pool_filters in enumerate((32, 64, 64)):
        x = _module_a(x, pool_filters, f"mixed{index}")
    branch3x3 = conv2d_bn(x, 384, 3, 3, strides=(2, 2), padding="valid")
    branch3x3dbl = conv2d_bn(conv2d_bn(conv2d_bn(x, 64, 1, 1), 96, 3, 3), 96, 3, 3, strides=(2, 2), padding="valid")
    x = layers.Concatenate(axis=3, name="mixed3")([branch3x3, branch3x3dbl, _max_pool_branch(x)])
    for index, channels in enumerate((128, 160, 160, 192), start=4):
        x = _module_c(x, channels, f"mixed{index}")
    branch3x3 = conv2d_bn(conv2d_bn(x, 192, 1, 1), 320, 3, 3, strides=(2, 2), padding="valid")
    branch7x7x3 = conv2d_bn(conv2d_bn(conv2d_bn(x, 192, 1, 1), 192, 1, 7), 192, 7, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 3, 3, strides=(2, 2), padding="valid")
    x = layers.Concatenate(axis=3, name="mixed8")([branch3x3, branch7x7x3, _max_pool_branch(x)])
    for index in range(2):
        x = _module_e(x, index)
    x = application.classifier(x, include_top, pooling, classes, classifier_activation)
    weights_file = application.kernels_file("inception_v3", "inception_v3", include_top, _HASHES)
    return application.finish(img_input, input_tensor, x, name, weights, weights_file)


preprocess_input = imagenet_utils.preprocessor("tf")


decode_predictions = imagenet_utils.decode_predictions
