"""neuroflow demo: a 784-128-10 MLP learns to read handwritten digits (MNIST).

Run: ./scripts/demo   (or .venv/bin/python examples/demo.py [--epochs N])

The code is plain Keras; only the imports name neuroflow. MNIST is downloaded once into
~/.keras/datasets (Keras' cache); offline with an empty cache, the demo trains on the
small MNIST sample shipped inside neuroflow instead, and says so.
"""
import argparse
import os
import tempfile

# This model's matrices are small: one BLAS thread is fastest, and avoids threads fighting
# over busy cores. Export OPENBLAS_NUM_THREADS (or OMP_NUM_THREADS) to choose otherwise.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from neuroflow import keras  # noqa: E402 - after the thread settings, which NumPy reads on import


def load_mnist():
    """MNIST as Keras loads it, or the shipped sample when it cannot be downloaded."""
    try:
        return keras.datasets.mnist.load_data()
    except OSError as error:
        print(f"Could not download MNIST: {error}\n")
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_sample()
        print(f"Using the real-MNIST sample shipped with neuroflow instead: {len(x_train):,} training and "
              f"{len(x_test):,} test digits (the full dataset has 60,000 and 10,000, and reaches higher "
              "accuracy).\n")
        return (x_train, y_train), (x_test, y_test)


def ascii_digit(image):
    """A 28x28 digit as 14 lines of text."""
    shades = " .:-=+*#%@"
    return ["".join(shades[min(int(v) * len(shades) // 256, len(shades) - 1)] for v in row[::2])
            for row in image[::2]]


def main():
    parser = argparse.ArgumentParser(description="Train a 784-128-10 MLP on MNIST with neuroflow.")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--tfjs", metavar="DIR", help="also export the trained model as a TF.js Layers model "
                        "into DIR (e.g. examples/web/mnist_model, which examples/web/mnist.html loads)")
    args = parser.parse_args()

    keras.utils.set_random_seed(42)
    (x_train, y_train), (x_test, y_test) = load_mnist()
    x_train = x_train.reshape(-1, 784).astype("float32") / 255.0
    x_test_flat = x_test.reshape(-1, 784).astype("float32") / 255.0

    model = keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.summary()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=args.epochs, batch_size=32)

    loss, accuracy = model.evaluate(x_test_flat, y_test, verbose=0)
    print(f"\nTest accuracy: {accuracy:.2%} (loss {loss:.4f}) on {len(x_test):,} digits the model never saw.\n")

    if args.tfjs:
        model.export(args.tfjs, format="tfjs")

    # Save the trained model as a Keras 3 `.keras` file (real Keras loads it too), then load it
    # back and let the loaded copy read the digits.
    path = os.path.join(tempfile.mkdtemp(prefix="neuroflow_demo_"), "mnist_mlp.keras")
    model.save(path)
    model = keras.models.load_model(path)
    print(f"Saved the model to {path} ({os.path.getsize(path) / 1024:,.0f} KiB) and loaded it back.\n")

    shown = 5
    probabilities = model.predict(x_test_flat[:shown], verbose=0)
    print("A few test digits and what the loaded model reads:\n")
    for line in zip(*(ascii_digit(image) for image in x_test[:shown])):
        print("   ".join(line))
    print("   ".join(f"read as {p.argmax()}".ljust(14) for p in probabilities))
    print("   ".join(f"({p.max():.0%} sure)".ljust(14) for p in probabilities))
    print("   ".join(f"label {t}".ljust(14) for t in y_test[:shown]))


if __name__ == "__main__":
    main()
