"""The fused recurrent ops (`LSTMSequence`, `GRUSequence[ResetBefore]`, `SimpleRNNSequence`) as
ONNX's LSTM, GRU and RNN ops.

Keras keeps gates as `x @ kernel` columns: LSTM `[i, f, c, o]`, GRU `[z, r, h]`. ONNX
keeps `W @ x` rows per direction: LSTM `[i, o, f, c]`, GRU `[z, r, h]`, with the input
and recurrent biases side by side. The weights are reordered at export time; the
sequence is made time-major (and read from its end for `go_backwards`, whose outputs
neuroflow returns in reading order) around the ONNX op.
"""
import numpy as np

__all__ = ["RECURRENT_CONVERTERS"]

# Keras activation -> (ONNX activation, alpha, beta)
_ACTIVATIONS = {"tanh": ("Tanh", None, None), "sigmoid": ("Sigmoid", None, None), "relu": ("Relu", None, None),
                "hard_sigmoid": ("HardSigmoid", 1.0 / 6.0, 0.5), "linear": ("Affine", 1.0, 0.0)}


def _weights(b, node, inputs, count):
    names = ("kernel", "recurrent_kernel", "bias")
    values = []
    for name, tensor in zip(names, inputs[1:4]):
        if tensor not in b.constants:
            raise ValueError(f"ONNX export: {node[0]} ({node[1]}) needs its {name} as a constant or variable; "
                             "it is computed in the graph.")
        values.append(np.asarray(b.constants[tensor], np.float32))
    if len(inputs) > count:
        raise ValueError(f"ONNX export: {node[0]} ({node[1]}) runs with a mask (from mask_zero=True or a Masking "
                         "layer); ONNX's recurrent ops take no per-step mask. Export the model without masking.")
    return values


def _activations(node, *keys):
    out = []
    for key in keys:
        name = node[3][key]
        if name not in _ACTIVATIONS:
            raise ValueError(f"ONNX export: {node[0]} ({node[1]}) uses {key}={name!r}; ONNX's recurrent ops "
                             f"take {sorted(_ACTIVATIONS)}.")
        out.append(_ACTIVATIONS[name])
    attrs = {"activations": [a for a, _, _ in out]}
    if any(alpha is not None for _, alpha, _ in out):
        attrs["activation_alpha"] = [alpha for _, alpha, _ in out if alpha is not None]
        attrs["activation_beta"] = [beta for _, _, beta in out if beta is not None]
    return attrs


def _run(b, node, inputs, outputs, op_type, W, R, B, states, **attrs):
    """Runs ONNX `op_type` over the batch-major `inputs[0]`; writes the sequence and final states."""
    x = b.one("Transpose", [inputs[0]], perm=[1, 0, 2])
    if node[3].get("go_backwards"):
        x = b.one("Slice", [x, b.int64s([-1], "starts"), b.int64s([np.iinfo(np.int64).min], "ends"),
                            b.int64s([0], "axes"), b.int64s([-1], "steps")])
    initial = [b.one("Unsqueeze", [h, b.int64s([0], "axes")]) for h in states]
    units = R.shape[-1]
    y, *finals = b.add(op_type, [x, b.const(W, "W"), b.const(R, "R"), b.const(B, "B"), "", *initial],
                       1 + len(states), hint=node[0].replace("/", "_"), hidden_size=int(units), **attrs)
    sequence = b.one("Squeeze", [y, b.int64s([1], "axes")])
    b.one("Transpose", [sequence], outputs[0], perm=[1, 0, 2])
    for final, name in zip(finals, outputs[1:1 + len(states)]):
        b.one("Squeeze", [final, b.int64s([0], "axes")], name)


def _blocks(matrix, order, count):
    """Keras (in, count*units) columns regrouped in `order` as ONNX (1, count*units, in) rows."""
    rows, columns = matrix.shape
    units = columns // count
    return matrix.reshape(rows, count, units)[:, order].reshape(rows, columns).T[None]


def _lstm(b, node, inputs, outputs):
    kernel, recurrent, bias = _weights(b, node, inputs, 6)
    order = [0, 3, 1, 2]  # [i, f, c, o] -> [i, o, f, c]
    units = recurrent.shape[0]
    B = np.concatenate([bias.reshape(4, units)[order].reshape(-1), np.zeros(4 * units, np.float32)])[None]
    _run(b, node, inputs, outputs, "LSTM", _blocks(kernel, order, 4), _blocks(recurrent, order, 4), B,
         inputs[4:6], **_activations(node, "recurrent_activation", "activation", "activation"))


def _gru(b, node, inputs, outputs):
    kernel, recurrent, bias = _weights(b, node, inputs, 5)
    reset_after = node[1] == "GRUSequence"
    B = bias.reshape(-1) if reset_after else np.concatenate([bias, np.zeros_like(bias)])
    _run(b, node, inputs, outputs, "GRU", kernel.T[None], recurrent.T[None], B[None], inputs[4:5],
         linear_before_reset=int(reset_after), **_activations(node, "recurrent_activation", "activation"))


def _simple_rnn(b, node, inputs, outputs):
    kernel, recurrent, bias = _weights(b, node, inputs, 5)
    B = np.concatenate([bias, np.zeros_like(bias)])[None]
    _run(b, node, inputs, outputs, "RNN", kernel.T[None], recurrent.T[None], B, inputs[4:5],
         **_activations(node, "activation"))


RECURRENT_CONVERTERS = {"LSTMSequence": _lstm, "GRUSequence": _gru, "GRUSequenceResetBefore": _gru,
                        "SimpleRNNSequence": _simple_rnn}
