"""Compiled graphs against the NumPy floor and against eager execution, measured in one run.

Run: .venv/bin/python benchmarks/graph.py

(a) a 784-128-10 MLP training step (GradientTape + SGD) in @tf.function vs the same
    arithmetic hand-written in NumPy, batch 32 and 128                 (target >= 0.85x the floor)
(b) Keras fit() compiled vs run_eagerly=True vs the NumPy loop, SGD and Adam (samples/s)
(c) @tf.function over 20 small elementwise ops vs the same eager code   (speedup)
(d) tracing + compiling the MLP train step                                (target <= 50 ms)
(e) memory over 1,000 compiled steps (tracemalloc, after garbage collection) (target: flat)

BLAS threads: on this machine's small matrices OpenBLAS with 2 threads was slower than
with 1 (and much slower when other processes compete for the cores), so every number
here is measured with BLAS limited to one thread via threadpoolctl when it is installed
(`pip install neuroflow[bench]`); tf.config.threading.set_intra_op_parallelism_threads(1)
does the same in user code.
"""
import gc
import statistics
import time
import timeit
import tracemalloc

import numpy as np

import neuroflow as tf

try:
    from threadpoolctl import threadpool_limits
except ImportError:  # measure with the default thread count, and say so
    threadpool_limits = None

IN, HIDDEN, OUT = 784, 128, 10


def best(fn, number, repeat=5):
    return min(timeit.repeat(fn, number=number, repeat=repeat)) / number


def data(batch, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, IN)).astype(np.float32)
    y = rng.integers(0, OUT, batch)
    return x, y


def init(seed=1):
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal((IN, HIDDEN)) * 0.05).astype(np.float32), np.zeros(HIDDEN, np.float32),
            (rng.standard_normal((HIDDEN, OUT)) * 0.05).astype(np.float32), np.zeros(OUT, np.float32)]


def numpy_step(params, lr=0.01):
    """The floor: forward, softmax cross-entropy, backward and SGD, written by hand."""
    w1, b1, w2, b2 = params
    arange = {}

    def step(x, y):
        n = len(x)
        rows = arange.setdefault(n, np.arange(n))
        h = x @ w1
        h += b1
        np.maximum(h, 0, out=h)
        z = h @ w2
        z += b2
        z -= z.max(axis=1, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=1, keepdims=True)
        loss = -np.log(z[rows, y]).mean()
        z[rows, y] -= 1
        z /= n
        dh = z @ w2.T
        dh *= h > 0
        np.subtract(w2, lr * (h.T @ z), out=w2)
        np.subtract(b2, lr * z.sum(axis=0), out=b2)
        np.subtract(w1, lr * (x.T @ dh), out=w1)
        np.subtract(b1, lr * dh.sum(axis=0), out=b1)
        return loss
    return step


def graph_step(params, lr=0.01):
    w1, b1, w2, b2 = [tf.Variable(p) for p in params]

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            logits = tf.nn.relu(x @ w1 + b1) @ w2 + b2
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        for v, g in zip([w1, b1, w2, b2], tape.gradient(loss, [w1, b1, w2, b2])):
            v.assign_sub(lr * g)
        return loss
    return step


def bench_train_step():
    print("(a) MLP 784-128-10 training step, SGD: @tf.function vs hand-written NumPy")
    for batch in (32, 128):
        x, y = data(batch)
        floor = numpy_step(init())
        compiled = graph_step(init())
        tx, ty = tf.constant(x), tf.constant(y)
        compiled(tx, ty)
        ratios = []
        for _ in range(5):
            t_np = best(lambda: floor(x, y), 200, 3)
            t_tf = best(lambda: compiled(tx, ty), 200, 3)
            ratios.append(t_np / t_tf)
        ratio = statistics.median(ratios)
        print(f"    batch {batch:3d}: numpy {batch / t_np:9.0f} samples/s   graph {batch / t_tf:9.0f} samples/s   "
              f"graph/numpy {ratio:4.2f}x (target >= 0.85x) {'ok' if ratio >= 0.85 else 'MISSED'}")


def bench_fit():
    from neuroflow import keras
    print("(b) Keras fit(), 4096 samples, 1 epoch (samples/s)")
    x, y = data(4096)
    for optimizer in ("sgd", "adam"):
        for batch in (32, 128):
            rates = {}
            for mode in ("graph", "eager"):
                keras.utils.set_random_seed(1)
                model = keras.Sequential([keras.Input((IN,)), keras.layers.Dense(HIDDEN, activation="relu"),
                                          keras.layers.Dense(OUT, activation="softmax")])
                model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy",
                              run_eagerly=mode == "eager")
                model.fit(x[:2 * batch], y[:2 * batch], batch_size=batch, epochs=1, verbose=0)
                start = time.perf_counter()
                model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
                rates[mode] = len(x) / (time.perf_counter() - start)
            floor = numpy_step(init())
            start = time.perf_counter()
            for i in range(0, len(x), batch):
                floor(x[i:i + batch], y[i:i + batch])
            rates["numpy"] = len(x) / (time.perf_counter() - start)
            print(f"    {optimizer:4s} batch {batch:3d}: graph {rates['graph']:8.0f}  eager {rates['eager']:8.0f}  "
                  f"numpy loop (SGD) {rates['numpy']:8.0f}  graph/numpy {rates['graph'] / rates['numpy']:4.2f}x")


def bench_elementwise():
    print("(c) 20 small elementwise ops (float32[16]): @tf.function vs eager")

    def chain(x):
        for _ in range(5):
            x = tf.nn.relu(x * 1.5 + 0.5) - 0.25
        return x

    compiled = tf.function(chain)
    x = tf.constant(np.linspace(-1, 1, 16, dtype=np.float32))
    compiled(x)
    t_eager, t_graph = best(lambda: chain(x), 2000), best(lambda: compiled(x), 2000)
    print(f"    eager {t_eager * 1e6:7.1f} us   graph {t_graph * 1e6:7.1f} us   speedup {t_eager / t_graph:4.1f}x")


def bench_trace():
    print("(d) tracing + compiling the MLP train step")
    x, y = data(32)
    times = []
    for _ in range(5):
        step = graph_step(init())
        start = time.perf_counter()
        concrete = step.get_concrete_function(tf.constant(x), tf.constant(y))
        concrete._program()
        times.append(time.perf_counter() - start)
    ms = min(times) * 1e3
    print(f"    {ms:.1f} ms (target <= 50 ms) {'ok' if ms <= 50 else 'MISSED'}")


def bench_memory():
    print("(e) memory over 1,000 compiled steps")
    x, y = data(32)
    step = graph_step(init())
    tx, ty = tf.constant(x), tf.constant(y)
    for _ in range(50):
        step(tx, ty)
    tracemalloc.start()
    gc.collect()
    before = tracemalloc.take_snapshot()
    for _ in range(1000):
        step(tx, ty)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    growth = sum(s.size_diff for s in after.compare_to(before, "filename"))
    print(f"    growth {growth} bytes {'ok (flat)' if growth < 4096 else 'MISSED'}")


def main():
    print(f"BLAS threads: {'1 (threadpoolctl)' if threadpool_limits else 'default (threadpoolctl not installed)'}")
    for bench in (bench_train_step, bench_fit, bench_elementwise, bench_trace, bench_memory):
        bench()


if __name__ == "__main__":
    if threadpool_limits is not None:
        with threadpool_limits(limits=1):
            main()
    else:
        main()
