"""Printing graphs and drawing them with Graphviz."""
import shutil

import pytest

import neuroflow as tf
from neuroflow.graph import visualize


def _graph():
    w = tf.Variable([[1.0], [2.0]], name="weights")

    @tf.function
    def f(x):
        return tf.nn.relu(x @ w)
    return f.get_concrete_function(tf.TensorSpec([None, 2])).graph


def test_printed_graph_lists_ops_inputs_and_shapes():
    text = str(_graph())
    assert "x = Placeholder() -> float32(None, 2)" in text
    assert "MatMul = MatMul(x, weights) -> float32(None, 1)" in text
    assert "Relu = Relu(MatMul) -> float32(None, 1)" in text


def test_dot_has_nodes_edges_and_variables():
    dot = _graph().to_dot()
    assert dot.startswith("digraph f {") and dot.endswith("}")
    assert '"weights" [label="weights (Variable)", shape=cylinder' in dot
    assert '"x" -> "MatMul" [label="float32 (None, 2)"];' in dot
    assert '"MatMul" -> "Relu"' in dot


def test_svg_needs_graphviz(monkeypatch):
    if shutil.which("dot"):
        assert "<svg" in _graph().to_svg()
    monkeypatch.setattr(visualize.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="Graphviz's `dot` program"):
        _graph().to_svg()
