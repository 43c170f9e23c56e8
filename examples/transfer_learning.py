"""neuroflow example: transfer learning with a MobileNetV2 base, as in keras.io's transfer-learning guide.

Run: .venv/bin/python examples/transfer_learning.py [--data DIR] [--epochs 3] [--fine-tune-epochs 2]

Runs offline. Without `--data`, it first writes a small generated image folder (two classes,
"stripes" and "checks", 48 noisy 96×96 PNGs each) to a temporary directory and says so; with
`--data`, it uses your folder of `<class>/<image>` files. The base is
`MobileNetV2(alpha=0.35, include_top=False)` with Keras' ImageNet weights when they are already
cached in ~/.keras/models (nothing is downloaded), otherwise randomly initialised (it says which).

1. Feature extraction: the base is frozen (`base.trainable = False`, so its BatchNormalization
   layers run in inference mode) and only a new classifier head trains.
2. Fine-tuning: the base is unfrozen and the whole model trains on at a 10× smaller learning rate.
With random base weights (nothing cached) the frozen features carry almost no signal and the few
epochs here stay near chance: the run then shows the mechanics, not transfer. Place Keras' file
`mobilenet_v2_weights_tf_dim_ordering_tf_kernels_0.35_96_no_top.h5` in ~/.keras/models/ to see it.
Needs Pillow for decoding images: `pip install neuroflow[images]`.
"""
import argparse
import os
import tempfile

import numpy as np

import neuroflow as tf
from neuroflow import keras
from neuroflow.keras.utils.file_utils import cache_path

SIZE = 96
ALPHA = 0.35


def generate_folder(root, per_class=48, seed=0):
    """Writes `root/stripes/*.png` and `root/checks/*.png`: noisy stripe and checkerboard patterns."""
    rng = np.random.default_rng(seed)
    ys, xs = np.mgrid[0:SIZE, 0:SIZE]
    for label in ("stripes", "checks"):
        os.makedirs(os.path.join(root, label), exist_ok=True)
        for i in range(per_class):
            period = rng.integers(6, 16)
            phase = rng.integers(0, period)
            angle = rng.uniform(0, np.pi)
            u = xs * np.cos(angle) + ys * np.sin(angle) + phase
            v = -xs * np.sin(angle) + ys * np.cos(angle) + phase
            pattern = (u // period) % 2 if label == "stripes" else ((u // period) + (v // period)) % 2
            colour = rng.uniform(60, 255, 3)
            image = pattern[..., None] * colour + rng.normal(0, 25, (SIZE, SIZE, 3))
            png = tf.io.encode_png(np.clip(image, 0, 255).astype("uint8"))
            tf.io.write_file(os.path.join(root, label, f"{i:03d}.png"), png)
    return root


def cached_imagenet_weights():
    """The ImageNet weights' file if it is already in the Keras cache, else None (nothing is downloaded)."""
    fname = f"mobilenet_v2_weights_tf_dim_ordering_tf_kernels_{ALPHA}_{SIZE}_no_top.h5"
    path = cache_path(fname, "models")
    return path if os.path.exists(path) else None


def build_model(num_classes, weights):
    base = keras.applications.MobileNetV2(input_shape=(SIZE, SIZE, 3), alpha=ALPHA, include_top=False,
                                          weights=weights)
    base.trainable = False
    inputs = keras.Input((SIZE, SIZE, 3))
    x = keras.applications.mobilenet_v2.preprocess_input(inputs)
    x = base(x, training=False)  # keep BatchNormalization in inference mode, even after unfreezing
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dropout(0.2)(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs), base


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", help="a folder of <class>/<image> files (default: generate one)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--fine-tune-epochs", type=int, default=2)
    args = parser.parse_args()
    keras.utils.set_random_seed(0)
    if args.data is None:
        args.data = generate_folder(os.path.join(tempfile.mkdtemp(prefix="neuroflow-transfer-"), "images"))
        print(f"Offline run: generated a small image folder (2 classes x 48 PNGs) at {args.data}")
    train, validation = keras.utils.image_dataset_from_directory(
        args.data, image_size=(SIZE, SIZE), batch_size=16, validation_split=0.25, subset="both", seed=1)
    class_names = train.class_names
    weights_path = cached_imagenet_weights()
    print("Base: MobileNetV2(alpha=0.35) with " +
          (f"cached ImageNet weights ({weights_path})" if weights_path else
           "random weights (ImageNet weights are not cached in ~/.keras/models; nothing is downloaded)"))
    model, base = build_model(len(class_names), weights_path)

    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    print(f"1. Feature extraction: {len(model.trainable_weights)} trainable weights (the head only)")
    model.fit(train, validation_data=validation, epochs=args.epochs, verbose=2)

    base.trainable = True
    model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    print(f"2. Fine-tuning: {len(model.trainable_weights)} trainable weights")
    model.fit(train, validation_data=validation, epochs=args.fine_tune_epochs, verbose=2)
    loss, accuracy = model.evaluate(validation, verbose=0)
    print(f"Validation accuracy {accuracy:.3f} (loss {loss:.3f}) on classes {class_names}")

    features = keras.Model(base.input, base.get_layer("block_13_expand_relu").output)
    print("Feature extractor up to block_13_expand_relu:", features.output.shape)


if __name__ == "__main__":
    main()
