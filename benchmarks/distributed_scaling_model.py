"""The scaling model of benchmarks/RESULTS.md (tf.distribute section): ring all-reduce efficiency."""
t_mlp = 1 / 75000          # measured: s per sample, 1 rank, 1 BLAS thread (benchmarks/distributed.py)
models = {"MLP 784-64-10 (50.9k params)": (t_mlp, 50890 * 4, 4),
          "W3 CNN (34.8k params)": (150e-6, 34826 * 4, 6),     # compute assumed (Conv2D not on this branch)
          "25M-param model": (6 * 25e6 / 50e9, 25e6 * 4, 160)}  # 6 FLOP/param/sample at 50 GFLOP/s
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
