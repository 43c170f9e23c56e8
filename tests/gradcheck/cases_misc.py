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
