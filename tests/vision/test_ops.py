"""Convolution and pooling ops: hand-computed cases, TensorFlow's output-size formulas, bad input."""
import math
import re

import numpy as np
import pytest

import neuroflow as tf


def test_conv2d_hand_computed():
    x = np.arange(9.0, dtype=np.float32).reshape(1, 3, 3, 1)
    w = np.array([[1.0, 0.0], [0.0, -1.0]], np.float32).reshape(2, 2, 1, 1)   # x[i, j] - x[i+1, j+1]
    np.testing.assert_array_equal(tf.nn.conv2d(x, w, 1, "VALID").numpy().ravel(), [-4, -4, -4, -4])
    # SAME pads the 1 missing row/column after (bottom/right): the last row/column sees zeros there
    np.testing.assert_array_equal(tf.nn.conv2d(x, w, 1, "SAME").numpy()[0, :, :, 0],
                                  [[-4, -4, 2], [-4, -4, 5], [6, 7, 8]])


def test_pooling_hand_computed():
    x = np.array([1, 5, 2, 4, 3], np.float32).reshape(1, 5, 1)
    np.testing.assert_array_equal(tf.nn.max_pool1d(x, 2, 2, "VALID").numpy().ravel(), [5, 4])
    np.testing.assert_array_equal(tf.nn.max_pool1d(x, 2, 2, "SAME").numpy().ravel(), [5, 4, 3])
    np.testing.assert_array_equal(tf.nn.avg_pool1d(x, 2, 2, "SAME").numpy().ravel(), [3, 3, 3])  # last: 3/1


@pytest.mark.parametrize("size,kernel,stride,dilation", [(7, 3, 2, 1), (8, 3, 3, 1), (5, 5, 1, 1), (9, 2, 1, 3),
                                                         (1, 1, 1, 1), (6, 4, 4, 1)])
def test_output_sizes_follow_tensorflow_formulas(size, kernel, stride, dilation):
    x = tf.zeros([1, size, size + 1, 1])
    w = tf.zeros([kernel, kernel, 1, 2])
    effective = (kernel - 1) * dilation + 1
    same = tf.nn.conv2d(x, w, stride, "SAME", dilations=dilation if stride == 1 else None)
    assert same.shape[1:3] == [math.ceil(size / stride), math.ceil((size + 1) / stride)]
    if effective <= size:
        valid = tf.nn.conv2d(x, w, stride, "VALID", dilations=dilation if stride == 1 else None)
        assert valid.shape[1:3] == [math.ceil((size - effective + 1) / stride),
                                    math.ceil((size + 1 - effective + 1) / stride)]
        assert tf.nn.max_pool2d(x, kernel, stride, "VALID").shape[1] == (size - kernel) // stride + 1


def test_conv2d_transpose_inverts_conv2d_shape():
    y = tf.nn.conv2d_transpose(tf.ones([2, 4, 4, 3]), tf.ones([3, 3, 5, 3]), [2, 7, 8, 5], strides=2)
    assert y.shape == [2, 7, 8, 5]
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not match"):
        tf.nn.conv2d_transpose(tf.ones([2, 4, 4, 3]), tf.ones([3, 3, 5, 3]), [2, 9, 9, 5], strides=2)


def test_max_pool_with_argmax_indices():
    x = np.zeros((2, 2, 2, 1), np.float32)
    x[0, 1, 0, 0] = 1.0
    x[1, 0, 1, 0] = 1.0
    _, argmax = tf.nn.max_pool_with_argmax(x, 2, 2, "VALID")
    np.testing.assert_array_equal(argmax.numpy().ravel(), [2, 1])
    _, argmax = tf.nn.max_pool_with_argmax(x, 2, 2, "VALID", include_batch_in_index=True)
    np.testing.assert_array_equal(argmax.numpy().ravel(), [2, 5])


def test_max_pool_gradient_goes_to_the_first_maximum():
    x = tf.zeros([1, 2, 2, 1])
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = tf.nn.max_pool2d(x, 2, 2, "VALID")
    np.testing.assert_array_equal(tape.gradient(y, x).numpy().ravel(), [1, 0, 0, 0])


def test_bad_input_errors_name_the_op_and_shapes():
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Conv2D: .*does not fit.*size 3"):
        tf.nn.conv2d(tf.ones([1, 3, 3, 1]), tf.ones([5, 5, 1, 1]), 1, "VALID")
    with pytest.raises(tf.errors.InvalidArgumentError, match="evenly divisible by filter depth: 3 vs 2"):
        tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 2, 1]), 1, "VALID")
    with pytest.raises(ValueError, match="must be 4-D"):
        tf.nn.conv2d(tf.ones([4, 4, 3]), tf.ones([2, 2, 3, 1]), 1, "VALID")
    with pytest.raises(ValueError, match="data_format"):
        tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 3, 1]), 1, "VALID", data_format="NHCW")
    with pytest.raises(tf.errors.InvalidArgumentError, match="strides must be positive"):
        tf.nn.max_pool2d(tf.ones([1, 4, 4, 1]), 2, 0, "VALID")
    with pytest.raises(tf.errors.InvalidArgumentError, match="ksize must be positive"):
        tf.nn.avg_pool2d(tf.ones([1, 4, 4, 1]), -1, 1, "VALID")
    with pytest.raises(ValueError, match="padding must be"):
        tf.nn.conv2d(tf.ones([1, 4, 4, 3]), tf.ones([2, 2, 3, 1]), 1, "FULL")


def test_conv_in_a_compiled_function_matches_eager():
    x = tf.constant(np.random.default_rng(0).standard_normal((2, 6, 6, 3)).astype(np.float32))
    w = tf.Variable(np.random.default_rng(1).standard_normal((3, 3, 3, 4)).astype(np.float32))

    def step(x):
        with tf.GradientTape() as tape:
            y = tf.nn.max_pool2d(tf.nn.relu(tf.nn.conv2d(x, w, 1, "SAME")), 2, 2, "VALID")
            loss = tf.reduce_sum(y * y)
        return loss, tape.gradient(loss, w)
    eager, compiled = step(x), tf.function(step)(x)
    np.testing.assert_allclose(compiled[0].numpy(), eager[0].numpy(), rtol=1e-5)
    np.testing.assert_allclose(compiled[1].numpy(), eager[1].numpy(), rtol=1e-4, atol=1e-4)


def test_chunked_im2col_gives_the_same_results(monkeypatch):
    from neuroflow.ops import conv_ops
    rng = np.random.default_rng(0)
    x = tf.constant(rng.standard_normal((5, 6, 7, 3)))
    w = tf.constant(rng.standard_normal((3, 2, 3, 4)))

    def run():
        with tf.GradientTape() as tape:
            tape.watch([x, w])
            y = tf.nn.conv2d(x, w, [1, 2], "SAME")
            loss = tf.reduce_sum(y * y)
        return [y.numpy()] + [g.numpy() for g in tape.gradient(loss, [x, w])]
    whole = run()
    monkeypatch.setattr(conv_ops, "_CHUNK_VALUES", 100)   # one or two examples per chunk
    for a, b in zip(run(), whole):
        np.testing.assert_allclose(a, b, rtol=1e-10)


def test_compiled_conv_bias_relu_is_fused_and_matches_unfused():
    from neuroflow.graph import compiler
    rng = np.random.default_rng(0)
    x = tf.constant(rng.standard_normal((3, 6, 5, 2)).astype(np.float32))
    w = tf.Variable(rng.standard_normal((3, 3, 2, 4)).astype(np.float32))
    b = tf.Variable(rng.standard_normal(4).astype(np.float32))

    def layer(x):
        return tf.nn.relu(tf.nn.conv2d(x, w, 1, "SAME") + b), tf.nn.conv2d(x, w, 2, "VALID") + b
    fused = tf.function(layer)
    outputs = fused(x)
    assert len(re.findall(r"= _FusedConv2D\w*\(", fused.get_concrete_function(x).source)) == 2
    with compiler.options(conv_fusion=False):
        plain = tf.function(layer)
        assert "_FusedConv2D" not in plain.get_concrete_function(x).source
        for a, b_ in zip(outputs, plain(x)):
            np.testing.assert_allclose(a.numpy(), b_.numpy(), rtol=1e-6)
    for a, b_ in zip(outputs, layer(x)):
        np.testing.assert_allclose(a.numpy(), b_.numpy(), rtol=1e-5, atol=1e-6)


def test_conv2d_with_one_channel_per_group_equals_the_groups_one_by_one():
    """Groups of one input channel run as a depthwise convolution: same values, same channel order."""
    rng = np.random.default_rng(5)
    x = tf.constant(rng.normal(size=(2, 9, 8, 4)).astype("float32"))
    for multiplier in (1, 3):
        w = tf.constant(rng.normal(size=(3, 3, 1, 4 * multiplier)).astype("float32"))
        got = tf.nn.conv2d(x, w, [1, 2, 2, 1], "SAME", dilations=1).numpy()
        expected = np.concatenate([tf.nn.conv2d(x[..., g:g + 1], w[..., g * multiplier:(g + 1) * multiplier],
                                                [1, 2, 2, 1], "SAME").numpy() for g in range(4)], axis=-1)
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)
