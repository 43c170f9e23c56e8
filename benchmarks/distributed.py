"""tf.distribute over MPI: training throughput on 1 and 2 ranks, transport bandwidth, communication share.

Run: .venv/bin/python benchmarks/distributed.py   (it launches itself with `mpiexec -n 1` and `-n 2`)

Each rank uses 1 BLAS thread. Reports per rank count: samples/s of the MNIST MLP (784-64-10,
global batch 128) and of the W3 CNN (when keras.layers.Conv2D exists), the fraction of step time
spent in the gradient/metric all-reduces, and the all-reduce bandwidth of the transport
(`MPICommunicator.allreduce`, bucketed) against a bare mpi4py `Allreduce` of the same bytes.
"""
import os
import subprocess
import sys
import time

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _limit_blas():
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
    except ImportError:
        pass


def _timed_allreduce(communicator, totals):
    original = communicator.allreduce

    def allreduce(arrays, op="sum", reuse=False):
        start = time.perf_counter()
        try:
            return original(arrays, op, reuse)
        finally:
            totals[0] += time.perf_counter() - start
    communicator.allreduce = allreduce


def _train(strategy, build, x, y, steps, batch):
    import neuroflow as tf  # noqa: F401
    from neuroflow import keras
    with strategy.scope():
        model = build()
        model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                      metrics=["accuracy"])
        model.fit(x[:batch * 3], y[:batch * 3], batch_size=batch, epochs=1, verbose=0)  # warm-up, tracing
        comm_time = [0.0]
        _timed_allreduce(strategy.extended._communicator, comm_time)
        strategy.extended._communicator.barrier()
        start = time.perf_counter()
        model.fit(x[:batch * steps], y[:batch * steps], batch_size=batch, epochs=1, verbose=0, shuffle=False)
        elapsed = time.perf_counter() - start
    del strategy.extended._communicator.allreduce
    return batch * steps / elapsed, comm_time[0] / elapsed


def _dense_shapes(width, depth):
    """The gradient shapes of `depth` Dense(width) layers: kernels (width, width) and biases (width,)."""
    return [shape for _ in range(depth) for shape in ((width, width), (width,))]


# Gradient lists from the MLP's to a 25M-parameter model's (8 tensors each above the MLP).
GRADIENTS = {"MLP 784-64-10": [(784, 64), (64,), (64, 10), (10,)],
             "1M params": _dense_shapes(512, 4), "4M params": _dense_shapes(1024, 4),
             "25M params": _dense_shapes(2500, 4)}


def _bandwidth(communicator, shapes, seconds=0.05, rounds=15):
    """The transport's all-reduce of gradients of `shapes` (`MPICommunicator.allreduce`, buckets kept)
    against a bare mpi4py `Allreduce` of one flat buffer of the same bytes (into another buffer,
    and in place): `rounds` alternating rounds, each timing every variant over ~`seconds`; returns
    the bytes, each variant's median MB/s and the median and quartiles of the per-round ratios."""
    from mpi4py import MPI
    comm = MPI.COMM_WORLD
    grads = [np.ones(shape, np.float32) for shape in shapes]
    nbytes = sum(g.nbytes for g in grads)
    flat, out = np.ones(nbytes // 4, np.float32), np.empty(nbytes // 4, np.float32)
    runs = {"neuroflow": lambda: communicator.allreduce(grads, reuse=True),
            "bare": lambda: comm.Allreduce(flat, out),
            "bare in place": lambda: comm.Allreduce(MPI.IN_PLACE, flat)}
    start = time.perf_counter()
    runs["neuroflow"]()
    repeats = int(comm.bcast(max(1, min(200, seconds / max(time.perf_counter() - start, 1e-6)))))
    rates = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            run()
            comm.Barrier()
            start = time.perf_counter()
            for _ in range(repeats):
                run()
            elapsed = comm.allreduce(time.perf_counter() - start, op=MPI.MAX)  # the slower rank's time
            rates[name].append(nbytes * repeats / elapsed / 1e6)
    ratios = np.array(rates["neuroflow"]) / np.array(rates["bare"])
    return nbytes, {name: float(np.median(r)) for name, r in rates.items()}, np.percentile(ratios, [25, 50, 75])


def rank_main():
    _limit_blas()
    import neuroflow as tf
    from neuroflow import keras
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    sample = os.path.join(os.path.dirname(tf.__file__), "keras", "datasets", "mnist_sample.npz")
    with np.load(sample) as data:
        x = data["x_train"].astype("float32") / 255
        y = data["y_train"].astype("int64")
    keras.utils.set_random_seed(0)
    lines = []
    mlp = lambda: keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(64, activation="relu"),  # noqa: E731
                                    keras.layers.Dense(10)])
    rate, share = _train(strategy, mlp, x.reshape(-1, 784), y, steps=40, batch=128)
    lines.append(f"MLP 784-64-10   samples/s {rate:9.0f}   communication {share:6.1%} of step time")
    if hasattr(keras.layers, "Conv2D"):  # W3 of benchmarks/cnn.py: Conv2D(32, 3) -> MaxPooling2D -> Dense(10)
        cnn = lambda: keras.Sequential([  # noqa: E731
            keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(2), keras.layers.Flatten(), keras.layers.Dense(10)])
        rate, share = _train(strategy, cnn, x[..., None], y, steps=12, batch=128)
        lines.append(f"W3 CNN          samples/s {rate:9.0f}   communication {share:6.1%} of step time")
    else:
        lines.append("W3 CNN          skipped: keras.layers.Conv2D is not in this build")
    if strategy.num_replicas_in_sync > 1:
        for name, shapes in GRADIENTS.items():
            nbytes, bw, (q1, ratio, q3) = _bandwidth(strategy.extended._communicator, shapes)
            lines.append(f"all-reduce {name:14s} {nbytes / 1e6:7.2f} MB: neuroflow {bw['neuroflow']:6.0f} MB/s, bare "
                         f"mpi4py {bw['bare']:6.0f} MB/s (in place {bw['bare in place']:6.0f}), ratio {ratio:.2f} "
                         f"(quartiles {q1:.2f}-{q3:.2f})")
    if tf.distribute.is_chief():
        print(f"--- {strategy.num_replicas_in_sync} rank(s)")
        print("\n".join(lines), flush=True)


def main():
    from neuroflow.distribute.launch import mpiexec_path
    for n in (1, 2):
        subprocess.run([mpiexec_path(), "-n", str(n), sys.executable, __file__, "--rank"], check=True)


if __name__ == "__main__":
    rank_main() if "--rank" in sys.argv else main()
