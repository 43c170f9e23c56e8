"""Plot the training curves of `model.fit` (`history.history`), as the Keras tutorials do.

Run: .venv/bin/python examples/plot_history.py [--epochs N] [--out history.png]

Trains the MNIST MLP with a validation split and draws loss and accuracy per epoch,
training and validation side by side: the picture that shows over- and underfitting.
Needs matplotlib (`pip install neuroflow[plot]`); without it the curves are printed as a table.
The data loading is examples/tensorboard_mnist.py's.
"""
import argparse
import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from tensorboard_mnist import flat_mnist  # noqa: E402 - examples/tensorboard_mnist.py, beside this file

from neuroflow import keras  # noqa: E402


def plot_history(history, path):
    """Draws each metric of `history.history` (and its `val_` twin) against the epoch, into `path`."""
    import matplotlib
    matplotlib.use("Agg")  # draw to a file, no window needed
    import matplotlib.pyplot as plt

    metrics = [name for name in history.history if not name.startswith("val_")]
    figure, axes = plt.subplots(1, len(metrics), figsize=(5 * len(metrics), 4))
    for axis, name in zip(list(getattr(axes, "flat", [axes])), metrics):
        epochs = range(1, len(history.history[name]) + 1)
        axis.plot(epochs, history.history[name], "o-", label=f"training {name}")
        if "val_" + name in history.history:
            axis.plot(epochs, history.history["val_" + name], "s--", label=f"validation {name}")
        axis.set_xlabel("epoch")
        axis.set_ylabel(name)
        axis.legend()
        axis.grid(True, alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--out", default="history.png")
    args = parser.parse_args()

    keras.utils.set_random_seed(42)
    (x_train, y_train), _ = flat_mnist()
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=args.epochs, batch_size=64, validation_split=0.2, verbose=2)
    try:
        plot_history(history, args.out)
        print(f"Curves drawn to {args.out}")
    except ImportError:
        print("matplotlib is not installed (pip install neuroflow[plot]): the curves as a table instead.")
        names = list(history.history)
        print("epoch  " + "  ".join(f"{n:>12s}" for n in names))
        for epoch, row in enumerate(zip(*(history.history[n] for n in names)), 1):
            print(f"{epoch:5d}  " + "  ".join(f"{v:12.4f}" for v in row))


if __name__ == "__main__":
    main()
