"""Gradient cases for convolutions, pooling and normalization (tf.nn), in float64.

Sizes are odd and small; the cases cover strides, dilations, SAME/VALID/explicit padding,
NCHW, groups and batch 1. Second-order cases exercise the backprop ops' own gradients;
`_vjp` cases differentiate a gradient w.r.t. the output gradient (MaxPoolGradGrad, AvgPoolGrad).
"""
import numpy as np

import neuroflow as tf
from .harness import case


def _vjp(forward):
    """(x, dy) -> the gradient of `forward` at x, given output gradient dy."""
    def vjp(x, dy):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = forward(x)
        return tape.gradient(y, x, output_gradients=dy)
    return vjp


def _max2d(x):
    return tf.nn.max_pool2d(x, 3, 2, "SAME")


def _max3d(x):
    return tf.nn.max_pool3d(x, 2, [1, 2, 1], "VALID")


def _avg2d(x):
    return tf.nn.avg_pool2d(x, [3, 2], 2, "SAME")


def _avg3d(x):
    return tf.nn.avg_pool3d(x, 2, 1, "SAME")


CASES = [
    case("conv2d SAME stride 2, batch 1", lambda x, w: tf.nn.conv2d(x, w, 2, "SAME"), (1, 5, 7, 2), (3, 3, 2, 3),
         second_order=True),
    case("conv2d VALID dilation 2", lambda x, w: tf.nn.conv2d(x, w, 1, "VALID", dilations=2), (2, 6, 5, 2),
         (2, 2, 2, 2)),
    case("conv2d explicit padding NCHW", lambda x, w: tf.nn.conv2d(
        x, w, [1, 2], [[0, 0], [0, 0], [1, 0], [2, 1]], data_format="NCHW"), (1, 2, 5, 4), (3, 2, 2, 2)),
    case("conv2d grouped", lambda x, w: tf.nn.conv2d(x, w, 1, "SAME"), (1, 3, 4, 4), (2, 2, 2, 4)),
    case("conv2d one channel per group (runs as depthwise)", lambda x, w: tf.nn.conv2d(x, w, 2, "SAME"),
         (1, 4, 5, 3), (2, 2, 1, 6)),
    case("conv1d SAME stride 2", lambda x, w: tf.nn.conv1d(x, w, 2, "SAME"), (2, 7, 2), (3, 2, 3)),
    case("conv3d SAME strides (1, 2, 1)", lambda x, w: tf.nn.conv3d(x, w, [1, 1, 2, 1, 1], "SAME"),
         (1, 3, 5, 3, 2), (2, 3, 2, 2, 2), second_order=True),
    case("conv2d_transpose SAME stride 2", lambda x, w: tf.nn.conv2d_transpose(x, w, [1, 5, 6, 2], 2),
         (1, 3, 3, 3), (3, 3, 2, 3)),
    case("conv1d_transpose VALID", lambda x, w: tf.nn.conv1d_transpose(x, w, [2, 7, 2], 2, "VALID"),
         (2, 3, 3), (3, 2, 3)),
    case("conv3d_transpose SAME", lambda x, w: tf.nn.conv3d_transpose(x, w, [1, 3, 4, 3, 2], [1, 2, 1]),
         (1, 3, 2, 3, 2), (2, 2, 2, 2, 2)),
    case("depthwise_conv2d SAME stride 2", lambda x, w: tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME"),
         (1, 5, 6, 2), (3, 2, 2, 2), second_order=True),
    case("depthwise_conv2d VALID dilated NCHW", lambda x, w: tf.nn.depthwise_conv2d(
        x, w, [1, 1, 1, 1], "VALID", data_format="NCHW", dilations=[2, 1]), (2, 2, 6, 4), (2, 2, 2, 1)),
    case("separable_conv2d", lambda x, a, b: tf.nn.separable_conv2d(x, a, b, [1, 1, 1, 1], "SAME"),
         (1, 4, 3, 2), (2, 2, 2, 2), (1, 1, 4, 3)),
    case("max_pool2d SAME stride 2", _max2d, (2, 5, 7, 2), second_order=True),
    case("max_pool2d gradient w.r.t. its output gradient", _vjp(_max2d), (2, 5, 7, 2), (2, 3, 4, 2),
         second_order=True),
    case("max_pool1d VALID", lambda x: tf.nn.max_pool1d(x, 3, 1, "VALID"), (1, 6, 2)),
    case("max_pool3d VALID", _max3d, (1, 3, 5, 4, 2)),
    case("max_pool3d gradient w.r.t. its output gradient", _vjp(_max3d), (1, 3, 5, 4, 2), (1, 2, 2, 3, 2),
         second_order=True),
    case("avg_pool2d SAME", _avg2d, (1, 5, 5, 2)),
    case("avg_pool2d gradient w.r.t. its output gradient", _vjp(_avg2d), (1, 5, 5, 2), (1, 3, 3, 2),
         second_order=True),
    case("avg_pool1d SAME stride 2", lambda x: tf.nn.avg_pool1d(x, 2, 2, "SAME"), (2, 5, 1)),
    case("avg_pool3d SAME", _avg3d, (1, 3, 2, 3, 1)),
    case("avg_pool3d gradient w.r.t. its output gradient", _vjp(_avg3d), (1, 3, 2, 3, 1), (1, 3, 2, 3, 1)),
    case("pool MAX dilated", lambda x: tf.nn.pool(x, [2, 2], "MAX", dilations=[2, 1]), (1, 5, 4, 2)),
    case("pool AVG NCHW", lambda x: tf.nn.pool(x, [2, 2], "AVG", strides=[2, 2], padding="SAME",
                                               data_format="NCHW"), (1, 2, 5, 3)),
    case("max_pool_with_argmax", lambda x: tf.nn.max_pool_with_argmax(x, 2, 2, "SAME")[0], (2, 5, 3, 2)),
    case("fused_batch_norm training", lambda x, s, o: tf.nn.fused_batch_norm(x, s, o)[0], (3, 2, 2, 2), (2,), (2,)),
    case("fused_batch_norm inference NCHW", lambda x, s, o, m: tf.nn.fused_batch_norm(
        x, s, o, m, np.array([0.5, 2.0]), is_training=False, data_format="NCHW")[0], (2, 2, 3, 1), (2,), (2,), (2,)),
    case("local_response_normalization", lambda x: tf.nn.local_response_normalization(x, 1, 1.0, 0.5, 0.75),
         (1, 2, 2, 4)),
    case("space_to_depth", lambda x: tf.nn.space_to_depth(x, 2), (1, 2, 4, 2)),
    case("depth_to_space NCHW", lambda x: tf.nn.depth_to_space(x, 2, data_format="NCHW"), (1, 8, 1, 2)),
]
