"""tf.data input pipelines: a CSV file and a folder of images, each feeding a model as it trains.

Run: .venv/bin/python examples/data_pipeline.py   (needs Pillow: pip install neuroflow[images])

The script first writes its data into a temporary folder:
- `houses.csv`: rooms, area, age and whether the house sold above the median price;
- `shapes/<class>/*.png`: small images of horizontal and vertical bars.
Then it reads both back the way a TensorFlow tutorial does: parsed, shuffled, batched and
prefetched (produced in a background thread while the model trains), and trains a model
on each. Only the imports name neuroflow.
"""
import os
import tempfile

import numpy as np

import neuroflow as tf
from neuroflow import keras


def write_csv(path, rows=600, seed=0):
    rng = np.random.RandomState(seed)
    rooms = rng.randint(1, 7, rows)
    area = rooms * 18 + rng.normal(0, 10, rows)
    age = rng.randint(0, 60, rows)
    price = 40 * area - 300 * age + rng.normal(0, 400, rows)
    sold_high = (price > np.median(price)).astype(int)
    with open(path, "w") as f:
        f.write("rooms,area,age,sold_high\n")
        for row in zip(rooms, area, age, sold_high):
            f.write(f"{row[0]},{row[1]:.1f},{row[2]},{row[3]}\n")


def write_images(root, per_class=40, seed=0):
    rng = np.random.RandomState(seed)
    for label in ("horizontal", "vertical"):
        os.makedirs(os.path.join(root, label), exist_ok=True)
        for i in range(per_class):
            image = rng.uniform(0, 60, (16, 16, 3))
            line = rng.randint(2, 14)
            if label == "horizontal":
                image[line - 1:line + 2, :, :] = 255
            else:
                image[:, line - 1:line + 2, :] = 255
            keras.utils.save_img(os.path.join(root, label, f"{i:03d}.png"), image, scale=False)


def csv_pipeline(path):
    """CSV rows -> (features, label) batches: parsed, normalised in the graph, shuffled, prefetched."""
    columns = tf.data.experimental.CsvDataset(path, [tf.float32, tf.float32, tf.float32, tf.int32], header=True)
    mean = tf.constant([3.5, 63.0, 30.0])
    scale = tf.constant([1.7, 32.0, 17.0])

    def to_example(rooms, area, age, label):
        features = (tf.stack([rooms, area, age]) - mean) / scale
        return features, label

    rows = columns.map(to_example, num_parallel_calls=tf.data.AUTOTUNE).cache()
    train = rows.take(500).shuffle(500, seed=1).batch(32).prefetch(tf.data.AUTOTUNE)
    test = rows.skip(500).batch(100)
    return train, test


def image_pipeline(root):
    """Image files -> (images, labels) batches: decoded and resized on worker threads, shuffled, prefetched."""
    train, validation = keras.utils.image_dataset_from_directory(
        root, image_size=(16, 16), batch_size=16, validation_split=0.25, subset="both", seed=3)
    print("classes:", train.class_names)
    return train.cache().prefetch(tf.data.AUTOTUNE), validation


def main():
    keras.utils.set_random_seed(0)
    folder = tempfile.mkdtemp(prefix="neuroflow_data_")
    csv_path = os.path.join(folder, "houses.csv")
    write_csv(csv_path)
    write_images(os.path.join(folder, "shapes"))
    print(f"data written to {folder}\n")

    print("== a CSV file ==")
    train, test = csv_pipeline(csv_path)
    print(train.element_spec)
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(keras.optimizers.Adam(0.01), "binary_crossentropy", metrics=["accuracy"])
    model.fit(train, epochs=10, verbose=2)
    loss, accuracy = model.evaluate(test, verbose=0)
    print(f"held-out accuracy: {accuracy:.3f}\n")

    print("== a folder of images ==")
    train, validation = image_pipeline(os.path.join(folder, "shapes"))
    print(train.element_spec)
    model = keras.Sequential([keras.Input((16, 16, 3)), keras.layers.Rescaling(1 / 255),
                              keras.layers.Flatten(), keras.layers.Dense(32, activation="relu"),
                              keras.layers.Dense(2)])
    model.compile(keras.optimizers.Adam(0.003),
                  keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    model.fit(train, validation_data=validation, epochs=8, verbose=2)
    loss, accuracy = model.evaluate(validation, verbose=0)
    print(f"validation accuracy: {accuracy:.3f}")


if __name__ == "__main__":
    main()
