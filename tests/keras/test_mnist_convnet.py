"""Learning on real data: a small convnet (Conv2D, BatchNormalization, pooling) learns MNIST digits."""
import numpy as np

from neuroflow import keras


def test_small_convnet_learns_mnist(mnist):
    (x_train, y_train), (x_test, y_test) = mnist
    keras.utils.set_random_seed(7)
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(8, 3, activation="relu"),
        keras.layers.BatchNormalization(momentum=0.9),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x = x_train[:2000, :, :, None].astype("float32") / 255.0
    history = model.fit(x, y_train[:2000], epochs=2, batch_size=32, verbose=0)
    assert history.history["loss"][1] < history.history["loss"][0]
    loss, accuracy = model.evaluate(x_test[:1000, :, :, None].astype("float32") / 255.0, y_test[:1000], verbose=0)
    assert accuracy >= 0.85, f"test accuracy {accuracy:.4f} after 2 epochs on 2,000 digits"
    assert np.isfinite(model.layers[1].moving_variance.numpy()).all()
