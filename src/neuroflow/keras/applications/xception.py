"""Xception (Chollet, 2017): depthwise-separable convolutions with residual connections throughout.

>>> from neuroflow.keras.applications import Xception
>>> Xception(weights=None, include_top=False, input_shape=(71, 71, 3)).output.shape
(None, 3, 3, 2048)
"""
from .. import layers
from . import application, imagenet_utils

__all__ = ["Xception", "preprocess_input", "decode_predictions"]

_HASHES = ("0a58e3b7378bc2990ea3b43d5981f1f6", "b0042744bf5b25fce3cb969f33bebb97")


def _sepconv(x, filters, name, activate=True):
    """[ReLU →] 3×3 SeparableConv2D → BN, named `<name>_act`, `<name>`, `<name>_bn`."""
    if activate:
        x = layers.Activation("relu", name=f"{name}_act")(x)
    x = layers.SeparableConv2D(filters, (3, 3), padding="same", use_bias=False, name=name)(x)
    return layers.BatchNormalization(axis=-1, name=f"{name}_bn")(x)


def _downsampling_block(x, block, filters, first_filters=None):
    """Two separable convolutions and a strided max pooling, plus a strided 1×1 projection of `x`."""
    residual = layers.Conv2D(filters, (1, 1), strides=(2, 2), padding="same", use_bias=False)(x)
    residual = layers.BatchNormalization(axis=-1)(residual)
    x = _sepconv(x, first_filters or filters, f"block{block}_sepconv1", activate=block != 2)
    x = _sepconv(x, filters, f"block{block}_sepconv2")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same", name=f"block{block}_pool")(x)
    return layers.Add()([x, residual])


def Xception(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000,
             classifier_activation="softmax", name="xception"):
    """Xception as Keras builds it (default input 299×299, at least 71×71); the arguments are
    `keras.applications.VGG16`'s."""
    application.check_arguments(weights, include_top, classes, classifier_activation)
    img_input = application.image_input(input_shape, input_tensor, default_size=299, min_size=71,
                                        include_top=include_top, weights=weights)
    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False, name="block1_conv1")(img_input)
    x = layers.BatchNormalization(axis=-1, name="block1_conv1_bn")(x)
    x = layers.Activation("relu", name="block1_conv1_act")(x)
    x = layers.Conv2D(64, (3, 3), use_bias=False, name="block1_conv2")(x)
    x = layers.BatchNormalization(axis=-1, name="block1_conv2_bn")(x)
    x = layers.Activation("relu", name="block1_conv2_act")(x)
    for block, filters in ((2, 128), (3, 256), (4, 728)):
        x = _downsampling_block(x, block, filters)
    for block in range(5, 13):  # middle flow
        residual = x
        for conv in (1, 2, 3):
            x = _sepconv(x, 728, f"block{block}_sepconv{conv}")
        x = layers.Add()([x, residual])
    x = _downsampling_block(x, 13, 1024, first_filters=728)
    for conv, filters in ((1, 1536), (2, 2048)):
        x = _sepconv(x, filters, f"block14_sepconv{conv}", activate=False)
        x = layers.Activation("relu", name=f"block14_sepconv{conv}_act")(x)
    x = application.classifier(x, include_top, pooling, classes, classifier_activation)
    weights_file = application.kernels_file("xception", "xception", include_top, _HASHES)
    return application.finish(img_input, input_tensor, x, name, weights, weights_file)


preprocess_input = imagenet_utils.preprocessor("tf")


decode_predictions = imagenet_utils.decode_predictions
