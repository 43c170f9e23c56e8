"""`Wrapper`: the base class of layers that wrap another layer (`TimeDistributed`, `Bidirectional`)."""
from .. import serialization
from ..layer import Layer

__all__ = ["Wrapper"]


class Wrapper(Layer):
    """Holds `layer` and builds it with the wrapper; its config nests the wrapped layer's.

    Args:
        layer: the `keras.layers.Layer` to wrap.
    """

    def __init__(self, layer, **kwargs):
        if not isinstance(layer, Layer):
            raise ValueError(f"Layer {layer} supplied to Wrapper isn't a supported layer type. Please ensure wrapped "
                             "layer is a valid Keras layer.")
        super().__init__(**kwargs)
        self.layer = layer

    def build(self, input_shape=None):
        if not self.layer.built:
            self.layer.build(input_shape)

    def get_config(self):
        return {**super().get_config(), "layer": serialization.serialize(self.layer)}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        layer = serialization.deserialize(config.pop("layer"), custom_objects)
        return cls(layer, **config)
