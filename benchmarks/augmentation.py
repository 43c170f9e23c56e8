"""Image resizing and Keras augmentation layers: neuroflow against TensorFlow, alternated in one run.

Run: .venv/bin/python benchmarks/augmentation.py [--tf-python /work/tfvenv/bin/python] [--rounds 5]

Workloads (images/s, one thread on both sides):
- augment: `RandomFlip -> RandomRotation(0.1) -> RandomZoom(0.1)` called with `training=True`
  on a batch of 128 MNIST-sized images (28x28x1): what `fit` does to each batch.
- resize_up: `tf.image.resize` bilinear, 128 images 28x28x1 -> 56x56.
- resize_down: bilinear, 8 images 224x224x3 -> 160x160.
- resize_lanczos: lanczos3 with antialias, 8 images 224x224x3 -> 160x160.

TensorFlow is not a dependency: with `--tf-python` (an interpreter that has `tensorflow`), the
same script runs there as `--library tensorflow` between neuroflow's rounds, and the ratio of
the medians is printed. No target is set for these; they show where the time goes.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

WORKLOADS = ("augment", "resize_up", "resize_down", "resize_lanczos")


def _library(name):
    if name == "tensorflow":
        import tensorflow as tf
        tf.config.threading.set_intra_op_parallelism_threads(1)
        tf.config.threading.set_inter_op_parallelism_threads(1)
        return tf, tf.keras
    import neuroflow as tf
    from neuroflow import keras
    return tf, keras


def _cases(tf, keras):
    rng = np.random.default_rng(0)
    digits = rng.uniform(size=(128, 28, 28, 1)).astype("float32")
    photos = rng.uniform(size=(8, 224, 224, 3)).astype("float32")
    layers = keras.layers
    augment = keras.Sequential([keras.Input((28, 28, 1)), layers.RandomFlip(seed=1), layers.RandomRotation(0.1, seed=1),
                                layers.RandomZoom(0.1, seed=1)])
    return {
        "augment": (lambda: augment(digits, training=True), len(digits)),
        "resize_up": (lambda: tf.image.resize(digits, [56, 56]), len(digits)),
        "resize_down": (lambda: tf.image.resize(photos, [160, 160]), len(photos)),
        "resize_lanczos": (lambda: tf.image.resize(photos, [160, 160], method="lanczos3", antialias=True),
                           len(photos)),
    }


def measure(library, repeats=15):
    """{workload: images per second (median of `repeats` timed calls after a warm-up)}."""
    tf, keras = _library(library)
    rates = {}
    for name, (run, images) in _cases(tf, keras).items():
        run()
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
        rates[name] = images / statistics.median(times)
    return rates


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", choices=("neuroflow", "tensorflow"), default="neuroflow")
    parser.add_argument("--tf-python", help="a Python interpreter with tensorflow installed, to compare against")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON line (used for the TensorFlow side)")
    args = parser.parse_args()
    if args.json:
        print(json.dumps(measure(args.library)))
        return
    runs = {"neuroflow": [], "tensorflow": []}
    for _ in range(args.rounds):
        runs["neuroflow"].append(measure("neuroflow"))
        if args.tf_python:
            out = subprocess.run([args.tf_python, __file__, "--library", "tensorflow", "--json"], check=True,
                                 capture_output=True, text=True).stdout
            runs["tensorflow"].append(json.loads(out.strip().splitlines()[-1]))
    print(f"BLAS threads: {os.environ['OPENBLAS_NUM_THREADS']}; medians of {args.rounds} alternated rounds "
          "(images/s)")
    print(f"{'workload':16s} {'neuroflow':>12s} {'tensorflow':>12s} {'ratio':>7s}")
    for name in WORKLOADS:
        ours = statistics.median(r[name] for r in runs["neuroflow"])
        if runs["tensorflow"]:
            theirs = statistics.median(r[name] for r in runs["tensorflow"])
            print(f"{name:16s} {ours:12,.0f} {theirs:12,.0f} {ours / theirs:6.2f}x")
        else:
            print(f"{name:16s} {ours:12,.0f} {'-':>12s}")


if __name__ == "__main__":
    sys.exit(main())
