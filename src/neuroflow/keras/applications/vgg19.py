"""VGG19: VGG16 with four convolutions in each of the last three blocks.

>>> from neuroflow.keras.applications import VGG19
>>> len(VGG19(weights=None, include_top=False, input_shape=(32, 32, 3)).layers)
22
"""
from .vgg16 import decode_predictions, preprocess_input, vgg

__all__ = ["VGG19", "preprocess_input", "decode_predictions"]


def VGG19(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000,
          classifier_activation="softmax", name="vgg19"):
    """VGG19 as Keras builds it; the arguments are `VGG16`'s."""
    return vgg((2, 2, 4, 4, 4), include_top=include_top, weights=weights, input_tensor=input_tensor,
               input_shape=input_shape, pooling=pooling, classes=classes,
               classifier_activation=classifier_activation, name=name)
