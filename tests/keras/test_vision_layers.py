"""Padding, cropping, upsampling, normalization, spatial/gaussian/alpha dropout and activation layers."""
import pathlib

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.keras import layers
from layer_test_helper import run_layer_test

REF = np.load(pathlib.Path(__file__).parents[1] / "fixtures" / "image" / "reference.npz")
FEATURES = REF["features"]  # (3, 4, 6)


# --- reshaping ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("layer_cls, kwargs, input_shape, output_shape", [
    (layers.ZeroPadding1D, {"padding": (1, 2)}, (2, 3, 4), (2, 6, 4)),
    (layers.ZeroPadding2D, {"padding": ((1, 0), (2, 3))}, (2, 3, 4, 2), (2, 4, 9, 2)),
    (layers.ZeroPadding2D, {"padding": 1, "data_format": "channels_first"}, (2, 2, 3, 4), (2, 2, 5, 6)),
    (layers.ZeroPadding3D, {"padding": (1, 0, 2)}, (1, 2, 3, 4, 2), (1, 4, 3, 8, 2)),
    (layers.Cropping1D, {"cropping": (1, 2)}, (2, 5, 3), (2, 2, 3)),
    (layers.Cropping2D, {"cropping": ((1, 0), (0, 2))}, (2, 4, 5, 3), (2, 3, 3, 3)),
    (layers.Cropping3D, {"cropping": 1}, (1, 3, 4, 5, 2), (1, 1, 2, 3, 2)),
    (layers.UpSampling1D, {"size": 3}, (2, 2, 4), (2, 6, 4)),
    (layers.UpSampling2D, {"size": (2, 3)}, (2, 2, 3, 1), (2, 4, 9, 1)),
    (layers.UpSampling2D, {"size": 2, "interpolation": "bilinear"}, (2, 2, 3, 1), (2, 4, 6, 1)),
    (layers.UpSampling3D, {"size": (1, 2, 2), "data_format": "channels_first"}, (1, 2, 2, 2, 3), (1, 2, 2, 4, 6)),
])
def test_reshaping_declarative(layer_cls, kwargs, input_shape, output_shape):
    run_layer_test(layer_cls, kwargs, input_shape=input_shape, expected_output_shape=output_shape)


def test_reshaping_values_and_configs():
    x = np.arange(12, dtype="float32").reshape(1, 3, 4, 1)
    np.testing.assert_array_equal(layers.ZeroPadding2D(((1, 0), (0, 1)))(x).numpy()[0, ..., 0],
                                  np.pad(x[0, ..., 0], ((1, 0), (0, 1))))
    np.testing.assert_array_equal(layers.Cropping2D(((1, 1), (1, 0)))(x).numpy(), x[:, 1:2, 1:])
    np.testing.assert_array_equal(layers.UpSampling3D(2)(np.ones((1, 1, 1, 1, 1))).numpy(), np.ones((1, 2, 2, 2, 1)))
    assert layers.ZeroPadding2D((1, 2)).get_config()["padding"] == ((1, 1), (2, 2))
    cropping1d = layers.Cropping1D().get_config()
    assert cropping1d["cropping"] == (1, 1) and "data_format" not in cropping1d
    assert layers.UpSampling1D().get_config()["size"] == 2
    assert layers.UpSampling2D().get_config()["interpolation"] == "nearest"
    with pytest.raises(ValueError, match="cropping.*smaller than.*\\(1, 3, 4, 1\\)"):
        layers.Cropping2D(((2, 1), (0, 0)))(x)
    with pytest.raises(ValueError, match="expected ndim=4"):
        layers.ZeroPadding2D()(np.ones((2, 3, 4)))
    with pytest.raises(ValueError, match="padding"):
        layers.ZeroPadding2D((1, 2, 3))
    with pytest.raises(ValueError, match="size"):
        layers.UpSampling1D(0)


# --- normalization -------------------------------------------------------------------------------------------
def test_normalization_declarative():
    run_layer_test(layers.LayerNormalization, {}, input_shape=(3, 4), expected_output_shape=(3, 4),
                   expected_num_trainable_weights=2, supports_masking=True)
    run_layer_test(layers.LayerNormalization, {"axis": [1, 2], "center": False}, input_shape=(2, 3, 4),
                   expected_output_shape=(2, 3, 4), expected_num_trainable_weights=1)
    run_layer_test(layers.GroupNormalization, {"groups": 2}, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   expected_num_trainable_weights=2, supports_masking=True)
    run_layer_test(layers.GroupNormalization, {"groups": -1, "axis": 1}, input_shape=(2, 3, 4),
                   expected_output_shape=(2, 3, 4), expected_num_trainable_weights=2)
    run_layer_test(layers.UnitNormalization, {"axis": [1, 2]}, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   supports_masking=True)


def test_normalization_matches_keras():
    np.testing.assert_allclose(layers.LayerNormalization(axis=[1, 2])(FEATURES).numpy(), REF["keras/layer_norm"],
                               rtol=1e-5, atol=1e-5)
    with pytest.warns(UserWarning, match="deprecated"):
        rms = layers.LayerNormalization(rms_scaling=True)
    np.testing.assert_allclose(rms(FEATURES).numpy(), REF["keras/layer_norm_rms"], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layers.GroupNormalization(groups=3)(FEATURES).numpy(), REF["keras/group_norm"],
                               rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(layers.UnitNormalization(axis=[1, 2])(FEATURES).numpy(), REF["keras/unit_norm"],
                               rtol=1e-5, atol=1e-6)


def test_layer_normalization_by_hand_with_weights():
    layer = layers.LayerNormalization(epsilon=0.0)
    layer.build((1, 2))
    assert [w.path for w in layer.weights] == ["layer_normalization/gamma", "layer_normalization/beta"] or \
        [w.name for w in layer.weights] == ["gamma", "beta"]
    layer.set_weights([np.array([2.0, 3.0]), np.array([1.0, -1.0])])
    np.testing.assert_allclose(layer(np.array([[1.0, 5.0]])).numpy(), [[-1.0, 2.0]])
    assert layer.get_config()["epsilon"] == 0.0 and layers.LayerNormalization().epsilon == 1e-3


def test_group_normalization_errors():
    with pytest.raises(ValueError, match="cannot be more than the number of channels"):
        layers.GroupNormalization(groups=8)(np.ones((2, 4)))
    with pytest.raises(ValueError, match="must be a multiple"):
        layers.GroupNormalization(groups=3)(np.ones((2, 4)))
    with pytest.raises(TypeError, match="axis"):
        layers.LayerNormalization(axis="last")


# --- regularization -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("layer_cls, kwargs, input_shape", [
    (layers.SpatialDropout1D, {"rate": 0.5}, (2, 3, 4)),
    (layers.SpatialDropout2D, {"rate": 0.5, "data_format": "channels_first"}, (2, 3, 4, 4)),
    (layers.SpatialDropout3D, {"rate": 0.5}, (1, 2, 2, 2, 3)),
    (layers.GaussianDropout, {"rate": 0.3}, (3, 4)),
    (layers.AlphaDropout, {"rate": 0.3}, (3, 4)),
])
def test_dropout_declarative(layer_cls, kwargs, input_shape):
    run_layer_test(layer_cls, kwargs, input_shape=input_shape, expected_output_shape=input_shape)


def test_spatial_dropout_drops_whole_channels():
    x = np.ones((4, 3, 3, 16), "float32")
    out = layers.SpatialDropout2D(0.5, seed=3)(x, training=True).numpy()
    per_channel = out.reshape(4, 9, 16)
    assert (per_channel.min(axis=1) == per_channel.max(axis=1)).all()
    assert set(np.unique(out)) == {0.0, 2.0}
    first = layers.SpatialDropout2D(0.5, data_format="channels_first", seed=3)(x.transpose(0, 3, 1, 2), training=True)
    assert (first.numpy().reshape(4, 16, 9).std(axis=2) == 0).all()
    assert set(layers.SpatialDropout1D(0.2).get_config()) == {"rate", "seed", "name", "dtype"}


def test_alpha_and_gaussian_dropout_statistics():
    x = np.random.default_rng(1).standard_normal((50000,)).astype("float32")
    out = layers.AlphaDropout(0.3, seed=2)(x, training=True).numpy()
    assert abs(out.mean()) < 0.03 and abs(out.std() - 1) < 0.03
    assert np.isclose(out, -1.7580993 * ((0.7 * (1 + 0.3 * 1.7580993 ** 2)) ** -0.5) +
                      ((0.7 * (1 + 0.3 * 1.7580993 ** 2)) ** -0.5) * 1.7580993 * 0.3, atol=1e-5).mean() > 0.25
    noise = layers.GaussianDropout(0.2, seed=2)(np.ones(50000, "float32"), training=True).numpy()
    assert abs(noise.mean() - 1) < 0.01 and abs(noise.std() - 0.5) < 0.01
    with pytest.raises(ValueError, match="rate"):
        layers.GaussianDropout(1.5)


# --- activations --------------------------------------------------------------------------------------------
def test_activation_layers_declarative():
    x = np.array([[-2.0, -0.5, 0.5, 8.0]], "float32")
    run_layer_test(layers.ReLU, {"max_value": 6.0, "negative_slope": 0.1, "threshold": 0.25}, input_data=x,
                   expected_output_shape=(1, 4), expected_output=[[-0.225, -0.075, 0.5, 6.0]], supports_masking=True)
    run_layer_test(layers.LeakyReLU, {}, input_data=x, expected_output_shape=(1, 4),
                   expected_output=[[-0.6, -0.15, 0.5, 8.0]], supports_masking=True)
    run_layer_test(layers.ELU, {"alpha": 0.5}, input_data=x, expected_output_shape=(1, 4),
                   expected_output=[[0.5 * np.expm1(-2.0), 0.5 * np.expm1(-0.5), 0.5, 8.0]], supports_masking=True)
    run_layer_test(layers.Softmax, {"axis": [1, 2]}, input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
                   supports_masking=True)
    run_layer_test(layers.PReLU, {"shared_axes": [1, 2], "alpha_initializer": "ones"}, input_shape=(2, 3, 4, 5),
                   expected_output_shape=(2, 3, 4, 5), expected_num_trainable_weights=1, supports_masking=True)


def test_activation_layer_values():
    x = np.array([[-2.0, 3.0]], "float32")
    prelu = layers.PReLU(alpha_initializer=keras.initializers.Constant(0.5))
    np.testing.assert_allclose(prelu(x).numpy(), [[-1.0, 3.0]])
    assert prelu.alpha.shape == (2,)
    image_prelu = layers.PReLU(shared_axes=[1, 2])
    image_prelu.build((None, 4, 4, 3))
    assert image_prelu.alpha.shape == (1, 1, 3)
    np.testing.assert_allclose(layers.Softmax()(FEATURES, mask=FEATURES > 0).numpy(), REF["keras/softmax_mask"],
                               rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(layers.Softmax(axis=[1, 2])(FEATURES).numpy().sum(axis=(1, 2)), 1.0, rtol=1e-5)
    assert layers.LeakyReLU().negative_slope == 0.3
    with pytest.warns(UserWarning, match="alpha"):
        assert layers.LeakyReLU(alpha=0.1).negative_slope == 0.1
    assert layers.ReLU().get_config()["threshold"] == 0.0
    with pytest.raises(ValueError, match="negative_slope"):
        layers.LeakyReLU(-1.0)
    with pytest.raises(ValueError, match="max_value"):
        layers.ReLU(max_value=-1.0)
    with pytest.raises(ValueError, match="broadcastable"):
        layers.Softmax()(FEATURES, mask=np.ones((3, 5), bool))
    with pytest.raises(ValueError, match="p_re_lu.*expected axis 1 of input shape to have value 2.*\\(1, 4\\)"):
        prelu(np.ones((1, 4), "float32"))


def test_layers_accept_inputs_of_unknown_spatial_size():
    inputs = keras.Input((None, None, 3))
    assert layers.Cropping2D(1)(inputs).shape == (None, None, None, 3)
    assert layers.Resizing(8, 6)(inputs).shape == (None, 8, 6, 3)
    assert layers.PReLU(shared_axes=[1, 2])(inputs).shape == (None, None, None, 3)
    model = keras.Sequential([keras.Input((None, None, 3)), layers.Cropping2D(1), layers.ZeroPadding2D(2),
                              layers.UpSampling2D(), layers.Resizing(8, 8), layers.Flatten(), layers.Dense(2)])
    assert model.predict(np.ones((3, 10, 12, 3), "float32"), verbose=0).shape == (3, 2)
