"""Export speed, and ONNX Runtime's inference against neuroflow's own `predict`, in one run.

Run: .venv/bin/python benchmarks/export.py [--repeats N]   (needs `pip install -e ".[onnx,bench]"`)

1. Export of a 10M-parameter MLP (1000-4000-1500-10, 10.0M weights): `model.export(dir, format="tfjs")`
   (40 MB in 10 shards) and `model.export("m.onnx", format="onnx")` (trace, convert, `onnx.checker`,
   atomic write). Target: each ≤ 2 s.
2. Inference of the MNIST MLP (784-128-10, the README demo's) and the MNIST convnet (keras.io's, as in
   benchmarks/cnn.py) at batch 1 and 1024: ONNX Runtime (CPU, one intra-op thread) on the exported file
   against `model.predict(x, batch_size=batch)` and against a direct `model(x)` call. Recorded, no target.
One BLAS thread (threadpoolctl) and one ONNX Runtime thread: the same single core on every side.
"""
import argparse
import os
import statistics
import tempfile
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from neuroflow import keras  # noqa: E402


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def big_mlp():
    return keras.Sequential([keras.Input((1000,)), keras.layers.Dense(4000, activation="relu"),
                             keras.layers.Dense(1500, activation="relu"), keras.layers.Dense(10)])


def mnist_models():
    layers = keras.layers
    keras.utils.set_random_seed(0)
    mlp = keras.Sequential([keras.Input((784,)), layers.Dense(128, activation="relu"),
                            layers.Dense(10, activation="softmax")])
    cnn = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(2),
                            layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(2), layers.Flatten(),
                            layers.Dropout(0.5), layers.Dense(10, activation="softmax")])
    return {"MNIST MLP 784-128-10": (mlp, (784,)), "MNIST convnet (keras.io)": (cnn, (28, 28, 1))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    import onnxruntime as ort
    folder = tempfile.mkdtemp(prefix="neuroflow_export_bench_")

    model = big_mlp()
    print(f"1. Export of a {model.count_params() / 1e6:.1f}M-parameter MLP (best / median of {args.repeats}):")
    for label, fn in (("tfjs", lambda: model.export(os.path.join(folder, "web"), format="tfjs", verbose=False)),
                      ("onnx", lambda: model.export(os.path.join(folder, "m.onnx"), format="onnx", verbose=False))):
        best, median = best_of(fn, args.repeats)
        print(f"   {label}: {best:.2f} s / {median:.2f} s (target <= 2 s)")

    print("\n2. Inference, samples/s (best of repeats), one thread on every side:")
    print("| model | batch | ONNX Runtime | neuroflow predict | neuroflow model(x) | ORT / predict |")
    print("|---|---:|---:|---:|---:|---:|")
    options = ort.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    for name, (net, shape) in mnist_models().items():
        path = os.path.join(folder, "mnist.onnx")
        net.export(path, format="onnx", verbose=False)
        session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
        input_name = session.get_inputs()[0].name
        for batch in (1, 1024):
            x = np.random.default_rng(0).random((batch,) + shape, dtype=np.float32)
            count = 200 if batch == 1 else 2
            runs = {
                "ort": lambda: [session.run(None, {input_name: x}) for _ in range(count)],
                "predict": lambda: [net.predict(x, batch_size=batch, verbose=0) for _ in range(count)],
                "call": lambda: [net(x, training=False) for _ in range(count)],
            }
            rate = {k: batch * count / best_of(fn, args.repeats)[0] for k, fn in runs.items()}
            print(f"| {name} | {batch} | {rate['ort']:,.0f} | {rate['predict']:,.0f} | {rate['call']:,.0f} | "
                  f"{rate['ort'] / rate['predict']:.2f}x |")


if __name__ == "__main__":
    with threadpool_limits(1):
        main()
