"""tf.data speed: pipeline overhead against what `fit` consumes, overlap, parallel map, and TensorFlow.

Run: .venv/bin/python benchmarks/data.py [--epochs N] [--no-tensorflow]

Data: MNIST from ../shared/data/mnist.npz when present (else random data of MNIST's shape),
flattened to float32 in [0, 1]; the model is the 784-128-10 MLP of benchmarks/mlp.py,
compiled (fit's default), batch 128, SGD. Ratios are medians over rounds timed in turn.

Targets (issue 10):
- overhead: `from_tensor_slices(MNIST).shuffle(10000).batch(128).prefetch(AUTOTUNE)` iterated
  alone yields >= 5x the batches/s that fit consumes;
- fit over that dataset reaches >= 0.9x the samples/s of fit over the same NumPy arrays;
- overlap: with a map that sleeps 1 ms per batch (simulated I/O), fit with prefetch loses
  <= 10% against no sleep, and without prefetch it loses the full sleep;
- `map(num_parallel_calls=4)` over GIL-releasing work (NumPy kernels) is faster than serial;
- iteration speed against TensorFlow's tf.data on the same pipeline (in a subprocess, from
  /work/tfvenv), when it is installed.
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import neuroflow as tf  # noqa: E402
from neuroflow import keras  # noqa: E402
from neuroflow.data.parallel import python_map  # noqa: E402

_ROOT = pathlib.Path(__file__).resolve().parents[1]
_MNIST = next((p for p in (_ROOT.parent / "shared" / "data" / "mnist.npz", pathlib.Path("/work/shared/data/mnist.npz"))
               if p.is_file()), _ROOT.parent / "shared" / "data" / "mnist.npz")
_TF_PYTHON = pathlib.Path("/work/tfvenv/bin/python")
D = tf.data.Dataset


def load():
    if _MNIST.is_file():
        with np.load(_MNIST) as f:
            x, y = f["x_train"], f["y_train"]
        source = "MNIST (60,000 samples)"
    else:
        rng = np.random.RandomState(0)
        x, y = rng.randint(0, 256, (60000, 28, 28)).astype("uint8"), rng.randint(0, 10, 60000)
        source = "random data of MNIST's shape (../shared/data/mnist.npz not found)"
    return (x.reshape(len(x), -1) / np.float32(255)).astype("float32"), y.astype("int32"), source


def model():
    keras.utils.set_random_seed(0)
    m = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10)])
    m.compile("sgd", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return m


def seconds(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def rounds(fns, repeats):
    """Best seconds of each function, and the per-round times, each round timing all in turn."""
    for fn in fns:
        fn()
    times = [[seconds(fn) for fn in fns] for _ in range(repeats)]
    return [min(t) for t in zip(*times)], times


def iterate(ds):
    for _ in ds:
        pass


def sleepy(ds, delay=0.001, num_parallel_calls=None):
    """`ds` with a map that sleeps `delay` seconds per element (simulated I/O; releases the GIL)."""
    def run(flat):
        time.sleep(delay)
        return flat
    return python_map(ds, run, ds.element_spec, num_parallel_calls=num_parallel_calls)


def tensorflow_batches_per_second(samples):
    """TensorFlow's tf.data on the same pipeline, in a subprocess (best of 3 epochs)."""
    script = f"""
import os, time, json
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, tensorflow as tf
rng = np.random.RandomState(0)
x = rng.rand({samples}, 784).astype("float32"); y = rng.randint(0, 10, {samples}).astype("int32")
ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(10000).batch(128).prefetch(tf.data.AUTOTUNE)
mapped = tf.data.Dataset.from_tensor_slices((x, y)).batch(128).map(lambda a, b: (a * 2.0, b)).prefetch(tf.data.AUTOTUNE)
out = {{}}
for name, d in (("plain", ds), ("map", mapped)):
    best = 1e9
    for _ in range(4):
        start = time.perf_counter(); n = sum(1 for _ in d); best = min(best, time.perf_counter() - start)
    out[name] = n / best
print(json.dumps(out))
"""
    result = subprocess.run([str(_TF_PYTHON), "-c", script], capture_output=True, text=True, timeout=600,
                            env={**os.environ, "CUDA_VISIBLE_DEVICES": ""})
    if result.returncode:
        raise RuntimeError(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-tensorflow", action="store_true")
    args = parser.parse_args()
    x, y, source = load()
    n, batch = len(x), 128
    steps = -(-n // batch)
    print(f"data: {source}; batch {batch}; {os.environ['OPENBLAS_NUM_THREADS']} BLAS thread(s); "
          f"{os.cpu_count()} CPUs")

    # 1. overhead: the pipeline alone against fit's consumption
    pipeline = D.from_tensor_slices((x, y)).shuffle(10000).batch(batch).prefetch(tf.data.AUTOTUNE)
    arrays_model, dataset_model = model(), model()

    def fit_arrays():
        arrays_model.fit(x, y, batch_size=batch, epochs=1, verbose=0)

    def fit_dataset():
        dataset_model.fit(pipeline, epochs=1, verbose=0)
    best, times = rounds([lambda: iterate(pipeline), fit_arrays, fit_dataset], args.repeats)
    pipeline_rate, fit_rate = steps / best[0], steps / best[1]
    overhead = statistics.median(t[1] / t[0] for t in times)
    fit_ratio = statistics.median(t[1] / t[2] for t in times)
    print(f"\n1. pipeline alone: {pipeline_rate:,.0f} batches/s; fit over arrays consumes {fit_rate:,.0f} "
          f"batches/s ({n / best[1]:,.0f} samples/s)")
    print(f"   pipeline / fit consumption: {overhead:.1f}x (target >= 5x)")
    print(f"   fit over the dataset: {n / best[2]:,.0f} samples/s = {fit_ratio:.2f}x fit over arrays "
          "(target >= 0.9x)")

    # 2. overlap: a map sleeping 1 ms per batch
    base = D.from_tensor_slices((x, y)).batch(batch)
    plain, slow, slow_prefetched, slow_parallel = model(), model(), model(), model()
    best, times = rounds([lambda: plain.fit(base.prefetch(2), verbose=0),
                          lambda: slow.fit(sleepy(base), verbose=0),
                          lambda: slow_prefetched.fit(sleepy(base).prefetch(2), verbose=0),
                          lambda: slow_parallel.fit(sleepy(base, num_parallel_calls=tf.data.AUTOTUNE).prefetch(2),
                                                    verbose=0)], args.repeats)
    loss_prefetch = statistics.median(t[2] / t[0] for t in times) - 1
    loss_serial = statistics.median(t[1] / t[0] for t in times) - 1
    loss_parallel = statistics.median(t[3] / t[0] for t in times) - 1
    full_sleep = steps * 0.001 / best[0]
    step = statistics.median(t[0] for t in times) / steps
    slept = statistics.median(seconds(lambda: time.sleep(0.001)) for _ in range(200))
    floor = max(0.0, slept / step - 1)  # one serial producer delivers a batch per `slept` at best
    print(f"\n2. map sleeping 1 ms per batch ({steps} batches: {steps * 1e-3:.2f} s of sleep per epoch, "
          f"{full_sleep:.0%} of an epoch without it)")
    print(f"   a training step takes {step * 1e3:.2f} ms; time.sleep(0.001) really sleeps {slept * 1e3:.2f} ms, so "
          f"a serial map can at best lose {floor:+.1%}")
    print(f"   with prefetch: epoch {loss_prefetch:+.1%} against no sleep (target <= +10%)")
    print(f"   without prefetch: epoch {loss_serial:+.1%} (the full sleep is {full_sleep:+.1%})")
    print(f"   with prefetch and map(num_parallel_calls=AUTOTUNE) (for steps shorter than the sleep, where "
          f"one producer cannot keep up): epoch {loss_parallel:+.1%}")

    # 3. parallel map over GIL-releasing work
    w = np.random.RandomState(1).rand(784, 784).astype("float32") / 784

    def work(images, labels):
        for _ in range(3):
            images = tf.nn.relu(tf.matmul(images, w))
        return images, labels
    work_ds = D.from_tensor_slices((x[:12800], y[:12800])).batch(batch)
    best, times = rounds([lambda: iterate(work_ds.map(work)),
                          lambda: iterate(work_ds.map(work, num_parallel_calls=4))], args.repeats)
    speedup = statistics.median(t[0] / t[1] for t in times)
    print(f"\n3. map of 3 matmuls per batch: serial {len(work_ds) / best[0]:,.0f} batches/s, "
          f"num_parallel_calls=4 {len(work_ds) / best[1]:,.0f} batches/s: {speedup:.2f}x")

    # 4. TensorFlow's tf.data on the same pipelines
    if args.no_tensorflow or not _TF_PYTHON.exists():
        print("\n4. TensorFlow: skipped" + ("" if args.no_tensorflow else f" ({_TF_PYTHON} not found)"))
        return
    mapped = D.from_tensor_slices((x, y)).batch(batch).map(lambda a, b: (a * 2.0, b)).prefetch(tf.data.AUTOTUNE)
    best, _ = rounds([lambda: iterate(pipeline), lambda: iterate(mapped)], args.repeats)
    theirs = tensorflow_batches_per_second(n)
    ours = {"plain": steps / best[0], "map": steps / best[1]}
    print("\n4. against TensorFlow's tf.data (batches/s, best epoch)")
    for name, label in (("plain", "shuffle(10000).batch(128).prefetch"), ("map", "batch(128).map(x*2).prefetch")):
        print(f"   {label}: neuroflow {ours[name]:,.0f}, TensorFlow {theirs[name]:,.0f}: "
              f"{ours[name] / theirs[name]:.2f}x")


if __name__ == "__main__":
    sys.exit(main())
