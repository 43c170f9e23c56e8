"""`plot_model` and `model_to_dot`: a Keras model's layers drawn as a graph, through pydot and Graphviz.

Each layer is a box (its name and class, and optionally its activation, input/output
shapes, dtype and whether it trains); edges follow the layer calls. `model_to_dot` needs
`pydot` (`pip install neuroflow[graphviz]`); `plot_model` also needs Graphviz's `dot`
program (`apt-get install graphviz`, `brew install graphviz`) to render the picture.

>>> from neuroflow import keras
>>> inputs = keras.Input((4,), name="features")
>>> outputs = keras.layers.Dense(2, activation="softmax", name="classes")(inputs)
>>> dot = keras.utils.model_to_dot(keras.Model(inputs, outputs), show_shapes=True)
>>> [node.get_name() for node in dot.get_nodes()][-2:]
['features', 'classes']
>>> [(e.get_source(), e.get_destination()) for e in dot.get_edges()]
[('features', 'classes')]
"""
import os
import shutil

__all__ = ["model_to_dot", "plot_model"]


def _pydot():
    try:
        import pydot
    except ImportError:
        raise ImportError("You must install pydot (`pip install neuroflow[graphviz]`, or `pip install pydot`) "
                          "for `model_to_dot` and `plot_model` to work.") from None
    return pydot


def _check_graphviz():
    if shutil.which("dot") is None:
        raise ImportError("You must install Graphviz's `dot` program for `plot_model` to work (e.g. "
                          "`apt-get install graphviz` or `brew install graphviz`; see "
                          "https://graphviz.org/download/). `model_to_dot` works without it.")


def _models():
    from ..models.functional import Functional
    from ..models.sequential import Sequential
    return Functional, Sequential


def _escape(text):
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _activation_name(activation):
    return getattr(activation, "name", None) or getattr(activation, "__name__", None) or str(activation)


def _format(structure, attribute):
    """A layer's input/output shapes or dtypes as text ('?' when unknown)."""
    from ...framework import nest
    if structure is None:
        return "?"
    if isinstance(structure, dict):
        return ", ".join(f"{k}: {getattr(v, attribute)}" for k, v in structure.items())
    values = [getattr(x, attribute) for x in nest.flatten(structure)]
    values = [tuple(v) if attribute == "shape" else v for v in values]
    return str(values[0] if len(values) == 1 else values)


def _io(layer, which):
    try:
        return getattr(layer, which)
    except (AttributeError, ValueError):
        return None


def _label(layer, show_shapes, show_dtype, show_layer_names, show_layer_activations, show_trainable):
    """Keras' HTML-like table label for one layer."""
    class_name = type(layer).__name__
    title = f"<b>{_escape(layer.name)}</b> ({class_name})" if show_layer_names else f"<b>{class_name}</b>"
    colspan = max(1, int(show_dtype) + int(show_trainable) + 2 * int(show_shapes))
    rows = [f'<tr><td colspan="{colspan}" bgcolor="black"><font point-size="16" color="white">{title}'
            "</font></td></tr>"]
    if show_layer_activations and getattr(layer, "activation", None) is not None:
        rows.append(f'<tr><td bgcolor="white" colspan="{colspan}"><font point-size="14">Activation: '
                    f"<b>{_escape(_activation_name(layer.activation))}</b></font></td></tr>")
    cells = []
    cell = '<td bgcolor="white"><font point-size="14">{}: <b>{}</b></font></td>'
    if show_shapes:
        if class_name != "InputLayer":
            cells.append(cell.format("Input shape", _escape(_format(_io(layer, "input"), "shape"))))
        cells.append(cell.format("Output shape", _escape(_format(_io(layer, "output"), "shape"))))
    if show_dtype:
        output = _io(layer, "output")
        cells.append(cell.format("Output dtype", _escape(_format(output, "dtype") if output is not None else "?")))
    if show_trainable and layer.weights:
        color, text = ("forestgreen", "Trainable") if layer.trainable else ("firebrick", "Non-trainable")
        cells.append(f'<td bgcolor="{color}"><font point-size="14" color="white"><b>{text}</b></font></td>')
    if cells:
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return '<<table border="0" cellborder="1" bgcolor="black" cellpadding="10">' + "".join(rows) + "</table>>"


def _first_and_last(model, expand_nested):
    """The layers an edge into / out of `model` attaches to when nested models are drawn expanded."""
    Functional, Sequential = _models()
    if not expand_nested or not isinstance(model, (Functional, Sequential)):
        return model, model
    layers = model.layers
    return _first_and_last(layers[0], True)[0], _first_and_last(layers[-1], True)[1]


def _edges(model):
    """(source layer, destination layer) pairs of `model`'s layer calls, in order."""
    Functional, Sequential = _models()
    if isinstance(model, Sequential):
        return list(zip(model.layers, model.layers[1:]))
    return [(tensor._keras_history[0], node.layer) for node in model._nodes for tensor in node.input_tensors]


def model_to_dot(model, show_shapes=False, show_dtype=False, show_layer_names=True, rankdir="TB",
                 expand_nested=False, dpi=200, subgraph=False, show_layer_activations=False,
                 show_trainable=False, splines="ortho", **kwargs):
    """The model as a `pydot.Dot` graph (a `pydot.Cluster` with `subgraph=True`).

    Args:
        model: a built Keras model.
        show_shapes: show each layer's input and output shapes.
        show_dtype: show each layer's output dtype.
        show_layer_names: show layer names (else only their classes).
        rankdir: "TB" (top to bottom) or "LR" (left to right).
        expand_nested: draw nested Sequential/Functional models as clusters of their layers.
        dpi: the image resolution.
        subgraph: return a cluster (used for nested models).
        show_layer_activations: show the `activation` of layers that have one.
        show_trainable: mark layers with weights as trainable or not.
        splines: Graphviz's edge style ("ortho", "curved", "polyline", "spline", "line").

    Raises:
        ValueError: the model is not built, or an unknown keyword argument.
        ImportError: pydot is not installed.
    """
    if kwargs.pop("layer_range", None) is not None:
        raise ValueError("Argument `layer_range` is no longer supported.")
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    if not model.built:
        raise ValueError("This model has not yet been built. Build the model first by calling `build()` or by "
                         "calling the model on a batch of data.")
    pydot = _pydot()
    Functional, Sequential = _models()
    options = dict(show_shapes=show_shapes, show_dtype=show_dtype, show_layer_names=show_layer_names,
                   show_layer_activations=show_layer_activations, show_trainable=show_trainable)
    if subgraph:
        dot = pydot.Cluster(graph_name=model.name, style="dashed", label=model.name, labeljust="l")
    else:
        dot = pydot.Dot(rankdir=rankdir, concentrate=True, dpi=dpi, splines=splines)
        dot.set_node_defaults(shape="record")

    def add_node(layer):
        dot.add_node(pydot.Node(layer.name, label=_label(layer, **options), fontname="Helvetica", border="0",
                                margin="0"))

    if not isinstance(model, (Functional, Sequential)):  # a subclassed model: one box
        add_node(model)
        return dot
    for layer in (model.operations if isinstance(model, Functional) else model.layers):  # with `x + y`'s
        if expand_nested and isinstance(layer, (Functional, Sequential)):
            dot.add_subgraph(model_to_dot(layer, rankdir=rankdir, expand_nested=True, subgraph=True, **options))
        else:
            add_node(layer)
    for source, destination in _edges(model):
        source = _first_and_last(source, expand_nested)[1]
        destination = _first_and_last(destination, expand_nested)[0]
        if not dot.get_edge(source.name, destination.name):
            dot.add_edge(pydot.Edge(source.name, destination.name, penwidth="2"))
    return dot


def plot_model(model, to_file="model.png", show_shapes=False, show_dtype=False, show_layer_names=False,
               rankdir="TB", expand_nested=False, dpi=200, show_layer_activations=False, show_trainable=False,
               splines="ortho", **kwargs):
    """Draws the model's layers to `to_file` (PNG, SVG, PDF... by its extension; PNG without one).

    Arguments are those of `model_to_dot`. Needs pydot and Graphviz's `dot` program.

    Returns:
        An `IPython.display.Image` of the file when IPython is installed (and not a PDF), else None.
    """
    if not model.built:
        raise ValueError("This model has not yet been built. Build the model first by calling `build()` or by "
                         "calling the model on a batch of data.")
    _pydot()
    _check_graphviz()
    dot = model_to_dot(model, show_shapes=show_shapes, show_dtype=show_dtype, show_layer_names=show_layer_names,
                       rankdir=rankdir, expand_nested=expand_nested, dpi=dpi,
                       show_layer_activations=show_layer_activations, show_trainable=show_trainable,
                       splines=splines, **kwargs)
    to_file = os.fspath(to_file)
    extension = os.path.splitext(to_file)[1][1:] or "png"
    from ...io.atomic import atomic_write
    with atomic_write(to_file, "wb") as f:
        f.write(dot.create(format=extension))
    if extension != "pdf":
        try:
            from IPython import display
        except ImportError:
            return None
        return display.Image(filename=to_file)
    return None
