"""Every layer through the declarative helper, plus what each layer computes."""
import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.keras import layers
from layer_test_helper import run_layer_test


# --- the declarative checks, one per layer ---------------------------------------------------
def test_dense():
    run_layer_test(layers.Dense, {"units": 3}, input_shape=(2, 4), expected_output_shape=(2, 3),
                   expected_num_trainable_weights=2, supports_masking=True)


def test_dense_on_3d_input_with_regularizers():
    run_layer_test(layers.Dense, {"units": 5, "activation": "tanh", "kernel_regularizer": "l2",
                                  "activity_regularizer": "l1", "use_bias": False},
                   input_shape=(2, 3, 4), expected_output_shape=(2, 3, 5), expected_num_trainable_weights=1,
                   expected_num_losses=2)


def test_activation():
    x = np.array([[-1.0, 2.0]], "float32")
    run_layer_test(layers.Activation, {"activation": "relu"}, input_data=x, expected_output_shape=(1, 2),
                   expected_output=[[0.0, 2.0]], supports_masking=True)


def test_dropout():
    run_layer_test(layers.Dropout, {"rate": 0.5, "noise_shape": (None, 1)}, input_shape=(3, 4),
                   expected_output_shape=(3, 4), supports_masking=True)


def test_identity():
    run_layer_test(layers.Identity, input_shape=(2, 3), expected_output_shape=(2, 3))


def test_lambda():
    run_layer_test(layers.Lambda, {"function": tf.square}, input_data=np.array([[2.0, 3.0]], "float32"),
                   expected_output_shape=(1, 2), expected_output=[[4.0, 9.0]])


def test_embedding():
    run_layer_test(layers.Embedding, {"input_dim": 5, "output_dim": 3}, input_shape=(2, 4), input_dtype="int32",
                   expected_output_shape=(2, 4, 3), expected_num_trainable_weights=1)


def test_flatten():
    run_layer_test(layers.Flatten, input_shape=(2, 3, 4), expected_output_shape=(2, 12), supports_masking=True)


def test_reshape():
    run_layer_test(layers.Reshape, {"target_shape": (-1, 2)}, input_shape=(3, 8), expected_output_shape=(3, 4, 2))


def test_permute():
    run_layer_test(layers.Permute, {"dims": (2, 1)}, input_shape=(2, 3, 4), expected_output_shape=(2, 4, 3))


def test_repeat_vector():
    run_layer_test(layers.RepeatVector, {"n": 3}, input_shape=(2, 4), expected_output_shape=(2, 3, 4))


@pytest.mark.parametrize("cls", [layers.Add, layers.Multiply, layers.Average, layers.Maximum, layers.Minimum])
def test_elementwise_merges(cls):
    run_layer_test(cls, input_shape=[(2, 3), (2, 3), (2, 3)], expected_output_shape=(2, 3))


def test_subtract():
    run_layer_test(layers.Subtract, input_shape=[(2, 3), (2, 3)], expected_output_shape=(2, 3))


def test_concatenate():
    run_layer_test(layers.Concatenate, {"axis": 1}, input_shape=[(2, 3, 5), (2, 4, 5)],
                   expected_output_shape=(2, 7, 5))


def test_dot():
    run_layer_test(layers.Dot, {"axes": (2, 2), "normalize": True}, input_shape=[(2, 5, 3), (2, 4, 3)],
                   expected_output_shape=(2, 5, 4))


def test_rescaling():
    run_layer_test(layers.Rescaling, {"scale": 0.5, "offset": 1.0}, input_data=np.array([[2, 4]], "uint8"),
                   input_dtype="uint8", expected_output_shape=(1, 2), expected_output=[[2.0, 3.0]])


def test_normalization():
    run_layer_test(layers.Normalization, {"mean": [1.0, 2.0], "variance": [4.0, 1.0]},
                   input_data=np.array([[3.0, 3.0]], "float32"), expected_output_shape=(1, 2),
                   expected_output=[[1.0, 1.0]])
    run_layer_test(layers.Normalization, {"axis": -1}, input_shape=(2, 3), expected_output_shape=(2, 3),
                   expected_num_non_trainable_weights=3)


def test_gaussian_noise():
    run_layer_test(layers.GaussianNoise, {"stddev": 0.1}, input_shape=(2, 3), expected_output_shape=(2, 3))


def test_activity_regularization():
    run_layer_test(layers.ActivityRegularization, {"l1": 0.1, "l2": 0.2}, input_shape=(2, 3),
                   expected_output_shape=(2, 3), expected_num_losses=1)


# --- what the layers compute ---------------------------------------------------------------------
def test_dense_is_activation_of_affine_map():
    layer = layers.Dense(2, activation="relu")
    x = np.array([[1.0, -2.0, 0.5]], "float32")
    y = layer(x).numpy()
    kernel, bias = layer.get_weights()
    np.testing.assert_allclose(y, np.maximum(x @ kernel + bias, 0), rtol=1e-6)
    assert kernel.shape == (3, 2) and np.all(bias == 0)  # glorot_uniform kernel, zeros bias


def test_dense_rejects_bad_units_and_unknown_arguments():
    with pytest.raises(ValueError, match="expected a positive integer. Received: units=0"):
        layers.Dense(0)
    with pytest.raises(ValueError, match="Unrecognized keyword arguments passed to Dense: {'unit': 3}"):
        layers.Dense(2, unit=3)


def test_incompatible_input_error_names_layer_and_shape():
    layer = layers.Dense(4, name="dense")
    layer(np.zeros((1, 784), "float32"))
    with pytest.raises(ValueError, match=r'Input 0 of layer "dense" is incompatible with the layer: expected axis -1 '
                                         r"of input shape to have value 784, but received input with shape \(32, 10\)"):
        layer(np.zeros((32, 10), "float32"))
    with pytest.raises(ValueError, match=r"expected min_ndim=2, found ndim=1. Full shape received: \(3,\)"):
        layers.Dense(2)(np.zeros(3, "float32"))


def test_autocast_float64_to_float32_and_int_passthrough():
    assert layers.Dense(2)(np.ones((1, 3))).dtype == tf.float32
    assert layers.Identity()(np.ones((1, 3), "int64")).dtype == tf.int64
    assert layers.Dense(2, dtype="float64")(np.ones((1, 3))).dtype == tf.float64


def test_dropout_drops_and_scales_only_in_training():
    layer = layers.Dropout(0.25)
    x = tf.ones([200, 50])
    y = layer(x, training=True).numpy()
    assert set(np.unique(y)) == {0.0, np.float32(1 / 0.75)}
    assert abs((y == 0).mean() - 0.25) < 0.03
    np.testing.assert_array_equal(layer(x).numpy(), x.numpy())
    np.testing.assert_array_equal(layer(x, training=False).numpy(), x.numpy())
    with pytest.raises(ValueError, match="Expected a float value between 0 and 1. Received: rate=1.5"):
        layers.Dropout(1.5)


def test_training_flag_flows_to_inner_layers():
    class Block(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.dropout = layers.Dropout(0.5)

        def call(self, inputs):
            return self.dropout(inputs)  # no `training` passed: it comes from the outer call

    block = Block()
    x = tf.ones([100, 10])
    assert (block(x, training=True).numpy() == 0).any()
    np.testing.assert_array_equal(block(x).numpy(), x.numpy())


def test_flatten_channels_first_and_rank_one():
    x = np.arange(12, dtype="float32").reshape(1, 2, 3, 2)
    first = layers.Flatten(data_format="channels_first")(x).numpy()
    np.testing.assert_array_equal(first, np.transpose(x, (0, 2, 3, 1)).reshape(1, -1))
    assert layers.Flatten()(np.zeros(4, "float32")).shape == (4, 1)


def test_reshape_size_mismatch_names_layer():
    with pytest.raises(ValueError, match="Layer 'bad_reshape' cannot reshape inputs of shape"):
        layers.Reshape((5, 5), name="bad_reshape")(np.zeros((2, 12), "float32"))


def test_permute_and_repeat_vector_values():
    x = np.arange(6, dtype="float32").reshape(1, 2, 3)
    np.testing.assert_array_equal(layers.Permute((2, 1))(x).numpy(), x.transpose(0, 2, 1))
    with pytest.raises(ValueError, match="must be consecutive and start from 1"):
        layers.Permute((0, 1))
    v = np.array([[1.0, 2.0]], "float32")
    np.testing.assert_array_equal(layers.RepeatVector(2)(v).numpy(), [[[1, 2], [1, 2]]])


def test_embedding_lookup_mask_and_initial_weights():
    table = np.arange(12, dtype="float32").reshape(4, 3)
    layer = layers.Embedding(4, 3, mask_zero=True, weights=[table])
    ids = tf.constant([[0, 3, 1]])
    out = layer(ids)
    np.testing.assert_array_equal(out.numpy(), table[[[0, 3, 1]]])
    np.testing.assert_array_equal(out._keras_mask.numpy(), [[False, True, True]])
    assert keras.layers.Embedding(4, 3)(np.array([[1.0, 2.0]])).shape == (1, 2, 3)  # float ids are cast


def test_merge_values_and_errors():
    a, b = tf.constant([[1.0, 4.0]]), tf.constant([[3.0, 2.0]])
    np.testing.assert_array_equal(layers.Multiply()([a, b]).numpy(), [[3.0, 8.0]])
    np.testing.assert_array_equal(layers.minimum([a, b]).numpy(), [[1.0, 2.0]])
    np.testing.assert_array_equal(layers.subtract([a, b]).numpy(), [[-2.0, 2.0]])
    np.testing.assert_array_equal(layers.concatenate([a, b], axis=0).numpy(), [[1, 4], [3, 2]])
    with pytest.raises(ValueError, match="Inputs have incompatible shapes"):
        layers.Add()([tf.ones([2, 3]), tf.ones([2, 4])])
    with pytest.raises(ValueError, match="should be called on exactly 2 input"):
        layers.Subtract()([a, a, a])
    with pytest.raises(ValueError, match="should be called on a list of inputs"):
        layers.Add()(a)
    with pytest.raises(ValueError, match="matching shapes except for the concatenation axis"):
        layers.Concatenate()([tf.ones([2, 3]), tf.ones([3, 3])])


def test_dot_matches_numpy():
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((2, 4)).astype("float32"), rng.standard_normal((2, 4)).astype("float32")
    np.testing.assert_allclose(layers.Dot(axes=1)([x, y]).numpy(), (x * y).sum(1, keepdims=True), rtol=1e-5)
    u, v = rng.standard_normal((2, 3, 5)).astype("float32"), rng.standard_normal((2, 4, 3)).astype("float32")
    np.testing.assert_allclose(layers.dot([u, v], axes=(1, 2)).numpy(), np.einsum("bij,bki->bjk", u, v), rtol=1e-5)
    cos = layers.Dot(axes=1, normalize=True)([x, x]).numpy()
    np.testing.assert_allclose(cos, np.ones((2, 1)), rtol=1e-5)


def test_normalization_adapt_matches_numpy_for_arrays_and_batches():
    data = np.random.default_rng(2).normal(3.0, 2.0, size=(100, 3))
    layer = layers.Normalization()
    layer.adapt(data)
    np.testing.assert_allclose(layer.adapt_mean.numpy(), data.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.adapt_variance.numpy(), data.var(0), rtol=1e-5)
    assert int(layer.count.numpy()) == 100
    assert layer.mean.shape == (1, 3) and layer.variance.shape == (1, 3)  # Keras 3's broadcast statistics
    np.testing.assert_allclose(layer.mean.numpy()[0], data.mean(0), rtol=1e-5)
    np.testing.assert_allclose(layer.variance.numpy()[0], data.var(0), rtol=1e-5)
    out = layer(data).numpy()
    np.testing.assert_allclose(out.mean(0), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(0), 1, atol=1e-4)
    batched = layers.Normalization(axis=None)
    batched.adapt([data[:30], data[30:]])
    np.testing.assert_allclose(batched.adapt_mean.numpy(), data.mean(), rtol=1e-5)
    np.testing.assert_allclose(batched.adapt_variance.numpy(), data.var(), rtol=1e-5)
    inverse = layers.Normalization(invert=True)
    inverse.adapt(data)
    np.testing.assert_allclose(inverse(out).numpy(), data, rtol=1e-4)
    with pytest.raises(ValueError, match="both `mean` and `variance` must be set"):
        layers.Normalization(mean=1.0)


def test_gaussian_noise_only_in_training():
    layer = layers.GaussianNoise(0.5, seed=3)
    x = tf.zeros([20000])
    noisy = layer(x, training=True).numpy()
    assert abs(noisy.std() - 0.5) < 0.02 and abs(noisy.mean()) < 0.02
    np.testing.assert_array_equal(layer(x).numpy(), x.numpy())


def test_activity_regularization_loss_value():
    layer = layers.ActivityRegularization(l1=0.1, l2=0.5)
    layer(tf.constant([[1.0, -2.0]]))
    np.testing.assert_allclose(float(layer.losses[0]), 0.1 * 3 + 0.5 * 5, rtol=1e-6)
    layer(tf.constant([[1.0, 0.0]]))  # losses are those of the last call
    assert len(layer.losses) == 1 and np.isclose(float(layer.losses[0]), 0.6)


def test_lambda_with_arguments_and_output_shape():
    layer = layers.Lambda(lambda x, k: x * k, arguments={"k": 3.0}, output_shape=(2,))
    np.testing.assert_array_equal(layer(tf.constant([[1.0, 2.0]])).numpy(), [[3.0, 6.0]])
    assert layer.compute_output_shape((None, 2)) == (None, 2)
    with pytest.raises(ValueError, match="`function` must be callable"):
        layers.Lambda(3)


# --- the base Layer -------------------------------------------------------------------------------
def test_auto_naming_and_clear_session():
    keras.backend.clear_session()
    assert [layers.Dense(1).name for _ in range(3)] == ["dense", "dense_1", "dense_2"]
    assert layers.ActivityRegularization().name == "activity_regularization"
    keras.backend.clear_session()
    assert layers.Dense(1).name == "dense"
    with pytest.raises(ValueError, match="cannot contain character `/`"):
        layers.Dense(1, name="a/b")


def test_weights_paths_trainable_and_freezing():
    layer = layers.Dense(2, name="head")
    layer.build((None, 3))
    assert [w.path for w in layer.weights] == ["head/kernel", "head/bias"]
    assert layer.count_params() == 8
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 2
    layer.trainable = True
    assert len(layer.trainable_weights) == 2


def test_set_weights_checks_count_and_shapes():
    layer = layers.Dense(2, name="d")
    layer.build((None, 3))
    kernel = np.arange(6, dtype="float32").reshape(3, 2)
    layer.set_weights([kernel, np.ones(2)])
    np.testing.assert_array_equal(layer.get_weights()[0], kernel)
    with pytest.raises(ValueError, match="with a weight list of length 1, but the layer was expecting 2 weights"):
        layer.set_weights([kernel])
    with pytest.raises(ValueError, match=r"Layer d weight shape \(3, 2\) is not compatible with provided weight "
                                         r"shape \(2, 3\)"):
        layer.set_weights([kernel.T, np.ones(2)])
    with pytest.raises(ValueError, match="isn't built"):
        layers.Dense(1).count_params()


def test_custom_layer_tracking_losses_and_auto_config():
    class Scaled(keras.layers.Layer):
        def __init__(self, units, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.units, self.factor = units, factor
            self.inner = [layers.Dense(units), {"extra": layers.Dense(units)}]
            self.offset = tf.Variable(1.0)

        def call(self, inputs):
            self.add_loss(tf.reduce_sum(inputs) * 0.0 + 1.5)
            return self.inner[0](inputs) * self.factor + self.inner[1]["extra"](inputs) + self.offset

    layer = Scaled(3, factor=0.5, name="scaled")
    layer(np.ones((2, 4), "float32"))
    assert len(layer.weights) == 5 and len(layer.trainable_weights) == 5
    assert [float(x) for x in layer.losses] == [1.5]
    config = layer.get_config()
    assert config == {"name": "scaled", "trainable": True, "dtype": "float32", "units": 3, "factor": 0.5}
    assert Scaled.from_config(config).factor == 0.5


def test_custom_layer_with_non_plain_arguments_must_implement_get_config():
    class Holder(keras.layers.Layer):
        def __init__(self, array):
            super().__init__()
            self.array = array

    with pytest.raises(NotImplementedError, match="must override `get_config\\(\\)`"):
        Holder(np.ones(2)).get_config()


def test_build_directly_marks_built_and_keeps_weights():
    class Linear(keras.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], 1), initializer="ones")

        def call(self, inputs):
            return tf.matmul(inputs, self.w)

    layer = Linear()
    layer.build((None, 2))
    weight = layer.w
    assert layer.built
    layer(np.ones((1, 2), "float32"))
    assert layer.w is weight and len(layer.weights) == 1


def test_keras_tensor_in_tf_op_explains_itself():
    x = keras.Input(shape=(3,))
    with pytest.raises((TypeError, ValueError), match="KerasTensor"):
        tf.nn.relu(x)
