"""Shared by every ImageNet model: input preprocessing, decoding predictions, input-shape checks.

`preprocess_input` scales images the way each family was trained (`mode`):
"caffe" (RGB→BGR, minus the ImageNet channel means), "tf" (to [-1, 1]) or "torch"
(to [0, 1], then standardised per channel).

>>> import numpy as np
>>> from neuroflow.keras.applications import imagenet_utils
>>> imagenet_utils.preprocess_input(np.array([[0., 127.5, 255.]]), mode="tf")
array([[-1.,  0.,  1.]])
>>> imagenet_utils.obtain_input_shape(None, default_size=224, min_size=32,
...                                   data_format="channels_last", require_flatten=False)
(None, None, 3)
"""
import json
import warnings

import numpy as np

from .. import activations, ops
from ..backend import config as backend_config
from ..layers.keras_tensor import is_keras_tensor
from ..utils.file_utils import get_file

__all__ = ["preprocess_input", "preprocessor", "decode_predictions", "obtain_input_shape", "correct_pad", "validate_activation"]

CLASS_INDEX = None
CLASS_INDEX_PATH = "https://storage.googleapis.com/download.tensorflow.org/data/imagenet_class_index.json"
CLASS_INDEX_HASH = "c2c37ea517e94d9795004a39431a14cb"

# Per-mode channel statistics (RGB order for "torch", BGR order for "caffe").
_CAFFE_MEAN = (103.939, 116.779, 123.68)
_TORCH_MEAN, _TORCH_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


def _check_format(data_format):
    if data_format is None:
        return backend_config.image_data_format()
    if data_format not in {"channels_first", "channels_last"}:
        raise ValueError("Expected data_format to be one of `channels_first` or `channels_last`. "
                         f"Received: data_format={data_format}")
    return data_format


def preprocess_input(x, data_format=None, mode="caffe"):
    """Preprocesses a batch of images (NumPy array or tensor) for an ImageNet model.

    Args:
        x: images with 3 colour channels, values in [0, 255] (RGB). A floating NumPy
            array is modified in place, as in Keras.
        data_format: "channels_last" (default) or "channels_first".
        mode: "caffe", "tf" or "torch" (see the module docstring).

    Returns:
        The preprocessed images, float32 unless `x` was another float type.
    """
    if mode not in {"caffe", "tf", "torch"}:
        raise ValueError(f"Expected mode to be one of `caffe`, `tf` or `torch`. Received: mode={mode}")
    data_format = _check_format(data_format)
    numpy_input = isinstance(x, np.ndarray)
    if numpy_input:
        if not issubclass(x.dtype.type, np.floating):
            x = x.astype(backend_config.floatx(), copy=False)
    else:
        x = x if is_keras_tensor(x) else ops.convert_to_tensor(x)
        if "float" not in str(x.dtype):
            x = ops.cast(x, backend_config.floatx())
    if mode == "tf":
        if numpy_input:
            x /= 127.5
            x -= 1.0
            return x
        return x / 127.5 - 1.0
    channel_axis = 0 if data_format == "channels_first" and len(x.shape) == 3 else \
        1 if data_format == "channels_first" else len(x.shape) - 1
    stats_shape = [1] * len(x.shape)
    stats_shape[channel_axis] = 3
    if mode == "torch":
        mean, std, scale = _TORCH_MEAN, _TORCH_STD, 1.0 / 255.0
    else:
        mean, std, scale = _CAFFE_MEAN, None, 1.0
        x = x[(slice(None),) * channel_axis + (slice(None, None, -1),)]  # RGB → BGR
    dtype = np.dtype(x.dtype if numpy_input else str(getattr(x.dtype, "name", x.dtype)))
    mean = np.reshape(np.asarray(mean, dtype), stats_shape)
    std = None if std is None else np.reshape(np.asarray(std, dtype), stats_shape)
    if numpy_input:  # in place, as Keras does
        x *= dtype.type(scale)
        x -= mean
        if std is not None:
            x /= std
        return x
    x = x * scale - mean
    return x if std is None else x / std


_MODE_DOCS = {"tf": "Images in [0, 255] → [-1, 1] (\"tf\" mode).",
              "caffe": "Images in [0, 255] RGB → BGR minus the ImageNet channel means (\"caffe\" mode).",
              "torch": "Images in [0, 255] → [0, 1], standardised per channel with ImageNet statistics "
                       "(\"torch\" mode)."}


def preprocessor(mode):
    """A family's `preprocess_input(x, data_format=None)`: `preprocess_input` in `mode` ("tf", "caffe",
    "torch"), or the identity for `mode=None` (models that preprocess inside themselves)."""
    def family_preprocess_input(x, data_format=None):
        return x if mode is None else preprocess_input(x, data_format=data_format, mode=mode)

    family_preprocess_input.__name__ = family_preprocess_input.__qualname__ = "preprocess_input"
    family_preprocess_input.__doc__ = _MODE_DOCS.get(mode, "The identity: the model preprocesses its inputs itself.")
    return family_preprocess_input


def decode_predictions(preds, top=5):
    """The `top` ImageNet classes of each prediction: lists of `(class_name, description, score)`.

    The class index (`imagenet_class_index.json`) is fetched once through `get_file` into
    `~/.keras/models/`.
    """
    global CLASS_INDEX
    if len(preds.shape) != 2 or preds.shape[1] != 1000:
        raise ValueError("`decode_predictions` expects a batch of predictions (i.e. a 2D array of shape "
                         f"(samples, 1000)). Received array with shape: {tuple(preds.shape)}")
    if CLASS_INDEX is None:
        path = get_file("imagenet_class_index.json", CLASS_INDEX_PATH, cache_subdir="models",
                        file_hash=CLASS_INDEX_HASH)
        with open(path) as f:
            CLASS_INDEX = json.load(f)
    results = []
    for pred in ops.convert_to_numpy(preds):
        top_indices = pred.argsort()[-top:][::-1]
        result = [tuple(CLASS_INDEX[str(i)]) + (pred[i],) for i in top_indices]
        result.sort(key=lambda entry: entry[2], reverse=True)
        results.append(result)
    return results


def obtain_input_shape(input_shape, default_size, min_size, data_format, require_flatten, weights=None):
    """Checks a user's `input_shape` (or picks the default) the way Keras' applications do."""
    channels_first = data_format == "channels_first"
    if weights != "imagenet" and input_shape and len(input_shape) == 3:
        channels = input_shape[0] if channels_first else input_shape[-1]
        if channels not in {1, 3}:
            warnings.warn("This model usually expects 1 or 3 input channels. However, it was passed an "
                          f"input_shape with {channels} input channels.", stacklevel=3)
        default_shape = (channels, default_size, default_size) if channels_first else \
            (default_size, default_size, channels)
    else:
        default_shape = (3, default_size, default_size) if channels_first else (default_size, default_size, 3)
    if weights == "imagenet" and require_flatten:
        if input_shape is not None and tuple(input_shape) != default_shape:
            raise ValueError("When setting `include_top=True` and loading `imagenet` weights, `input_shape` should "
                             f"be {default_shape}.  Received: input_shape={input_shape}")
        return default_shape
    if input_shape:
        input_shape = tuple(input_shape)
        if len(input_shape) != 3:
            raise ValueError("`input_shape` must be a tuple of three integers.")
        channels = input_shape[0] if channels_first else input_shape[-1]
        if channels != 3 and weights == "imagenet":
            raise ValueError(f"The input must have 3 channels; Received `input_shape={input_shape}`")
        spatial = input_shape[1:] if channels_first else input_shape[:2]
        if any(size is not None and size < min_size for size in spatial):
            raise ValueError(f"Input size must be at least {min_size}x{min_size}; Received: input_shape={input_shape}")
    elif require_flatten:
        input_shape = default_shape
    else:
        input_shape = (3, None, None) if channels_first else (None, None, 3)
    if require_flatten and None in input_shape:
        raise ValueError("If `include_top` is True, you should specify a static `input_shape`. "
                         f"Received: input_shape={input_shape}")
    return input_shape


def correct_pad(inputs, kernel_size):
    """The ZeroPadding2D padding that makes a strided 'valid' convolution match TensorFlow's 'same'."""
    size = inputs.shape[1:3]
    kernel_size = (kernel_size, kernel_size) if isinstance(kernel_size, int) else tuple(kernel_size)
    adjust = (1, 1) if size[0] is None else (1 - size[0] % 2, 1 - size[1] % 2)
    correct = (kernel_size[0] // 2, kernel_size[1] // 2)
    return ((correct[0] - adjust[0], correct[0]), (correct[1] - adjust[1], correct[1]))


def validate_activation(classifier_activation, weights):
    """Pretrained weights only go with a "softmax" or no (None) classifier activation."""
    if weights is None:
        return
    activation = activations.get(classifier_activation)
    if activation not in {activations.get("softmax"), activations.get(None)}:
        raise ValueError("Only `None` and `softmax` activations are allowed for the `classifier_activation` "
                         f"argument when using pretrained weights, with `include_top=True`; Received: "
                         f"classifier_activation={classifier_activation}")
