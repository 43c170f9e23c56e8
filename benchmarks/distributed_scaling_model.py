"""The scaling model of benchmarks/RESULTS.md (tf.distribute section): ring all-reduce efficiency."""
# Compute time per sample, measured by benchmarks/distributed.py on 1 rank with 1 BLAS thread (the run
# recorded in RESULTS.md); the 25M-parameter model assumes 6 FLOP/param/sample at 50 GFLOP/s.
models = {"MLP 784-64-10 (50.9k params)": (1 / 51879, 50890 * 4, 4),
          "W3 CNN (54.4k params)": (1 / 1513, 54410 * 4, 4),
          "25M-param model": (6 * 25e6 / 50e9, 25e6 * 4, 160)}
alpha, b, bucket = 5e-6, 128, 32 << 20
print("| model | link | N=8 | N=64 | N=512 | N=512, one collective per tensor | N=512, + overlap with backward |")
print("|---|---|---|---|---|---|---|")
for name, (ts, nbytes, tensors) in models.items():
    for gbit in (10, 100):
        bw = gbit * 1e9 / 8
        comp = b * ts
        ring = lambda n, messages: 2 * (n - 1) / n * nbytes / bw + 2 * (n - 1) * alpha * messages
        buckets = -(-nbytes // bucket)
        row = [comp / (comp + ring(n, buckets)) for n in (8, 64, 512)]
        per_tensor = comp / (comp + ring(512, tensors))
        overlapped = comp / (comp + max(0.0, ring(512, buckets) - 2 / 3 * comp))
        print(f"| {name} | {gbit} Gbit/s | " + " | ".join(f"{e:.0%}" for e in row)
              + f" | {per_tensor:.0%} | {overlapped:.0%} |")
