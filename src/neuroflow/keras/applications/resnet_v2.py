"""ResNet50V2/101V2/152V2 (He et al., 2016): ResNets with pre-activation residual blocks.

>>> from neuroflow.keras.applications import ResNet50V2
>>> ResNet50V2(weights=None, include_top=False, input_shape=(32, 32, 3)).output.shape
(None, 1, 1, 2048)
"""
from . import imagenet_utils
from .resnet import build_resnet

__all__ = ["ResNet50V2", "ResNet101V2", "ResNet152V2", "preprocess_input", "decode_predictions"]


def ResNet50V2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000,
               classifier_activation="softmax", name="resnet50v2"):
    """ResNet50V2 as Keras builds it; the arguments are `keras.applications.VGG16`'s."""
    return build_resnet(2, (3, 4, 6, 3), "resnet50v2", name, include_top, weights, input_tensor, input_shape, pooling,
                      classes, classifier_activation)


def ResNet101V2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
                classes=1000, classifier_activation="softmax", name="resnet101v2"):
    """ResNet101V2 as Keras builds it; the arguments are `keras.applications.VGG16`'s."""
    return build_resnet(2, (3, 4, 23, 3), "resnet101v2", name, include_top, weights, input_tensor, input_shape, pooling,
                      classes, classifier_activation)


def ResNet152V2(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None,
                classes=1000, classifier_activation="softmax", name="resnet152v2"):
    """ResNet152V2 as Keras builds it; the arguments are `keras.applications.VGG16`'s."""
    return build_resnet(2, (3, 8, 36, 3), "resnet152v2", name, include_top, weights, input_tensor, input_shape, pooling,
                      classes, classifier_activation)


preprocess_input = imagenet_utils.preprocessor("tf")


decode_predictions = imagenet_utils.decode_predictions
