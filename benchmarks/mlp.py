"""`fit` and `predict` of a 784-128-10 MLP against a hand-written NumPy loop, in one run.

Run: .venv/bin/python benchmarks/mlp.py [--samples N] [--compiled]

Both sides do the same arithmetic on the same data: Dense(128, relu) -> Dense(10) logits,
sparse softmax cross-entropy, SGD (lr 0.01) or Adam (Keras' defaults), a fresh shuffle
each epoch, the epoch's mean loss. neuroflow runs eagerly (`run_eagerly=True`); `--compiled`
adds the same measurements through `neuroflow.function` (fit's default).

Targets: eager fit at batch 128 >= 0.6x the NumPy loop's samples/s; compiled fit >= 0.85x
at batch 32 and 128 (and >= 1.3x an idiomatic PyTorch loop, >= 3x TensorFlow's Keras);
predict on one sample <= 0.2 ms; bulk predict (10,000 samples, batch 1024) >= 0.9x a NumPy
forward pass. PyTorch (alternated with the compiled fit, same batches and optimizer) and
TensorFlow are timed when they are installed.
"""
import argparse
import os
import statistics
import time

# One BLAS thread for both sides: multi-threaded BLAS on small matrices swings wildly on a
# busy machine. Set before NumPy loads its BLAS; export OPENBLAS_NUM_THREADS to override.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import neuroflow as tf  # noqa: E402
from neuroflow import keras  # noqa: E402

THREADS = f"BLAS threads: {os.environ['OPENBLAS_NUM_THREADS']}"


# --- the NumPy floor ------------------------------------------------------------------------------
def glorot(rng, fan_in, fan_out):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)


class NumpyMLP:
    """The same MLP, loss and optimizers, written directly in NumPy."""

    def __init__(self, optimizer, seed=0):
        rng = np.random.default_rng(seed)
        self.params = [glorot(rng, 784, 128), np.zeros(128, np.float32),
                       glorot(rng, 128, 10), np.zeros(10, np.float32)]
        self.optimizer = optimizer
        self.slots = [(np.zeros_like(p), np.zeros_like(p)) for p in self.params]
        self.t = 0

    def forward(self, x):
        w1, b1, w2, b2 = self.params
        return np.maximum(x @ w1 + b1, 0) @ w2 + b2

    def step(self, x, y):
        w1, b1, w2, b2 = self.params
        h = np.maximum(x @ w1 + b1, 0)
        logits = h @ w2 + b2
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        n = len(y)
        rows = np.arange(n)
        loss = (np.log(total[:, 0]) - shifted[rows, y]).mean()
        d_logits = exp / total
        d_logits[rows, y] -= 1
        d_logits /= n
        d_h = (d_logits @ w2.T) * (h > 0)
        grads = [x.T @ d_h, d_h.sum(axis=0), h.T @ d_logits, d_logits.sum(axis=0)]
        self.update(grads)
        return loss

    def update(self, grads):
        self.t += 1
        if self.optimizer == "sgd":
            for p, g in zip(self.params, grads):
                p -= np.float32(0.01) * g
            return
        b1, b2, eps = 0.9, 0.999, 1e-7
        lr = np.float32(0.001 * np.sqrt(1 - b2 ** self.t) / (1 - b1 ** self.t))
        for p, g, (m, v) in zip(self.params, grads, self.slots):
            m += (g - m) * np.float32(1 - b1)
            v += (g * g - v) * np.float32(1 - b2)
            p -= lr * m / (np.sqrt(v) + np.float32(eps))

    def fit_epoch(self, x, y, batch_size):
        order = np.random.permutation(len(x))
        losses = []
        for start in range(0, len(x), batch_size):
            index = order[start:start + batch_size]
            losses.append(self.step(x.take(index, axis=0), y.take(index, axis=0)) * len(index))
        return sum(losses) / len(x)


# --- neuroflow ---------------------------------------------------------------------------------
def keras_mlp(optimizer, compiled=False):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10)])
    model.compile(optimizer=optimizer, run_eagerly=not compiled,
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    return model


def seconds(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def compare(ours, *others, repeats):
    """Best seconds of each and the median speed ratios of ours to each other, all timed in turn so load hits all."""
    for fn in (ours, *others):
        fn()  # warm-up: builds weights and optimizer slots, traces, fills caches
    rounds = [[seconds(fn) for fn in (ours, *others)] for _ in range(repeats)]
    best = [min(times) for times in zip(*rounds)]
    return best, [statistics.median(r[i] / r[0] for r in rounds) for i in range(1, len(best))]


def torch_epoch(torch, x, y, optimizer, batch_size):
    """One epoch of an idiomatic PyTorch loop for the same MLP, loss and optimizer (Keras' Adam epsilon)."""
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    opt = (torch.optim.SGD(net.parameters(), lr=0.01) if optimizer == "sgd"
           else torch.optim.Adam(net.parameters(), lr=0.001, eps=1e-7))
    tx, ty = torch.from_numpy(x), torch.from_numpy(y.astype("int64"))

    def epoch():
        order, total = torch.randperm(len(tx)), 0.0
        for start in range(0, len(tx), batch_size):
            index = order[start:start + batch_size]
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(tx[index]), ty[index])
            loss.backward()
            opt.step()
            total += loss.item() * len(index)
        return total / len(tx)
    return epoch


def _torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))  # the same thread count as NumPy's BLAS
    return torch


def bench_fit(x, y, repeats, compiled):
    mode = "compiled" if compiled else "eager"
    torch = _torch() if compiled else None
    print(f"fit ({mode}), one epoch of {len(x)} samples, samples/s (best of {repeats}) and median ratio:")
    for optimizer in ("sgd", "adam"):
        for batch_size in (32, 128):
            model, floor_model = keras_mlp(optimizer, compiled), NumpyMLP(optimizer)
            others = [lambda: floor_model.fit_epoch(x, y, batch_size)]
            if torch is not None:
                others.append(torch_epoch(torch, x, y, optimizer, batch_size))
            best, ratios = compare(lambda: model.fit(x, y, batch_size=batch_size, verbose=0), *others,
                                   repeats=repeats)
            target = " (target >= 0.85x)" if compiled else " (target >= 0.6x)" if batch_size == 128 else ""
            line = (f"  {optimizer:4s} batch {batch_size:3d}: neuroflow {len(x) / best[0]:9.0f}  "
                    f"numpy {len(x) / best[1]:9.0f}  ratio {ratios[0]:4.2f}x{target}")
            if torch is not None:
                line += f"  | PyTorch {len(x) / best[2]:9.0f}  neuroflow/PyTorch {ratios[1]:4.2f}x (target >= 1.3x)"
            print(line)


def bench_predict(x, compiled):
    model = keras_mlp("sgd", compiled)
    model.fit(x[:256], np.zeros(256, "int32"), verbose=0)
    one = x[:1]
    model.predict(one, verbose=0)
    times = []
    for _ in range(300):
        start = time.perf_counter()
        model.predict(one, verbose=0)
        times.append(time.perf_counter() - start)
    print(f"predict ({'compiled' if compiled else 'eager'}), one sample: median "
          f"{statistics.median(times) * 1e3:.3f} ms (target <= 0.2 ms; TensorFlow's predict takes ~40 ms)")

    bulk = x[:10000]
    w1, b1, w2, b2 = (v.numpy() for v in model.weights)

    def numpy_forward():
        return np.concatenate([np.maximum(bulk[i:i + 1024] @ w1 + b1, 0) @ w2 + b2
                               for i in range(0, len(bulk), 1024)])
    np.testing.assert_allclose(model.predict(bulk, batch_size=1024, verbose=0), numpy_forward(), rtol=1e-4,
                               atol=1e-4)
    (ours, floor), (ratio,) = compare(lambda: model.predict(bulk, batch_size=1024, verbose=0), numpy_forward,
                                      repeats=7)
    print(f"predict, {len(bulk)} samples, batch 1024: neuroflow {len(bulk) / ours:9.0f}/s  "
          f"numpy {len(bulk) / floor:9.0f}/s  ratio {ratio:4.2f}x (target >= 0.9x)")


def bench_others(x, y):
    """TensorFlow's Keras on the same fit, when installed (not required; PyTorch is timed in `bench_fit`)."""
    try:
        import tensorflow
    except ImportError:
        return
    model = tensorflow.keras.Sequential([tensorflow.keras.Input(shape=(784,)),
                                         tensorflow.keras.layers.Dense(128, activation="relu"),
                                         tensorflow.keras.layers.Dense(10)])
    model.compile(optimizer="sgd", loss=tensorflow.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, batch_size=128, verbose=0)
    best = min(seconds(lambda: model.fit(x, y, batch_size=128, verbose=0)) for _ in range(3))
    print(f"  TensorFlow sgd batch 128: {len(x) / best:9.0f} samples/s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=16384)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--compiled", action="store_true", help="also time fit/predict through neuroflow.function")
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    x = rng.random((max(args.samples, 10000), 784), dtype=np.float32)
    y = rng.integers(0, 10, len(x)).astype("int32")
    print(f"neuroflow {tf.__version__}, NumPy {np.__version__}, {THREADS}")
    for compiled in (False, True) if args.compiled else (False,):
        bench_fit(x[:args.samples], y[:args.samples], args.repeats, compiled)
        bench_predict(x, compiled)
    bench_others(x[:args.samples], y[:args.samples])


if __name__ == "__main__":
    main()
