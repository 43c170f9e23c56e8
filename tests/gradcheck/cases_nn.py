"""Gradient cases for tf.nn: activations, softmax, cross-entropies, normalization."""
import numpy as np

import neuroflow as tf
from .harness import case

# Away from the kinks (0, and 6 for relu6), where finite differences straddle two slopes.
KINKED = np.array([[-1.5, -0.3, 0.4], [2.0, 5.5, 7.0]])
PROBS = np.array([[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]])   # rows are distributions, as TF requires
LABELS = np.array([2, 0])


def _normalize(x, mean, variance, offset, scale):
    return tf.nn.batch_normalization(x, mean, variance, offset, scale, 1e-3)


CASES = [
    case("relu6", lambda x: tf.nn.relu6(x) * x, KINKED, second_order=True),
    case("leaky_relu", lambda x: tf.nn.leaky_relu(x, alpha=0.1) * x, KINKED, second_order=True),
    case("elu", lambda x: tf.nn.elu(x), KINKED, second_order=True),
    case("selu", lambda x: tf.nn.selu(x), KINKED, second_order=True),
    case("gelu exact", lambda x: tf.nn.gelu(x), (2, 3)),
    case("gelu tanh approximation", lambda x: tf.nn.gelu(x, approximate=True), (2, 3)),
    case("silu", lambda x: tf.nn.silu(x), (2, 3)),
    case("softmax", lambda x: tf.nn.softmax(x), (2, 4), second_order=True),
    case("softmax axis 0", lambda x: tf.nn.softmax(x, axis=0), (3, 2)),
    case("log_softmax", lambda x: tf.nn.log_softmax(x), (2, 4), second_order=True),
    case("softmax cross-entropy", lambda labels, logits: tf.nn.softmax_cross_entropy_with_logits(
        labels, logits), PROBS, (2, 3), second_order=True),
    case("softmax cross-entropy axis 0, broadcast labels",
         lambda labels, logits: tf.nn.softmax_cross_entropy_with_logits(labels, logits, axis=0),
         np.array([[0.3], [0.7]]), (2, 3)),
    case("sparse softmax cross-entropy", lambda logits: tf.nn.sparse_softmax_cross_entropy_with_logits(
        LABELS, logits), (2, 3), second_order=True),
    case("sigmoid cross-entropy", lambda labels, logits: tf.nn.sigmoid_cross_entropy_with_logits(
        labels, logits), PROBS, KINKED),
    case("log_poisson_loss full", lambda targets, log_input: tf.nn.log_poisson_loss(
        targets, log_input, compute_full_loss=True), np.array([0.5, 2.0, 4.0]), (3,)),
    case("bias_add NHWC", lambda x, b: tf.nn.bias_add(x, b), (2, 2, 3), (3,), second_order=True),
    case("bias_add NCHW", lambda x, b: tf.nn.bias_add(x, b, data_format="NCHW"), (2, 3, 2, 2), (3,)),
    case("moments", lambda x: tf.nn.moments(x, axes=[0]), (4, 3), second_order=True),
    case("batch_normalization", _normalize, (4, 3), (3,), np.array([0.5, 1.0, 2.0]), (3,), (3,)),
    case("l2_loss", lambda x: tf.nn.l2_loss(x), (2, 3)),
    case("l2_normalize", lambda x: tf.nn.l2_normalize(x, axis=1), (2, 3)),
    case("embedding_lookup", lambda params: tf.nn.embedding_lookup(params, [[2, 0], [2, 2]]), (3, 2)),
    case("embedding_lookup max_norm", lambda params: tf.nn.embedding_lookup(
        params, [1, 0], max_norm=1.0), np.array([[0.3, 0.4], [3.0, 4.0]])),
]

CASES += [
    case("ctc_loss", lambda logits: tf.nn.ctc_loss(tf.constant([[1, 2], [2, 0]]), logits, tf.constant([2, 1]),
                                                   tf.constant([4, 3]), logits_time_major=False, blank_index=0),
         (2, 4, 3)),
]

CASES += [
    case("isotonic_regression (blocks average their gradient)", lambda x: tf.nn.isotonic_regression(x, axis=0)[0],
         np.array([[3.0, 0.1], [1.0, 0.9], [2.2, 2.5], [0.4, 2.0]])),
]
