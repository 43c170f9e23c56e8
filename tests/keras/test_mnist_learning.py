"""Learning on real data: one epoch of the 784-128-10 MLP on MNIST clears 95% test accuracy."""
import numpy as np

from neuroflow import keras


def test_one_epoch_of_the_mlp_reaches_95_percent(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    keras.utils.set_random_seed(42)
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(128, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x_train.reshape(-1, 784) / 255.0, y_train, epochs=1, batch_size=32, verbose=0)
    loss, accuracy = model.evaluate(x_test.reshape(-1, 784) / 255.0, y_test, verbose=0)
    assert history.history["accuracy"][0] > 0.9
    assert accuracy >= 0.95, f"test accuracy {accuracy:.4f} after one epoch"
    predictions = model.predict(x_test[:100].reshape(-1, 784) / 255.0, verbose=0).argmax(1)
    assert np.mean(predictions == y_test[:100]) >= 0.9
