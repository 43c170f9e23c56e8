"""keras.applications inference: ResNet50, MobileNetV2 and EfficientNetB0 at 224×224 against TensorFlow.

Run: .venv/bin/python benchmarks/applications.py [--tf-python /work/tfvenv/bin/python] [--repeats 3]
     [--models ResNet50,MobileNetV2,EfficientNetB0] [--batches 1,32] [--clock wall|cpu] [--memory-only]
     [--profile ResNet50:32]

One BLAS/TF thread on every side; weights=None (random; the arithmetic is the same as with
ImageNet weights). Each repeat times one neuroflow `predict` of one batch and then one TensorFlow
`predict` of the same batch in a worker subprocess, so machine load hits both; images/s are medians,
ratios are medians of per-repeat ratios. Target: ResNet50 neuroflow/TensorFlow ≥ 1.0×.
`--clock cpu` times each side by its process's CPU time instead of wall time: on a machine shared
with other work (one thread per side) that measures the work each side does, not its share of the cores.

Peak memory: each side builds ResNet50 in a fresh process and predicts one batch of 32 three times
(neuroflow's first `predict` runs eagerly, its second traces and compiles, the third runs the
compiled program; TensorFlow's first traces); the report gives the process's peak resident memory
(VmHWM) over all of it and that peak's growth over the built model's resident memory.
`--profile MODEL:BATCH` prints where neuroflow's time goes (cProfile, by own time).
`--table FILE.json` times neuroflow alone for every architecture (default input size, with the top):
one `predict` of a batch of 1 and of 32 (`--batches`) after a warm-up at each size, with the load
average when it starts, written to FILE.json as it goes (for the README's zoo table).
"""
import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import time

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cnn import TensorFlow, seconds as wall_seconds  # noqa: E402  (the TensorFlow worker protocol, shared)

SIZE = 224


def seconds(fn):
    """How long `fn()` takes: wall time, or this process's CPU time with NEUROFLOW_BENCH_CLOCK=cpu."""
    if os.environ.get("NEUROFLOW_BENCH_CLOCK") != "cpu":
        return wall_seconds(fn)
    start = time.process_time()
    fn()
    return time.process_time() - start


def images(batch):
    return np.random.default_rng(0).uniform(0, 255, (batch, SIZE, SIZE, 3)).astype("float32")


def build(keras, name):
    keras.utils.set_random_seed(0)
    return getattr(keras.applications, name)(weights=None, input_shape=(SIZE, SIZE, 3))


def runners(keras, tasks):
    """{"Model:batch": function predicting one batch}, each model built and warmed up once."""
    models, out = {}, {}
    for task in tasks:
        name, batch = task.split(":")
        model = models.setdefault(name, build(keras, name))
        x = images(int(batch))
        for _ in range(2):  # neuroflow's first predict runs eagerly, its second at a new size traces
            model.predict(x, batch_size=len(x), verbose=0)
        out[task] = (lambda model, x: lambda: model.predict(x, batch_size=len(x), verbose=0))(model, x)
    return out


def status_mib(field):
    """A memory figure of this process from /proc/self/status (VmRSS now, VmHWM its peak), in MiB."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":")) / 1024


def memory(keras, calls=3):
    """(peak RSS MiB, peak RSS - RSS after building ResNet50) over `calls` predicts at batch 32."""
    model = build(keras, "ResNet50")
    x = images(32)
    before = status_mib("VmRSS")
    for _ in range(calls):
        model.predict(x, batch_size=32, verbose=0)
    peak = status_mib("VmHWM")
    return peak, peak - before


def tensorflow_keras():
    import tensorflow as tf
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    return tf, tf.keras


def worker(tasks):
    """Runs in TensorFlow's interpreter: times one run per task named on stdin."""
    tf, keras = tensorflow_keras()
    run = runners(keras, tasks)
    print(json.dumps({"ready": tf.__version__}), flush=True)
    for line in sys.stdin:
        print(json.dumps({"seconds": seconds(run[line.strip()])}), flush=True)


def memory_in_subprocess(python, side):
    output = subprocess.run([python, __file__, "--memory", side], capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def profile(keras, task, top=15):
    run = runners(keras, [task])[task]
    profiler = cProfile.Profile()
    profiler.runcall(run)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def table(keras, path, architectures, batches=(1, 32)):
    """Times `predict` at each batch size (1 and 32) for each architecture; rewrites `path` after each one."""
    from neuroflow.io.atomic import atomic_write
    rows = {}
    for name in architectures:
        model = getattr(keras.applications, name)(weights=None)
        if None in model.input.shape[1:]:  # MobileNetV3 takes any size: time it at 224
            model = getattr(keras.applications, name)(weights=None, input_shape=(SIZE, SIZE, 3))
        row = {"params": model.count_params(), "input": list(model.input.shape[1:]),
               "load_average": os.getloadavg()[0]}  # the machine's load (1 minute) as the timing starts
        for batch in batches:
            x = np.random.default_rng(0).uniform(0, 255, (batch, *row["input"])).astype("float32")
            model.predict(x, batch_size=batch, verbose=0)
            row[f"batch{batch}_s"] = seconds(lambda: model.predict(x, batch_size=batch, verbose=0))
        rows[name] = row
        keras.backend.clear_session()
        print(name, row, flush=True)
        with atomic_write(path, "w") as f:
            json.dump(rows, f, indent=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf-python", default=os.environ.get("NEUROFLOW_TF_PYTHON", "/work/tfvenv/bin/python"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--models", default="ResNet50,MobileNetV2,EfficientNetB0")
    parser.add_argument("--batches", default="1,32")
    parser.add_argument("--profile", help="MODEL:BATCH: print neuroflow's profile and stop")
    parser.add_argument("--table", help="FILE.json: time every architecture (neuroflow only)")
    parser.add_argument("--architectures", help="with --table: comma-separated names (default: all)")
    parser.add_argument("--memory-only", action="store_true", help="only the peak-memory comparison")
    parser.add_argument("--clock", choices=("wall", "cpu"), help="wall time (default) or each process's CPU time")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--memory", choices=("neuroflow", "tensorflow"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.clock:  # (the TensorFlow worker inherits it)
        os.environ["NEUROFLOW_BENCH_CLOCK"] = args.clock
    if args.worker:
        return worker(args.worker.split(","))
    if args.memory:
        keras = tensorflow_keras()[1] if args.memory == "tensorflow" else __import__("neuroflow").keras
        return print(json.dumps(memory(keras)))
    import neuroflow
    from neuroflow import keras
    if args.profile:
        return profile(keras, args.profile)
    if args.memory_only:
        return report_memory(args.tf_python)
    if args.table:
        names = args.architectures.split(",") if args.architectures else sorted(
            keras.applications._MODELS, key=list(keras.applications._MODELS).index)
        return table(keras, args.table, names, [int(b) for b in args.batches.split(",")])
    tasks = [f"{name}:{batch}" for name in args.models.split(",") for batch in args.batches.split(",")]
    has_tf = os.path.exists(args.tf_python)
    ours = runners(keras, tasks)
    tensorflow = TensorFlow(args.tf_python, tasks, script=__file__) if has_tf else None
    print(f"clock: {os.environ.get('NEUROFLOW_BENCH_CLOCK', 'wall')}; "
          f"neuroflow {neuroflow.__version__}, NumPy {np.__version__}, BLAS threads: "
          f"{os.environ['OPENBLAS_NUM_THREADS']}, TensorFlow: "
          f"{tensorflow.version + ' (' + args.tf_python + ')' if tensorflow else 'not found'}", flush=True)
    for task in tasks:
        batch = int(task.split(":")[1])
        rounds = []
        for _ in range(args.repeats):
            row = {"neuroflow": seconds(ours[task])}
            if tensorflow:
                row["tensorflow"] = tensorflow.time(task)
            rounds.append(row)
        ours_s = statistics.median(r["neuroflow"] for r in rounds)
        line = f"{task:18s} neuroflow {batch / ours_s:7.1f} images/s ({ours_s * 1000:7.1f} ms/batch)"
        if tensorflow:
            theirs = statistics.median(r["tensorflow"] for r in rounds)
            ratio = statistics.median(r["tensorflow"] / r["neuroflow"] for r in rounds)
            line += f"  tensorflow {batch / theirs:7.1f} images/s ({theirs * 1000:7.1f} ms)  neuroflow/TF {ratio:4.2f}x"
        print(line, flush=True)
    if tensorflow:
        tensorflow.close()
        report_memory(args.tf_python)


def report_memory(tf_python):
    sides = (("neuroflow", sys.executable),) + ((("tensorflow", tf_python),) if os.path.exists(tf_python) else ())
    for side, python in sides:
        peak, growth = memory_in_subprocess(python, side)
        print(f"ResNet50 predict batch 32 (x3) memory, {side:10s}: peak RSS {peak:7.0f} MiB, "
              f"growth over the built model {growth:6.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
