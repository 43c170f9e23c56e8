"""neuroflow example: image augmentation with Keras preprocessing layers, shown on MNIST digits.

Run: .venv/bin/python examples/augmentation.py [--out augmented_digits.png] [--digits 6] [--variants 7]

A few digits from the MNIST sample shipped with neuroflow go through
`RandomFlip -> RandomRotation -> RandomZoom` (the layers act because they are called with
`training=True`, as `fit` does), and a grid of PNG thumbnails shows each original beside
its augmented variants. Drawing needs matplotlib: `pip install neuroflow[plot]`.

(Mirrored digits are no longer digits: for MNIST itself you would leave RandomFlip out; it is
here to show all three layers. For photos of objects, flips are the cheapest augmentation.)
"""
import argparse

import numpy as np

from neuroflow import keras
from neuroflow.io.atomic import atomic_write


def augmenter(seed=0):
    """The augmentation pipeline: random horizontal flips, rotations of up to ±36°, zooms of up to ±20%."""
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.RandomFlip("horizontal", seed=seed),
        keras.layers.RandomRotation(0.1, fill_mode="constant", seed=seed),
        keras.layers.RandomZoom(0.2, fill_mode="constant", seed=seed),
    ], name="augmenter")


def augment_digits(digits=6, variants=7, seed=0):
    """`(originals, augmented)`: `digits` MNIST images in [0, 1] and `variants` augmented copies of each."""
    (x_train, y_train), _ = keras.datasets.mnist.load_sample()
    first_of_each = [int(np.flatnonzero(y_train == label)[0]) for label in range(digits)]
    originals = x_train[first_of_each, :, :, None].astype("float32") / 255.0
    model = augmenter(seed)
    augmented = np.stack([model(originals, training=True).numpy() for _ in range(variants)], axis=1)
    return originals, augmented


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise ImportError("examples/augmentation.py draws its grid with matplotlib, which is not installed. "
                          "Install the plotting extra: pip install neuroflow[plot]") from None
    matplotlib.use("Agg")  # files only, no window
    import matplotlib.pyplot as plt
    return plt


def save_grid(originals, augmented, path):
    """Writes a PNG: one row per digit, the original first, then its augmented variants."""
    plt = _pyplot()
    rows, variants = augmented.shape[:2]
    figure, axes = plt.subplots(rows, variants + 1, figsize=(1.1 * (variants + 1), 1.1 * rows + 0.4))
    for row in range(rows):
        for col, image in enumerate([originals[row]] + list(augmented[row])):
            axis = axes[row, col]
            axis.imshow(image[..., 0], cmap="gray_r", vmin=0.0, vmax=1.0)
            axis.set_xticks([])
            axis.set_yticks([])
            if row == 0:
                axis.set_title("original" if col == 0 else f"#{col}", fontsize=8)
    figure.suptitle("RandomFlip + RandomRotation + RandomZoom on MNIST", fontsize=10)
    figure.tight_layout()
    with atomic_write(path, "wb") as f:
        figure.savefig(f, format="png", dpi=100)
    plt.close(figure)
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="augmented_digits.png", help="the PNG to write")
    parser.add_argument("--digits", type=int, default=6, help="how many digits (rows), at most 10")
    parser.add_argument("--variants", type=int, default=7, help="augmented copies per digit (columns)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    _pyplot()  # fail early, before any work, when matplotlib is missing
    originals, augmented = augment_digits(min(args.digits, 10), args.variants, args.seed)
    print(f"Wrote {save_grid(originals, augmented, args.out)}: {len(originals)} digits x "
          f"{augmented.shape[1]} augmented variants")


if __name__ == "__main__":
    main()
