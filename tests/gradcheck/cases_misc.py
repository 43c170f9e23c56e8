"""Gradient cases for tf.ensure_shape's graph op and tf.reverse_sequence."""
import neuroflow as tf
from .harness import case

_ensure = tf.function(lambda x: tf.ensure_shape(x, [None, 3]) * x,
                      input_signature=[tf.TensorSpec([None, None], tf.float64)])

CASES = [
    case("ensure_shape in a traced function", lambda x: _ensure(x), (2, 3)),
    case("reverse_sequence batch 0", lambda x: tf.reverse_sequence(x, [3, 1], seq_axis=1, batch_axis=0) * x,
         (2, 4), second_order=True),
    case("reverse_sequence batch after seq", lambda x: tf.reverse_sequence(x, [2, 0, 3], seq_axis=0, batch_axis=2),
         (3, 2, 3)),
]

# Fake quantization's gradient is TensorFlow's straight-through estimate, not the derivative of the
# staircase it computes, so finite differences can only confirm it where both are 0: inputs clipped
# outside the range. tests/test_quantization.py checks the in-range and min/max gradients against
# TensorFlow's values.
_OUTSIDE = [[10.0, -10.0, 7.5], [-20.0, 30.0, -6.5]]
CASES += [
    case("fake_quant_with_min_max_args outside the range",
         lambda x: tf.cast(tf.quantization.fake_quant_with_min_max_args(tf.cast(x, tf.float32), -6.0, 6.0),
                           tf.float64), _OUTSIDE),
    case("fake_quant_with_min_max_vars outside the range",
         lambda x: tf.cast(tf.quantization.fake_quant_with_min_max_vars(tf.cast(x, tf.float32), -6.0, 6.0),
                           tf.float64), _OUTSIDE),
]
