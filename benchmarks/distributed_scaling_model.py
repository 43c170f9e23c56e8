"""The scaling model of benchmarks/RESULTS.md (tf.distribute section): ring all-reduce efficiency,
with the gradients in buckets, and with each bucket's all-reduce overlapped with the rest of backprop.

Run: python benchmarks/distributed_scaling_model.py
"""
import math

# Compute time per sample, measured by benchmarks/distributed.py on 1 rank with 1 BLAS thread (the run
# recorded in RESULTS.md); the 25M-parameter model assumes 6 FLOP/param/sample at 50 GFLOP/s.
models = {"MLP 784-64-10 (50.9k params)": (1 / 51879, 50890 * 4, 4),
          "W3 CNN (54.4k params)": (1 / 1513, 54410 * 4, 4),
          "25M-param model": (6 * 25e6 / 50e9, 25e6 * 4, 160)}
alpha, b = 5e-6, 128  # per-message latency of one ring step; samples per worker and step
BACKWARD = 2 / 3  # the share of a step's compute that is backprop (the forward pass is ~1/3)


def ring(n, nbytes, bandwidth, messages=1):
    """Seconds of a ring all-reduce of `nbytes` in `messages` collectives over `n` workers."""
    return 2 * (n - 1) / n * nbytes / bandwidth + 2 * (n - 1) * alpha * messages


def step(compute, n, nbytes, bandwidth, bucket, overlap):
    """Seconds of one step: compute, then (or, with `overlap`, as backprop completes each bucket,
    the last layers' first) one all-reduce per bucket, one after another on the link."""
    buckets = max(1, math.ceil(nbytes / bucket))
    if not overlap:
        return compute + ring(n, nbytes, bandwidth, buckets)
    done = 0.0
    for k in range(1, buckets + 1):
        ready = compute * (1 - BACKWARD) + compute * BACKWARD * k / buckets
        done = max(ready, done) + ring(n, nbytes / buckets, bandwidth)
    return max(done, compute)


print("| model | link | N=8 | N=64 | N=512 | N=512, one collective per tensor "
      "| N=512, overlapped (32 MiB buckets) | N=512, overlapped (4 MiB buckets) |")
print("|---|---|---|---|---|---|---|---|")
for name, (t_sample, nbytes, tensors) in models.items():
    for gbit in (10, 100):
        bw, compute = gbit * 1e9 / 8, b * t_sample
        cells = [compute / step(compute, n, nbytes, bw, 32 << 20, False) for n in (8, 64, 512)]
        cells.append(compute / (compute + ring(512, nbytes, bw, tensors)))
        cells += [compute / step(compute, 512, nbytes, bw, bucket, True) for bucket in (32 << 20, 4 << 20)]
        print(f"| {name} | {gbit} Gbit/s | " + " | ".join(f"{e:.0%}" for e in cells) + " |")
