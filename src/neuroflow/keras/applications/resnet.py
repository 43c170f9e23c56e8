"""ResNet50/101/152 (He et al., 2015) and the building blocks ResNetV2 shares.

>>> from neuroflow.keras.applications import ResNet50
>>> model = ResNet50(weights=None, include_top=False, input_shape=(32, 32, 3))
>>> model.get_layer("conv5_block3_out").output.shape
(None, 1, 1, 2048)
"""
from .. import layers
from . import application, imagenet_utils

__all__ = ["ResNet", "ResNet50", "ResNet101", "ResNet152", "preprocess_input", "decode_predictions"]

# (with top, without top) md5 hashes of Keras' published files.
WEIGHTS_HASHES = {
    "resnet50": ("2cb95161c43110f7111970584f804107", "4d473c1dd8becc155b73f8504c6f6626"),
    "resnet101": ("f1aeb4b969a6efcfb50fad2f0c20cfc5", "88cf7a10940856eca736dc7b7e228a21"),
    "resnet152": ("100835be76be38e30d865e96f2aaae62", "ee4c566cf9a93f14d82f913c2dc6dd0c"),
    "resnet50v2": ("3ef43a0b657b3be2300d5770ece849e0", "fac2f116257151a9d068a22e544a4917"),
    "resnet101v2": ("6343647c601c52e1368623803854d971", "c0ed64b8031c3730f411d2eb4eea35b5"),
    "resnet152v2": ("a49b44d1979771252814e80f8ec446f9", "ed17cf2e0169df9d443503ef94b23b33"),
}
_EPSILON = 1.001e-5


def _bn(x, name):
    return layers.BatchNormalization(axis=3, epsilon=_EPSILON, name=name)(x)


def ResNet(stack_fn, preact, use_bias, include_top=True, weights="imagenet", input_tensor=None, input_shape=None,
           pooling=None, classes=1000, classifier_activation="softmax", name="resnet", weights_name=None):
    """A ResNet whose residual stages `stack_fn(x)` builds; `preact` selects the V2 (pre-activation) stem."""
    application.check_arguments(weights, include_top, classes, classifier_activation)
    img_input = application.image_input(input_shape, input_tensor, default_size=224, min_size=32,
                                        include_top=include_top, weights=weights)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)), name="conv1_pad")(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=use_bias, name="conv1_conv")(x)
    if not preact:
        x = layers.Activation("relu", name="conv1_relu")(_bn(x, "conv1_bn"))
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name="pool1_pad")(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1_pool")(x)
    x = stack_fn(x)
    if preact:
        x = layers.Activation("relu", name="post_relu")(_bn(x, "post_bn"))
    x = application.classifier(x, include_top, pooling, classes, classifier_activation,
                               pooling_names=("avg_pool", "max_pool"))
    weights_file = None
    if weights_name in WEIGHTS_HASHES:
        weights_file = application.kernels_file("resnet", weights_name, include_top, WEIGHTS_HASHES[weights_name])
    return application.finish(img_input, input_tensor, x, name, weights, weights_file)


def residual_block_v1(x, filters, kernel_size=3, stride=1, conv_shortcut=True, name=None):
    """The post-activation bottleneck block: 1×1, k×k, 1×1 (×4 filters), plus the shortcut, then ReLU."""
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=f"{name}_0_conv")(x)
        shortcut = _bn(shortcut, f"{name}_0_bn")
    else:
        shortcut = x
    x = layers.Conv2D(filters, 1, strides=stride, name=f"{name}_1_conv")(x)
    x = layers.Activation("relu", name=f"{name}_1_relu")(_bn(x, f"{name}_1_bn"))
    x = layers.Conv2D(filters, kernel_size, padding="same", name=f"{name}_2_conv")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(_bn(x, f"{name}_2_bn"))
    x = _bn(layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x), f"{name}_3_bn")
    x = layers.Add(name=f"{name}_add")([shortcut, x])
    return layers.Activation("relu", name=f"{name}_out")(x)


def stack_residual_blocks_v1(x, filters, blocks, stride1=2, name=None):
    """`blocks` V1 blocks; the first one strides by `stride1` and projects the shortcut."""
    x = residual_block_v1(x, filters, stride=stride1, name=f"{name}_block1")
    for i in range(2, blocks + 1):
        x = residual_block_v1(x, filters, conv_shortcut=False, name=f"{name}_block{i}")
    return x


def residual_block_v2(x, filters, kernel_size=3, stride=1, conv_shortcut=False, name=None):
    """The pre-activation bottleneck block (BN-ReLU before each convolution); strides in its 3×3."""
    preact = layers.Activation("relu", name=f"{name}_preact_relu")(_bn(x, f"{name}_preact_bn"))
    if conv_shortcut:
        shortcut = layers.Conv2D(4 * filters, 1, strides=stride, name=f"{name}_0_conv")(preact)
    else:
        shortcut = layers.MaxPooling2D(1, strides=stride)(x) if stride > 1 else x
    x = layers.Conv2D(filters, 1, strides=1, use_bias=False, name=f"{name}_1_conv")(preact)
    x = layers.Activation("relu", name=f"{name}_1_relu")(_bn(x, f"{name}_1_bn"))
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)), name=f"{name}_2_pad")(x)
    x = layers.Conv2D(filters, kernel_size, strides=stride, use_bias=False, name=f"{name}_2_conv")(x)
    x = layers.Activation("relu", name=f"{name}_2_relu")(_bn(x, f"{name}_2_bn"))
    x = layers.Conv2D(4 * filters, 1, name=f"{name}_3_conv")(x)
    return layers.Add(name=f"{name}_out")([shortcut, x])


def stack_residual_blocks_v2(x, filters, blocks, stride1=2, name=None):
    """`blocks` V2 blocks; the first projects the shortcut, the last strides by `stride1`."""
    x = residual_block_v2(x, filters, conv_shortcut=True, name=f"{name}_block1")
    for i in range(2, blocks):
        x = residual_block_v2(x, filters, name=f"{name}_block{i}")
    return residual_block_v2(x, filters, stride=stride1, name=f"{name}_block{blocks}")


def resnet_stages(stack, blocks, last_stride1):
    """The four stages conv2..conv5 with `blocks` blocks each, as a `stack_fn` for `ResNet`.

    V1 strides at the start of conv3..conv5 (conv2's `stride1` is 1); V2 strides at the end of
    conv2..conv4 (conv5's `stride1` is 1): `last_stride1` names which stage gets stride 1.
    """
    def stack_fn(x):
        for index, (filters, count) in enumerate(zip((64, 128, 256, 512), blocks)):
            stride1 = 1 if index == last_stride1 else 2
            x = stack(x, filters, count, stride1=stride1, name=f"conv{index + 2}")
        return x
    return stack_fn


def build_resnet(version, blocks, weights_name, name, include_top, weights, input_tensor, input_shape, pooling,
                 classes, classifier_activation):
    """ResNet (`version` 1) or ResNetV2 (`version` 2) with `blocks` bottleneck blocks in conv2..conv5."""
    stack, last_stride1 = (stack_residual_blocks_v1, 0) if version == 1 else (stack_residual_blocks_v2, 3)
    return ResNet(resnet_stages(stack, blocks, last_stride1), version == 2, True, include_top=include_top,
                  weights=weights, input_tensor=input_tensor, input_shape=input_shape, pooling=pooling,
                  classes=classes, classifier_activation=classifier_activation, name=name,
                  weights_name=weights_name)


def ResNet50(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000,
             classifier_activation="softmax", name="resnet50"):
    """ResNet50 as Keras builds it; the arguments are `keras.applications.VGG16`'s."""
    return build_resnet(1, (3, 4, 6, 3), "resnet50", name, include_top, weights, input_tensor, input_shape,
                        pooling, classes, classifier_activation)


def ResNet101(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000,
              classifier_activation="softmax", name="resnet101"):
    """ResNet101 as Keras builds it; the arguments are `keras.applications.VGG16`'s."""
    return build_resnet(1, (3, 4, 23, 3), "resnet101", name, include_top, weights, input_tensor, input_shape,
                        pooling, classes, classifier_activation)


def ResNet152(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000,
              classifier_activation="softmax", name="resnet152"):
    """ResNet152 as Keras builds it; the arguments are `keras.applications.VGG16`'s."""
    return build_resnet(1, (3, 8, 36, 3), "resnet152", name, include_top, weights, input_tensor, input_shape,
                        pooling, classes, classifier_activation)


preprocess_input = imagenet_utils.preprocessor("caffe")


decode_predictions = imagenet_utils.decode_predictions
