"""Connectionist temporal classification: `tf.nn.ctc_loss` and the CTC decoders.

The loss is -log p(labels | logits), summed over every alignment of the labels to the time
steps (blanks between and around them, repeats collapsed), computed by the forward-backward
recursion in log space. Its gradient with respect to the log-probabilities is minus each
step's posterior occupancy of each class, so one op (`CTCLoss`) gives the loss and a second
(`CTCLossGrad`) the occupancies; `log_softmax` in front takes logits.

>>> import neuroflow as tf
>>> logits = tf.zeros([1, 2, 3])                      # batch 1, 2 steps, classes {blank, a, b}
>>> loss = tf.nn.ctc_loss([[1]], logits, label_length=[1], logit_length=[2], logits_time_major=False,
...                       blank_index=0)
>>> round(float(loss[0]), 4)                          # 3 of the 9 paths spell "a": -log(3/9)
1.0986
"""
import numpy as np

from ..framework import dtypes
from .array_ops import transpose
from .math_ops import cast, multiply
from .nn_ops import log_softmax
from .registry import op, as_tensor

__all__ = ["ctc_loss", "ctc_greedy_decoder", "ctc_beam_search_decoder"]

_NEG = -np.inf


def _logsumexp(*terms):
    stacked = np.stack(terms)
    top = np.max(stacked, axis=0)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore"):
        return np.where(np.isfinite(top), safe + np.log(np.sum(np.exp(stacked - safe), axis=0)), _NEG)


def _extended(labels, label_length, blank):
    """Labels with a blank before, between and after them: (batch, 2S+1), and where a skip is allowed."""
    batch, s = labels.shape
    ext = np.full((batch, 2 * s + 1), blank, dtype=np.int64)
    ext[:, 1::2] = labels
    skip = np.zeros_like(ext, dtype=bool)
    skip[:, 2:] = (ext[:, 2:] != blank) & (ext[:, 2:] != ext[:, :-2])
    valid = np.arange(2 * s + 1)[None, :] < 2 * label_length[:, None] + 1
    return ext, skip, valid


def _forward_backward(logp, labels, label_length, logit_length, blank):
    """(log-likelihood per example, alpha, beta, ext) over time-major log-probabilities (T, B, C)."""
    steps, batch, _ = logp.shape
    ext, skip, valid = _extended(labels, label_length, blank)
    width = ext.shape[1]
    emit = np.take_along_axis(logp, np.broadcast_to(ext[None], (steps,) + ext.shape), axis=2)  # (T, B, 2S+1)
    emit = np.where(valid[None], emit, _NEG)
    alpha = np.full((steps, batch, width), _NEG)
    alpha[0, :, :2] = emit[0, :, :2]
    for t in range(1, steps):
        prev = alpha[t - 1]
        shift1 = np.concatenate([np.full((batch, 1), _NEG), prev[:, :-1]], axis=1)
        shift2 = np.where(skip, np.concatenate([np.full((batch, 2), _NEG), prev[:, :-2]], axis=1), _NEG)
        step = _logsumexp(prev, shift1, shift2) + emit[t]
        alpha[t] = np.where((t < logit_length)[:, None], step, prev)
    last = np.maximum(logit_length - 1, 0)
    final = alpha[last, np.arange(batch)]                                   # (B, 2S+1)
    end = 2 * label_length
    loglik = _logsumexp(final[np.arange(batch), end],
                        np.where(label_length > 0, final[np.arange(batch), np.maximum(end - 1, 0)], _NEG))
    beta = np.full((steps, batch, width), _NEG)
    rows = np.arange(batch)
    for t in range(steps - 1, -1, -1):
        start = np.full((batch, width), _NEG)
        start[rows, end] = emit[t, rows, end]
        has_label = label_length > 0
        start[rows[has_label], end[has_label] - 1] = emit[t, rows[has_label], end[has_label] - 1]
        if t + 1 < steps:
            nxt = beta[t + 1]
            shift1 = np.concatenate([nxt[:, 1:], np.full((batch, 1), _NEG)], axis=1)
            skip_next = np.concatenate([skip[:, 2:], np.zeros((batch, 2), bool)], axis=1)
            shift2 = np.where(skip_next, np.concatenate([nxt[:, 2:], np.full((batch, 2), _NEG)], axis=1), _NEG)
            step = _logsumexp(nxt, shift1, shift2) + emit[t]
        else:
            step = start
        beta[t] = np.where((t == last)[:, None], start, np.where((t < last)[:, None], step, _NEG))
    return loglik, alpha, beta, emit, ext


def _validated(logp, labels, label_length, logit_length):
    if logp.ndim != 3:
        raise ValueError(f"CTCLoss: logits must be rank 3 [max_time, batch, classes]; got shape {logp.shape}.")
    if np.any(logit_length > logp.shape[0]) or np.any(label_length > labels.shape[1]):
        raise ValueError("CTCLoss: a logit_length exceeds the logits' time steps or a label_length exceeds "
                         f"the labels' width (logits {logp.shape}, labels {labels.shape}).")


@op("CTCLoss")
def _ctc_loss(xp, logp, labels, label_length, logit_length, blank):
    lp = np.asarray(logp, np.float64)
    _validated(lp, labels, label_length, logit_length)
    loglik = _forward_backward(lp, labels, label_length.astype(np.int64), logit_length.astype(np.int64), blank)[0]
    return xp.asarray((-loglik).astype(logp.dtype))


@op("CTCLossGrad")
def _ctc_loss_grad(xp, logp, labels, label_length, logit_length, blank):
    lp = np.asarray(logp, np.float64)
    label_length, logit_length = label_length.astype(np.int64), logit_length.astype(np.int64)
    loglik, alpha, beta, emit, ext = _forward_backward(lp, labels, label_length, logit_length, blank)
    with np.errstate(invalid="ignore"):
        occupancy = np.exp(alpha + beta - emit - loglik[None, :, None])      # (T, B, 2S+1)
    occupancy = np.where(np.isfinite(occupancy), occupancy, 0.0)
    grad = np.zeros_like(lp)
    steps, batch = lp.shape[:2]
    t_index, b_index = np.meshgrid(np.arange(steps), np.arange(batch), indexing="ij")
    for s in range(ext.shape[1]):
        np.add.at(grad, (t_index, b_index, np.broadcast_to(ext[None, :, s], (steps, batch))), occupancy[:, :, s])
    grad = np.where((np.arange(steps)[:, None] < logit_length[None, :])[:, :, None], -grad, 0.0)
    return xp.asarray(grad.astype(logp.dtype))


@_ctc_loss.gradient
def _(ctx, dy):
    logp, labels, label_length, logit_length = ctx.inputs
    grad = _ctc_loss_grad(logp, labels, label_length, logit_length, blank=ctx.attrs["blank"])
    return multiply(grad, dy[None, :, None]), None, None, None


def ctc_loss(labels, logits, label_length, logit_length, logits_time_major=True, unique=None, blank_index=None,
             name=None):
    """The CTC loss per example: -log p(labels | logits) over all alignments.

    Args:
        labels: int [batch, max_label_length] (dense; entries past `label_length` are ignored).
        logits: [max_time, batch, classes] (or [batch, max_time, classes] with
            `logits_time_major=False`), unnormalized.
        label_length, logit_length: int [batch] lengths.
        blank_index: the blank class (default: the last class, as TensorFlow's).

    Returns:
        A float [batch] tensor of losses.
    """
    logits = as_tensor(logits)
    if not logits_time_major:
        logits = transpose(logits, [1, 0, 2])
    blank = logits.shape[-1] - 1 if blank_index is None else int(blank_index) % logits.shape[-1]
    labels = cast(as_tensor(labels), dtypes.int64)
    return _ctc_loss(log_softmax(logits, axis=-1), labels, cast(as_tensor(label_length), dtypes.int64),
                     cast(as_tensor(logit_length), dtypes.int64), blank=blank)


def _greedy(log_probs, lengths, blank, merge_repeated):
    paths, scores = [], []
    for b in range(log_probs.shape[1]):
        best = np.argmax(log_probs[: lengths[b], b], axis=-1)
        scores.append(-float(np.sum(np.max(log_probs[: lengths[b], b], axis=-1))))
        path, previous = [], None
        for c in best.tolist():
            if c != blank and not (merge_repeated and c == previous):
                path.append(c)
            previous = c
        paths.append(path)
    return paths, np.array(scores)


def ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True, blank_index=None):
    """Best path decoding of time-major [max_time, batch, classes] logits: the most likely class
    per step, repeats merged, blanks dropped. Returns ([paths as a dense int64 tensor padded with
    -1], [batch, 1] negative sums of the best logits) — dense rather than TensorFlow's SparseTensor."""
    x = np.asarray(as_tensor(inputs).numpy(), np.float64)
    blank = x.shape[-1] - 1 if blank_index is None else int(blank_index) % x.shape[-1]
    paths, scores = _greedy(x, np.asarray(as_tensor(sequence_length).numpy()), blank, merge_repeated)
    return [_dense(paths, x.shape[0])], as_tensor(scores[:, None].astype(np.float32))


def _dense(paths, width):
    out = np.full((len(paths), width), -1, np.int64)
    for i, path in enumerate(paths):
        out[i, : len(path)] = path
    return as_tensor(out)


def _beam_search(log_probs, length, blank, beam_width, top_paths):
    """Prefix beam search over one example's [time, classes] log-probabilities."""
    beams = {(): (0.0, _NEG)}                          # prefix -> (log p ending in blank, ... in non-blank)
    for t in range(length):
        row = log_probs[t]
        candidates = {}

        def add(prefix, blank_p, other_p):
            old_b, old_o = candidates.get(prefix, (_NEG, _NEG))
            candidates[prefix] = (np.logaddexp(old_b, blank_p), np.logaddexp(old_o, other_p))
        for prefix, (p_b, p_o) in beams.items():
            total = np.logaddexp(p_b, p_o)
            add(prefix, total + row[blank], _NEG)
            for c in range(row.shape[0]):
                if c == blank:
                    continue
                if prefix and prefix[-1] == c:
                    add(prefix, _NEG, p_o + row[c])            # the repeat merges
                    add(prefix + (c,), _NEG, p_b + row[c])     # a new symbol after a blank
                else:
                    add(prefix + (c,), _NEG, total + row[c])
        ranked = sorted(candidates.items(), key=lambda kv: -np.logaddexp(*kv[1]))
        beams = dict(ranked[:beam_width])
    ranked = sorted(beams.items(), key=lambda kv: -np.logaddexp(*kv[1]))[:top_paths]
    return [list(p) for p, _ in ranked], [float(np.logaddexp(*s)) for _, s in ranked]


def ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1):
    """Prefix beam search over time-major logits (blank = the last class, as TensorFlow's).

    Returns (a list of `top_paths` dense int64 tensors padded with -1, [batch, top_paths] log
    probabilities of the paths)."""
    x = np.asarray(as_tensor(inputs).numpy(), np.float64)
    log_probs = x - np.log(np.sum(np.exp(x - x.max(-1, keepdims=True)), -1, keepdims=True)) - x.max(-1, keepdims=True)
    lengths = np.asarray(as_tensor(sequence_length).numpy())
    results = [_beam_search(log_probs[:, b], int(lengths[b]), x.shape[-1] - 1, beam_width, top_paths)
               for b in range(x.shape[1])]
    decoded = [_dense([r[0][k] if k < len(r[0]) else [] for r in results], x.shape[0]) for k in range(top_paths)]
    scores = np.array([[r[1][k] if k < len(r[1]) else _NEG for k in range(top_paths)] for r in results])
    return decoded, as_tensor(scores.astype(np.float32))
