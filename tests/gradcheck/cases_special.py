"""Gradient cases for segment reductions, special functions and the added tf.linalg ops."""
import numpy as np

import neuroflow as tf
from .harness import case

DISTINCT = np.array([[0.3, -1.2], [1.7, 0.4], [-0.6, 2.2], [0.9, -0.1], [1.1, 0.8]])  # no ties
IDS = tf.constant([0, 0, 2, -1, 2])

CASES = [
    case("unsorted_segment_max", lambda x: tf.math.unsorted_segment_max(x, IDS, 3)[:1], DISTINCT),
    case("unsorted_segment_min", lambda x: tf.math.unsorted_segment_min(x, IDS, 3)[::2], DISTINCT),
    case("unsorted_segment_prod", lambda x: tf.math.unsorted_segment_prod(x, IDS, 3), DISTINCT,
         second_order=True),
    case("unsorted_segment_prod with a zero",
         lambda x: tf.math.unsorted_segment_prod(x * tf.constant([[0.0, 1.0]] + [[1.0, 1.0]] * 4, tf.float64),
                                                 IDS, 3), DISTINCT),
    case("segment_max (sorted, empty segment)",
         lambda x: tf.math.segment_max(x, tf.constant([0, 0, 2, 2, 3])), DISTINCT),
    case("segment_mean", lambda x: tf.math.segment_mean(x, tf.constant([0, 0, 1, 1, 1])), DISTINCT),
    case("unsorted_segment_sqrt_n", lambda x: tf.math.unsorted_segment_sqrt_n(x, IDS, 4), DISTINCT),
]
