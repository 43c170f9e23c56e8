"""EfficientNetV2B0–B3/S/M/L (Tan & Le, 2021): fused MBConv blocks early, MBConv with squeeze-excite later.

Preprocessing is part of the model (`include_preprocessing=True`); `preprocess_input` is the identity.

>>> from neuroflow.keras.applications import EfficientNetV2B0
>>> EfficientNetV2B0(weights=None, include_top=False, input_shape=(32, 32, 3)).output.shape
(None, 1, 1, 1280)
"""
import math

from .. import initializers, layers
from . import application, imagenet_utils
from .efficientnet import CONV_KERNEL_INITIALIZER, DENSE_KERNEL_INITIALIZER, squeeze_excite

__all__ = [*(f"EfficientNetV2{v}" for v in ("B0", "B1", "B2", "B3", "S", "M", "L")), "preprocess_input",
           "decode_predictions"]

BASE_WEIGHTS_PATH = "https://storage.googleapis.com/tensorflow/keras-applications/efficientnet_v2/"
WEIGHTS_HASHES = {
    "b0": ("21ecbf6da12460d5c40bb2f29ceb2188", "893217f2bb855e2983157299931e43ff"),
    "b1": ("069f0534ff22adf035c89e2d9547a9dc", "0e80663031ca32d657f9caa404b6ec37"),
    "b2": ("424e49f28180edbde1e94797771950a7", "1dfe2e7a5d45b6632553a8961ea609eb"),
    "b3": ("1f1fc43bd98a6e4fd8fdfd551e02c7a0", "f6abf7b5849ac99a89b50dd3fd532856"),
    "-s": ("e1d88a8495beba45748fedd0cecbe016", "af0682fb74e8c54910f2d4393339c070"),
    "-m": ("a3bf6aa3276309f4fc6a34aa114c95cd", "1b8dc055df72dde80d614482840fe342"),
    "-l": ("27e6d408b53c7ebc868fefa357689935", "b0b66b5c863aef5b46e8608fe1711615"),
}
# Per stage: (kernel_size, num_repeat, input_filters, output_filters, expand_ratio, se_ratio, strides, fused?).
_B = ((3, 1, 32, 16, 1, 0, 1, 1), (3, 2, 16, 32, 4, 0, 2, 1), (3, 2, 32, 48, 4, 0, 2, 1),
      (3, 3, 48, 96, 4, 0.25, 2, 0), (3, 5, 96, 112, 6, 0.25, 1, 0), (3, 8, 112, 192, 6, 0.25, 2, 0))
DEFAULT_BLOCKS_ARGS = {
    "b0": _B, "b1": _B, "b2": _B, "b3": _B,
    "-s": ((3, 2, 24, 24, 1, 0, 1, 1), (3, 4, 24, 48, 4, 0, 2, 1), (3, 4, 48, 64, 4, 0, 2, 1),
           (3, 6, 64, 128, 4, 0.25, 2, 0), (3, 9, 128, 160, 6, 0.25, 1, 0), (3, 15, 160, 256, 6, 0.25, 2, 0)),
    "-m": ((3, 3, 24, 24, 1, 0, 1, 1), (3, 5, 24, 48, 4, 0, 2, 1), (3, 5, 48, 80, 4, 0, 2, 1),
           (3, 7, 80, 160, 4, 0.25, 2, 0), (3, 14, 160, 176, 6, 0.25, 1, 0), (3, 18, 176, 304, 6, 0.25, 2, 0),
           (3, 5, 304, 512, 6, 0.25, 1, 0)),
    "-l": ((3, 4, 32, 32, 1, 0, 1, 1), (3, 7, 32, 64, 4, 0, 2, 1), (3, 7, 64, 96, 4, 0, 2, 1),
           (3, 10, 96, 192, 4, 0.25, 2, 0), (3, 19, 192, 224, 6, 0.25, 1, 0), (3, 25, 224, 384, 6, 0.25, 2, 0),
           (3, 7, 384, 640, 6, 0.25, 1, 0)),
}
# Constructor suffix → (weights name, width, depth, default size).
_VARIANTS = {"B0": ("b0", 1.0, 1.0, 224), "B1": ("b1", 1.0, 1.1, 240), "B2": ("b2", 1.1, 1.2, 260),
             "B3": ("b3", 1.2, 1.4, 300), "S": ("-s", 1.0, 1.0, 384), "M": ("-m", 1.0, 1.0, 480),
             "L": ("-l", 1.0, 1.0, 480)}


def round_filters(filters, width_coefficient, min_depth, depth_divisor):
    """`filters × width_coefficient` rounded to a multiple of `depth_divisor`."""
    filters *= width_coefficient
    return int(max(min_depth or depth_divisor, int(filters + depth_divisor / 2) // depth_divisor * depth_divisor))


def _conv_bn_act(x, filters, kernel_size, strides, name, activation, bn_momentum):
    x = layers.Conv2D(filters, kernel_size=kernel_size, strides=strides, kernel_initializer=CONV_KERNEL_INITIALIZER,
                      padding="same", use_bias=False, name=f"{name}_conv")(x)
    x = layers.BatchNormalization(axis=3, momentum=bn_momentum, name=f"{name}_bn")(x)
    return x if activation is None else layers.Activation(activation, name=f"{name}_activation")(x)


def mb_conv_block(inputs, input_filters, output_filters, expand_ratio, kernel_size, strides, se_ratio, fused,
                  bn_momentum, activation, survival_probability, name):
    """MBConv (1×1 expand, depthwise, SE, 1×1 project) or, `fused`, FusedMBConv (k×k expand, SE, project)."""
    filters = input_filters * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = _conv_bn_act(x, filters, kernel_size if fused else 1, strides if fused else 1, f"{name}expand",
                         activation, bn_momentum)
    if not fused:
        x = layers.DepthwiseConv2D(kernel_size=kernel_size, strides=strides, padding="same", use_bias=False,
                                   depthwise_initializer=CONV_KERNEL_INITIALIZER, name=f"{name}dwconv2")(x)
        x = layers.BatchNormalization(axis=3, momentum=bn_momentum, name=f"{name}bn")(x)
        x = layers.Activation(activation, name=f"{name}activation")(x)
    if 0 < se_ratio <= 1:
        x = squeeze_excite(x, max(1, int(input_filters * se_ratio)), activation, name)
    project_kernel, project_strides = (kernel_size, strides) if fused and expand_ratio == 1 else (1, 1)
    x = _conv_bn_act(x, output_filters, project_kernel, project_strides, f"{name}project",
                     activation if fused and expand_ratio == 1 else None, bn_momentum)
    if strides == 1 and input_filters == output_filters:
        if survival_probability:  # Keras' rate: the survival probability, as in its published models
            x = layers.Dropout(survival_probability, noise_shape=(None, 1, 1, 1), name=f"{name}drop")(x)
        x = layers.Add(name=f"{name}add")([x, inputs])
    return x


def EfficientNetV2(width_coefficient, depth_coefficient, default_size, dropout_rate=0.2, drop_connect_rate=0.2,
                   depth_divisor=8, min_depth=8, bn_momentum=0.9, activation="swish", blocks_args="default",
                   name="efficientnetv2", include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
                   pooling=None, classes=1000, classifier_activation="softmax", include_preprocessing=True,
                   weights_name=None):
    """An EfficientNetV2 with the stages `blocks_args` (default: those of `weights_name`)."""
    blocks_args = DEFAULT_BLOCKS_ARGS[weights_name] if blocks_args == "default" else blocks_args
    application.check_arguments(weights, include_top, classes, classifier_activation)
    img_input = application.image_input(input_shape, input_tensor, default_size=default_size, min_size=32,
                                        include_top=include_top, weights=weights)

    def filters_of(count):
        return round_filters(count, width_coefficient, min_depth, depth_divisor)

    x = img_input
    if include_preprocessing:
        if weights_name.startswith("b") and img_input.shape[-1] == 3:
            x = layers.Rescaling(scale=1.0 / 255)(x)
            x = layers.Normalization(mean=[0.485, 0.456, 0.406], variance=[0.229**2, 0.224**2, 0.225**2], axis=3)(x)
        else:
            x = layers.Rescaling(scale=1.0 / 128.0, offset=-1)(x)
    x = layers.Conv2D(filters_of(blocks_args[0][2]), kernel_size=3, strides=2, padding="same", use_bias=False,
                      kernel_initializer=CONV_KERNEL_INITIALIZER, name="stem_conv")(x)
    x = layers.BatchNormalization(axis=3, momentum=bn_momentum, name="stem_bn")(x)
    x = layers.Activation(activation, name="stem_activation")(x)
    total = float(sum(args[1] for args in blocks_args))
    b = 0
    for i, (kernel_size, repeats, filters_in, filters_out, expand_ratio, se_ratio, strides, fused) in \
            enumerate(blocks_args):
        filters_in, filters_out = filters_of(filters_in), filters_of(filters_out)
        for j in range(int(math.ceil(depth_coefficient * repeats))):
            x = mb_conv_block(x, filters_in if j == 0 else filters_out, filters_out, expand_ratio, kernel_size,
                              strides if j == 0 else 1, se_ratio, bool(fused), bn_momentum, activation,
                              drop_connect_rate * b / total, name=f"block{i + 1}{chr(j + 97)}_")
            b += 1
    x = layers.Conv2D(filters_of(1280), kernel_size=1, strides=1, kernel_initializer=CONV_KERNEL_INITIALIZER,
                      padding="same", use_bias=False, name="top_conv")(x)
    x = layers.BatchNormalization(axis=3, momentum=bn_momentum, name="top_bn")(x)
    x = layers.Activation(activation, name="top_activation")(x)
    x = application.classifier(x, include_top, pooling, classes, classifier_activation,
                               pooling_names=("avg_pool", "max_pool"), dropout_rate=dropout_rate,
                               kernel_initializer=DENSE_KERNEL_INITIALIZER, bias_initializer=initializers.Constant(0.0))
    weights_file = None
    if weights == "imagenet":  # named after the model, as in Keras
        weights_file = application.published(BASE_WEIGHTS_PATH, name, include_top, WEIGHTS_HASHES[weights_name])
    return application.finish(img_input, input_tensor, x, name, weights, weights_file)


def _constructor(variant):
    weights_name, width, depth, size = _VARIANTS[variant]

    def constructor(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
                    classes=1000, classifier_activation="softmax", include_preprocessing=True,
                    name=f"efficientnetv2-{variant.lower()}"):
        return EfficientNetV2(width, depth, size, name=name, include_top=include_top, weights=weights,
                              input_tensor=input_tensor, input_shape=input_shape, pooling=pooling, classes=classes,
                              classifier_activation=classifier_activation,
                              include_preprocessing=include_preprocessing, weights_name=weights_name)

    constructor.__name__ = constructor.__qualname__ = f"EfficientNetV2{variant}"
    constructor.__doc__ = (f"EfficientNetV2{variant} as Keras builds it (default input {size}×{size}); the arguments "
                           "are `keras.applications.VGG16`'s, plus `include_preprocessing` (rescale [0, 255] "
                           "inputs inside the model).")
    return constructor


EfficientNetV2B0, EfficientNetV2B1, EfficientNetV2B2, EfficientNetV2B3, EfficientNetV2S, EfficientNetV2M, \
    EfficientNetV2L = (_constructor(v) for v in ("B0", "B1", "B2", "B3", "S", "M", "L"))


preprocess_input = imagenet_utils.preprocessor(None)


decode_predictions = imagenet_utils.decode_predictions
