"""Bidirectional LSTM on IMDB (keras.io's example): a 2-layer BiLSTM classifies movie reviews by sentiment.

Run: .venv/bin/python examples/imdb_lstm.py [--epochs 2] [--samples N] [--stand-in]

The code is keras.io's, with only the imports naming neuroflow. IMDB is downloaded once into
~/.keras/datasets (Keras' cache); on the real data the model reaches about 85-88% test accuracy
after 2 epochs. Offline with an empty cache (or with --stand-in) it trains instead on a small
generated stand-in (random "reviews" whose label depends on which of a few sentiment words they
hold), and says so: that shows the pipeline works, not what the model does on real reviews.
"""
import argparse
import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

from neuroflow import keras  # noqa: E402

MAX_FEATURES = 20000  # only the 20,000 most frequent words
MAXLEN = 200  # only the first 200 words of each review


def stand_in_data(samples, seed=0):
    """Reviews of random frequent words; positive ones hold more of a few 'good' words than 'bad' ones."""
    rng = np.random.default_rng(seed)
    good, bad = np.arange(10, 20), np.arange(20, 30)

    def reviews(n):
        xs, ys = [], []
        for _ in range(n):
            words = rng.integers(30, 2000, size=rng.integers(20, 120)).tolist()
            label = int(rng.integers(0, 2))
            marks = rng.choice(good if label else bad, size=rng.integers(2, 6))
            for w in marks:
                words.insert(int(rng.integers(0, len(words))), int(w))
            xs.append([1] + words)
            ys.append(label)
        sequences = np.empty(n, dtype=object)
        sequences[:] = xs
        return sequences, np.array(ys)
    return reviews(samples), reviews(max(samples // 4, 64))


def load_imdb(samples, stand_in):
    if not stand_in:
        try:
            (x_train, y_train), (x_val, y_val) = keras.datasets.imdb.load_data(num_words=MAX_FEATURES)
            if samples:
                x_train, y_train, x_val, y_val = x_train[:samples], y_train[:samples], x_val[:samples], y_val[:samples]
            return (x_train, y_train), (x_val, y_val), True
        except OSError as error:
            print(f"Could not download IMDB: {error}\n")
    print("Training on a small GENERATED stand-in for IMDB (not real reviews): the accuracy below says the "
          "pipeline learns, not how the model does on IMDB.\n")
    train, val = stand_in_data(samples or 2000)
    return train, val, False


def build_model():
    inputs = keras.Input(shape=(None,), dtype="int32")
    x = keras.layers.Embedding(MAX_FEATURES, 128)(inputs)
    x = keras.layers.Bidirectional(keras.layers.LSTM(64, return_sequences=True))(x)
    x = keras.layers.Bidirectional(keras.layers.LSTM(64))(x)
    outputs = keras.layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


def main():
    parser = argparse.ArgumentParser(description="Bidirectional LSTM sentiment classifier on IMDB.")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--samples", type=int, default=0, help="use only this many reviews (0: all)")
    parser.add_argument("--stand-in", action="store_true", help="use the generated stand-in even if IMDB is cached")
    args = parser.parse_args()

    keras.utils.set_random_seed(42)
    (x_train, y_train), (x_val, y_val), real = load_imdb(args.samples, args.stand_in)
    print(f"{len(x_train)} training sequences, {len(x_val)} validation sequences")
    x_train = keras.utils.pad_sequences(x_train, maxlen=MAXLEN)
    x_val = keras.utils.pad_sequences(x_val, maxlen=MAXLEN)

    model = build_model()
    model.summary()
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=args.epochs, validation_data=(x_val, y_val))
    loss, accuracy = model.evaluate(x_val, y_val, verbose=0)
    what = "IMDB test reviews" if real else "generated stand-in reviews"
    print(f"\nValidation accuracy: {accuracy:.2%} (loss {loss:.4f}) on {len(x_val):,} {what}.")


if __name__ == "__main__":
    main()
