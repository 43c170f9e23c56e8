"""What the TensorBoard callback adds to `fit` of the MNIST MLP (784-128-10), in one run.

Run: .venv/bin/python benchmarks/tensorboard_callback.py [--samples N] [--epochs E] [--repeats R]

The same compiled fit (Adam, batch 32, Keras' default) runs without a callback, with
`TensorBoard(update_freq="epoch", histogram_freq=1)` and with `TensorBoard(update_freq="batch")`,
in turn, each round writing to a fresh log folder. Timing does not depend on pixel values,
so the data is random, shaped like MNIST. Targets: epoch logging with histograms adds <= 5%,
batch logging <= 15%. (This file is not named tensorboard.py: that would shadow the package.) The event writer's thread writes the files; `fit` only queues records.
Wall and CPU time (all of the process's threads, the writer's included) are both shown: on a
machine shared with other jobs, CPU time is the steadier measure of what the callback adds.
"""
import argparse
import os
import shutil
import statistics
import tempfile
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import neuroflow as tf  # noqa: E402
from neuroflow import keras  # noqa: E402
from mlp import THREADS, keras_mlp  # noqa: E402 - benchmarks/mlp.py, beside this file


def timed(fn):
    """(wall seconds, CPU seconds of this process: every thread, the event writer's included) of `fn()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=60000)  # MNIST's training set
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    x = rng.random((args.samples, 784), dtype=np.float32)
    y = rng.integers(0, 10, len(x)).astype("int32")
    root = tempfile.mkdtemp(prefix="tb_bench_")
    runs = iter(range(10 ** 6))

    def fit(**callback):
        model = keras_mlp("adam", compiled=True)

        def run():
            callbacks = [keras.callbacks.TensorBoard(os.path.join(root, str(next(runs))), **callback)] \
                if callback else []
            model.fit(x, y, batch_size=32, epochs=args.epochs, verbose=0, callbacks=callbacks)
        return run

    variants = [("no callback", fit(), None),
                ("TensorBoard(update_freq='epoch', histogram_freq=1)", fit(update_freq="epoch", histogram_freq=1), 5),
                ("TensorBoard(update_freq='batch')", fit(update_freq="batch"), 15)]
    print(f"neuroflow {tf.__version__}, NumPy {np.__version__}, {THREADS}")
    print(f"fit, {args.epochs} epochs of {len(x)} samples, Adam, batch 32, compiled; {args.repeats} rounds, "
          "the variants in turn:")
    try:
        for _, run, _ in variants:
            run()  # warm-up: weights, optimizer slots, the trace, the tensorboard import
        rounds = [[timed(run) for _, run, _ in variants] for _ in range(args.repeats)]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for i, (label, _, target) in enumerate(variants):
        wall = min(r[i][0] for r in rounds)
        cpu = min(r[i][1] for r in rounds)
        line = f"  {label:52s} wall {wall:6.2f} s  CPU {cpu:6.2f} s"
        if target is not None:
            added = [statistics.median(r[i][k] / r[0][k] - 1 for r in rounds) * 100 for k in (0, 1)]
            line += (f"  added: wall {(wall / min(r[0][0] for r in rounds) - 1) * 100:+5.1f}% best, "
                     f"{added[0]:+5.1f}% median; CPU {(cpu / min(r[0][1] for r in rounds) - 1) * 100:+5.1f}% best, "
                     f"{added[1]:+5.1f}% median (target <= {target}%)")
        print(line)


if __name__ == "__main__":
    main()
