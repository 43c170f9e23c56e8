"""Seeing a graph: Graphviz DOT text, and SVG when Graphviz's `dot` program is installed.

Nodes are operations, edges are the tensors flowing between them (labelled with their
dtype and shape): the lecture's picture of a data-flow graph.

>>> import neuroflow as tf
>>> @tf.function
... def layer(x, w, b):
...     return tf.nn.relu(tf.matmul(x, w) + b)
>>> graph = layer.get_concrete_function(tf.TensorSpec([1, 2]), tf.TensorSpec([2, 3]),
...                                     tf.TensorSpec([3])).graph
>>> print(graph.to_dot())
digraph layer {
  rankdir=BT;
  node [shape=box, style="rounded,filled", fillcolor="#e8eef7", fontname="Helvetica"];
  "x" [label="x\\nPlaceholder", shape=ellipse, fillcolor="#fdf3d8"];
  "w" [label="w\\nPlaceholder", shape=ellipse, fillcolor="#fdf3d8"];
  "b" [label="b\\nPlaceholder", shape=ellipse, fillcolor="#fdf3d8"];
  "MatMul" [label="MatMul"];
  "add" [label="add\\nAddV2"];
  "Relu" [label="Relu"];
  "x" -> "MatMul" [label="float32 (1, 2)"];
  "w" -> "MatMul" [label="float32 (2, 3)"];
  "MatMul" -> "add" [label="float32 (1, 3)"];
  "b" -> "add" [label="float32 (3,)"];
  "add" -> "Relu" [label="float32 (1, 3)"];
}
"""
import shutil
import subprocess

from ..framework.variable import Variable

__all__ = ["to_dot", "to_svg"]

_STYLES = {"Placeholder": ', shape=ellipse, fillcolor="#fdf3d8"', "Const": ', shape=note, fillcolor="#eeeeee"'}


def _quote(text):
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph):
    """The graph in Graphviz's DOT language."""
    lines = [f"digraph {graph.name} {{", "  rankdir=BT;",
             '  node [shape=box, style="rounded,filled", fillcolor="#e8eef7", fontname="Helvetica"];']
    variables = {}  # id -> node name of each variable read or written
    edges = []
    for node in graph.nodes:
        label = node.name if node.name == node.type else f"{node.name}\\n{node.type}"
        lines.append(f"  {_quote(node.name)} [label=\"{label}\"{_STYLES.get(node.type, '')}];")
        for x in node.inputs:
            if isinstance(x, Variable):
                source = variables.setdefault(id(x), x.name[:-2])
            else:
                source = x._node.name
            edges.append((source, node.name, f"{x.dtype.name} {x.shape}"))
        for control in getattr(node, "control_inputs", ()):
            edges.append((control.name, node.name, None))
    for name in variables.values():
        lines.append(f"  {_quote(name)} [label={_quote(name + ' (Variable)')}, shape=cylinder, "
                     'fillcolor="#e3f2e1"];')
    for source, target, label in edges:
        style = f" [label={_quote(label)}]" if label else " [style=dashed]"
        lines.append(f"  {_quote(source)} -> {_quote(target)}{style};")
    lines.append("}")
    return "\n".join(lines)


def to_svg(graph):
    """The graph drawn as SVG text by Graphviz's `dot` (install the `graphviz` system package)."""
    dot = shutil.which("dot")
    if dot is None:
        raise RuntimeError("Drawing a graph needs Graphviz's `dot` program, which is not installed. "
                           "Install it (e.g. `apt-get install graphviz`), or use graph.to_dot() and paste "
                           "the text into any Graphviz viewer.")
    result = subprocess.run([dot, "-Tsvg"], input=to_dot(graph), capture_output=True, text=True, check=True)
    return result.stdout
