"""ConvNeXtTiny/Small/Base/Large/XLarge (Liu et al., 2022): a ResNet modernised along Transformer lines.

Preprocessing (ImageNet normalisation of [0, 255] inputs) is part of the model;
`preprocess_input` is the identity. `LayerScale` and `StochasticDepth` are saved as Keras saves
them (module `keras.src.applications.convnext`), so `.keras` files move between the two.

>>> from neuroflow.keras.applications import ConvNeXtTiny
>>> ConvNeXtTiny(weights=None, include_top=False, input_shape=(32, 32, 3)).output.shape
(None, 1, 1, 768)
"""
import numpy as np

from .. import initializers, layers, ops, random
from ..layers.layer import Layer
from ..models import Sequential
from . import application, imagenet_utils

__all__ = ["ConvNeXtTiny", "ConvNeXtSmall", "ConvNeXtBase", "ConvNeXtLarge", "ConvNeXtXLarge", "LayerScale",
           "StochasticDepth", "preprocess_input", "decode_predictions"]

BASE_WEIGHTS_PATH = application.KERAS_APPLICATIONS + "convnext/"
WEIGHTS_HASHES = {  # sha256 of (with top, without top)
    "convnext_tiny": ("8ae6e78ce2933352b1ef4008e6dd2f17bc40771563877d156bc6426c7cf503ff",
                      "d547c096cabd03329d7be5562c5e14798aa39ed24b474157cef5e85ab9e49ef1"),
    "convnext_small": ("ce1277d8f1ee5a0ef0e171469089c18f5233860ceaf9b168049cb9263fd7483c",
                       "6fc8009faa2f00c1c1dfce59feea9b0745eb260a7dd11bee65c8e20843da6eab"),
    "convnext_base": ("52cbb006d3dadd03f6e095a8ca1aca47aecdd75acb4bc74bce1f5c695d0086e6",
                      "40a20c5548a5e9202f69735ecc06c990e6b7c9d2de39f0361e27baeb24cb7c45"),
    "convnext_large": ("070c5ed9ed289581e477741d3b34beffa920db8cf590899d6d2c67fba2a198a6",
                       "96f02b6f0753d4f543261bc9d09bed650f24dd6bc02ddde3066135b63d23a1cd"),
    "convnext_xlarge": ("c1f5ccab661354fc3a79a10fa99af82f0fbf10ec65cb894a3ae0815f17a889ee",
                        "de3f8a54174130e0cecdc71583354753d557fcf1f4487331558e2a16ba0cfe05"),
}
MODEL_CONFIGS = {
    "tiny": {"depths": (3, 3, 9, 3), "projection_dims": (96, 192, 384, 768), "default_size": 224},
    "small": {"depths": (3, 3, 27, 3), "projection_dims": (96, 192, 384, 768), "default_size": 224},
    "base": {"depths": (3, 3, 27, 3), "projection_dims": (128, 256, 512, 1024), "default_size": 224},
    "large": {"depths": (3, 3, 27, 3), "projection_dims": (192, 384, 768, 1536), "default_size": 224},
    "xlarge": {"depths": (3, 3, 27, 3), "projection_dims": (256, 512, 1024, 2048), "default_size": 224},
}


class StochasticDepth(Layer):
    """Drops the whole residual path of a sample with probability `drop_path_rate` while training."""

    def __init__(self, drop_path_rate, **kwargs):
        super().__init__(**kwargs)
        self.drop_path_rate = drop_path_rate

    def call(self, x, training=None):
        if not training:
            return x
        keep_prob = 1 - self.drop_path_rate
        shape = (ops.shape(x)[0],) + (1,) * (len(x.shape) - 1)
        return x / keep_prob * ops.floor(keep_prob + random.uniform(shape, 0, 1))

    def get_config(self):
        return {**super().get_config(), "drop_path_rate": self.drop_path_rate}


class LayerScale(Layer):
    """Multiplies the channels by a learned `gamma`, initialised to `init_values`."""

    def __init__(self, init_values, projection_dim, **kwargs):
        super().__init__(**kwargs)
        self.init_values, self.projection_dim = init_values, projection_dim

    def build(self, _):
        self.gamma = self.add_weight(shape=(self.projection_dim,), initializer=initializers.Constant(self.init_values),
                                     trainable=True)

    def call(self, x):
        return x * self.gamma

    def get_config(self):
        return {**super().get_config(), "init_values": self.init_values, "projection_dim": self.projection_dim}


def convnext_block(inputs, projection_dim, drop_path_rate, layer_scale_init_value, name):
    """7×7 depthwise conv, LayerNorm, 4× MLP with GELU, layer scale, residual."""
    x = layers.Conv2D(projection_dim, kernel_size=7, padding="same", groups=projection_dim,
                      name=f"{name}_depthwise_conv")(inputs)
    x = layers.LayerNormalization(epsilon=1e-6, name=f"{name}_layernorm")(x)
    x = layers.Dense(4 * projection_dim, name=f"{name}_pointwise_conv_1")(x)
    x = layers.Activation("gelu", name=f"{name}_gelu")(x)
    x = layers.Dense(projection_dim, name=f"{name}_pointwise_conv_2")(x)
    if layer_scale_init_value is not None:
        x = LayerScale(layer_scale_init_value, projection_dim, name=f"{name}_layer_scale")(x)
    path = StochasticDepth(drop_path_rate, name=f"{name}_stochastic_depth") if drop_path_rate else \
        layers.Activation("linear", name=f"{name}_identity")
    return inputs + path(x)


def ConvNeXt(depths, projection_dims, drop_path_rate=0.0, layer_scale_init_value=1e-6, default_size=224,
             name="convnext", include_preprocessing=True, include_top=True, weights=None, input_tensor=None,
             input_shape=None, pooling=None, classes=1000, classifier_activation="softmax", weights_name=None):
    """A ConvNeXt with `depths[i]` blocks of width `projection_dims[i]` in stage i."""
    application.check_arguments(weights, include_top, classes, classifier_activation)
    if weights == "imagenet":
        expected = MODEL_CONFIGS[weights_name.split("convnext_")[-1]]
        if tuple(depths) != expected["depths"] or tuple(projection_dims) != expected["projection_dims"]:
            raise ValueError(f"Architecture configuration does not match {weights_name} variant. When using "
                             "pre-trained weights, the model architecture must match the pre-trained configuration.")
    img_input = application.image_input(input_shape, input_tensor, default_size=default_size, min_size=32,
                                        include_top=include_top, weights=weights)
    x = img_input
    if include_preprocessing and img_input.shape[-1] == 3:
        x = layers.Normalization(mean=[0.485 * 255, 0.456 * 255, 0.406 * 255],
                                 variance=[(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2],
                                 name=f"{name}_prestem_normalization")(x)
    downsample = [Sequential([layers.Conv2D(projection_dims[0], kernel_size=4, strides=4, name=f"{name}_stem_conv"),
                              layers.LayerNormalization(epsilon=1e-6, name=f"{name}_stem_layernorm")],
                             name=f"{name}_stem")]
    for i in range(3):
        downsample.append(Sequential(
            [layers.LayerNormalization(epsilon=1e-6, name=f"{name}_downsampling_layernorm_{i}"),
             layers.Conv2D(projection_dims[i + 1], kernel_size=2, strides=2, name=f"{name}_downsampling_conv_{i}")],
            name=f"{name}_downsampling_block_{i}"))
    drop_rates = [float(rate) for rate in np.linspace(0.0, drop_path_rate, sum(depths))]
    cur = 0
    for i in range(4):
        x = downsample[i](x)
        for j in range(depths[i]):
            x = convnext_block(x, projection_dims[i], drop_rates[cur + j], layer_scale_init_value,
                               name=f"{name}_stage_{i}_block_{j}")
        cur += depths[i]
    if include_top:
        x = layers.GlobalAveragePooling2D(name=f"{name}_head_gap")(x)
        x = layers.LayerNormalization(epsilon=1e-6, name=f"{name}_head_layernorm")(x)
        x = layers.Dense(classes, activation=classifier_activation, name=f"{name}_head_dense")(x)
    else:
        x = layers.LayerNormalization(epsilon=1e-6)(application.pool(x, pooling))
    weights_file = None
    if weights == "imagenet":  # named after the model, as in Keras
        weights_file = application.published(BASE_WEIGHTS_PATH, name, include_top, WEIGHTS_HASHES[weights_name])
    return application.finish(img_input, input_tensor, x, name, weights, weights_file)


def _constructor(variant):
    config = MODEL_CONFIGS[variant]

    def constructor(include_top=True, include_preprocessing=True, weights="imagenet", input_tensor=None,
                    input_shape=None, pooling=None, classes=1000, classifier_activation="softmax",
                    name=f"convnext_{variant}"):
        return ConvNeXt(config["depths"], config["projection_dims"], default_size=config["default_size"], name=name,
                        include_preprocessing=include_preprocessing, include_top=include_top, weights=weights,
                        input_tensor=input_tensor, input_shape=input_shape, pooling=pooling, classes=classes,
                        classifier_activation=classifier_activation, weights_name=f"convnext_{variant}")

    constructor.__name__ = constructor.__qualname__ = f"ConvNeXt{variant.title().replace('Xl', 'XL')}"
    constructor.__doc__ = (f"{constructor.__name__} as Keras builds it; the arguments are "
                           "`keras.applications.VGG16`'s, plus `include_preprocessing` (normalise [0, 255] inputs "
                           "inside the model).")
    return constructor


ConvNeXtTiny, ConvNeXtSmall, ConvNeXtBase, ConvNeXtLarge, ConvNeXtXLarge = (
    _constructor(v) for v in ("tiny", "small", "base", "large", "xlarge"))


preprocess_input = imagenet_utils.preprocessor(None)


decode_predictions = imagenet_utils.decode_predictions
