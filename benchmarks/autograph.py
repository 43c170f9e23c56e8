"""AutoGraph costs: converting a function, tracing a converted step, running converted loops.

Run: .venv/bin/python benchmarks/autograph.py [--rounds N]

Targets (issue 16):
- conversion happens once per function: converting again (cache hit by code object) costs
  microseconds;
- tracing a converted training step costs <= 2x tracing the same step unconverted
  (`tf.function(step, autograph=False)`), conversion cached (as on every retrace);
- converted code runs at the speed of hand-written control flow: a `for i in tf.range(n)` loop
  and a tensor `if` against `tf.while_loop` / `tf.cond` written by hand (ratio ~1.0).

Times are medians over rounds timed in turn (ratios: medians of per-round ratios), in one process,
1 BLAS thread.
"""
import argparse
import os
import statistics
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import neuroflow as tf  # noqa: E402
from neuroflow.autograph import conversion  # noqa: E402

rng = np.random.default_rng(0)
SIZES = [(32, 64), (64, 64), (64, 64), (64, 10)]
WEIGHTS = [(tf.Variable(rng.standard_normal(s).astype("float32") * 0.1), tf.Variable(np.zeros(s[1], "float32")))
           for s in SIZES]
VARIABLES = [v for pair in WEIGHTS for v in pair]
X = tf.constant(rng.standard_normal((128, 32)).astype("float32"))
Y = tf.constant(rng.standard_normal((128, 10)).astype("float32"))


def train_step(x, y, training=True):
    """A training step with the Python control flow real steps have (flags, loops over layers)."""
    with tf.GradientTape() as tape:
        h = x
        for i, (w, b) in enumerate(WEIGHTS):
            h = h @ w + b
            if i < len(WEIGHTS) - 1:
                h = tf.nn.relu(h)
            if training and i == 1:
                h = h * 0.9
        loss = tf.reduce_mean((h - y) ** 2)
    grads = tape.gradient(loss, VARIABLES)
    for v, g in zip(VARIABLES, grads):
        v.assign_sub(0.01 * g)
    return loss


def converted_loop(x, n):
    for i in tf.range(n):
        if tf.reduce_sum(x) > 0:
            x = x * 0.5
        else:
            x = x + 1.0
    return x


def handwritten_loop(x, n):
    def body(i, x):
        return i + 1, tf.cond(tf.reduce_sum(x) > 0, lambda: x * 0.5, lambda: x + 1.0)
    return tf.while_loop(lambda i, x: i < n, body, [tf.constant(0), x])[1]


def timed(fn, repeat):
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def trace_time(autograph):
    return timed(lambda: tf.function(train_step, autograph=autograph).get_concrete_function(X, Y), 5)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    conversion._cache.pop(train_step.__code__, None)
    first = timed(lambda: conversion.convert(train_step), 1)
    cached = timed(lambda: conversion.convert(train_step), 1000)
    print(f"convert train_step: first {first * 1e3:.2f} ms, cached {cached * 1e6:.1f} us "
          f"({first / cached:.0f}x less when cached)")

    trace_time(True), trace_time(False)   # warm up
    converted, plain = [], []
    for _ in range(args.rounds):
        converted.append(trace_time(True))
        plain.append(trace_time(False))
    c, p = statistics.median(converted), statistics.median(plain)
    ratio = statistics.median(a / b for a, b in zip(converted, plain))
    print(f"trace train_step: converted {c * 1e3:.2f} ms, unconverted {p * 1e3:.2f} ms, "
          f"ratio {ratio:.2f}x (median of per-round ratios; target <= 2x)")

    x, n = tf.constant(rng.standard_normal(256).astype("float32")), tf.constant(200)
    auto, hand = tf.function(converted_loop), tf.function(handwritten_loop, autograph=False)
    assert np.allclose(auto(x, n).numpy(), hand(x, n).numpy())
    runs_auto, runs_hand = [], []
    for _ in range(args.rounds):
        runs_auto.append(timed(lambda: auto(x, n), 5))
        runs_hand.append(timed(lambda: hand(x, n), 5))
    a, h = statistics.median(runs_auto), statistics.median(runs_hand)
    ratio = statistics.median(x / y for x, y in zip(runs_auto, runs_hand))
    print(f"run 200-step loop with a tensor if: converted {a * 1e3:.2f} ms, hand-written while_loop/cond "
          f"{h * 1e3:.2f} ms, ratio {ratio:.2f}x (median of per-round ratios)")


if __name__ == "__main__":
    main()
