"""TFRecord read/write throughput: neuroflow.io against TensorFlow's tf.data, on the same file.

Run: .venv/bin/python benchmarks/tfrecord.py

Writes 20,000 MNIST-sized records (784 bytes each, ~16 MB) with neuroflow's TFRecordWriter,
then times reading them back: `iterate_records` with the google-crc32c accelerator (if
installed) and with the pure-Python CRC32C, and TensorFlow's `TFRecordDataset` iterated in
eager mode, when a Python with TensorFlow is found (`$TF_PYTHON`, default /work/tfvenv/bin/python).
"""
import os
import subprocess
import tempfile
import time

import numpy as np

import neuroflow as tf
from neuroflow.io import crc32c
from neuroflow.io.tfrecord import iterate_records

RECORDS, SIZE = 20_000, 784
TF_SNIPPET = """
import sys, time, os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import tensorflow as tf
tf.config.threading.set_inter_op_parallelism_threads(1)
best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    n = sum(1 for _ in tf.data.TFRecordDataset(sys.argv[1]))
    best = min(best, time.perf_counter() - start)
print(best)
"""


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    rng = np.random.default_rng(0)
    payload = [rng.integers(0, 256, SIZE, dtype=np.uint8).tobytes() for _ in range(RECORDS)]
    path = os.path.join(tempfile.mkdtemp(), "bench.tfrecord")
    mb = RECORDS * (SIZE + 16) / 1e6

    def write():
        with tf.io.TFRecordWriter(path) as writer:
            for record in payload:
                writer.write(record)

    def read():
        assert sum(1 for _ in iterate_records(path)) == RECORDS

    rows = [("write (neuroflow)", best_of(write))]
    rows.append((f"read, CRC32C in {'C (google-crc32c)' if crc32c._implementation == 'c' else 'Python'}",
                 best_of(read)))
    if crc32c._implementation == "c":
        crc32c._implementation = None  # the pure-Python fallback, as without the extra
        rows.append(("read, CRC32C in Python", best_of(read, repeat=1)))
        crc32c._implementation = "c"
    tf_python = os.environ.get("TF_PYTHON", "/work/tfvenv/bin/python")
    if os.path.exists(tf_python):
        seconds = float(subprocess.run([tf_python, "-c", TF_SNIPPET, path], capture_output=True,
                                       text=True, check=True).stdout.split()[-1])
        rows.append(("read, TensorFlow TFRecordDataset (eager iteration)", seconds))
    print(f"{RECORDS} records of {SIZE} bytes ({mb:.1f} MB)")
    for label, seconds in rows:
        print(f"{label:55s} {seconds * 1e3:8.1f} ms  {mb / seconds:7.1f} MB/s  {RECORDS / seconds:9.0f} records/s")


if __name__ == "__main__":
    main()
