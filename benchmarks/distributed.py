"""tf.distribute over MPI: training throughput on 1 and 2 ranks, transport bandwidth, communication share.

Run: .venv/bin/python benchmarks/distributed.py   (it launches itself with `mpiexec -n 1` and `-n 2`;
one part alone: `mpiexec -n 2 .venv/bin/python benchmarks/distributed.py --rank training|overlap|bandwidth`)

Each rank uses 1 BLAS thread. Reports per rank count: samples/s of the MNIST MLP (784-64-10,
global batch 128) and of the W3 CNN, the fraction of step time spent in the all-reduces (one per
step: gradients and metric sums); on 2 ranks, what overlapping the gradient all-reduce with
backprop buys (with and without MPICH's progress thread), and the all-reduce bandwidth of the
transport (`MPICommunicator.allreduce`) against a bare mpi4py `Allreduce` of the same bytes, for
gradient lists from the MLP's to a 25M-parameter model's.
"""
import os
import subprocess
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before NumPy loads its BLAS; the ranks inherit it
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402


def _limit_blas():
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(1)
    except ImportError:
        pass


_COLLECTIVES = ("allreduce", "start_allreduce", "wait_allreduce")


def _timed_allreduce(communicator, totals):
    """Adds the time spent in the communicator's all-reduce calls to `totals[0]`."""
    def timed(original):
        def call(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[0] += time.perf_counter() - start
        return call
    for name in _COLLECTIVES:
        if hasattr(communicator, name):
            setattr(communicator, name, timed(getattr(communicator, name)))


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
    for name in _COLLECTIVES:
        if name in vars(strategy.extended._communicator):
            delattr(strategy.extended._communicator, name)
    return batch * steps / elapsed, comm_time[0] / elapsed


def _dense_shapes(width, depth):
    """The gradient shapes of `depth` Dense(width) layers: kernels (width, width) and biases (width,)."""
    return [shape for _ in range(depth) for shape in ((width, width), (width,))]


# Gradient lists from the MLP's to a 25M-parameter model's (8 tensors each above the MLP).
GRADIENTS = {"MLP 784-64-10": [(784, 64), (64,), (64, 10), (10,)],
             "1M params": _dense_shapes(512, 4), "4M params": _dense_shapes(1024, 4),
             "25M params": _dense_shapes(2500, 4)}


def _bandwidth(communicator, shapes, seconds=0.05, rounds=21):
    """The transport's all-reduce of gradients of `shapes` (`MPICommunicator.allreduce`, buckets kept)
    against a bare mpi4py `Allreduce` of one flat buffer of the same bytes (into another buffer,
    and in place): `rounds` alternating rounds, each timing every variant over ~`seconds`; returns
    the bytes, each variant's median and best MB/s, and the quartiles of the per-round ratios."""
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
    return (nbytes, {name: float(np.median(r)) for name, r in rates.items()},
            {name: max(r) for name, r in rates.items()}, np.percentile(ratios, [25, 50, 75]))


def _overlap(strategy, x, y, rounds=7, steps=6, batch=128, width=1024):
    """samples/s of a 784-1024-1024-1024-10 MLP (4.0M params, 16 MB of gradients in 4 MiB buckets)
    with its gradient all-reduce overlapped with backprop and without, alternating `rounds` times;
    returns each variant's median."""
    from neuroflow import keras
    from neuroflow.distribute.communicator import DEFAULT_BUCKET_BYTES
    communicator = strategy.extended._communicator
    communicator.bucket_bytes = 4 << 20
    models = {}
    for overlapped in (True, False):
        with strategy.scope():
            model = keras.Sequential([keras.Input(shape=(784,))] + [keras.layers.Dense(width, activation="relu")
                                                                   for _ in range(3)] + [keras.layers.Dense(10)])
            model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        models[overlapped] = model
    rates = {True: [], False: []}
    for _ in range(rounds):
        for overlapped, model in models.items():
            strategy.extended._overlap = overlapped
            with strategy.scope():
                communicator.barrier()
                start = time.perf_counter()
                model.fit(x[:batch * steps], y[:batch * steps], batch_size=batch, epochs=1, verbose=0, shuffle=False)
                rates[overlapped].append(batch * steps / (time.perf_counter() - start))
    strategy.extended._overlap = True
    communicator.bucket_bytes = DEFAULT_BUCKET_BYTES
    return float(np.median(rates[True])), float(np.median(rates[False]))


def rank_main(parts):
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
    if "training" in parts:
        mlp = lambda: keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(64, activation="relu"),  # noqa: E731
                                        keras.layers.Dense(10)])
        rate, share = _train(strategy, mlp, x.reshape(-1, 784), y, steps=40, batch=128)
        lines.append(f"MLP 784-64-10   samples/s {rate:9.0f}   communication {share:6.1%} of step time")
        # W3 of benchmarks/cnn.py: Conv2D(32, 3) -> MaxPooling2D -> Dense(10)
        cnn = lambda: keras.Sequential([  # noqa: E731
            keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(32, 3, activation="relu"),
            keras.layers.MaxPooling2D(2), keras.layers.Flatten(), keras.layers.Dense(10)])
        rate, share = _train(strategy, cnn, x[..., None], y, steps=12, batch=128)
        lines.append(f"W3 CNN          samples/s {rate:9.0f}   communication {share:6.1%} of step time")
    if strategy.num_replicas_in_sync > 1 and "overlap" in parts:
        on, off = _overlap(strategy, x.reshape(-1, 784), y)
        progress = "on a progress thread" if os.environ.get("MPIR_CVAR_ASYNC_PROGRESS") == "1" else "in MPI calls only"
        lines.append(f"overlap with backprop (MLP 784-1024x3-10, 4 MiB buckets, progress {progress}): "
                     f"{on:.0f} samples/s with, {off:.0f} without ({on / off:.2f}x)")
    if strategy.num_replicas_in_sync > 1 and "bandwidth" in parts:
        for name, shapes in GRADIENTS.items():
            nbytes, bw, best, (q1, ratio, q3) = _bandwidth(strategy.extended._communicator, shapes)
            lines.append(f"all-reduce {name:14s} {nbytes / 1e6:7.2f} MB: neuroflow {bw['neuroflow']:6.0f} MB/s, bare "
                         f"mpi4py {bw['bare']:6.0f} MB/s (in place {bw['bare in place']:6.0f}); ratio: median "
                         f"{ratio:.2f} (quartiles {q1:.2f}-{q3:.2f}), of the best rounds "
                         f"{best['neuroflow'] / best['bare']:.2f}")
    if tf.distribute.is_chief():
        print(f"--- {strategy.num_replicas_in_sync} rank(s)")
        print("\n".join(lines), flush=True)


def main():
    from neuroflow.distribute.launch import mpiexec_path
    run = [mpiexec_path(), "-n"]
    subprocess.run(run + ["1", sys.executable, __file__, "--rank", "training"], check=True)
    subprocess.run(run + ["2", sys.executable, __file__, "--rank", "training", "overlap", "bandwidth"], check=True)
    # MPICH advances non-blocking collectives on a helper thread only when asked to
    subprocess.run(run + ["2", sys.executable, __file__, "--rank", "overlap"], check=True,
                   env=dict(os.environ, MPIR_CVAR_ASYNC_PROGRESS="1"))


if __name__ == "__main__":
    rank_main(sys.argv[sys.argv.index("--rank") + 1:]) if "--rank" in sys.argv else main()
