"""Gradient cases for the fused recurrent ops (ops/rnn_ops.py): backpropagation through time."""
import numpy as np

from neuroflow.ops import rnn_ops
from .harness import case

B, T, F, U = 2, 4, 3, 2
# A mask with a masked first step, a masked middle and a masked end, so every branch of the
# masked recurrences (state carried, output repeated or zeroed) is differentiated.
MASK = np.array([[False, True, False, True], [True, True, True, False]])
SMALL = np.random.default_rng(7).standard_normal((B, T, F)) * 0.5  # away from saturation


def _simple(mask=None, **kwargs):
    def fn(x, kernel, recurrent, bias, h0):
        return rnn_ops.simple_rnn_sequence(x, kernel, recurrent, bias, h0, mask=mask, **kwargs)
    return fn


def _lstm(mask=None, **kwargs):
    def fn(x, kernel, recurrent, bias, h0, c0):
        return rnn_ops.lstm_sequence(x, kernel, recurrent, bias, [h0, c0], mask=mask, **kwargs)
    return fn


def _gru(mask=None, **kwargs):
    def fn(x, kernel, recurrent, bias, h0):
        return rnn_ops.gru_sequence(x, kernel, recurrent, bias, h0, mask=mask, **kwargs)
    return fn


def _cases(name, make, gates, bias_shape, states):
    shapes = [SMALL, (F, gates * U), (U, gates * U), bias_shape] + [(B, U)] * states
    return [
        case(f"{name}", make(), *shapes),
        case(f"{name} go_backwards", make(go_backwards=True), *shapes),
        case(f"{name} masked", make(MASK), *shapes),
        case(f"{name} masked, zero outputs, backwards", make(MASK, go_backwards=True, zero_output_for_mask=True),
             *shapes),
    ]


CASES = [
    *_cases("SimpleRNNSequence", _simple, 1, (U,), 1),
    case("SimpleRNNSequence relu", _simple(activation="relu"), SMALL, (F, U), (U, U), np.array([0.3, 0.2]), (B, U)),
    *_cases("LSTMSequence", _lstm, 4, (4 * U,), 2),
    case("LSTMSequence hard_sigmoid/relu", _lstm(activation="relu", recurrent_activation="hard_sigmoid"),
         SMALL, (F, 4 * U), (U, 4 * U), (4 * U,), (B, U), (B, U), atol=1e-5),
    *_cases("GRUSequence", _gru, 3, (2, 3 * U), 1),
    *_cases("GRUSequenceResetBefore", lambda *a, **k: _gru(*a, reset_after=False, **k), 3, (3 * U,), 1),
    case("GRUSequence linear/sigmoid", _gru(activation="linear"), SMALL, (F, 3 * U), (U, 3 * U), (2, 3 * U), (B, U)),
]
