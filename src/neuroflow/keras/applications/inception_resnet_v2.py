"""InceptionResNetV2 (Szegedy et al., 2016): Inception branches added back onto their input, scaled.

>>> from neuroflow.keras.applications import InceptionResNetV2
>>> model = InceptionResNetV2(weights=None, include_top=False, input_shape=(75, 75, 3))
>>> model.get_layer("conv_7b_ac").output.shape
(None, 1, 1, 1536)
"""
from .. import layers
from ..layers.layer import Layer
from . import application, imagenet_utils
from .inception_v3 import inception_stem

__all__ = ["InceptionResNetV2", "CustomScaleLayer", "preprocess_input", "decode_predictions"]

_HASHES = ("e693bd0210a403b3192acc6073ad2e96", "d19885ff4a710c122648d3b5c3b684e4")
# Branches (lists of (filters, kernel)) of the three residual block types.
_BRANCHES = {"block35": (((32, 1),), ((32, 1), (32, 3)), ((32, 1), (48, 3), (64, 3))),
             "block17": (((192, 1),), ((128, 1), (160, (1, 7)), (192, (7, 1)))),
             "block8": (((192, 1),), ((192, 1), (224, (1, 3)), (256, (3, 1))))}


class CustomScaleLayer(Layer):
    """`inputs[0] + inputs[1] * scale`: the scaled residual connection (saved as Keras saves it, under
    the module `keras.src.applications.inception_resnet_v2`)."""

    def __init__(self, scale, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale

    def call(self, inputs):
        return inputs[0] + inputs[1] * self.scale

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "scale": self.scale}


def conv2d_bn(x, filters, kernel_size, strides=1, padding="same", activation="relu", use_bias=False, name=None):
    """Conv2D, then (without bias) BatchNormalization with no scale, then `activation`."""
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, use_bias=use_bias, name=name)(x)
    if not use_bias:
        x = layers.BatchNormalization(axis=3, scale=False, name=None if name is None else f"{name}_bn")(x)
    if activation is not None:
        x = layers.Activation(activation, name=None if name is None else f"{name}_ac")(x)
    return x


def _branch(x, convs, strides_last=1, padding_last="same"):
    for index, (filters, kernel) in enumerate(convs):
        last = index == len(convs) - 1
        x = conv2d_bn(x, filters, kernel, strides=strides_last if last else 1, padding=padding_last if last else "same")
    return x


def inception_resnet_block(x, scale, block_type, block_idx, activation="relu"):
    """x + scale × (1×1 conv of the concatenated branches), then `activation`."""
    name = f"{block_type}_{block_idx}"
    mixed = layers.Concatenate(axis=3, name=f"{name}_mixed")([_branch(x, b) for b in _BRANCHES[block_type]])
    up = conv2d_bn(mixed, x.shape[3], 1, activation=None, use_bias=True, name=f"{name}_conv")
    x = CustomScaleLayer(scale)([x, up])
    return x if activation is None else layers.Activation(activation, name=f"{name}_ac")(x)


def _reduction(x, branches, name):
    """Strided 'valid' branches and a max pooling, concatenated."""
    outputs = [_branch(x, convs, strides_last=2, padding_last="valid") for convs in branches]
    outputs.append(layers.MaxPooling2D(3, strides=2, padding="valid")(x))
    return layers.Concatenate(axis=3, name=name)(outputs)


def InceptionResNetV2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
                      classes=1000, classifier_activation="softmax", name="inception_resnet_v2"):
    """InceptionResNetV2 as Keras builds it (default input 299×299, at least 75×75); the arguments are
    `keras.applications.VGG16`'s."""
    application.check_arguments(weights, include_top, classes, classifier_activation)
    img_input = application.image_input(input_shape, input_tensor, default_size=299, min_size=75,
                                        include_top=include_top, weights=weights)
    x = inception_stem(img_input, lambda x, filters, size, stride, padding: conv2d_bn(
        x, filters, size, strides=stride, padding=padding))
    branches = [_branch(x, convs) for convs in (((96, 1),), ((48, 1), (64, 5)), ((64, 1), (96, 3), (96, 3)))]
    branches.append(conv2d_bn(layers.AveragePooling2D(3, strides=1, padding="same")(x), 64, 1))
    x = layers.Concatenate(axis=3, name="mixed_5b")(branches)
    for block_idx in range(1, 11):
        x = inception_resnet_block(x, scale=0.17, block_type="block35", block_idx=block_idx)
    x = _reduction(x, (((384, 3),), ((256, 1), (256, 3), (384, 3))), "mixed_6a")
    for block_idx in range(1, 21):
        x = inception_resnet_block(x, scale=0.1, block_type="block17", block_idx=block_idx)
    x = _reduction(x, (((256, 1), (384, 3)), ((256, 1), (288, 3)), ((256, 1), (288, 3), (320, 3))), "mixed_7a")
    for block_idx in range(1, 10):
        x = inception_resnet_block(x, scale=0.2, block_type="block8", block_idx=block_idx)
    x = inception_resnet_block(x, scale=1.0, activation=None, block_type="block8", block_idx=10)
    x = conv2d_bn(x, 1536, 1, name="conv_7b")
    x = application.classifier(x, include_top, pooling, classes, classifier_activation)
    weights_file = application.kernels_file("inception_resnet_v2", "inception_resnet_v2", include_top, _HASHES)
    return application.finish(img_input, input_tensor, x, name, weights, weights_file)


preprocess_input = imagenet_utils.preprocessor("tf")


decode_predictions = imagenet_utils.decode_predictions
