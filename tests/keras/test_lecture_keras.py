"""The Keras half of lecture 06, run verbatim (only the import lines swapped).

"Regression with Tensorflow" fits on plain Python lists, which Keras 2 accepted (Keras 3
rejects them); "... more Keras code" needs `keras` and the arrays `x_train`, `y_train`,
`x_test`, `y_test`, which the slide leaves to the reader: here they are small one-hot
classification data.
"""
import contextlib
import io
import re

import numpy as np
import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")

REGRESSION = '''
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

# Define the model
model = Sequential()
model.add(Dense(units = 1, input_shape=[1,]))

# Prepare the model for training: Specify the loss
model.compile(loss='mse', optimizer="sgd")

# Generate some synthetic data for training.
xs = [1, 2, 3, 4, 10]
ys = [1, 4, 6, 8, 20]

# Train the model using the data.
model.fit(xs, ys, epochs=10)

testData = [5,9,11,19,21]
result = model.predict(testData)
'''

MORE_KERAS = '''
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Dense

model = Sequential()
# Stacking layers is as easy as .add():
model.add(Dense(units=64, activation='relu'))
model.add(Dense(units=10, activation='softmax'))

# Once your model looks good, configure its learning process with .compile():
model.compile(loss='categorical_crossentropy', optimizer='sgd', metrics=['accuracy'])

# If you need to, you can further configure your optimizer. The Keras philosophy is to simple things simple,
# while allowing the user to be # fully in control when they need to (the ultimate control being the easy
# extensibility of the source code # via subclassing).
model.compile(loss=keras.losses.categorical_crossentropy, optimizer=keras.optimizers.SGD(learning_rate=0.01))

# You can now iterate on your training data in batches:
# x_train and y_train are Numpy arrays --just like in the Scikit-Learn API.
model.fit(x_train, y_train, epochs=5, batch_size=32)

# Evaluate your test loss and metrics in one line:
loss_and_metrics = model.evaluate(x_test, y_test, batch_size=128)

# Or generate predictions on new data:
classes = model.predict(x_test, batch_size=128)
'''


def run(snippet, namespace):
    code = snippet.replace("from tensorflow.keras.", "from neuroflow.keras.")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<slide>", "exec"), namespace)
    return [ANSI.sub("", line.split("\r")[-1]).replace("\b", "").rstrip() for line in out.getvalue().split("\n")]


def test_regression_with_tensorflow_on_python_lists():
    from neuroflow import keras
    keras.utils.set_random_seed(0)
    namespace = {}
    with pytest.warns(UserWarning, match="input_shape"):  # Keras 3 warns about `input_shape=` too
        lines = run(REGRESSION, namespace)
    assert [line for line in lines if line.startswith("Epoch")] == [f"Epoch {i}/10" for i in range(1, 11)]
    bars = [line for line in lines if line.startswith("1/1 ")]
    assert len(bars) == 11  # ten epochs and the predict call
    assert re.match(r"^1/1 ━{20} \d+s \d+(ms|us|s)/step - loss: \d+\.\d{4}$", bars[0]), bars[0]
    assert re.match(r"^1/1 ━{20} \d+s \d+(ms|us|s)/step$", bars[-1]), bars[-1]
    losses = [float(bar.rsplit(" ", 1)[1]) for bar in bars[:-1]]
    assert losses[-1] < losses[0]
    history = namespace["model"].history
    assert history.params == {"verbose": "auto", "epochs": 10, "steps": 1}
    result = namespace["result"]
    assert result.shape == (5, 1) and result.dtype == np.float32
    assert np.all(np.diff(result[:, 0]) > 0)  # the fitted line rises, as y = 2x does


def test_more_keras_code():
    from neuroflow import keras
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(320, 20)).astype("float32")
    labels = (x[:, :10].argmax(1))
    namespace = {"keras": keras, "x_train": x[:256], "y_train": keras.utils.to_categorical(labels[:256], 10),
                 "x_test": x[256:], "y_test": keras.utils.to_categorical(labels[256:], 10)}
    lines = run(MORE_KERAS, namespace)
    assert [line for line in lines if line.startswith("Epoch")] == [f"Epoch {i}/5" for i in range(1, 6)]
    train_bars = [line for line in lines if line.startswith("8/8 ")]
    assert len(train_bars) == 5
    # The second compile passes no metrics, so Keras 3 keeps the first compile's accuracy.
    assert all(re.match(r"^8/8 ━{20} \d+s \d+(ms|us|s)/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$", b)
               for b in train_bars)
    loss, accuracy = namespace["loss_and_metrics"]
    assert loss > 0 and 0 <= accuracy <= 1
    assert namespace["classes"].shape == (64, 10)
    np.testing.assert_allclose(namespace["classes"].sum(1), 1.0, rtol=1e-5)
