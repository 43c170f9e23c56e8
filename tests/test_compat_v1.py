"""compat.v1: graphs, placeholders, sessions, variable initialization, TF1 optimizers, errors."""
import os

import numpy as np
import pytest

import neuroflow as tf

v1 = tf.compat.v1


@pytest.fixture
def graph():
    g = v1.Graph()
    with g.as_default():
        yield g


def test_lecture_graph_then_session(graph):
    a = tf.add(3, 5)
    assert str(a) == 'Tensor("add:0", shape=(), dtype=int32)'
    w, x, b = tf.constant(3.0), tf.constant(2.0), tf.constant(5.0)
    result = tf.nn.relu(tf.add(tf.multiply(w, x), b))
    with v1.Session() as sess:
        assert sess.run(a) == 8
        assert sess.run(result) == 11.0


def test_lecture_relu_wx_plus_b_with_variables(graph):
    x = v1.placeholder(tf.int32, shape=[None, 2])
    w = tf.Variable(tf.ones(shape=[2, 4], dtype=tf.int32))
    b = tf.Variable(tf.zeros(shape=[4, 4], dtype=tf.int32))
    result = tf.nn.relu(tf.matmul(x, w) + b)
    assert result.shape.as_list() == [4, 4] or result.shape.as_list() == [None, 4]
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        out = sess.run(result, feed_dict={x: [[3, 2], [5, 2], [9, 5], [1, 3]]})
    assert out.tolist() == [[5] * 4, [7] * 4, [14] * 4, [4] * 4]


def test_fetch_structures_and_names(graph):
    x = v1.placeholder(tf.float32, shape=[None], name="x")
    y = tf.multiply(x, 2.0)
    z = y + 1.0
    sess = v1.Session()
    feed = {x: np.array([1.0, 2.0])}
    out = sess.run({"y": y, "pair": [y, (z,)]}, feed_dict=feed)
    assert out["y"].tolist() == [2.0, 4.0] and out["pair"][1][0].tolist() == [3.0, 5.0]
    assert sess.run("mul:0", feed_dict={"x:0": [3.0]}).tolist() == [6.0]
    assert sess.run(z, feed_dict={y: [10.0]}).tolist() == [11.0]  # any tensor can be fed
    assert z.eval(feed_dict=feed, session=sess).tolist() == [3.0, 5.0]


def test_placeholder_errors(graph):
    x = v1.placeholder(tf.float32, shape=[None, 3], name="inputs")
    y = tf.reduce_sum(x)
    sess = v1.Session()
    with pytest.raises(tf.errors.InvalidArgumentError, match="must feed a value for placeholder tensor 'inputs'"):
        sess.run(y)
    with pytest.raises(ValueError, match=r"Cannot feed value of shape \(2, 2\) for Tensor inputs:0"):
        sess.run(y, feed_dict={x: np.ones((2, 2))})
    other = v1.Graph()
    with other.as_default():
        stranger = tf.constant(1.0) * 2.0
    with pytest.raises(ValueError, match="is not an element of this graph"):
        sess.run(stranger)


def test_uninitialized_variable_error(graph):
    w = tf.Variable(tf.zeros([2]), name="weights")
    sess = v1.Session()
    with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value weights"):
        sess.run(w * 2.0)
    sess.run(v1.variables_initializer([w]))
    assert sess.run(w * 2.0).tolist() == [0.0, 0.0]


def test_default_graph_mode_and_interactive_session():
    v1.disable_eager_execution()
    try:
        assert not v1.executing_eagerly()
        a = tf.constant([1.0, 2.0]) * 3.0
        assert v1.get_default_graph() is a.graph
        sess = v1.InteractiveSession()
        assert a.eval().tolist() == [3.0, 6.0]
        sess.close()
    finally:
        v1.enable_eager_execution()
        v1.reset_default_graph()
    assert v1.executing_eagerly() and tf.constant(1.0).numpy() == 1.0


def test_gradients(graph):
    x = v1.placeholder(tf.float32, shape=[None])
    w = tf.Variable(2.0)
    y = tf.reduce_sum(w * x * x)
    dx, dw = v1.gradients(y, [x, w])
    with v1.Session() as sess:
        sess.run(v1.global_variables_initializer())
        gx, gw = sess.run([dx, dw], feed_dict={x: [1.0, 3.0]})
    assert gx.tolist() == [4.0, 12.0] and gw == 10.0


def test_tf1_linear_regression():
    rng = np.random.default_rng(0)
    train_x = rng.uniform(0, 10, 50).astype(np.float32)
    train_y = 0.3 * train_x + 2.0 + rng.normal(0, 0.1, 50).astype(np.float32)
    g = v1.Graph()
    with g.as_default():
        X = v1.placeholder("float")
        Y = v1.placeholder("float")
        W = tf.Variable(-1.0, name="weight")
        b = tf.Variable(0.0, name="bias")
        pred = tf.add(tf.multiply(X, W), b)
        cost = tf.reduce_sum(tf.pow(pred - Y, 2)) / (2 * len(train_x))
        optimizer = v1.train.GradientDescentOptimizer(0.01).minimize(cost)
        init = v1.global_variables_initializer()
    with v1.Session(graph=g) as sess:
        sess.run(init)
        start = sess.run(cost, feed_dict={X: train_x, Y: train_y})
        for _ in range(25):
            for xs, ys in zip(train_x, train_y):
                sess.run(optimizer, feed_dict={X: xs, Y: ys})
        end = sess.run(cost, feed_dict={X: train_x, Y: train_y})
        assert end < start / 100
        assert abs(sess.run(W) - 0.3) < 0.3


def _mnist_sample():
    path = os.path.join(os.path.dirname(tf.__file__), "keras", "datasets", "mnist_sample.npz")
    if not os.path.exists(path):
        pytest.skip("the shipped MNIST sample (keras/datasets/mnist_sample.npz) is missing")
    with np.load(path) as data:
        keys = sorted(data.files)
        arrays = {k: data[k] for k in keys}
    x = arrays.get("x_train", arrays.get(keys[0]))
    y = arrays.get("y_train", arrays.get(keys[-1]))
    return x.reshape(len(x), -1).astype(np.float32) / 255.0, np.eye(10, dtype=np.float32)[y]


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_tf1_mnist_softmax_learns(optimizer):
    images, labels = _mnist_sample()
    train_x, train_y, test_x, test_y = images[:-500], labels[:-500], images[-500:], labels[-500:]
    g = v1.Graph()
    with g.as_default():
        x = v1.placeholder(tf.float32, [None, 784])
        W = tf.Variable(tf.zeros([784, 10]))
        b = tf.Variable(tf.zeros([10]))
        y = tf.nn.softmax(tf.matmul(x, W) + b)
        y_ = v1.placeholder(tf.float32, [None, 10])
        cross_entropy = v1.reduce_mean(-v1.reduce_sum(y_ * v1.log(y + 1e-9), reduction_indices=[1]))
        opt = v1.train.GradientDescentOptimizer(0.5) if optimizer == "sgd" else v1.train.AdamOptimizer(0.01)
        train_step = opt.minimize(cross_entropy)
        correct = tf.equal(v1.argmax(y, 1), v1.argmax(y_, 1))
        accuracy = v1.reduce_mean(tf.cast(correct, tf.float32))
        init = v1.global_variables_initializer()
    with v1.Session(graph=g) as sess:
        sess.run(init)
        for i in range(150):
            batch = slice((i * 100) % (len(train_x) - 100), (i * 100) % (len(train_x) - 100) + 100)
            train_step.run(feed_dict={x: train_x[batch], y_: train_y[batch]})
        acc = accuracy.eval(feed_dict={x: test_x, y_: test_y})
    assert acc > 0.8
