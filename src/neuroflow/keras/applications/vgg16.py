"""VGG16 (Simonyan & Zisserman, 2014): five blocks of 3×3 convolutions and max pooling.

>>> from neuroflow.keras.applications import VGG16
>>> VGG16(weights=None, include_top=False, input_shape=(32, 32, 3)).output.shape
(None, 1, 1, 512)
"""
from .. import layers
from . import application, imagenet_utils

__all__ = ["VGG16", "preprocess_input", "decode_predictions"]

_HASHES = {"vgg16": ("64373286793e3c8b2b4e3219cbf3544b", "6d6bbae143d832006294945121d1f1fc"),
           "vgg19": ("cbe5617147190e668d6c5d5026f83318", "253f8cb515780f3b799900260a226db6")}


def vgg(convs_per_block, *, include_top, weights, input_tensor, input_shape, pooling, classes,
        classifier_activation, name):
    """A VGG network with `convs_per_block[i]` convolutions in block i+1 (VGG16: 2, 2, 3, 3, 3)."""
    application.check_arguments(weights, include_top, classes, classifier_activation)
    img_input = application.image_input(input_shape, input_tensor, default_size=224, min_size=32,
                                        include_top=include_top, weights=weights)
    x = img_input
    for block, (filters, convs) in enumerate(zip((64, 128, 256, 512, 512), convs_per_block), start=1):
        for conv in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation="relu", padding="same", name=f"block{block}_conv{conv}")(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2), name=f"block{block}_pool")(x)
    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        x = layers.Dense(classes, activation=classifier_activation, name="predictions")(x)
    else:
        x = application.pool(x, pooling)
    family = f"vgg{sum(convs_per_block) + 3}"
    weights_file = application.kernels_file(family, family, include_top, _HASHES[family])
    return application.finish(img_input, input_tensor, x, name, weights, weights_file)


def VGG16(include_top=True, weights="imagenet", input_tensor=None, input_shape=None, pooling=None, classes=1000,
          classifier_activation="softmax", name="vgg16"):
    """VGG16 as Keras builds it; `weights="imagenet"` loads Keras' published weights.

    Args:
        include_top: whether to include the three fully-connected layers at the top.
        weights: None (random initialisation), "imagenet" or the path to a weights file.
        input_tensor: optional Keras tensor to use as the image input.
        input_shape: `(height, width, 3)`, at least 32×32; only without the top may it differ from 224×224.
        pooling: without the top, None (4D feature map), "avg" or "max" (global pooling).
        classes: number of classes (with the top and no pretrained weights).
        classifier_activation: the top layer's activation (None returns logits).
        name: the model's name.

    Returns:
        A Keras `Model`.
    """
    return vgg((2, 2, 3, 3, 3), include_top=include_top, weights=weights, input_tensor=input_tensor,
               input_shape=input_shape, pooling=pooling, classes=classes,
               classifier_activation=classifier_activation, name=name)


preprocess_input = imagenet_utils.preprocessor("caffe")


decode_predictions = imagenet_utils.decode_predictions
