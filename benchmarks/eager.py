"""Eager-mode overhead of neuroflow ops against the NumPy floor, measured in one run.

Run: .venv/bin/python benchmarks/eager.py

(a) tf.add on two 10-element float32 tensors vs np.add on their arrays   (target <= 3x)
(b) tf.matmul (32,784)@(784,128) vs np.matmul                            (target <= 1.05x)
(c) forward+backward of a 784-128-10 MLP under GradientTape, batch 32,
    vs the same arithmetic hand-written in NumPy                           (target <= 2x)
(d) `import neuroflow` wall time in a fresh process, NumPy's import included (target <= 0.15 s)
"""
import os
import statistics
import subprocess
import sys
import time
import timeit

# One BLAS thread for both sides (as benchmarks/mlp.py): on small matrices a second thread
# mostly waits, and on a busy machine it makes timings swing. Export it to override.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import neuroflow as tf  # noqa: E402


def best_time(fn, number, repeat=7):
    """Seconds per call: the best of `repeat` runs of `number` calls (least disturbed by other load)."""
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def compare(label, ours, floor, number, target):
    # Interleave the two measurements so that load changes hit both alike.
    ratios, t_ours, t_floor = [], [], []
    for _ in range(5):
        a, b = best_time(ours, number, 3), best_time(floor, number, 3)
        t_ours.append(a)
        t_floor.append(b)
        ratios.append(a / b)
    ratio = statistics.median(ratios)
    verdict = "ok" if ratio <= target else "MISSED"
    print(f"{label:44s} neuroflow {min(t_ours) * 1e6:9.2f} us  numpy {min(t_floor) * 1e6:9.2f} us  "
          f"ratio {ratio:5.2f}x (target <= {target}x) {verdict}")
    return ratio


def bench_add():
    a = tf.constant(np.random.rand(10).astype(np.float32))
    b = tf.constant(np.random.rand(10).astype(np.float32))
    a32, b32 = np.asarray(a), np.asarray(b)  # the tensors' own arrays (no copy)
    return compare("(a) add, 10 elements", lambda: tf.add(a, b), lambda: np.add(a32, b32), 20000, 3.0)


def bench_matmul():
    x = tf.constant(np.random.rand(32, 784).astype(np.float32))
    w = tf.constant(np.random.rand(784, 128).astype(np.float32))
    x32, w32 = np.asarray(x), np.asarray(w)  # the same memory, so only the overhead differs
    return compare("(b) matmul (32,784)@(784,128)", lambda: tf.matmul(x, w), lambda: np.matmul(x32, w32),
                   300, 1.05)


def bench_mlp():
    rng = np.random.default_rng(0)
    x32 = rng.random((32, 784), dtype=np.float32)
    labels = rng.integers(0, 10, 32).astype(np.int32)
    params = [rng.standard_normal((784, 128)).astype(np.float32) * 0.05, np.zeros(128, np.float32),
              rng.standard_normal((128, 10)).astype(np.float32) * 0.05, np.zeros(10, np.float32)]
    W1, b1, W2, b2 = [tf.Variable(p) for p in params]
    x, y = tf.constant(x32), tf.constant(labels)

    def neuroflow_step():
        with tf.GradientTape() as tape:
            h = tf.nn.relu(tf.matmul(x, W1) + b1)
            logits = tf.matmul(h, W2) + b2
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        return tape.gradient(loss, [W1, b1, W2, b2])

    w1, c1, w2, c2 = params

    def numpy_step():
        z1 = x32 @ w1 + c1
        h = np.maximum(z1, 0)
        logits = h @ w2 + c2
        shifted = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        probs = e / e.sum(axis=1, keepdims=True)
        loss = np.mean(np.log(e.sum(axis=1)) - shifted[np.arange(32), labels])
        dlogits = probs
        dlogits[np.arange(32), labels] -= 1
        dlogits /= 32
        dw2 = h.T @ dlogits
        db2 = dlogits.sum(axis=0)
        dh = dlogits @ w2.T
        dz1 = dh * (z1 > 0)
        dw1 = x32.T @ dz1
        db1 = dz1.sum(axis=0)
        return loss, dw1, db1, dw2, db2

    ours = neuroflow_step()
    floor = numpy_step()
    for g, f in zip(ours, floor[1:]):
        np.testing.assert_allclose(g.numpy(), f, rtol=1e-3, atol=1e-5)
    return compare("(c) MLP 784-128-10 fwd+bwd, batch 32", neuroflow_step, numpy_step, 100, 2.0)


def bench_import():
    # As on a user's machine, imports use cached bytecode (pip writes it at install time).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", "import neuroflow"], check=True, env=env)
    times = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import neuroflow"], check=True, env=env)
        times.append(time.perf_counter() - start)
    numpy_times = []
    for _ in range(7):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy"], check=True, env=env)
        numpy_times.append(time.perf_counter() - start)
    best = min(times)
    verdict = "ok" if best <= 0.15 else "MISSED"
    print(f"{'(d) import neuroflow (fresh process)':44s} {best:.3f} s (numpy alone {min(numpy_times):.3f} s, "
          f"both include Python's start) target <= 0.15 s {verdict}")


if __name__ == "__main__":
    print(f"numpy {np.__version__}, python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
          f"BLAS threads: {os.environ['OPENBLAS_NUM_THREADS']}")
    bench_add()
    bench_matmul()
    bench_mlp()
    bench_import()
