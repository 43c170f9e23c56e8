"""`keras.applications`: Keras' ImageNet architectures, with Keras' published weights.

Each family is a module (`resnet`, `mobilenet_v2`, ...) holding its constructors and its
`preprocess_input`/`decode_predictions`; the constructors are also here. Modules load on first use.

>>> from neuroflow import keras
>>> model = keras.applications.MobileNetV2(weights=None, include_top=False, input_shape=(32, 32, 3))
>>> model.name
'mobilenetv2_1.00_32'
"""
import importlib

# Each constructor and the module that defines it.
_MODELS = {
    "VGG16": "vgg16", "VGG19": "vgg19",
    "ResNet50": "resnet", "ResNet101": "resnet", "ResNet152": "resnet",
    "ResNet50V2": "resnet_v2", "ResNet101V2": "resnet_v2", "ResNet152V2": "resnet_v2",
    "MobileNet": "mobilenet", "MobileNetV2": "mobilenet_v2",
    "MobileNetV3Small": "mobilenet_v3", "MobileNetV3Large": "mobilenet_v3",
    "DenseNet121": "densenet", "DenseNet169": "densenet", "DenseNet201": "densenet",
    **{f"EfficientNetB{i}": "efficientnet" for i in range(8)},
    **{f"EfficientNetV2{v}": "efficientnet_v2" for v in ("B0", "B1", "B2", "B3", "S", "M", "L")},
    "Xception": "xception", "InceptionV3": "inception_v3", "InceptionResNetV2": "inception_resnet_v2",
    "NASNetMobile": "nasnet", "NASNetLarge": "nasnet",
    **{f"ConvNeXt{v}": "convnext" for v in ("Tiny", "Small", "Base", "Large", "XLarge")},
}
_MODULES = ("imagenet_utils", "vgg16", "vgg19", "resnet", "resnet50", "resnet_v2", "mobilenet", "mobilenet_v2",
            "mobilenet_v3", "densenet", "efficientnet", "efficientnet_v2", "xception", "inception_v3",
            "inception_resnet_v2", "convnext", "nasnet")


def __getattr__(name):
    if name in _MODULES:
        value = importlib.import_module("." + name, __name__)
    elif name in _MODELS:
        value = getattr(importlib.import_module("." + _MODELS[name], __name__), name)
    else:
        raise AttributeError(f"module 'neuroflow.keras.applications' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_MODULES) | set(_MODELS))
