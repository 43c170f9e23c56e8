"""Writes digits/{7,2,1,0}.png: the first four MNIST test digits (from the real-MNIST sample
shipped with neuroflow), as 28x28 greyscale PNGs for mnist.html's test digits.

Run: .venv/bin/python examples/web/make_digits.py
"""
import os

import numpy as np

import neuroflow as tf
from neuroflow import keras


def main():
    _, (x_test, y_test) = keras.datasets.mnist.load_sample()
    folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits")
    os.makedirs(folder, exist_ok=True)
    for image, label in zip(x_test[:4], y_test[:4]):
        png = tf.io.encode_png(np.asarray(image, np.uint8)[:, :, None]).numpy()
        with open(os.path.join(folder, f"{label}.png"), "wb") as f:
            f.write(png)


if __name__ == "__main__":
    main()
