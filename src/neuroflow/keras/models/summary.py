"""`print_summary`: `model.summary()`'s table, drawn as Keras 3 draws it.

Keras renders the table with the `rich` library; this module draws the same box table
(heavy header, a rule between rows) with the same column widths, in plain text.

>>> from neuroflow import keras
>>> keras.backend.clear_session()
>>> model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(64), keras.layers.Dense(10)])
>>> model.summary(line_length=60)
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓
┃ Layer (type)             ┃ Output Shape      ┃   Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩
│ dense (Dense)            │ (None, 64)        │    50,240 │
├──────────────────────────┼───────────────────┼───────────┤
│ dense_1 (Dense)          │ (None, 10)        │       650 │
└──────────────────────────┴───────────────────┴───────────┘
 Total params: 50,890 (198.79 KB)
 Trainable params: 50,890 (198.79 KB)
 Non-trainable params: 0 (0.00 B)
"""
import re
import shutil
import textwrap

__all__ = ["print_summary", "readable_memory_size"]


def readable_memory_size(size):
    """A byte count as Keras prints it: '10.79 KB'."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def _count_and_size(weights):
    unique = {id(w): w for w in weights}.values()
    count = sum(int(_prod(w.shape)) for w in unique)
    size = sum(int(_prod(w.shape)) * w.dtype.size for w in unique)
    return count, size


def _prod(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _format_shape(shape):
    return "(" + ", ".join(str(d) for d in shape) + ")"


def _output_shape(layer):
    """The layer's output shape as text: from its last symbolic call, else from its build shape, else '?'."""
    if layer._inbound_nodes:
        outputs = layer._inbound_nodes[-1].outputs
    elif layer.built and layer._build_input_shape is not None:
        try:
            shapes = layer.compute_output_shape(layer._build_input_shape)
        except Exception:  # noqa: BLE001 - a layer that cannot infer its shape shows '?', as in Keras
            return "?"
        return _format_shape(shapes) if _is_shape(shapes) else str(shapes).replace("'", "")
    else:
        return "?"
    if not isinstance(outputs, (list, tuple, dict)):
        return _format_shape(outputs.shape)
    return str(_map(lambda t: _format_shape(t.shape), outputs)).replace("'", "")


def _is_shape(value):
    return isinstance(value, tuple) and all(d is None or isinstance(d, int) for d in value)


def _map(fn, structure):
    if isinstance(structure, dict):
        return {k: _map(fn, v) for k, v in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map(fn, v) for v in structure)
    return fn(structure)


def _is_sequential_like(model):
    """A chain: one node per depth, each with one input, no layer called twice ('Connected to' is omitted)."""
    depths = list(model._node_depths.values())
    called = [id(node.layer) for node in model._nodes]
    return (len(depths) == len(set(depths)) and len(called) == len(set(called))
            and all(len(node.input_tensors) <= 1 for node in model._nodes))


def _connections(layer, nodes):
    node_ids = {id(node) for node in nodes}
    text = []
    for node in layer._inbound_nodes:
        if id(node) not in node_ids:
            continue
        for tensor in node.input_tensors:
            source, node_index, tensor_index = tensor._keras_history
            text.append(f"{source.name}[{node_index}][{tensor_index}]")
    return ", ".join(text) or "-"


def _column_widths(line_length, positions, columns):
    """Keras' column widths (from relative positions), shrunk as `rich` shrinks them to fit."""
    widths, current = [], 0
    for position in positions:
        width = int(position * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width
    widths = [w + 2 for w in widths]  # one space of padding on each side
    excess = sum(widths) - (line_length - columns - 1)
    remaining = len(widths)
    for i, width in enumerate(widths):  # rich's ratio_reduce with equal ratios
        if excess <= 0:
            break
        cut = min(width, round(excess / remaining))
        widths[i] -= cut
        excess -= cut
        remaining -= 1
    return widths


def _render_table(header, rows, widths, align):
    def line(left, fill, middle, right):
        return left + middle.join(fill * w for w in widths) + right

    def cells(values, edge, sep):
        wrapped = [textwrap.wrap(str(v), w - 2, break_long_words=True) or [""] for v, w in zip(values, widths)]
        height = max(len(c) for c in wrapped)
        out = []
        for k in range(height):
            parts = []
            for c, w, a in zip(wrapped, widths, align):
                text = c[k] if k < len(c) else ""
                parts.append(" " + (text.rjust(w - 2) if a == "right" else
                                    text.center(w - 2) if a == "center" else text.ljust(w - 2)) + " ")
            out.append(edge + sep.join(parts) + edge)
        return out

    lines = [line("┏", "━", "┳", "┓"), *cells(header, "┃", "┃"), line("┡", "━", "╇", "┩")]
    for i, row in enumerate(rows):
        if i:
            lines.append(line("├", "─", "┼", "┤"))
        lines.extend(cells(row, "│", "│"))
    lines.append(line("└", "─", "┴", "┘"))
    return lines


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    """Prints (or passes to `print_fn`) the summary table of `model`."""
    from .functional import Functional
    from .sequential import Sequential
    nodes = model._nodes if isinstance(model, Functional) else None
    sequential_like = nodes is None or isinstance(model, Sequential) or _is_sequential_like(model)
    if sequential_like:
        default_length, positions = 88, positions or [0.45, 0.80, 1.0]
        header, align = ["Layer (type)", "Output Shape", "Param #"], ["left", "left", "right"]
    else:
        default_length, positions = 108, positions or [0.3, 0.56, 0.74, 1.0]
        header, align = ["Layer (type)", "Output Shape", "Param #", "Connected to"], ["left", "left", "right", "left"]
    if show_trainable:
        default_length += 12
        positions = [p * 0.90 for p in positions] + [1.0]
        header, align = header + ["Trainable"], align + ["center"]
    line_length = line_length or min(default_length, shutil.get_terminal_size().columns - 4)
    widths = _column_widths(line_length, positions, len(header))

    def fields(layer, prefix=""):
        params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
        row = [f"{prefix}{layer.name} ({type(layer).__name__})", _output_shape(layer), params]
        if not sequential_like:
            row.append(_connections(layer, nodes))
        if show_trainable:
            row.append(("Y" if layer.trainable else "N") if layer.weights else "-")
        return row

    def rows_of(layer, level=0):
        rows = [fields(layer, "   " * level + "└ " if level else "")]
        if expand_nested and getattr(layer, "layers", None):
            for sub in layer.layers:
                rows.extend(rows_of(sub, level + 1))
        return rows

    layers = model.operations if nodes is not None else model.layers  # a graph's operations too, as Keras
    if layer_range is not None:
        start = min(i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name))
        stop = max(i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name))
        layers = layers[start:stop + 1]
    rows = [row for layer in layers for row in rows_of(layer)]
    trainable, trainable_size = _count_and_size(model.trainable_weights)
    frozen, frozen_size = _count_and_size(model.non_trainable_weights)
    lines = [f'Model: "{model.name}"', *_render_table(header, rows, widths, align),
             f" Total params: {trainable + frozen:,} ({readable_memory_size(trainable_size + frozen_size)})",
             f" Trainable params: {trainable:,} ({readable_memory_size(trainable_size)})",
             f" Non-trainable params: {frozen:,} ({readable_memory_size(frozen_size)})"]
    text = "\n".join(lines) + "\n"
    if print_fn is None:
        print(text, end="")
    else:
        print_fn(text)
