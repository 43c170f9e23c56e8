"""`Lambda`: wraps a function of tensors as a layer (for quick computations in a model).

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> double = keras.layers.Lambda(lambda x: x * 2.0)
>>> double(tf.constant([1.0, 2.0])).numpy()
array([2., 4.], dtype=float32)
>>> double(keras.Input(shape=(5,))).shape
(None, 5)

Saved, a Python lambda becomes Keras' `__lambda__` config (its bytecode); loading it back
runs code from the file, so it is refused unless `safe_mode=False`:

>>> config = double.get_config()
>>> config["function"]["class_name"]
'__lambda__'
>>> keras.layers.Lambda.from_config(config)
Traceback (most recent call last):
...
ValueError: Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda. ...
>>> keras.layers.Lambda.from_config(config, safe_mode=False)(tf.constant([3.0])).numpy()
array([6.], dtype=float32)
"""
import inspect

from ..layer import Layer

__all__ = ["Lambda"]

_LAMBDA_REFUSED = (
    "Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda. This carries a "
    "potential risk of arbitrary code execution and thus it is disallowed by default. If you trust the source "
    "of the artifact, you can override this error by passing `safe_mode=False` to the loading function, or "
    "calling `keras.config.enable_unsafe_deserialization()`.")


class Lambda(Layer):
    """A layer computing `function(inputs, **arguments)`. It has no weights.

    Args:
        function: the function of the input tensor(s).
        output_shape: the output shape without the batch axis (a tuple, or a function of the
            input shape); inferred by running the function when omitted.
        mask: an output mask, or a function `(inputs, mask) -> mask`.
        arguments: extra keyword arguments for `function`.
    """

    def __init__(self, function, output_shape=None, mask=None, arguments=None, **kwargs):
        super().__init__(**kwargs)
        if not callable(function):
            raise ValueError(f"Lambda: `function` must be callable. Received: function={function!r}")
        self.function, self.arguments = function, arguments or {}
        self._output_shape, self._mask = output_shape, mask
        self.supports_masking = mask is not None
        parameters = inspect.signature(function).parameters
        self._fn_takes = {name for name in ("mask", "training") if name in parameters}

    def call(self, inputs, mask=None, training=None):
        kwargs = dict(self.arguments)
        if "mask" in self._fn_takes:
            kwargs["mask"] = mask
        if "training" in self._fn_takes:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is None:
            return super().compute_output_shape(input_shape)
        if callable(self._output_shape):
            return self._output_shape(input_shape)
        return (tuple(input_shape)[0],) + tuple(self._output_shape)

    def compute_mask(self, inputs, mask=None):
        return self._mask(inputs, mask) if callable(self._mask) else self._mask

    def get_config(self):
        """Keras' format: a lambda as `{"class_name": "__lambda__", "config": {code, defaults, closure}}`,
        a named function as its serialized name."""
        from ...saving.serialization_lib import serialize_keras_object
        config = {"function": _function_config(self.function)}
        if self._output_shape is not None:
            config["output_shape"] = _function_config(self._output_shape) if callable(self._output_shape) \
                else self._output_shape
        if self._mask is not None:
            config["mask"] = _function_config(self._mask) if callable(self._mask) \
                else serialize_keras_object(self._mask)
        config["arguments"] = serialize_keras_object(self.arguments)
        return {**super().get_config(), **config}

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        """Rebuilds the layer; a saved lambda loads only with `safe_mode=False` (it runs code from the file)."""
        from ...saving.serialization_lib import deserialize_keras_object, in_safe_mode
        if safe_mode is None:
            safe_mode = in_safe_mode()
        safe_mode = safe_mode is not False
        config = dict(config)
        for key in ("function", "output_shape", "mask"):
            value = config.get(key)
            if isinstance(value, dict) and value.get("class_name") == "__lambda__":
                if safe_mode:
                    raise ValueError(_LAMBDA_REFUSED)
                from ...saving.python_function import load_function
                inner = value["config"]
                config[key] = load_function(inner["code"], inner.get("defaults"), inner.get("closure"))
            elif isinstance(value, dict) or (key == "function" and isinstance(value, str)):
                config[key] = deserialize_keras_object(value, custom_objects=custom_objects)
        if isinstance(config.get("output_shape"), list):
            config["output_shape"] = tuple(config["output_shape"])
        if "arguments" in config:
            config["arguments"] = deserialize_keras_object(config["arguments"], custom_objects=custom_objects)
        return cls(**config)


def _function_config(fn):
    if getattr(fn, "__name__", None) == "<lambda>":
        from ...saving.python_function import dump_function
        code, defaults, closure = dump_function(fn)
        return {"class_name": "__lambda__", "config": {"code": code, "defaults": defaults, "closure": closure}}
    from ...saving.serialization_lib import serialize_keras_object
    return serialize_keras_object(fn)
