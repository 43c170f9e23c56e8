"""tf.Module: variable and sub-module tracking, names and name scopes."""
import pytest

import neuroflow as tf


class Dense(tf.Module):
    def __init__(self, n_in, n_out, name=None):
        super().__init__(name=name)
        with self.name_scope:
            self.w = tf.Variable(tf.ones([n_in, n_out]), name="w")
            self.b = tf.Variable(tf.zeros([n_out]), name="b")

    def __call__(self, x):
        return tf.nn.relu(tf.matmul(x, self.w) + self.b)


class MLP(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.layers = [Dense(3, 4, name="first"), Dense(4, 2, name="second")]
        self.steps = tf.Variable(0, trainable=False, name="steps")
        self.config = {"scale": tf.Variable(1.0, name="scale"), "label": "mlp"}

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x * self.config["scale"]


def names(variables):
    return [v.name for v in variables]


def test_variables_are_found_through_attributes_lists_and_dicts():
    m = MLP()
    # TensorFlow's order: this module's attributes (sorted by name) first, then sub-modules'.
    assert names(m.variables) == ["scale:0", "steps:0", "first/b:0", "first/w:0", "second/b:0",
                                  "second/w:0"]
    assert names(m.trainable_variables) == ["scale:0", "first/b:0", "first/w:0", "second/b:0",
                                            "second/w:0"]
    assert names(m.non_trainable_variables) == ["steps:0"]
    assert [s.name for s in m.submodules] == ["first", "second"]
    assert all(isinstance(v, tf.Variable) for v in m.variables)


def test_submodules_are_listed_nearest_first():
    class Outer(tf.Module):
        def __init__(self):
            super().__init__()
            self.inner = MLP(name="inner")
            self.head = Dense(2, 1, name="head")

    assert [s.name for s in Outer().submodules] == ["head", "inner", "first", "second"]


def test_the_module_computes_with_its_variables():
    m = MLP()
    y = m(tf.ones([5, 3]))
    assert y.shape == (5, 2)
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(m(tf.ones([1, 3])))
    grads = tape.gradient(loss, m.trainable_variables)
    assert all(g is not None for g in grads)


def test_shared_variables_and_cycles_are_counted_once():
    m = tf.Module(name="m")
    v = tf.Variable(1.0)
    m.a, m.b, m.pair = v, v, (v, [v])
    m.self_ref = m
    child = tf.Module(name="child")
    child.parent, child.v = m, tf.Variable(2.0)
    m.child, m.child_again = child, child
    assert len(m.variables) == 2 and m.submodules == (child,)


def test_default_and_invalid_names():
    class MyDenseLayer(tf.Module):
        pass

    class HTTPServer(tf.Module):
        pass

    assert MyDenseLayer().name == "my_dense_layer" and HTTPServer().name == "http_server"
    assert MLP().name == "mlp" and tf.Module().name == "module"
    for bad in ("has space", "1st", "a/b", "dash-ed"):
        with pytest.raises(ValueError, match="is not a valid module name"):
            tf.Module(name=bad)


def test_name_scope_prefixes_variable_names():
    with tf.name_scope("outer"):
        m = Dense(2, 2, name="dense")
    assert m.name_scope.name == "outer/dense/"
    assert names(m.variables) == ["outer/dense/b:0", "outer/dense/w:0"]
    with m.name_scope as scope:
        assert scope == "outer/dense/"
        assert tf.Variable(1.0, name="extra").name == "outer/dense/extra:0"


def test_with_name_scope_decorator():
    class Lazy(tf.Module):
        @tf.Module.with_name_scope
        def __call__(self, x):
            """Builds on first call."""
            if not hasattr(self, "w"):
                self.w = tf.Variable(tf.ones([x.shape[-1], 2]), name="w")
            return tf.matmul(x, self.w)

    m = Lazy(name="lazy")
    assert m(tf.ones([1, 3])).shape == (1, 2)
    assert m.w.name == "lazy/w:0" and names(m.trainable_variables) == ["lazy/w:0"]
    assert Lazy.__call__.__doc__ == "Builds on first call." and Lazy.__call__.__name__ == "__call__"


def test_flatten_with_paths():
    m = MLP()
    paths = dict(m._flatten(predicate=lambda v: isinstance(v, tf.Variable), with_path=True))
    assert paths[("config", "scale")] is m.config["scale"]
    assert paths[("layers", 1, "w")] is m.layers[1].w
    assert ("layers", 0) not in paths
    direct = m._flatten(recursive=False, predicate=lambda v: isinstance(v, tf.Variable))
    assert names(direct) == ["scale:0", "steps:0"]
