"""Convolution/pooling/normalization calls whose outputs and gradients are checked against TensorFlow's.

`cases(tf)` builds the same table for real TensorFlow (`make_tf_reference.py` records its
results into `tf_reference.npz`) and for neuroflow (`test_tf_reference.py` compares).
Inputs are float32 where TensorFlow's CPU kernels accept nothing else.
"""
import numpy as np


def cases(tf):
    """{name: (function of tensors, input arrays)}; the same seed gives the same inputs."""
    rng = np.random.default_rng(0)

    def r(*shape, dtype=np.float64):
        return rng.standard_normal(shape).astype(dtype)

    table = {}
    for padding in ("SAME", "VALID"):
        for s in (1, 2, 3):
            table[f"conv2d {padding} stride {s}"] = (
                lambda x, w, s=s, p=padding: tf.nn.conv2d(x, w, s, p), [r(2, 7, 6, 3), r(3, 2, 3, 4)])
            table[f"conv1d {padding} stride {s}"] = (
                lambda x, w, s=s, p=padding: tf.nn.conv1d(x, w, s, p), [r(2, 9, 3), r(4, 3, 2)])
            table[f"conv3d {padding} stride {s}"] = (
                lambda x, w, s=s, p=padding: tf.nn.conv3d(x, w, [1, s, s, s, 1], p), [r(1, 5, 6, 4, 2), r(2, 3, 2, 2, 3)])
            table[f"depthwise {padding} stride {s}"] = (
                lambda x, w, s=s, p=padding: tf.nn.depthwise_conv2d(x, w, [1, s, s, 1], p), [r(2, 7, 6, 3), r(3, 2, 3, 2)])
            table[f"max_pool2d {padding} stride {s}"] = (
                lambda x, s=s, p=padding: tf.nn.max_pool2d(x, 3, s, p), [r(2, 7, 6, 3, dtype=np.float32)])
            table[f"avg_pool2d {padding} stride {s}"] = (
                lambda x, s=s, p=padding: tf.nn.avg_pool2d(x, [3, 2], s, p), [r(2, 7, 6, 3, dtype=np.float32)])
            table[f"max_pool3d {padding} stride {s}"] = (
                lambda x, s=s, p=padding: tf.nn.max_pool3d(x, 2, s, p), [r(1, 5, 6, 4, 2, dtype=np.float32)])
            table[f"avg_pool3d {padding} stride {s}"] = (
                lambda x, s=s, p=padding: tf.nn.avg_pool3d(x, 2, s, p), [r(1, 5, 6, 4, 2, dtype=np.float32)])
    table.update({
        "conv2d explicit padding": (lambda x, w: tf.nn.conv2d(x, w, 2, [[0, 0], [1, 2], [0, 3], [0, 0]]),
                                    [r(1, 7, 8, 2), r(3, 3, 2, 3)]),
        "conv2d_transpose SAME": (lambda x, w: tf.nn.conv2d_transpose(x, w, [2, 7, 8, 3], 2, "SAME"),
                                  [r(2, 4, 4, 5), r(3, 3, 3, 5)]),
        "conv2d_transpose VALID": (lambda x, w: tf.nn.conv2d_transpose(x, w, [2, 9, 10, 3], 2, "VALID"),
                                   [r(2, 4, 4, 5), r(3, 3, 3, 5)]),
        "conv1d_transpose": (lambda x, w: tf.nn.conv1d_transpose(x, w, [2, 9, 3], 2, "SAME"), [r(2, 5, 4), r(3, 3, 4)]),
        "conv3d_transpose": (lambda x, w: tf.nn.conv3d_transpose(x, w, [1, 5, 6, 4, 2], 2, "SAME"),
                             [r(1, 3, 3, 2, 3), r(2, 3, 2, 2, 3)]),
        "separable_conv2d": (lambda x, a, b: tf.nn.separable_conv2d(x, a, b, [1, 2, 2, 1], "SAME"),
                             [r(2, 7, 6, 3), r(3, 3, 3, 2), r(1, 1, 6, 4)]),
        "depthwise dilated": (lambda x, w: tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME", dilations=[2, 2]),
                              [r(1, 7, 6, 3), r(3, 2, 3, 2)]),
        "max_pool_with_argmax": (lambda x: tf.nn.max_pool_with_argmax(x, 3, 2, "SAME"),
                                 [r(2, 7, 6, 3, dtype=np.float32)]),
        "max_pool_with_argmax batch index": (
            lambda x: tf.nn.max_pool_with_argmax(x, 2, 2, "VALID", include_batch_in_index=True),
            [r(2, 7, 6, 3, dtype=np.float32)]),
        "pool MAX dilated": (lambda x: tf.nn.pool(x, [2, 2], "MAX", padding="VALID", dilations=[2, 2]),
                             [r(1, 7, 6, 3, dtype=np.float32)]),
        "pool AVG dilated": (lambda x: tf.nn.pool(x, [2, 2], "AVG", padding="VALID", dilations=[2, 1]),
                             [r(1, 7, 6, 3, dtype=np.float32)]),
        "max_pool2d ties": (lambda x: tf.nn.max_pool2d(x, 2, 1, "VALID"),
                            [np.round(r(1, 5, 5, 2)).astype(np.float32)]),
        "fused_batch_norm": (lambda x, s, o: tf.compat.v1.nn.fused_batch_norm(x, s, o, epsilon=0.01),
                             [r(3, 4, 5, 2, dtype=np.float32), r(2, dtype=np.float32), r(2, dtype=np.float32)]),
        "local_response_normalization": (lambda x: tf.nn.local_response_normalization(x, 2, 1.5, 0.3, 0.7),
                                         [r(2, 3, 3, 7, dtype=np.float32)]),
        "space_to_depth": (lambda x: tf.nn.space_to_depth(x, 2), [r(2, 4, 6, 3)]),
        "depth_to_space": (lambda x: tf.nn.depth_to_space(x, 2), [r(2, 2, 3, 12)]),
    })
    return table


def run(tf, fn, arrays):
    """(outputs, gradients of sum(cos-weighted floating outputs) w.r.t. each input) as NumPy arrays."""
    tensors = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        out = fn(*tensors)
        outs = list(out) if isinstance(out, (list, tuple)) else [out]
        loss = tf.add_n([tf.reduce_sum(tf.cast(o, tf.float64) * np.cos(np.arange(np.prod(o.shape))).reshape(o.shape))
                         for o in outs if o.dtype.is_floating])
    grads = tape.gradient(loss, tensors)
    return [o.numpy() for o in outs], [g.numpy() for g in grads]
