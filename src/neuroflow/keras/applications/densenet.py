"""DenseNet121/169/201 (Huang et al., 2016): each layer's output is concatenated onto its input.

>>> from neuroflow.keras.applications import DenseNet121
>>> DenseNet121(weights=None, include_top=False, input_shape=(32, 32, 3)).output.shape
(None, 1, 1, 1024)
"""
from .. import layers
from . import application, imagenet_utils

__all__ = ["DenseNet121", "DenseNet169", "DenseNet201", "preprocess_input", "decode_predictions"]

# Blocks per dense stage → (family, md5 with top, md5 without top).
_PUBLISHED = {
    (6, 12, 24, 16): ("densenet121", "9d60b8095a5708f2dcce2bca79d332c7", "30ee3e1110167f948a6b9946edeeb738"),
    (6, 12, 32, 32): ("densenet169", "d699b8f76981ab1b30698df4c175e90b", "b8c4d4c20dd625c148057b9ff1c1176b"),
    (6, 12, 48, 32): ("densenet201", "1ceb130c1ea1b78c3bf6114dbdfd8807", "c13680b51ded0fb44dff2d8f86ac8bb1"),
}


def _bn_relu(x, name):
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name=f"{name}_bn")(x)
    return layers.Activation("relu", name=f"{name}_relu")(x)


def conv_block(x, growth_rate, name):
    """BN-ReLU-1×1 conv (4×growth), BN-ReLU-3×3 conv (growth), concatenated onto `x`."""
    x1 = layers.Conv2D(4 * growth_rate, 1, use_bias=False, name=f"{name}_1_conv")(_bn_relu(x, f"{name}_0"))
    x1 = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False, name=f"{name}_2_conv")(_bn_relu(x1, f"{name}_1"))
    return layers.Concatenate(axis=3, name=f"{name}_concat")([x, x1])


def transition_block(x, reduction, name):
    """BN-ReLU, a 1×1 conv keeping `reduction` of the channels, 2×2 average pooling."""
    x = _bn_relu(x, name)
    x = layers.Conv2D(int(x.shape[3] * reduction), 1, use_bias=False, name=f"{name}_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=f"{name}_pool")(x)


def DenseNet(blocks, include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
             classes=1000, classifier_activation="softmax", name="densenet"):
    """A DenseNet with `blocks[i]` conv blocks in dense stage i (4 stages)."""
    application.check_arguments(weights, include_top, classes, classifier_activation)
    blocks = tuple(blocks)
    if weights == "imagenet" and blocks not in _PUBLISHED:
        raise ValueError("Weights for this configuration of DenseNet are not available.")
    img_input = application.image_input(input_shape, input_tensor, default_size=224, min_size=32,
                                        include_top=include_top, weights=weights)
    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(_bn_relu(x, "conv1"))
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)
    for stage, count in enumerate(blocks, start=2):
        for i in range(count):
            x = conv_block(x, 32, name=f"conv{stage}_block{i + 1}")
        if stage < 5:
            x = transition_block(x, 0.5, name=f"pool{stage}")
    x = layers.BatchNormalization(axis=3, epsilon=1.001e-5, name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)
    x = application.classifier(x, include_top, pooling, classes, classifier_activation,
                               pooling_names=("avg_pool", "max_pool"))
    weights_file = None
    if weights == "imagenet":
        family, *hashes = _PUBLISHED[blocks]
        weights_file = application.kernels_file("densenet", family, include_top, hashes)
    return application.finish(img_input, input_tensor, x, name, weights, weights_file)


def DenseNet121(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
                classes=1000, classifier_activation="softmax", name="densenet121"):
    """DenseNet121 as Keras builds it; the arguments are `keras.applications.VGG16`'s."""
    return DenseNet((6, 12, 24, 16), include_top, weights, input_tensor, input_shape, pooling, classes,
                    classifier_activation, name=name)


def DenseNet169(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
                classes=1000, classifier_activation="softmax", name="densenet169"):
    """DenseNet169 as Keras builds it; the arguments are `keras.applications.VGG16`'s."""
    return DenseNet((6, 12, 32, 32), include_top, weights, input_tensor, input_shape, pooling, classes,
                    classifier_activation, name=name)


def DenseNet201(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
                classes=1000, classifier_activation="softmax", name="densenet201"):
    """DenseNet201 as Keras builds it; the arguments are `keras.applications.VGG16`'s."""
    return DenseNet((6, 12, 48, 32), include_top, weights, input_tensor, input_shape, pooling, classes,
                    classifier_activation, name=name)


preprocess_input = imagenet_utils.preprocessor("torch")


decode_predictions = imagenet_utils.decode_predictions
