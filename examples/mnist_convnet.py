"""keras.io's "Simple MNIST convnet", run on neuroflow: about 99% test accuracy.

Run: .venv/bin/python examples/mnist_convnet.py [--epochs 15]

The code below `main` is keras.io's example (https://keras.io/examples/vision/mnist_convnet/)
with only the imports naming neuroflow. MNIST comes from Keras' cache (`~/.keras/datasets`,
or `$KERAS_HOME/datasets`): to run offline, point KERAS_HOME at a directory whose
`datasets/` holds `mnist.npz`.
"""
import argparse
import os
import time

# One BLAS thread: fastest for these matrix sizes on a shared machine (export OPENBLAS_NUM_THREADS to change).
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

from neuroflow import keras  # noqa: E402
from neuroflow.keras import layers  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description="Train keras.io's MNIST convnet with neuroflow.")
    parser.add_argument("--epochs", type=int, default=15)
    args = parser.parse_args()
    keras.utils.set_random_seed(1337)

    # Model / data parameters
    num_classes = 10
    input_shape = (28, 28, 1)

    # Load the data and split it between train and test sets
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()

    # Scale images to the [0, 1] range
    x_train = x_train.astype("float32") / 255
    x_test = x_test.astype("float32") / 255
    # Make sure images have shape (28, 28, 1)
    x_train = np.expand_dims(x_train, -1)
    x_test = np.expand_dims(x_test, -1)
    print("x_train shape:", x_train.shape)
    print(x_train.shape[0], "train samples")
    print(x_test.shape[0], "test samples")

    # convert class vectors to binary class matrices
    y_train = keras.utils.to_categorical(y_train, num_classes)
    y_test = keras.utils.to_categorical(y_test, num_classes)

    model = keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.Conv2D(32, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Conv2D(64, kernel_size=(3, 3), activation="relu"),
            layers.MaxPooling2D(pool_size=(2, 2)),
            layers.Flatten(),
            layers.Dropout(0.5),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )
    model.summary()

    batch_size = 128
    epochs = args.epochs
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, validation_split=0.1, verbose=2)
    minutes = (time.perf_counter() - start) / 60

    score = model.evaluate(x_test, y_test, verbose=0)
    print("Test loss:", score[0])
    print("Test accuracy:", score[1])
    print(f"{epochs} epochs of training took {minutes:.1f} minutes.")


if __name__ == "__main__":
    main()
