"""Keras convolution, pooling and BatchNormalization layers: the declarative layer test, values, errors."""
import io
import contextlib

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.keras import layers
from layer_test_helper import run_layer_test

LAYER_CASES = [
    (layers.Conv1D, {"filters": 3, "kernel_size": 2, "padding": "causal", "dilation_rate": 2}, (2, 5, 4), (2, 5, 3), 2, 0),
    (layers.Conv2D, {"filters": 3, "kernel_size": 3, "strides": 2, "padding": "same", "activation": "relu"},
     (2, 7, 6, 2), (2, 4, 3, 3), 2, 0),
    (layers.Conv2D, {"filters": 4, "kernel_size": (2, 3), "groups": 2, "use_bias": False,
                     "data_format": "channels_first"}, (1, 4, 5, 6), (1, 4, 4, 4), 1, 0),
    (layers.Conv3D, {"filters": 2, "kernel_size": 2}, (1, 3, 4, 3, 2), (1, 2, 3, 2, 2), 2, 0),
    (layers.Conv1DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2}, (2, 4, 3), (2, 9, 2), 2, 0),
    (layers.Conv2DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"},
     (1, 3, 4, 3), (1, 6, 8, 2), 2, 0),
    (layers.Conv2DTranspose, {"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 1},
     (1, 3, 3, 3), (1, 8, 8, 2), 2, 0),
    (layers.Conv3DTranspose, {"filters": 2, "kernel_size": 2, "strides": 2}, (1, 2, 2, 2, 1), (1, 4, 4, 4, 2), 2, 0),
    (layers.DepthwiseConv1D, {"kernel_size": 3, "depth_multiplier": 2}, (2, 5, 3), (2, 3, 6), 2, 0),
    (layers.DepthwiseConv2D, {"kernel_size": 3, "strides": 2, "padding": "same"}, (2, 5, 5, 3), (2, 3, 3, 3), 2, 0),
    (layers.SeparableConv1D, {"filters": 4, "kernel_size": 2}, (2, 5, 3), (2, 4, 4), 3, 0),
    (layers.SeparableConv2D, {"filters": 4, "kernel_size": 3, "depth_multiplier": 2, "padding": "same"},
     (1, 4, 4, 3), (1, 4, 4, 4), 3, 0),
    (layers.MaxPooling1D, {}, (2, 5, 3), (2, 2, 3), 0, 0),
    (layers.MaxPooling2D, {"pool_size": 3, "strides": 2, "padding": "same"}, (2, 5, 6, 3), (2, 3, 3, 3), 0, 0),
    (layers.MaxPooling3D, {"data_format": "channels_first"}, (1, 2, 4, 4, 4), (1, 2, 2, 2, 2), 0, 0),
    (layers.AveragePooling1D, {"pool_size": 3, "strides": 1}, (2, 5, 3), (2, 3, 3), 0, 0),
    (layers.AveragePooling2D, {"pool_size": 2, "padding": "same"}, (2, 5, 5, 1), (2, 3, 3, 1), 0, 0),
    (layers.AveragePooling3D, {"pool_size": 2}, (1, 4, 4, 2, 2), (1, 2, 2, 1, 2), 0, 0),
    (layers.GlobalMaxPooling1D, {}, (2, 5, 3), (2, 3), 0, 0),
    (layers.GlobalAveragePooling1D, {"data_format": "channels_first"}, (2, 5, 3), (2, 5), 0, 0),
    (layers.GlobalMaxPooling2D, {"keepdims": True}, (2, 4, 4, 3), (2, 1, 1, 3), 0, 0),
    (layers.GlobalAveragePooling2D, {}, (2, 4, 4, 3), (2, 3), 0, 0),
    (layers.GlobalMaxPooling3D, {}, (1, 2, 3, 4, 3), (1, 3), 0, 0),
    (layers.GlobalAveragePooling3D, {"keepdims": True}, (1, 2, 3, 4, 3), (1, 1, 1, 1, 3), 0, 0),
    (layers.BatchNormalization, {}, (4, 3), (4, 3), 2, 2),
    (layers.BatchNormalization, {"axis": 1, "center": False}, (2, 3, 4, 4), (2, 3, 4, 4), 1, 2),
]


@pytest.mark.parametrize("layer_cls,kwargs,input_shape,output_shape,trainable,non_trainable", LAYER_CASES,
                         ids=[f"{c[0].__name__}-{i}" for i, c in enumerate(LAYER_CASES)])
def test_layer(layer_cls, kwargs, input_shape, output_shape, trainable, non_trainable):
    run_layer_test(layer_cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape,
                   expected_num_trainable_weights=trainable, expected_num_non_trainable_weights=non_trainable,
                   rtol=1e-5)


def test_conv2d_hand_computed_with_bias_and_relu():
    layer = layers.Conv2D(1, 2, kernel_initializer="ones", bias_initializer=keras.initializers.Constant(-10.0),
                          activation="relu")
    x = np.arange(9.0, dtype=np.float32).reshape(1, 3, 3, 1)   # windows sum to 8, 12, 20, 24
    np.testing.assert_array_equal(layer(x).numpy().ravel(), [0, 2, 10, 14])


def test_keras_weight_names_and_shapes():
    model = keras.Sequential([keras.Input((8, 8, 3)), layers.Conv2D(4, 3, name="c"), layers.BatchNormalization(name="bn"),
                              layers.SeparableConv2D(5, 3, name="s"), layers.DepthwiseConv2D(2, name="d"),
                              layers.Conv2DTranspose(2, 2, name="t")])
    assert [(w.path.split("/", 1)[1], tuple(w.shape)) for w in model.weights] == [
        ("c/kernel", (3, 3, 3, 4)), ("c/bias", (4,)), ("bn/gamma", (4,)), ("bn/beta", (4,)),
        ("bn/moving_mean", (4,)), ("bn/moving_variance", (4,)), ("s/depthwise_kernel", (3, 3, 4, 1)),
        ("s/pointwise_kernel", (1, 1, 4, 5)), ("s/bias", (5,)), ("d/kernel", (2, 2, 5, 1)), ("d/bias", (5,)),
        ("t/kernel", (2, 2, 2, 5)), ("t/bias", (2,))]


def test_sequential_guide_summary_shows_40_40_32():
    model = keras.Sequential([keras.Input(shape=(250, 250, 3)), layers.Conv2D(32, 5, strides=2, activation="relu"),
                              layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(3)])
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        model.summary()
    assert "(None, 40, 40, 32)" in out.getvalue() and "MaxPooling2D" in out.getvalue()
    assert model.output_shape == (None, 40, 40, 32)


def test_batch_normalization_moving_statistics_follow_the_formula():
    rng = np.random.default_rng(0)
    layer = layers.BatchNormalization(momentum=0.9)
    mean, variance = np.zeros(3), np.ones(3)
    for _ in range(5):
        x = rng.standard_normal((8, 3)).astype(np.float32) * [1, 2, 3] + [0, 1, -1]
        y = layer(x, training=True).numpy()
        mean = 0.9 * mean + 0.1 * x.mean(axis=0)
        variance = 0.9 * variance + 0.1 * x.var(axis=0)   # biased, as Keras 3
        np.testing.assert_allclose(y, (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-3), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), mean, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(), variance, rtol=1e-5)
    x = rng.standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_allclose(layer(x).numpy(), (x - mean) / np.sqrt(variance + 1e-3), rtol=1e-4, atol=1e-5)


def test_batch_normalization_frozen_and_batch_of_one():
    layer = layers.BatchNormalization()
    y = layer(np.full((1, 2, 2, 3), 5.0, np.float32), training=True)
    assert np.isfinite(y.numpy()).all() and not y.numpy().any()     # variance 0: (x - mean) = 0, no NaN
    layer.trainable = False                                         # frozen: inference mode even in training
    before = layer.moving_mean.numpy().copy()
    expected = (7 - before) / np.sqrt(layer.moving_variance.numpy() + 1e-3)
    np.testing.assert_allclose(layer(np.ones((2, 2, 2, 3), np.float32) * 7, training=True).numpy(),
                               np.broadcast_to(expected, (2, 2, 2, 3)), rtol=1e-5)
    np.testing.assert_array_equal(layer.moving_mean.numpy(), before)


def test_fit_updates_moving_statistics_and_predict_uses_them():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4, 4, 1)), layers.Conv2D(2, 2), layers.BatchNormalization(),
                              layers.GlobalAveragePooling2D(), layers.Dense(1)])
    model.compile("sgd", "mse")
    x = np.random.default_rng(0).standard_normal((32, 4, 4, 1)).astype(np.float32) + 3.0
    bn = model.layers[1]
    model.fit(x, np.zeros((32, 1)), batch_size=8, epochs=2, verbose=0)
    assert not np.allclose(bn.moving_mean.numpy(), 0)               # 8 training steps moved them
    after_fit = bn.moving_mean.numpy().copy()
    model.predict(x, verbose=0)
    model.evaluate(x, np.zeros((32, 1)), verbose=0)
    np.testing.assert_array_equal(bn.moving_mean.numpy(), after_fit)  # inference leaves them


@pytest.mark.parametrize("make,shape,error,message", [
    (lambda: layers.Conv2D(2, 5), (None, 3, 3, 1), ValueError, r"conv2d.*kernel \(5, 5\).*larger than.*\(3, 3\)"),
    (lambda: layers.Conv2D(2, 3), (None, 28, 28), ValueError, "expected min_ndim=4, found ndim=3"),
    (lambda: layers.Conv2D(6, 3, groups=3), (None, 8, 8, 4), ValueError, "groups=3, but the input has 4 channels"),
    (lambda: layers.MaxPooling2D(4), (None, 3, 3, 1), ValueError, "pool_size.*larger than"),
])
def test_bad_input(make, shape, error, message):
    with pytest.raises(error, match=message):
        make()(keras.Input(batch_shape=shape))


def test_bad_arguments_and_channel_mismatch():
    with pytest.raises(ValueError, match="data_format"):
        layers.Conv2D(2, 3, data_format="channel_last")
    with pytest.raises(ValueError, match="strides"):
        layers.Conv2D(2, 3, strides=0)
    with pytest.raises(ValueError, match="pool_size"):
        layers.MaxPooling2D(pool_size=-1)
    with pytest.raises(ValueError, match="filters must be evenly divisible"):
        layers.Conv2D(5, 3, groups=2)
    layer = layers.Conv2D(2, 3)
    layer(tf.ones([1, 5, 5, 3]))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        layer(tf.ones([1, 5, 5, 4]))


def test_unknown_spatial_sizes_stay_unknown():
    model = keras.Sequential([keras.Input((None, None, 3)), layers.Conv2D(4, 3), layers.SeparableConv2D(2, 3),
                              layers.MaxPooling2D(3), layers.Conv2DTranspose(2, 3, strides=2),
                              layers.GlobalAveragePooling2D()])
    assert [layer.output.shape for layer in model.layers] == [
        (None, None, None, 4), (None, None, None, 2), (None, None, None, 2), (None, None, None, 2), (None, 2)]
    assert model.predict(np.ones((2, 16, 12, 3), np.float32), verbose=0).shape == (2, 2)


def test_batch_normalization_mask_leaves_masked_steps_out_of_the_statistics():
    x = np.array([[[1.0], [3.0], [100.0]], [[5.0], [-50.0], [7.0]]], np.float32)
    mask = np.array([[True, True, False], [True, False, True]])
    layer = layers.BatchNormalization(momentum=0.0, epsilon=0.0)
    layer(x, training=True, mask=tf.constant(mask))
    kept = x[mask]
    np.testing.assert_allclose(layer.moving_mean.numpy(), [kept.mean()], rtol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(), [kept.var()], rtol=1e-6)
