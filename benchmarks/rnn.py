"""`fit()` samples/s of recurrent models against TensorFlow 2.21 (and PyTorch), in one run.

Run: .venv/bin/python benchmarks/rnn.py [--tf /work/tfvenv/bin/python] [--batches N] [--repeats R]

Models (Adam, Keras' defaults; the same shapes on every side):
- `lstm`: Input(100, 32) -> LSTM(64) -> Dense(1), MSE, batch 64;
- `gru`: the same with GRU(64);
- `imdb`: Embedding(20000, 128) -> Bidirectional(LSTM(64, return_sequences=True)) ->
  Bidirectional(LSTM(64)) -> Dense(1, sigmoid), binary cross-entropy, length 200, batch 32
  (keras.io's "Bidirectional LSTM on IMDB");
- `convlstm` (only with `--models convlstm`; PyTorch has no ConvLSTM): Input(10, 16, 16, 4) ->
  ConvLSTM2D(16, 3, padding="same") -> GlobalAveragePooling2D -> Dense(1), MSE, batch 16.

TensorFlow runs in a subprocess of its own interpreter (`--tf`, default /work/tfvenv/bin/python)
with one intra-op and one inter-op thread; PyTorch, when importable here, with one thread. Each
side times `--repeats` fits of `--batches` batches after a warm-up fit, the sides alternating
within each round so machine load hits all; it prints each side's best samples/s and the median
over rounds of the per-round ratio. Target: >= 1.0x TensorFlow on each model.
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

MODELS = {"lstm": dict(batch=64), "gru": dict(batch=64), "imdb": dict(batch=32), "convlstm": dict(batch=16)}


def data(name, batches):
    rng = np.random.default_rng(0)
    n = MODELS[name]["batch"] * batches
    if name == "imdb":
        return rng.integers(1, 20000, (n, 200)).astype("int32"), rng.integers(0, 2, (n, 1)).astype("float32")
    if name == "convlstm":
        return rng.standard_normal((n, 10, 16, 16, 4)).astype("float32"), rng.standard_normal((n, 1)).astype("float32")
    return rng.standard_normal((n, 100, 32)).astype("float32"), rng.standard_normal((n, 1)).astype("float32")


def keras_model(keras, name):
    """The model in any Keras 3 (neuroflow's or TensorFlow's)."""
    layers = keras.layers
    if name == "imdb":
        model = keras.Sequential([keras.Input((200,), dtype="int32"), layers.Embedding(20000, 128),
                                  layers.Bidirectional(layers.LSTM(64, return_sequences=True)),
                                  layers.Bidirectional(layers.LSTM(64)), layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        return model
    if name == "convlstm":
        model = keras.Sequential([keras.Input((10, 16, 16, 4)), layers.ConvLSTM2D(16, 3, padding="same"),
                                  layers.GlobalAveragePooling2D(), layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        return model
    rnn = layers.LSTM(64) if name == "lstm" else layers.GRU(64)
    model = keras.Sequential([keras.Input((100, 32)), rnn, layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model


def torch_fit(name, x, y, batch):
    """An idiomatic PyTorch loop for the same model (nn.LSTM / nn.GRU, Adam with Keras' epsilon)."""
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(0)
    nn = torch.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            if name == "imdb":
                self.embed = nn.Embedding(20000, 128)
                self.rnn1 = nn.LSTM(128, 64, batch_first=True, bidirectional=True)
                self.rnn2 = nn.LSTM(128, 64, batch_first=True, bidirectional=True)
                self.out = nn.Linear(128, 1)
            else:
                self.rnn1 = (nn.LSTM if name == "lstm" else nn.GRU)(32, 64, batch_first=True)
                self.out = nn.Linear(64, 1)

        def forward(self, x):
            if name == "imdb":
                seq, _ = self.rnn1(self.embed(x))
                _, (h, _) = self.rnn2(seq)
                return torch.sigmoid(self.out(torch.cat([h[0], h[1]], dim=1)))
            _, state = self.rnn1(x)
            h = state[0] if name == "lstm" else state
            return self.out(h[-1])

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=0.001, eps=1e-7)
    loss_fn = nn.BCELoss() if name == "imdb" else nn.MSELoss()
    tx = torch.from_numpy(x.astype("int64") if name == "imdb" else x)
    ty = torch.from_numpy(y)

    def fit():
        for start in range(0, len(tx), batch):
            opt.zero_grad()
            loss = loss_fn(net(tx[start:start + batch]), ty[start:start + batch])
            loss.backward()
            opt.step()
    return fit


def time_fit(fit, samples):
    start = time.perf_counter()
    fit()
    return samples / (time.perf_counter() - start)


_TF_WORKER = r"""
import json, os, sys, time
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
tf.config.threading.set_intra_op_parallelism_threads(1)
tf.config.threading.set_inter_op_parallelism_threads(1)
import keras
sys.path.insert(0, sys.argv[1])
from rnn import data, keras_model, MODELS
name, batches = sys.argv[2], int(sys.argv[3])
x, y = data(name, batches)
batch = MODELS[name]["batch"]
keras.utils.set_random_seed(0)
model = keras_model(keras, name)
model.fit(x[:2 * batch], y[:2 * batch], batch_size=batch, verbose=0)
for line in sys.stdin:  # one fit per request, so the parent can alternate sides
    start = time.perf_counter()
    model.fit(x, y, batch_size=batch, verbose=0, shuffle=False)
    print(json.dumps(len(x) / (time.perf_counter() - start)), flush=True)
"""


class TensorFlowSide:
    """TensorFlow in its own interpreter, fitting on request."""

    def __init__(self, python, name, batches):
        env = dict(os.environ, OMP_NUM_THREADS="1", TF_NUM_INTEROP_THREADS="1", TF_NUM_INTRAOP_THREADS="1")
        self.process = subprocess.Popen([python, "-c", _TF_WORKER, os.path.dirname(os.path.abspath(__file__)),
                                         name, str(batches)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, env=env)

    def __call__(self):
        self.process.stdin.write("fit\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the TensorFlow worker exited; run it by hand to see why")
        return json.loads(line)

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tf", default="/work/tfvenv/bin/python", help="a Python with TensorFlow 2.21")
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--models", default="lstm,gru,imdb")
    args = parser.parse_args()
    import neuroflow
    from neuroflow import keras
    try:
        import torch  # noqa: F401
        has_torch = True
    except ImportError:
        has_torch = False
    has_tf = os.path.exists(args.tf)
    print(f"neuroflow {neuroflow.__version__}, NumPy {np.__version__}, BLAS threads "
          f"{os.environ['OPENBLAS_NUM_THREADS']}; TensorFlow: {args.tf if has_tf else 'not found'}; "
          f"PyTorch: {'yes' if has_torch else 'not installed'}")
    for name in args.models.split(","):
        batch = MODELS[name]["batch"]
        x, y = data(name, args.batches)
        keras.utils.set_random_seed(0)
        model = keras_model(keras, name)
        model.fit(x[:2 * batch], y[:2 * batch], batch_size=batch, verbose=0)
        sides = {"neuroflow": lambda: time_fit(lambda: model.fit(x, y, batch_size=batch, verbose=0,
                                                                 shuffle=False), len(x))}
        tf_side = TensorFlowSide(args.tf, name, args.batches) if has_tf else None
        if tf_side is not None:
            sides["TensorFlow"] = tf_side
        if has_torch and name != "convlstm":
            fit = torch_fit(name, x, y, batch)
            fit()
            sides["PyTorch"] = lambda: time_fit(fit, len(x))
        rounds = [{side: run() for side, run in sides.items()} for _ in range(args.repeats)]
        if tf_side is not None:
            tf_side.close()
        best = {side: max(r[side] for r in rounds) for side in sides}
        line = f"{name:5s} batch {batch}: " + "  ".join(f"{side} {rate:7.1f}/s" for side, rate in best.items())
        for other in ("TensorFlow", "PyTorch"):
            if other in best:  # the median of the rounds' ratios: each round times both sides back to back
                ratio = statistics.median(r["neuroflow"] / r[other] for r in rounds)
                line += f"  neuroflow/{other} {ratio:.2f}x"
        print(line + ("  (target >= 1.0x TensorFlow)" if has_tf else ""), flush=True)


if __name__ == "__main__":
    sys.exit(main())
