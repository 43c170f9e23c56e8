"""keras.utils.model_to_dot / plot_model: the layer graph Keras draws, through pydot and Graphviz."""
import shutil
import sys

import numpy as np
import pytest

pydot = pytest.importorskip("pydot", reason="model_to_dot needs pydot (pip install neuroflow[graphviz])")

from neuroflow import keras  # noqa: E402


def _functional():
    inputs = keras.Input((8,), name="x")
    hidden = keras.layers.Dense(8, activation="relu", name="hidden")(inputs)
    inner = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, name="inner_a"),
                              keras.layers.Dense(4, name="inner_b")], name="inner")
    skip = keras.layers.Dense(4, name="skip", trainable=False)(inputs)
    outputs = keras.layers.Add(name="sum")([inner(hidden), skip])
    return keras.Model(inputs, outputs, name="net")


def _edges(dot):
    edges = list(dot.get_edges())
    for sub in dot.get_subgraphs():
        edges += sub.get_edges()
    return sorted((e.get_source(), e.get_destination()) for e in edges)


def test_functional_edges_and_nested_clusters():
    model = _functional()
    dot = keras.utils.model_to_dot(model)
    assert _edges(dot) == [("hidden", "inner"), ("inner", "sum"), ("skip", "sum"), ("x", "hidden"), ("x", "skip")]
    expanded = keras.utils.model_to_dot(model, expand_nested=True)
    (cluster,) = expanded.get_subgraphs()
    assert cluster.get_name() == "cluster_inner"
    assert _edges(expanded) == [("hidden", "inner_a"), ("inner_a", "inner_b"), ("inner_b", "sum"),
                                ("skip", "sum"), ("x", "hidden"), ("x", "skip")]


def test_sequential_chain_and_labels():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(5, activation="relu", name="d1"),
                              keras.layers.Dense(2, name="d2")])
    dot = keras.utils.model_to_dot(model, show_shapes=True, show_dtype=True, show_layer_activations=True,
                                   show_trainable=True, rankdir="LR", dpi=72)
    assert _edges(dot) == [("d1", "d2")]
    assert dot.get("rankdir") == "LR" and dot.get("dpi") == 72
    label = dot.get_node("d1")[0].get("label")
    for text in ("<b>d1</b> (Dense)", "Activation: <b>relu</b>", "Input shape: <b>(None, 3)</b>",
                 "Output shape: <b>(None, 5)</b>", "Output dtype: <b>float32</b>", "Trainable"):
        assert text in label
    plain = keras.utils.model_to_dot(model, show_layer_names=False).get_node("d2")[0].get("label")
    assert "<b>Dense</b>" in plain and "d2" not in plain and "shape" not in plain


def test_non_trainable_subclassed_and_unbuilt_models():
    label = keras.utils.model_to_dot(_functional(), show_trainable=True).get_node("skip")[0].get("label")
    assert "Non-trainable" in label

    class Custom(keras.Model):
        def __init__(self):
            super().__init__(name="custom")
            self.dense = keras.layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    custom = Custom()
    with pytest.raises(ValueError, match="not yet been built"):
        keras.utils.model_to_dot(custom)
    custom(np.ones((1, 3), np.float32))
    assert [n.get_name() for n in keras.utils.model_to_dot(custom).get_nodes()][-1] == "custom"
    with pytest.raises(ValueError, match="Unrecognized keyword"):
        keras.utils.model_to_dot(custom, colour=True)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's `dot` program is not installed "
                    "(apt-get install graphviz)")
def test_plot_model_writes_a_png_and_svg(tmp_path):
    model = _functional()
    keras.utils.plot_model(model, tmp_path / "model.png", show_shapes=True, dpi=50)
    assert (tmp_path / "model.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    keras.utils.plot_model(model, tmp_path / "model.svg", expand_nested=True)
    assert "<svg" in (tmp_path / "model.svg").read_text()


def test_missing_pydot_and_graphviz_name_what_to_install(monkeypatch, tmp_path):
    model = _functional()
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ImportError, match="apt-get install graphviz"):
        keras.utils.plot_model(model, tmp_path / "model.png")
    monkeypatch.setitem(sys.modules, "pydot", None)
    with pytest.raises(ImportError, match=r"pip install neuroflow\[graphviz\]"):
        keras.utils.model_to_dot(model)
