"""Convnet `fit()` and `predict()` throughput: neuroflow against TensorFlow and a NumPy im2col loop, in one run.

Run: .venv/bin/python benchmarks/cnn.py [--tf-python /work/tfvenv/bin/python] [--repeats 5]

Workloads (issue 8), all with one thread on every side, samples/s:
- W3: Conv2D(32, 3, relu) -> MaxPooling2D(2) -> Flatten -> Dense(10, softmax) on 28x28x1,
  SGD(0.01), sparse categorical cross-entropy, batch 128, 10,000 random samples; the NumPy
  floor is a hand-written im2col loop doing the same arithmetic.
- W5: keras.io's "Simple MNIST convnet" (Conv2D 32 -> pool -> Conv2D 64 -> pool -> Flatten ->
  Dropout(0.5) -> Dense(10, softmax)), Adam, categorical cross-entropy, batch 128.
- predict: the W5 model on 10,000 images, batch 1024.
neuroflow runs `fit` compiled (its default). TensorFlow (a separate install, e.g. a venv with
tensorflow-cpu, given by --tf-python) runs in a worker subprocess, and each repeat times
neuroflow, the NumPy loop and TensorFlow in turn, so machine load hits all; ratios are medians
of the per-repeat ratios. Target: neuroflow / TensorFlow >= 1.0 on each.
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

W5_SAMPLES = 2560


def data(workload, samples):
    rng = np.random.default_rng(1)
    x = rng.random((samples, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, samples).astype("int32")
    return x, (np.eye(10, dtype=np.float32)[y] if workload == "W5" else y)


def model(keras, workload):
    """The workload's model and compile arguments, written once for neuroflow's and TensorFlow's Keras."""
    layers = keras.layers
    keras.utils.set_random_seed(0)
    if workload == "W3":
        net = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"),
                                layers.MaxPooling2D(2), layers.Flatten(), layers.Dense(10, activation="softmax")])
        net.compile(optimizer=keras.optimizers.SGD(0.01), loss="sparse_categorical_crossentropy")
    else:
        net = keras.Sequential([keras.Input((28, 28, 1)), layers.Conv2D(32, 3, activation="relu"),
                                layers.MaxPooling2D(2), layers.Conv2D(64, 3, activation="relu"),
                                layers.MaxPooling2D(2), layers.Flatten(), layers.Dropout(0.5),
                                layers.Dense(10, activation="softmax")])
        net.compile(optimizer="adam", loss="categorical_crossentropy")
    return net


def runners(keras, tasks):
    """{task: function timing one run of it} for 'W3', 'W5', 'predict'."""
    out = {}
    for task in tasks:
        workload = "W5" if task == "predict" else task
        x, y = data(workload, 10000 if task != "W5" else W5_SAMPLES)
        net = model(keras, workload)
        if task == "predict":
            net.predict(x[:1024], batch_size=1024, verbose=0)
            out[task] = (lambda net, x: lambda: net.predict(x, batch_size=1024, verbose=0))(net, x)
        else:
            net.fit(x[:512], y[:512], batch_size=128, verbose=0)  # builds, traces, fills caches
            out[task] = (lambda net, x, y: lambda: net.fit(x, y, batch_size=128, verbose=0))(net, x, y)
    return out


def seconds(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# --- the NumPy floor for W3: im2col + GEMM, written by hand -----------------------------------------
class NumpyW3:
    """W3's arithmetic in plain NumPy: the im2col convolution, ReLU, 2x2 max pool, dense softmax, SGD."""

    def __init__(self):
        rng = np.random.default_rng(0)
        limit = np.sqrt(6 / (9 + 288))
        self.w1 = rng.uniform(-limit, limit, (9, 32)).astype(np.float32)
        self.b1 = np.zeros(32, np.float32)
        limit = np.sqrt(6 / (5408 + 10))
        self.w2 = rng.uniform(-limit, limit, (5408, 10)).astype(np.float32)
        self.b2 = np.zeros(10, np.float32)

    def step(self, x, y):
        n = len(x)
        cols = np.empty((n, 26, 26, 9), np.float32)
        for i in range(3):
            for j in range(3):
                cols[..., 3 * i + j] = x[:, i:i + 26, j:j + 26, 0]
        cols = cols.reshape(-1, 9)
        h = np.maximum(cols @ self.w1 + self.b1, 0).reshape(n, 13, 2, 13, 2, 32)
        pooled = h.max(axis=(2, 4))
        flat = pooled.reshape(n, -1)
        logits = flat @ self.w2 + self.b2
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        loss = -np.log(p[np.arange(n), y]).mean()
        p[np.arange(n), y] -= 1
        p /= n
        d_flat = p @ self.w2.T
        d_h = (h == pooled[:, :, None, :, None]) * d_flat.reshape(n, 13, 1, 13, 1, 32)
        d_h = (d_h * (h > 0)).reshape(-1, 32)
        for param, grad in ((self.w2, flat.T @ p), (self.b2, p.sum(0)), (self.w1, cols.T @ d_h),
                            (self.b1, d_h.sum(0))):
            param -= np.float32(0.01) * grad
        return loss

    def epoch(self, x, y):
        order = np.random.permutation(len(x))
        for start in range(0, len(x), 128):
            index = order[start:start + 128]
            self.step(x[index], y[index])


# --- TensorFlow in a worker process ----------------------------------------------------------------
def worker(tasks):
    """Runs in TensorFlow's interpreter: builds the workloads, then times one run per task read from stdin."""
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    run = runners(tf.keras, tasks)
    print(json.dumps({"ready": tf.__version__}), flush=True)
    for line in sys.stdin:
        print(json.dumps({"seconds": seconds(run[line.strip()])}), flush=True)


class TensorFlow:
    """A TensorFlow worker process running `script --worker TASKS` (this file's by default)."""

    def __init__(self, python, tasks, script=__file__):
        self.process = subprocess.Popen([python, script, "--worker", ",".join(tasks)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self.version = json.loads(self.process.stdout.readline())["ready"]

    def time(self, task):
        self.process.stdin.write(task + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())["seconds"]

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-python", default=os.environ.get("NEUROFLOW_TF_PYTHON", "/work/tfvenv/bin/python"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--tasks", default="W3,W5,predict")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker.split(","))
    tasks = args.tasks.split(",")
    import neuroflow
    from neuroflow import keras
    ours = runners(keras, tasks)
    tensorflow = TensorFlow(args.tf_python, tasks) if os.path.exists(args.tf_python) else None
    print(f"neuroflow {neuroflow.__version__}, NumPy {np.__version__}, BLAS threads: "
          f"{os.environ['OPENBLAS_NUM_THREADS']}, TensorFlow: "
          f"{tensorflow.version + ' (' + args.tf_python + ')' if tensorflow else 'not found'}")
    floor = NumpyW3()
    x3, y3 = data("W3", 10000)
    for task in tasks:
        samples = W5_SAMPLES if task == "W5" else 10000
        rounds = []
        for _ in range(args.repeats):
            row = {"neuroflow": seconds(ours[task])}
            if task == "W3":
                row["numpy"] = seconds(lambda: floor.epoch(x3, y3))
            if tensorflow:
                row["tensorflow"] = tensorflow.time(task)
            rounds.append(row)
        line = f"{task:8s} neuroflow {samples / statistics.median(r['neuroflow'] for r in rounds):8.0f}/s"
        for other in ("numpy", "tensorflow"):
            if other in rounds[0]:
                ratio = statistics.median(r[other] / r["neuroflow"] for r in rounds)
                line += (f"  {other} {samples / statistics.median(r[other] for r in rounds):8.0f}/s"
                         f"  neuroflow/{other} {ratio:4.2f}x")
        print(line + ("  (target >= 1.0x TensorFlow)" if tensorflow else ""), flush=True)
    if tensorflow:
        tensorflow.close()


if __name__ == "__main__":
    main()
