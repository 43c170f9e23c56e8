"""tf.train.Checkpoint speed: 10M parameters against raw bytes, and CheckpointManager in a loop.

Run: .venv/bin/python benchmarks/checkpoint.py [--repeats N] [--steps N] [--processes N] [--tf-python PATH]

1. A `tf.Module` holding 10M float32 parameters (five 2M-element variables, 38 MiB):
   `Checkpoint.write` against writing the same arrays' bytes to one new file (with the fsync an
   atomic write needs), and `Checkpoint.read` against reading those bytes back into the
   variables. Target: each ≤ 1.5× raw. Medians of alternated pairs.
2. A custom training loop (GradientTape + Adam) of a 784-128-10 MLP, batch 32, without saving,
   with `CheckpointManager.save()` every 100 steps (max_to_keep=3), and with the same saves
   asynchronous (`CheckpointOptions(enable_async=True)`, the last save's `sync()` timed), runs
   alternated in rounds (plain, sync, async, then the reverse order), in --processes fresh
   processes (this 2-core VM runs one process up to 8% faster than the next, by where it lands).
   Each run is compared with its round's plain run; the median of all those ratios is the
   result. Target: saving adds ≤ 3%.
3. The same loop and saves in TensorFlow 2.21 (a subprocess of the side venv's Python given by
   --tf-python, when it exists; one intra-/inter-op thread), for comparison: its plain loop and
   its synchronous `CheckpointManager.save()` every 100 steps, alternated; its asynchronous mode
   is tried once and its error reported if it fails.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import neuroflow as tf  # noqa: E402
from neuroflow import keras  # noqa: E402


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def raw_write(arrays, path):
    if os.path.exists(path):  # a new file each time, as an atomic writer makes
        os.remove(path)
    with open(path, "wb") as f:
        for a in arrays:
            f.write(memoryview(a).cast("B"))
        f.flush()
        os.fsync(f.fileno())


def raw_read(variables, path):
    with open(path, "rb") as f:
        data = f.read()
    offset = 0
    for v in variables:
        size = v.numpy().nbytes
        v.assign(np.frombuffer(data, np.float32, count=size // 4, offset=offset).reshape(v.shape))
        offset += size


def bench_files(folder, repeats):
    module = tf.Module()
    module.weights = [tf.Variable(np.random.default_rng(i).standard_normal((2000, 1000), np.float32))
                      for i in range(5)]
    count = sum(int(np.prod(v.shape)) for v in module.weights)
    checkpoint = tf.train.Checkpoint(model=module)
    prefix, raw = os.path.join(folder, "ckpt"), os.path.join(folder, "raw.bin")
    rows = {"write": [], "raw write": [], "read": [], "raw read": []}
    for _ in range(repeats):
        rows["write"].append(timed(lambda: checkpoint.write(prefix)))
        rows["raw write"].append(timed(lambda: raw_write([v.numpy() for v in module.weights], raw)))
        rows["read"].append(timed(lambda: checkpoint.read(prefix).assert_consumed()))
        rows["raw read"].append(timed(lambda: raw_read(module.weights, raw)))
    median = {k: statistics.median(v) for k, v in rows.items()}
    print(f"1. {count:,} float32 parameters ({count * 4 / 2**20:.0f} MiB), median of {repeats}:")
    for op in ("write", "read"):
        print(f"   Checkpoint.{op}: {median[op] * 1e3:.0f} ms, raw {op}: {median['raw ' + op] * 1e3:.0f} ms, "
              f"ratio {median[op] / median['raw ' + op]:.2f}x (target <= 1.5x)")


# The training loop's model and step, TensorFlow code run as it is by neuroflow (part 2) and by
# TensorFlow (part 3): `tf`, `keras` and `np` come from whoever runs it.
_LOOP = """
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128, activation="relu"), keras.layers.Dense(10)])
optimizer = keras.optimizers.Adam(1e-3)
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
x = np.random.default_rng(0).standard_normal((32, 784), np.float32)
y = np.random.default_rng(1).integers(0, 10, 32)

@tf.function
def step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    optimizer.apply_gradients(zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables))
    return loss
"""


_MODES = ("plain", "sync", "async")


def loop_runs(folder, steps, repeats):
    """Part 2 in this process: the seconds (wall and CPU) of `repeats` rounds of plain, sync and async runs."""
    loop = {"tf": tf, "keras": keras, "np": np}
    exec(_LOOP, loop)
    model, optimizer, step, x, y = (loop[name] for name in ("model", "optimizer", "step", "x", "y"))
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=model, optimizer=optimizer),
                                         os.path.join(folder, "loop"), max_to_keep=3)
    async_options = tf.train.CheckpointOptions(enable_async=True)

    def run(mode):
        """Runs the loop; returns the seconds the final `sync()` waited (the last async save's write)."""
        for i in range(1, steps + 1):
            step(x, y)
            if mode != "plain" and i % 100 == 0:
                manager.save(options=async_options if mode == "async" else None)
        start = time.perf_counter()
        manager.sync()  # the last asynchronous save is complete inside the timed run
        return time.perf_counter() - start

    run("sync")  # trace and warm up
    run("async")
    runs = {"wall": {m: [] for m in _MODES}, "cpu": {m: [] for m in _MODES}, "tail": [],
            "parameters": model.count_params()}
    for i in range(repeats):
        for mode in _MODES if i % 2 == 0 else _MODES[::-1]:  # (a drift in speed hits both sides alike)
            start, start_cpu = time.perf_counter(), time.process_time()
            waited = run(mode)
            runs["wall"][mode].append(time.perf_counter() - start)
            runs["cpu"][mode].append(time.process_time() - start_cpu)
            if mode == "async":
                runs["tail"].append(waited)
    return runs


def bench_loop(steps, repeats, processes):
    """Part 2, in `processes` fresh processes one after the other: where the system puts a process (which
    CPU, beside which interrupts) moves its speed by more than the overhead measured, so one process
    is not enough. Each run is compared with the plain run of its round (a drift cancels out)."""
    results = []
    for _ in range(processes):
        done = subprocess.run([sys.executable, __file__, "--loop-process", str(steps), str(repeats)],
                              capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))

    def ratios(result, mode, kind="wall"):
        return [t / p for t, p in zip(result[kind][mode], result[kind]["plain"])]

    plain = statistics.median(t for r in results for t in r["wall"]["plain"])
    print(f"2. {steps} training steps (784-128-10 MLP, {results[0]['parameters']:,} parameters + Adam), "
          f"{processes} processes x {repeats} rounds of alternated runs: {plain:.3f} s plain (median)")
    for mode, label in (("sync", "CheckpointManager.save() every 100 steps"),
                        ("async", "the same with CheckpointOptions(enable_async=True), final sync() included")):
        pooled = statistics.median(q for r in results for q in ratios(r, mode))
        cpu = statistics.median(q for r in results for q in ratios(r, mode, "cpu"))
        each = ", ".join(f"{(statistics.median(ratios(r, mode)) - 1) * 100:+.1f}%" for r in results)
        print(f"   {label}: {(pooled - 1) * 100:+.1f}% wall (target <= +3%; median of all rounds' ratios to "
              f"their plain run; per process {each}); CPU {(cpu - 1) * 100:+.1f}%")
    tail = statistics.median(t for r in results for t in r["tail"])
    print(f"   (the async runs' final sync() waited {tail * 1e3:.0f} ms, median: the last save's write, "
          f"{tail / plain * 100:.1f}% of a plain run)")


_TENSORFLOW_LOOP = """
import json, os, statistics, sys, tempfile, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, tensorflow as tf, keras
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
steps, repeats = int(sys.argv[1]), int(sys.argv[2])
""" + _LOOP + """
manager = tf.train.CheckpointManager(tf.train.Checkpoint(model=model, optimizer=optimizer),
                                     os.path.join(tempfile.mkdtemp(), "loop"), max_to_keep=3)

def run(mode, options=None):
    start = time.perf_counter()
    for i in range(1, steps + 1):
        step(x, y)
        if mode != "plain" and i % 100 == 0:
            manager.save(options=options)
    manager.sync()
    return time.perf_counter() - start

async_error = None
try:
    run("async", tf.train.CheckpointOptions(enable_async=True))
except Exception as e:
    async_error = f"{type(e).__name__}: {[line for line in str(e).splitlines() if line.strip()][-1].strip()[:200]}"
run("plain"), run("sync")
wall = {"plain": [], "sync": []}
for _ in range(repeats):
    for mode in wall:
        wall[mode].append(run(mode))
print(json.dumps({"version": tf.__version__, "async_error": async_error,
                  **{mode: statistics.median(v) for mode, v in wall.items()}}))
"""


def bench_tensorflow(tf_python, steps, repeats):
    """Part 3: TensorFlow's loop and CheckpointManager in a subprocess of the side venv."""
    if not os.path.exists(tf_python):
        print(f"3. TensorFlow: {tf_python} not found (pass --tf-python)")
        return
    done = subprocess.run([tf_python, "-c", _TENSORFLOW_LOOP, str(steps), str(repeats)], capture_output=True,
                          text=True, timeout=1800)
    if done.returncode != 0:
        print(f"3. TensorFlow failed: {done.stderr.strip().splitlines()[-1:]}")
        return
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"3. TensorFlow {result['version']}, the same {steps}-step loop, median of {repeats} alternated runs: "
          f"{result['plain']:.3f} s plain; CheckpointManager.save() every 100 steps: {result['sync']:.3f} s, "
          f"{(result['sync'] / result['plain'] - 1) * 100:+.1f}%")
    print(f"   its enable_async=True: {result['async_error'] or 'ran'}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=3, help="fresh processes measuring part 2")
    parser.add_argument("--tf-python", default=os.environ.get("NEUROFLOW_TF_PYTHON", "/work/tfvenv/bin/python"))
    parser.add_argument("--loop-process", nargs=2, type=int, metavar=("STEPS", "REPEATS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.loop_process:  # one process of part 2: its runs as JSON
        with tempfile.TemporaryDirectory() as folder:
            print(json.dumps(loop_runs(folder, *args.loop_process)))
        return
    with tempfile.TemporaryDirectory() as folder:
        bench_files(folder, args.repeats)
    bench_loop(args.steps, args.repeats, args.processes)
    bench_tensorflow(args.tf_python, args.steps, args.repeats)


if __name__ == "__main__":
    main()
