"""TextVectorization on an IMDB-sized corpus: neuroflow against TensorFlow's Keras, measured in one run.

Run: .venv/bin/python benchmarks/text.py [--docs 25000] [--tf-python /work/tfvenv/bin/python]

The corpus is generated (Zipf-distributed words from a 20,000-word vocabulary, ~230 words per
review, as IMDB). Timed: `adapt` (standardize, split, count, rank) and one call vectorizing the
whole corpus to `output_sequence_length=200`. TensorFlow runs the same code in a subprocess of
its own Python (a side venv), alternating with neuroflow so machine load hits both; the outputs
are checked equal. There is no target: text preprocessing runs once per dataset, not per step.
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

import numpy as np  # noqa: E402


def corpus(docs, seed=0):
    rng = np.random.default_rng(seed)
    words = np.array([f"w{i}" for i in range(20000)])
    return np.array([" ".join(words[np.minimum(rng.zipf(1.3, size=230), 19999)]) + "!" for _ in range(docs)])


def run_once(keras, texts):
    """(adapt seconds, call seconds, a checksum of the output)."""
    layer = keras.layers.TextVectorization(max_tokens=20000, output_sequence_length=200)
    start = time.perf_counter()
    layer.adapt(texts)
    adapt = time.perf_counter() - start
    start = time.perf_counter()
    out = np.asarray(layer(texts))
    call = time.perf_counter() - start
    return adapt, call, int(out.astype(np.int64).sum() % 1000003)


def worker(backend, docs):
    if backend == "tensorflow":
        import keras
    else:
        from neuroflow import keras
    print(json.dumps(run_once(keras, corpus(docs))))


def measure(python, backend, docs):
    done = subprocess.run([python, __file__, "--worker", backend, "--docs", str(docs)], capture_output=True,
                          text=True, check=True, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=25000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tf-python", default="/work/tfvenv/bin/python")
    parser.add_argument("--worker", choices=["neuroflow", "tensorflow"])
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.docs)
    with_tf = os.path.exists(args.tf_python)
    results = {"neuroflow": [], "tensorflow": []}
    for _ in range(args.runs):
        results["neuroflow"].append(measure(sys.executable, "neuroflow", args.docs))
        if with_tf:
            results["tensorflow"].append(measure(args.tf_python, "tensorflow", args.docs))
    print(f"TextVectorization, {args.docs} generated reviews of ~230 words, max_tokens=20000, length 200; "
          f"median of {args.runs} alternated runs")
    ours = results["neuroflow"]
    for i, what in enumerate(("adapt", "vectorize")):
        line = f"  {what:9s} neuroflow {statistics.median(r[i] for r in ours):6.2f} s"
        if with_tf:
            theirs = results["tensorflow"]
            assert ours[0][2] == theirs[0][2], "neuroflow and TensorFlow vectorized the corpus differently"
            ratio = statistics.median(a[i] / b[i] for a, b in zip(ours, theirs))
            line += f"  TensorFlow {statistics.median(r[i] for r in theirs):6.2f} s  time ratio {ratio:4.2f}x"
        print(line)
    if not with_tf:
        print(f"  (TensorFlow not found at {args.tf_python}: pass --tf-python to compare)")


if __name__ == "__main__":
    main()
