"""What the TensorBoard callback adds to `fit` of the MNIST MLP (784-128-10), in one run.

Run: .venv/bin/python benchmarks/tensorboard_callback.py [--samples N] [--epochs E] [--repeats R]

The same compiled fit (Adam, batch 32, Keras' default) runs without a callback, with
`TensorBoard(update_freq="epoch", histogram_freq=1)` and with `TensorBoard(update_freq="batch")`,
in turn, each round writing to a fresh log folder. Timing does not depend on pixel values,
so the data is random, shaped like MNIST. (Not named tensorboard.py: that would shadow the package.) Targets: epoch logging with histograms adds <= 5%,
batch logging <= 15%. The event writer's thread writes the files; `fit` only queues records.
On a busy machine compare the best times (the runs least disturbed by other load).
"""
import argparse
import os
import shutil
import tempfile

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import neuroflow as tf  # noqa: E402
from neuroflow import keras  # noqa: E402
from mlp import THREADS, compare, keras_mlp  # noqa: E402 - benchmarks/mlp.py, beside this file


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
        callbacks = [keras.callbacks.TensorBoard(os.path.join(root, str(next(runs))), **callback)] if callback else []

        def run():
            model.fit(x, y, batch_size=32, epochs=args.epochs, verbose=0, callbacks=callbacks)
        return run

    print(f"neuroflow {tf.__version__}, NumPy {np.__version__}, {THREADS}")
    print(f"fit, {args.epochs} epochs of {len(x)} samples, Adam, batch 32, compiled; best of {args.repeats}:")
    try:
        best, (epoch_ratio, batch_ratio) = compare(fit(), fit(update_freq="epoch", histogram_freq=1),
                                                   fit(update_freq="batch"), repeats=args.repeats)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(f"  no callback:                                        {best[0]:6.2f} s")
    for label, seconds, ratio, target in (("update_freq='epoch', histogram_freq=1", best[1], epoch_ratio, 5),
                                          ("update_freq='batch'", best[2], batch_ratio, 15)):
        print(f"  TensorBoard({label + '):':40s} {seconds:6.2f} s  +{(seconds / best[0] - 1) * 100:5.1f}% of the "
              f"best times, {(ratio - 1) * 100:+5.1f}% median of rounds (target <= {target}%)")

if __name__ == "__main__":
    main()
