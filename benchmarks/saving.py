"""Saving and loading speed, and what checkpointing adds to `fit`, in one run.

Run: .venv/bin/python benchmarks/saving.py [--repeats N] [--epochs N] [--zlib]
(`--zlib`: checksum with zlib even when the `isal` package of `neuroflow[saving]` is installed.)

1. A 10M-parameter MLP (784-2048-2048-2048-10): `model.save("m.keras")`,
   `keras.models.load_model`, `save_weights`/`load_weights` (`.weights.h5`) against writing/reading
   the same arrays with h5py alone (one dataset each into a file; reading into new arrays). Saves
   are also compared with h5py alone plus the fsync of the file (ours are durable: atomic, fsynced).
   Each call starts after a garbage collection (outside the timed region), so memory a previous
   call left for the collector is not charged to the next. Targets: each ≤ 1.5x h5py alone.
2. `fit` of the 784-128-10 MNIST MLP (batch 32, Adam) with and without
   `ModelCheckpoint` every epoch (and `BackupAndRestore`), epochs alternated so machine load
   hits both. Target: ModelCheckpoint adds ≤ 5%. MNIST comes from ../shared/data/mnist.npz (or
   $NEUROFLOW_SHARED_DATA/mnist.npz) or Keras' cache; without them, random data of MNIST's shape.
"""
import argparse
import gc
import os
import shutil
import statistics
import tempfile
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import h5py  # noqa: E402
import numpy as np  # noqa: E402

from neuroflow import keras  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(fn):
    """(wall seconds, CPU seconds of this process): on a busy machine CPU time is the steadier measure,
    though it leaves out the time spent waiting for the disk (fsync)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    del result
    return wall, cpu


def raw_write(arrays, path, fsync):
    with h5py.File(path, "w") as f:
        for i, a in enumerate(arrays):
            f[str(i)] = a
    if fsync:
        fd = os.open(path, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)


def raw_read(path):
    with h5py.File(path, "r") as f:
        return [f[k][()] for k in f]


def bench_files(folder, repeats):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(2048, activation="relu"),
                              keras.layers.Dense(2048, activation="relu"), keras.layers.Dense(2048, activation="relu"),
                              keras.layers.Dense(10)])
    from neuroflow.io import crc32
    print(f"1. {model.count_params():,} parameters ({sum(w.nbytes for w in model.get_weights()) / 2**20:.0f} MiB); "
          f"each row alternated with its h5py baseline, {repeats} times: median time and median ratio "
          f"(CRC-32 by {crc32.implementation}, h5py {h5py.__version__})")
    weights = model.get_weights()
    raw, path_k, path_w = (os.path.join(folder, name) for name in ("raw.h5", "m.keras", "m.weights.h5"))
    model.save(path_k), model.save_weights(path_w), raw_write(weights, raw, False)  # warm up
    rows = {"model.save('m.keras')": (lambda: model.save(path_k), "write"),
            "model.save_weights('m.weights.h5')": (lambda: model.save_weights(path_w), "write"),
            "keras.models.load_model('m.keras')": (lambda: keras.models.load_model(path_k), "read"),
            "model.load_weights('m.weights.h5')": (lambda: model.load_weights(path_w), "read")}
    baselines = {"write": lambda: raw_write(weights, raw, False), "write+fsync": lambda: raw_write(weights, raw, True),
                 "read": lambda: raw_read(raw)}
    for name, (fn, kind) in rows.items():
        ours, wall, cpu, wall_sync = [], [], [], []
        for _ in range(repeats):
            base = timed(baselines[kind])
            mine = timed(fn)
            ours.append(mine[0])
            wall.append(mine[0] / base[0])
            cpu.append(mine[1] / base[1])
            if kind == "write":
                wall_sync.append(mine[0] / timed(baselines["write+fsync"])[0])
        extra = f" ({statistics.median(wall_sync):.2f}x h5py+fsync)" if wall_sync else ""
        print(f"   {name:38s} {statistics.median(ours) * 1e3:6.0f} ms  wall {statistics.median(wall):.2f}x{extra}, "
              f"CPU {statistics.median(cpu):.2f}x h5py alone   (target <= 1.5x)")


def load_mnist():
    shared = os.environ.get("NEUROFLOW_SHARED_DATA", os.path.join(HERE, "..", "..", "shared", "data"))
    for path in (os.path.join(shared, "mnist.npz"),
                 os.path.join(os.path.expanduser("~"), ".keras", "datasets", "mnist.npz")):
        if os.path.exists(path):
            with np.load(path) as f:
                return f["x_train"].reshape(-1, 784).astype("float32") / 255.0, f["y_train"], path
    rng = np.random.default_rng(0)
    return rng.random((60000, 784), dtype=np.float32), rng.integers(0, 10, 60000), "random data (no MNIST found)"


def bench_checkpoint(folder, epochs):
    x, y, source = load_mnist()
    print(f"2. fit of the 784-128-10 MLP, batch 32, Adam, one epoch of {len(x):,} samples ({source})")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10)])
    model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x[:2048], y[:2048], epochs=1, verbose=0)  # warm up (trace the step)
    kinds = {"no callback": lambda: [],
             "ModelCheckpoint (.keras, every epoch)": lambda: [
                 keras.callbacks.ModelCheckpoint(os.path.join(folder, "ckpt-{epoch:02d}.keras"))],
             "ModelCheckpoint (weights only)": lambda: [
                 keras.callbacks.ModelCheckpoint(os.path.join(folder, "w-{epoch:02d}.weights.h5"),
                                                 save_weights_only=True)],
             "BackupAndRestore (every epoch)": lambda: [
                 keras.callbacks.BackupAndRestore(os.path.join(folder, "backup"))]}
    times = {name: [] for name in kinds}
    for _ in range(epochs):
        for name, make in kinds.items():
            start = time.perf_counter()
            model.fit(x, y, batch_size=32, epochs=1, verbose=0, callbacks=make())
            times[name].append(time.perf_counter() - start)
    base = statistics.median(times["no callback"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"   {name:38s} {median:6.2f} s per epoch (median of {epochs})  {median / base - 1:+6.1%}"
              + ("   (target <= +5%)" if name.startswith("ModelCheckpoint") else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--zlib", action="store_true", help="CRC-32 by zlib even when isal is installed")
    args = parser.parse_args()
    if args.zlib:
        from neuroflow.io import crc32
        crc32._isal_crc32, crc32.implementation = None, "zlib"
    folder = tempfile.mkdtemp(prefix="neuroflow_saving_bench_")
    try:
        bench_files(folder, args.repeats)
        if args.epochs:
            bench_checkpoint(folder, args.epochs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
