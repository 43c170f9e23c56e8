"""Train the MNIST MLP with the TensorBoard callback, then look at the run in TensorBoard.

Run:  .venv/bin/python examples/tensorboard_mnist.py [--epochs N] [--logdir logs/mnist]
Then: .venv/bin/tensorboard --logdir logs/mnist      and open http://localhost:6006

Needs `pip install neuroflow[tensorboard]`. The logs hold Keras' runs `train` and
`validation` with `epoch_loss`/`epoch_accuracy` curves, batch curves every 100 batches,
weight histograms every epoch and the compiled training step's graph. With pydot and
Graphviz installed (`pip install neuroflow[graphviz]`, `apt-get install graphviz`) the
script also draws the model to `<logdir>/model.png` with `keras.utils.plot_model`.
The data loading is the demo's (examples/demo.py): MNIST from Keras' cache, or the
sample shipped with neuroflow when offline.
"""
import argparse
import datetime
import os
import shutil

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from demo import load_mnist  # noqa: E402 - examples/demo.py, beside this file

from neuroflow import keras  # noqa: E402


def flat_mnist():
    """MNIST as the MLP reads it: 784 pixel values in [0, 1] per digit, and the labels."""
    (x_train, y_train), (x_test, y_test) = load_mnist()
    return ((x_train.reshape(-1, 784).astype("float32") / 255.0, y_train),
            (x_test.reshape(-1, 784).astype("float32") / 255.0, y_test))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--logdir", default="logs/mnist")
    args = parser.parse_args()
    keras.utils.set_random_seed(42)
    (x_train, y_train), (x_test, y_test) = flat_mnist()
    model = keras.Sequential([
        keras.Input(shape=(784,), name="pixels"),
        keras.layers.Dense(128, activation="relu", name="hidden"),
        keras.layers.Dropout(0.2, name="dropout"),
        keras.layers.Dense(10, activation="softmax", name="digits"),
    ], name="mnist_mlp")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

    run_dir = os.path.join(args.logdir, datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
    tensorboard = keras.callbacks.TensorBoard(log_dir=run_dir, histogram_freq=1, update_freq=100)
    model.fit(x_train, y_train, epochs=args.epochs, batch_size=32, validation_data=(x_test, y_test),
              callbacks=[tensorboard], verbose=2)

    try:
        keras.utils.plot_model(model, os.path.join(run_dir, "model.png"), show_shapes=True,
                               show_layer_activations=True)
        print(f"Model drawn to {os.path.join(run_dir, 'model.png')}")
    except ImportError as error:  # pydot or Graphviz missing: the logs are complete anyway
        print(f"(No model picture: {error})")
    command = shutil.which("tensorboard") or "tensorboard"
    print(f"\nLogs written to {run_dir}. Look at them with:\n  {command} --logdir {args.logdir}\n"
          "and open http://localhost:6006")


if __name__ == "__main__":
    main()
