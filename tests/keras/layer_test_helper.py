"""The declarative layer test: one call checks a layer end to end.

`run_layer_test(Dense, {"units": 3}, input_shape=(2, 4), expected_output_shape=(2, 3),
expected_num_trainable_weights=2)` checks, in order:

1. config round-trip: `from_config(get_config())` and `keras.layers.deserialize(serialize(...))`
   give a layer with the same config;
2. build: `build(input_shape)` creates the expected numbers of trainable and non-trainable weights;
3. eager call: output shape, dtype (and values when `expected_output` is given), `compute_output_shape`,
   the number of losses, `supports_masking`;
4. symbolic call: on `keras.Input`s the layer infers the output shape with an unknown batch size,
   and a Functional model around it computes what the layer computes;
5. one training step: every trainable weight gets a gradient of its own shape, and a gradient
   descent step lowers a squared-output loss.
"""
import numpy as np

import neuroflow as tf
from neuroflow import keras


def _is_shape_list(shape):
    return isinstance(shape, list) and all(isinstance(s, (tuple, list)) for s in shape)


def _random_data(shape, dtype, rng):
    if tf.as_dtype(dtype).is_integer:
        return rng.integers(0, 5, size=shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


def _map(fn, value):
    return [fn(v) for v in value] if isinstance(value, list) else fn(value)


def _symbolic_shape(shape):
    return (None,) + tuple(shape)[1:]


def run_layer_test(layer_cls, init_kwargs=None, input_shape=None, input_dtype="float32", input_data=None,
                   expected_output_shape=None, expected_output_dtype="float32", expected_output=None,
                   expected_num_trainable_weights=0, expected_num_non_trainable_weights=0, expected_num_losses=0,
                   supports_masking=None, run_training_check=True, rtol=1e-6):
    init_kwargs = init_kwargs or {}
    rng = np.random.default_rng(0)
    shapes = input_shape if _is_shape_list(input_shape) else None
    if input_data is None:
        input_data = [_random_data(s, input_dtype, rng) for s in shapes] if shapes else \
            _random_data(input_shape, input_dtype, rng)
    input_shape = _map(lambda x: tuple(np.shape(x)), input_data)

    # 1. config round-trip
    layer = layer_cls(**init_kwargs)
    config = layer.get_config()
    assert layer_cls.from_config(config).get_config() == {**config}, "from_config(get_config()) changed the config"
    if keras.layers.serialize(layer)["registered_name"] is None:
        revived = keras.layers.deserialize(keras.layers.serialize(layer))
        assert type(revived) is layer_cls and revived.get_config() == config

    # 2. build and weight counts
    layer.build(input_shape)
    assert layer.built
    assert len(layer.trainable_weights) == expected_num_trainable_weights, \
        f"trainable weights: {[w.path for w in layer.trainable_weights]}"
    assert len(layer.non_trainable_weights) == expected_num_non_trainable_weights, \
        f"non-trainable weights: {[w.path for w in layer.non_trainable_weights]}"

    # 3. eager call
    output = layer(input_data)
    assert tuple(output.shape) == tuple(expected_output_shape), f"{tuple(output.shape)} != {expected_output_shape}"
    assert output.dtype == expected_output_dtype, f"{output.dtype} != {expected_output_dtype}"
    assert tuple(layer.compute_output_shape(input_shape)) == tuple(expected_output_shape)
    if expected_output is not None:
        np.testing.assert_allclose(output.numpy(), expected_output, rtol=rtol, atol=rtol)
    assert len(layer.losses) == expected_num_losses
    if supports_masking is not None:
        assert layer.supports_masking == supports_masking

    # 4. symbolic call, and a Functional model around the layer
    fresh = layer_cls(**init_kwargs)
    inputs = _map(lambda s: keras.Input(batch_shape=_symbolic_shape(s), dtype=input_dtype), input_shape)
    symbolic = fresh(inputs)
    assert symbolic.shape == _symbolic_shape(expected_output_shape), \
        f"symbolic output {symbolic.shape} != {_symbolic_shape(expected_output_shape)}"
    assert symbolic.dtype == expected_output_dtype
    model = keras.Model(inputs, symbolic)
    np.testing.assert_allclose(model(input_data).numpy(), fresh(input_data).numpy(), rtol=rtol)

    # 5. one training step
    if run_training_check and layer.trainable_weights:
        def loss_value():
            out = layer(input_data, training=True)
            return tf.reduce_mean(tf.square(out)) + tf.add_n(layer.losses) if layer.losses \
                else tf.reduce_mean(tf.square(out))
        with tf.GradientTape() as tape:
            before = loss_value()
        grads = tape.gradient(before, layer.trainable_weights)
        for weight, grad in zip(layer.trainable_weights, grads):
            assert grad is not None, f"no gradient for {weight.path}"
            assert tuple(grad.shape) == tuple(weight.shape)
            weight.assign_sub(0.01 * grad)
        assert float(loss_value()) < float(before), "a gradient descent step did not lower the loss"
    return layer
