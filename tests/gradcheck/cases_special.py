"""Gradient cases for segment reductions, special functions and the added tf.linalg ops."""
import numpy as np

import neuroflow as tf
from .harness import case

POINTS = np.array([[0.3, 1.7, 6.0], [13.0, 0.9, 25.0]])       # positive, across switch-over points
SIGNED = np.array([[-2.5, -0.4, 0.7], [3.9, 11.0, -16.0]])
UNIT = np.array([-0.7, -0.2, 0.1, 0.55, 0.95])
DISTINCT = np.array([[0.3, -1.2], [1.7, 0.4], [-0.6, 2.2], [0.9, -0.1], [1.1, 0.8]])  # no ties
IDS = tf.constant([0, 0, 2, -1, 2])

def special(name):
    return lambda x: getattr(tf.math.special, name)(x)


CASES = [
    *[case(name, special(name), SIGNED, second_order=True)
      for name in ("bessel_i0e", "bessel_i1e", "bessel_j0", "bessel_j1", "dawsn", "fresnel_cos", "fresnel_sin")],
    *[case(name, special(name), SIGNED / 4, second_order=True) for name in ("bessel_i0", "bessel_i1")],
    *[case(name, special(name), POINTS, second_order=True)
      for name in ("bessel_k0", "bessel_k0e", "bessel_k1", "bessel_k1e", "bessel_y0", "bessel_y1", "spence")],
    case("expint", special("expint"), POINTS / 4, second_order=True),
    case("lgamma", tf.math.lgamma, SIGNED + 0.05, second_order=True),
    case("digamma", tf.math.digamma, POINTS, second_order=True),
    case("polygamma", lambda x: tf.math.polygamma(tf.constant(2.0, tf.float64), x), POINTS),
    case("zeta", lambda q: tf.math.zeta(tf.constant(3.0, tf.float64), q), POINTS),
    case("igamma", lambda x: tf.math.igamma(tf.constant([1.5, 4.0, 20.0], tf.float64), x), POINTS),
    case("igammac", lambda x: tf.math.igammac(tf.constant([1.5, 4.0, 20.0], tf.float64), x), POINTS),
    case("betainc", lambda x: tf.math.betainc(tf.constant(2.0, tf.float64), tf.constant(3.5, tf.float64), x),
         np.array([0.05, 0.4, 0.93])),
    case("erfinv", tf.math.erfinv, UNIT, second_order=True),
    case("erfcinv", tf.math.erfcinv, UNIT + 1.0, second_order=True),
    case("ndtri", tf.math.ndtri, (UNIT + 1.0) / 2, second_order=True),
    # --- py_function: its gradient re-runs the Python function under a tape
    case("py_function", lambda x, y: tf.py_function(lambda a, b: tf.sin(a) * b, [x, y], tf.float64),
         (2, 3), (2, 3)),
    # --- scatters
    case("tensor_scatter_nd_sub", lambda t, u: tf.tensor_scatter_nd_sub(t, [[1], [3], [1]], u), (4, 2), (3, 2)),
    case("tensor_scatter_nd_max", lambda t, u: tf.tensor_scatter_nd_max(t, [[1], [3], [0]], u),
         DISTINCT[:4], DISTINCT[1:4] * 0.9 + 0.05),
    case("tensor_scatter_nd_min", lambda t, u: tf.tensor_scatter_nd_min(t, [[1], [3], [0]], u),
         DISTINCT[:4], DISTINCT[1:4] * 0.9 + 0.05),
    # --- tf.linalg additions
    case("triangular_solve lower", lambda a, b: tf.linalg.triangular_solve(a, b),
         np.tril(np.full((3, 3), 0.3)) + 2 * np.eye(3), (3, 2), second_order=True),
    case("triangular_solve upper adjoint, batch broadcast",
         lambda a, b: tf.linalg.triangular_solve(a, b, lower=False, adjoint=True),
         np.triu(np.full((3, 3), -0.4)) + 2 * np.eye(3), (2, 3, 2)),
    case("expm", tf.linalg.expm, np.array([[0.1, 0.7, -0.3], [0.2, -0.5, 0.4], [0.9, 0.1, 0.3]]),
         second_order=True),
    case("expm with squarings", tf.linalg.expm, np.array([[2.1, 3.7], [-4.2, 1.5]])),
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
