"""Gradient cases for tf.debugging's differentiable op (check_numerics is the identity)."""
import neuroflow as tf
from .harness import case

CASES = [
    case("check_numerics", lambda x: tf.debugging.check_numerics(x * x, "forward"), (2, 3),
         second_order=True),
]
