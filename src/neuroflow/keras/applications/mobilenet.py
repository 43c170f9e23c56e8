"""MobileNet (Howard et al., 2017): depthwise-separable convolutions, width multiplier `alpha`.

>>> from neuroflow.keras.applications import MobileNet
>>> MobileNet(weights=None, include_top=False, input_shape=(32, 32, 3), alpha=0.25).output.shape
(None, 1, 1, 256)
"""
import warnings

from .. import layers
from . import application, imagenet_utils

__all__ = ["MobileNet", "preprocess_input", "decode_predictions"]

# (pointwise filters, stride) of the 13 depthwise-separable blocks.
_BLOCKS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2), (512, 1), (512, 1), (512, 1), (512, 1),
           (512, 1), (1024, 2), (1024, 1))
_ALPHA_TEXT = {1.0: "1_0", 0.75: "7_5", 0.5: "5_0", 0.25: "2_5"}


def pretrained_rows(input_shape, sizes):
    """The input size whose published weights fit `input_shape` (the square size if Keras has one, else 224)."""
    if input_shape is None:
        return 224
    rows, cols = input_shape[0], input_shape[1]
    return rows if rows == cols and rows in sizes else 224


def check_pretrained_size(rows, cols, sizes):
    """Keras' warning when the input size has no weights of its own (224×224's are loaded)."""
    if rows != cols or rows not in sizes:
        warnings.warn(f"`input_shape` is undefined or non-square, or `rows` is not in {list(sizes)}. Weights for "
                      "input shape (224, 224) will be loaded as the default.", stacklevel=3)
        return 224
    return rows


def _depthwise_conv_block(x, filters, alpha, depth_multiplier, strides, block_id):
    if strides != 1:
        x = layers.ZeroPadding2D(((0, 1), (0, 1)), name=f"conv_pad_{block_id}")(x)
    x = layers.DepthwiseConv2D((3, 3), padding="same" if strides == 1 else "valid", depth_multiplier=depth_multiplier,
                               strides=(strides, strides), use_bias=False, name=f"conv_dw_{block_id}")(x)
    x = layers.BatchNormalization(axis=-1, name=f"conv_dw_{block_id}_bn")(x)
    x = layers.ReLU(6.0, name=f"conv_dw_{block_id}_relu")(x)
    x = layers.Conv2D(int(filters * alpha), (1, 1), padding="same", use_bias=False, strides=(1, 1),
                      name=f"conv_pw_{block_id}")(x)
    x = layers.BatchNormalization(axis=-1, name=f"conv_pw_{block_id}_bn")(x)
    return layers.ReLU(6.0, name=f"conv_pw_{block_id}_relu")(x)


def MobileNet(input_shape=None, alpha=1.0, depth_multiplier=1, dropout=1e-3, include_top=True, weights="imagenet",
              input_tensor=None, pooling=None, classes=1000, classifier_activation="softmax", name=None):
    """MobileNet as Keras builds it.

    Args:
        alpha: width multiplier (ImageNet weights exist for 0.25, 0.5, 0.75 and 1.0).
        depth_multiplier: depthwise channel multiplier (1 for ImageNet weights).
        dropout: dropout rate before the classifier.
        The other arguments are `keras.applications.VGG16`'s; ImageNet weights exist for
        128, 160, 192 and 224 pixel squares.

    Returns:
        A Keras `Model`.
    """
    application.check_arguments(weights, include_top, classes, classifier_activation)
    sizes = (128, 160, 192, 224)
    img_input = application.image_input(input_shape, input_tensor, include_top=include_top, weights=weights,
                                        default_size=pretrained_rows(input_shape, sizes), min_size=32)
    rows, cols = img_input.shape[1:3]
    if weights == "imagenet":
        if depth_multiplier != 1:
            raise ValueError(f"If imagenet weights are being loaded, depth multiplier must be 1.  "
                             f"Received depth_multiplier={depth_multiplier}")
        if alpha not in _ALPHA_TEXT:
            raise ValueError("If imagenet weights are being loaded, alpha can be one of`0.25`, `0.50`, `0.75` or "
                             f"`1.0` only.  Received alpha={alpha}")
        rows = check_pretrained_size(rows, cols, sizes)
    x = layers.Conv2D(int(32 * alpha), (3, 3), padding="same", use_bias=False, strides=(2, 2), name="conv1")(img_input)
    x = layers.ReLU(6.0, name="conv1_relu")(layers.BatchNormalization(axis=-1, name="conv1_bn")(x))
    for block_id, (filters, strides) in enumerate(_BLOCKS, start=1):
        x = _depthwise_conv_block(x, filters, alpha, depth_multiplier, strides, block_id)
    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Dropout(dropout, name="dropout")(x)
        x = layers.Conv2D(classes, (1, 1), padding="same", name="conv_preds")(x)
        x = layers.Reshape((classes,), name="reshape_2")(x)
        x = layers.Activation(activation=classifier_activation, name="predictions")(x)
    else:
        x = application.pool(x, pooling)
    weights_file = None
    if weights == "imagenet":
        weights_file = application.published(application.KERAS_APPLICATIONS + "mobilenet/",
                                             f"mobilenet_{_ALPHA_TEXT[alpha]}_{rows}_tf", include_top, notop="_no_top")
    return application.finish(img_input, input_tensor, x, name or f"mobilenet_{alpha:0.2f}_{rows}", weights,
                              weights_file)


preprocess_input = imagenet_utils.preprocessor("tf")


decode_predictions = imagenet_utils.decode_predictions
