"""Text classification with a Transformer block (keras.io's "Text classification with Transformer").

Run: .venv/bin/python examples/transformer_block.py [--epochs N]

The model is keras.io's, with only the imports naming neuroflow: token and position
embeddings, one Transformer block (MultiHeadAttention, a feed-forward network, residual
connections, LayerNormalization, dropout), average pooling over the sequence, and a
classifier. It trains offline on generated "reviews": sequences of word ids where a review
is positive when it holds more words from a positive set than from a negative one, padded
with 0 (masked) to a common length. Getting this right needs the model to count words
across the whole sequence, which attention does in one step.
"""
import argparse
import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import neuroflow as tf  # noqa: E402
from neuroflow import keras  # noqa: E402
from neuroflow.keras import layers  # noqa: E402

VOCAB_SIZE, MAXLEN = 200, 40
POSITIVE, NEGATIVE = range(10, 20), range(20, 30)


class TransformerBlock(layers.Layer):
    """Self-attention and a feed-forward network, each with a residual connection and LayerNormalization."""

    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1, **kwargs):
        super().__init__(**kwargs)
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)])
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs, training=None):
        attn_output = self.att(inputs, inputs)
        attn_output = self.dropout1(attn_output, training=training)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output, training=training)
        return self.layernorm2(out1 + ffn_output)


class TokenAndPositionEmbedding(layers.Layer):
    """The sum of a word's embedding and its position's embedding."""

    def __init__(self, maxlen, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        positions = tf.range(start=0, limit=x.shape[-1], delta=1)
        return self.token_emb(x) + self.pos_emb(positions)


def make_reviews(n, rng):
    """`n` padded reviews of 10..40 words, labelled 1 when positive words outnumber negative ones."""
    x = np.zeros((n, MAXLEN), "int32")
    y = np.zeros(n, "int32")
    for i in range(n):
        length = rng.integers(10, MAXLEN + 1)
        words = rng.integers(30, VOCAB_SIZE, length)
        positives, negatives = rng.integers(0, 5, 2)
        while positives == negatives:
            negatives = rng.integers(0, 5)
        slots = rng.choice(length, positives + negatives, replace=False)
        words[slots[:positives]] = rng.choice(POSITIVE, positives)
        words[slots[positives:]] = rng.choice(NEGATIVE, negatives)
        x[i, MAXLEN - length:] = words  # pre-padding, as keras.utils.pad_sequences does by default
        y[i] = positives > negatives
    return x, y


def build_model(embed_dim=32, num_heads=2, ff_dim=32):
    inputs = layers.Input(shape=(MAXLEN,), dtype="int32")
    x = TokenAndPositionEmbedding(MAXLEN, VOCAB_SIZE, embed_dim)(inputs)
    x = TransformerBlock(embed_dim, num_heads, ff_dim)(x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dropout(0.1)(x)
    x = layers.Dense(20, activation="relu")(x)
    x = layers.Dropout(0.1)(x)
    outputs = layers.Dense(2, activation="softmax")(x)
    return keras.Model(inputs=inputs, outputs=outputs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--samples", type=int, default=2000)
    args = parser.parse_args(argv)
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    (x_train, y_train), (x_test, y_test) = make_reviews(args.samples, rng), make_reviews(1000, rng)
    print(f"Generated {len(x_train)} training and {len(x_test)} test reviews (offline stand-in for IMDB).")
    model = build_model()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, batch_size=32, epochs=args.epochs, validation_data=(x_test, y_test), verbose=2)
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    print(f"Test accuracy: {accuracy:.3f}")
    return accuracy


if __name__ == "__main__":
    main()
