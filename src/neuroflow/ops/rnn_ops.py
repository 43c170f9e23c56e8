"""Fused recurrent ops: a whole SimpleRNN, LSTM or GRU layer's time loop as one op.

Keras' recurrent layers run their cell once per time step. Written as ordinary ops, each
step would cost a dozen op dispatches forward and as many backward, for arithmetic on
small matrices. These ops run the loop on arrays instead:

- the input projection of every time step is one GEMM, `x @ kernel + bias`, before the loop;
- each step is one small GEMM (`h @ recurrent_kernel`) plus in-place elementwise work on
  the gates, fused into one `(batch, gates * units)` array, in buffers allocated once;
- the gradient (`*SequenceGrad`) is backpropagation through time with the same discipline,
  and the weight gradients are again whole-sequence GEMMs after the loop.

Gates follow Keras' layout, so weights move to and from Keras files unchanged: LSTM
`[i, f, c, o]`, GRU `[z, r, h]` (with `reset_after=True` and a `(2, 3 * units)` bias of
input and recurrent halves). A mask `(batch, time)` keeps the previous state at masked
steps and repeats the previous output (or zeros, with `zero_output_for_mask`), as Keras'
`backend.rnn` does. `go_backwards` reads the sequence from the end and returns the
outputs in that (reversed) order.

Each op returns the output sequence `(batch, time, units)`, the final state(s), and the
arrays its gradient needs (time-major, for the layer to ignore). Eager execution, the
tape and compiled `tf.function` graphs all run these same kernels. Their gradients have
no gradient of their own: second derivatives through a recurrent loop are missing, with a
warning when a tape records the gradient. The gradient skips d(input)'s GEMM when the
inputs need none (data fed to a first layer).

>>> import numpy as np
>>> import neuroflow as tf
>>> from neuroflow.ops.rnn_ops import simple_rnn_sequence
>>> x = tf.ones([1, 3, 2])
>>> kernel, recurrent = tf.fill([2, 1], 0.5), tf.fill([1, 1], 0.5)
>>> outputs, state = simple_rnn_sequence(x, kernel, recurrent, None, tf.zeros([1, 1]), activation="linear")
>>> outputs.numpy()[0, :, 0], state.numpy()
(array([1.  , 1.5 , 1.75], dtype=float32), array([[1.75]], dtype=float32))
"""
import warnings

from ..framework import errors
from .creation_ops import zeros
from .math_ops import cast
from .registry import op, as_tensor, state

__all__ = ["ACTIVATIONS", "simple_rnn_sequence", "lstm_sequence", "gru_sequence"]


# --- activations the kernels run in place, and their slopes from their outputs ------------------
# NumPy's exp is about twice as fast as its tanh on float32, and the transcendental calls are
# most of a step's elementwise time, so both are written with one exp (exp may overflow to inf,
# which gives the right limits 0 and -1; the registry silences NumPy's warning for ops modules).
def _tanh(xp, x):  # 2 / (1 + exp(-2x)) - 1
    x *= -2.0
    xp.exp(x, out=x)
    x += 1.0
    xp.divide(2.0, x, out=x)
    x -= 1.0


def _sigmoid(xp, x):  # 1 / (1 + exp(-x))
    xp.negative(x, out=x)
    xp.exp(x, out=x)
    x += 1.0
    xp.divide(1.0, x, out=x)


def _hard_sigmoid(xp, x):  # Keras 3: relu6(x + 3) / 6
    x += 3.0
    x *= 1.0 / 6.0
    xp.clip(x, 0.0, 1.0, out=x)


def _relu(xp, x):
    xp.maximum(x, 0.0, out=x)


def _linear(xp, x):
    pass


ACTIVATIONS = {  # name -> (in-place forward, slope as a function of the output)
    "tanh": (_tanh, lambda xp, y: 1.0 - y * y),
    "sigmoid": (_sigmoid, lambda xp, y: y * (1.0 - y)),
    "hard_sigmoid": (_hard_sigmoid, lambda xp, y: ((y > 0) & (y < 1)).astype(y.dtype) * (1.0 / 6.0)),
    "relu": (_relu, lambda xp, y: (y > 0).astype(y.dtype)),
    "linear": (_linear, lambda xp, y: xp.ones_like(y)),
}


# --- the parts every recurrent kernel shares ---------------------------------------------------
def _time_major(xp, x, go_backwards):
    """`x` (batch, time, ...) as a contiguous (time, batch, ...) array, in reading order."""
    xt = xp.swapaxes(x, 0, 1)
    return xp.ascontiguousarray(xt[::-1] if go_backwards else xt)


def _batch_major(xp, a, go_backwards=False):
    """A (time, batch, ...) array as a (batch, time, ...) view, optionally back in input order."""
    return xp.swapaxes(a[::-1] if go_backwards else a, 0, 1)


def _project(xp, xt, kernel, bias):
    """`x @ kernel + bias` for every time step at once: one GEMM, (time, batch, gates)."""
    steps, batch, features = xt.shape
    out = xt.reshape(steps * batch, features) @ kernel
    out += bias
    return out.reshape(steps, batch, -1)


def _read(xp, x, mask, go_backwards):
    """The inputs (time, batch, features) and the mask (time, batch, 1) booleans (or None), in reading order."""
    keep = _time_major(xp, mask[0].astype(bool)[:, :, None], go_backwards) if mask else None
    return _time_major(xp, x, go_backwards), keep


def _read_gradient(xp, x, mask, d_outputs, go_backwards, zero_output_for_mask):
    """`_read`'s pair, plus the gradient reaching each step's new state from the outputs' gradient."""
    xt, keep = _read(xp, x, mask, go_backwards)
    return xt, keep, _output_gradient(xp, _time_major(xp, d_outputs, False), keep, zero_output_for_mask)


def _outputs(xp, states, keep, zero_output_for_mask):
    """The output sequence from the states: masked steps repeat the last output (or give zeros)."""
    if keep is None:
        return states
    out = states * keep  # the first step's output is zeros when it is masked
    if not zero_output_for_mask:
        for t in range(1, out.shape[0]):
            xp.copyto(out[t], out[t - 1], where=~keep[t])
    return out


def _output_gradient(xp, d_outputs, keep, zero_output_for_mask):
    """The gradient w.r.t. each step's new state from the outputs' gradient (undoing `_outputs`)."""
    if keep is None:
        return d_outputs
    if zero_output_for_mask:
        return d_outputs * keep
    out = xp.empty_like(d_outputs)
    carry = xp.zeros_like(d_outputs[0])
    for t in range(d_outputs.shape[0] - 1, -1, -1):  # a masked step passes its gradient back
        total = d_outputs[t] + carry
        xp.multiply(total, keep[t], out=out[t])
        carry = total - out[t]
    return out


def _input_gradients(xp, xt, x_shape, kernel, d_gates, go_backwards, input_gradient):
    """d(input) and d(kernel) of the projection `x @ kernel`, from d(gates) (time, batch, gates).

    Without `input_gradient` (the inputs are data, not a tensor being differentiated) d(input) is
    a zero-size broadcast of zeros, and its GEMM is skipped.
    """
    steps, batch, features = xt.shape
    flat = d_gates.reshape(steps * batch, -1)
    d_kernel = xt.reshape(steps * batch, features).T @ flat
    if not input_gradient:
        return xp.broadcast_to(xp.zeros((), flat.dtype), x_shape), d_kernel
    d_x = (flat @ kernel.T).reshape(steps, batch, features)
    return _batch_major(xp, d_x, go_backwards), d_kernel


def _differentiate(grad_op, ctx, *arrays):
    """Runs `grad_op` on the forward's inputs and `arrays`; None for the inputs needing no gradient."""
    if state.tapes:  # a tape is recording this gradient: it wants a second derivative we cannot give
        warnings.warn(f"{ctx.op.name}: a GradientTape is recording the gradient of this recurrent layer, but its "
                      "fused backpropagation through time has no gradient of its own, so second derivatives "
                      "through it will be missing (None). Compute the gradient outside the outer tape's "
                      "context if you do not need them.", stacklevel=2)
    grads = grad_op(*ctx.inputs, *arrays, input_gradient=ctx.needs[0], **ctx.attrs)
    return tuple(g if need else None for g, need in zip(grads, ctx.needs))


def _recurrent_gradient(xp, states, h0, d_rec):
    """d(recurrent_kernel) = sum over t of h[t-1]^T @ d_rec[t], as two GEMMs."""
    units = states.shape[2]
    grad = h0.T @ d_rec[0]
    if states.shape[0] > 1:
        grad += states[:-1].reshape(-1, units).T @ d_rec[1:].reshape(-1, d_rec.shape[2])
    return grad


def _unmasked(xp, dh, keep, t):
    """(gradient reaching the new state, gradient passing straight to the previous state)."""
    if keep is None:
        return dh, None
    return dh * keep[t], dh * ~keep[t]


# --- SimpleRNN: h = activation(x @ W + h_prev @ U + b) ------------------------------------------
@op("SimpleRNNSequence")
def _simple_rnn(xp, x, kernel, recurrent_kernel, bias, h0, *mask, activation, go_backwards,
                zero_output_for_mask):
    activate = ACTIVATIONS[activation][0]
    xt, keep = _read(xp, x, mask, go_backwards)
    states = _project(xp, xt, kernel, bias)  # each step's pre-activation, then its state, in place
    h, recurrent = h0, xp.empty_like(h0)
    for t in range(states.shape[0]):
        h_t = states[t]
        xp.matmul(h, recurrent_kernel, out=recurrent)
        h_t += recurrent
        activate(xp, h_t)
        if keep is not None:
            xp.copyto(h_t, h, where=~keep[t])
        h = h_t
    outputs = _outputs(xp, states, keep, zero_output_for_mask)
    return _batch_major(xp, outputs), states[-1], states


@_simple_rnn.gradient
def _(ctx, d_outputs, d_state, _):
    return _differentiate(_simple_rnn_grad, ctx, ctx.outputs[2], d_outputs, d_state)


@op("SimpleRNNSequenceGrad")
def _simple_rnn_grad(xp, x, kernel, recurrent_kernel, bias, h0, *rest, activation, go_backwards,
                     zero_output_for_mask, input_gradient=True):
    *mask, states, d_outputs, d_state = rest
    xt, keep, d_new = _read_gradient(xp, x, mask, d_outputs, go_backwards, zero_output_for_mask)
    d_pre = ACTIVATIONS[activation][1](xp, states)  # the slope, then d(pre-activation) in place
    dh = d_state.copy()
    recurrent_t = recurrent_kernel.T
    for t in range(states.shape[0] - 1, -1, -1):
        dh, direct = _unmasked(xp, dh, keep, t)
        dh += d_new[t]
        d_pre[t] *= dh
        dh = d_pre[t] @ recurrent_t
        if direct is not None:
            dh += direct
    d_x, d_kernel = _input_gradients(xp, xt, x.shape, kernel, d_pre, go_backwards, input_gradient)
    d_recurrent = _recurrent_gradient(xp, states, h0, d_pre)
    return d_x, d_kernel, d_recurrent, d_pre.sum(axis=(0, 1)), dh


# --- LSTM: gates [i, f, c, o]; c = f * c_prev + i * g; h = o * activation(c) --------------------------
def _lstm_gate_activation(xp, z, units, activation, recurrent_activation):
    """Activates the (batch, 4 * units) gates in place: i, f, o by `recurrent_activation`, c by `activation`."""
    if activation == "tanh" and recurrent_activation == "sigmoid":
        _sigmoid(xp, z)  # all four at once, then tanh(x) = 2 * sigmoid(2x) - 1 for the c block
        return
    ACTIVATIONS[recurrent_activation][0](xp, z[:, :2 * units])
    ACTIVATIONS[activation][0](xp, z[:, 2 * units:3 * units])
    ACTIVATIONS[recurrent_activation][0](xp, z[:, 3 * units:])


def _lstm_scale(xp, units, dtype, activation, recurrent_activation):
    """With tanh/sigmoid, the c block's pre-activation doubled (see `_lstm_gate_activation`)."""
    if activation == "tanh" and recurrent_activation == "sigmoid":
        scale = xp.ones(4 * units, dtype)
        scale[2 * units:3 * units] = 2.0
        return scale
    return None


@op("LSTMSequence")
def _lstm(xp, x, kernel, recurrent_kernel, bias, h0, c0, *mask, activation, recurrent_activation,
          go_backwards, zero_output_for_mask):
    units = h0.shape[1]
    xt, keep = _read(xp, x, mask, go_backwards)
    scale = _lstm_scale(xp, units, x.dtype, activation, recurrent_activation)
    if scale is not None:
        kernel, recurrent_kernel, bias = kernel * scale, recurrent_kernel * scale, bias * scale
    gates = _project(xp, xt, kernel, bias)  # pre-activations, then the activated gates, in place
    steps, batch, _ = gates.shape
    cells, states, cell_tanh = (xp.empty((steps, batch, units), x.dtype) for _ in range(3))
    activate = ACTIVATIONS[activation][0]
    h, c = h0, c0
    recurrent, product = xp.empty_like(gates[0]), xp.empty_like(h0)
    for t in range(steps):
        z = gates[t]
        xp.matmul(h, recurrent_kernel, out=recurrent)
        z += recurrent
        _lstm_gate_activation(xp, z, units, activation, recurrent_activation)
        if scale is not None:
            g = z[:, 2 * units:3 * units]
            g *= 2.0
            g -= 1.0
        c_t, h_t, tanh_c = cells[t], states[t], cell_tanh[t]
        xp.multiply(z[:, units:2 * units], c, out=c_t)
        xp.multiply(z[:, :units], z[:, 2 * units:3 * units], out=product)
        c_t += product
        xp.copyto(tanh_c, c_t)
        activate(xp, tanh_c)
        xp.multiply(z[:, 3 * units:], tanh_c, out=h_t)
        if keep is not None:
            xp.copyto(h_t, h, where=~keep[t])
            xp.copyto(c_t, c, where=~keep[t])
        h, c = h_t, c_t
    outputs = _outputs(xp, states, keep, zero_output_for_mask)
    return _batch_major(xp, outputs), states[-1], cells[-1], states, cells, gates, cell_tanh


@_lstm.gradient
def _(ctx, d_outputs, d_h, d_c, *_):
    return _differentiate(_lstm_grad, ctx, *ctx.outputs[3:], d_outputs, d_h, d_c)


def _lstm_slopes(xp, gates, units, activation, recurrent_activation):
    """d(activated gate)/d(pre-activation) for every step, from the gates, (time, batch, 4 * units)."""
    slope_of = ACTIVATIONS[recurrent_activation][1]
    slopes = slope_of(xp, gates)
    if activation != recurrent_activation:
        slopes[:, :, 2 * units:3 * units] = ACTIVATIONS[activation][1](xp, gates[:, :, 2 * units:3 * units])
    return slopes


@op("LSTMSequenceGrad")
def _lstm_grad(xp, x, kernel, recurrent_kernel, bias, h0, c0, *rest, activation, recurrent_activation,
               go_backwards, zero_output_for_mask, input_gradient=True):
    *mask, states, cells, gates, cell_tanh, d_outputs, d_h, d_c = rest
    units = h0.shape[1]
    xt, keep, d_new = _read_gradient(xp, x, mask, d_outputs, go_backwards, zero_output_for_mask)
    d_gates = _lstm_slopes(xp, gates, units, activation, recurrent_activation)  # slopes, then gradients
    # d(c)/d(h) through h = o * act(c), for every step: o * act'(c)
    cell_slope = gates[:, :, 3 * units:] * ACTIVATIONS[activation][1](xp, cell_tanh)
    dh, dc = d_h.copy(), d_c.copy()
    recurrent_t = recurrent_kernel.T
    grads = xp.empty((d_new.shape[1], 4 * units), x.dtype)
    for t in range(d_new.shape[0] - 1, -1, -1):
        dh, direct_h = _unmasked(xp, dh, keep, t)
        dc, direct_c = _unmasked(xp, dc, keep, t)
        dh += d_new[t]
        z, c_prev = gates[t], cells[t - 1] if t else c0
        xp.multiply(dh, cell_tanh[t], out=grads[:, 3 * units:])          # o
        dh *= cell_slope[t]
        dc += dh
        xp.multiply(dc, z[:, 2 * units:3 * units], out=grads[:, :units])  # i
        xp.multiply(dc, c_prev, out=grads[:, units:2 * units])            # f
        xp.multiply(dc, z[:, :units], out=grads[:, 2 * units:3 * units])  # c
        d_gates[t] *= grads
        dc *= z[:, units:2 * units]
        dh = d_gates[t] @ recurrent_t
        if direct_h is not None:
            dh += direct_h
            dc += direct_c
    d_x, d_kernel = _input_gradients(xp, xt, x.shape, kernel, d_gates, go_backwards, input_gradient)
    d_recurrent = _recurrent_gradient(xp, states, h0, d_gates)
    return d_x, d_kernel, d_recurrent, d_gates.sum(axis=(0, 1)), dh, dc


# --- GRU (reset_after): z, r = rec_act(...); hh = act(x W_h + b_h + r * (h U_h + b'_h)); h = z h + (1-z) hh
def _gru_mix(xp, h, gates, units, h_t, keep, t):
    """The new state `z * h + (1 - z) * hh = hh + z * (h - hh)` into `h_t` (the old one where masked)."""
    candidate = gates[:, 2 * units:]
    xp.subtract(h, candidate, out=h_t)
    h_t *= gates[:, :units]
    h_t += candidate
    if keep is not None:
        xp.copyto(h_t, h, where=~keep[t])
    return h_t


def _gru_slopes(xp, gates, units, activation, recurrent_activation):
    """d(activated gate)/d(pre-activation) of [z, r, hh] for every step, from the gates."""
    slopes = ACTIVATIONS[recurrent_activation][1](xp, gates)
    if activation != recurrent_activation:
        slopes[:, :, 2 * units:] = ACTIVATIONS[activation][1](xp, gates[:, :, 2 * units:])
    return slopes


@op("GRUSequence")
def _gru(xp, x, kernel, recurrent_kernel, bias, h0, *mask, activation, recurrent_activation, go_backwards,
         zero_output_for_mask):
    units = h0.shape[1]
    xt, keep = _read(xp, x, mask, go_backwards)
    gates = _project(xp, xt, kernel, bias[0])  # x projections, then activated [z, r, hh], in place
    steps, batch, _ = gates.shape
    recurrent = xp.empty_like(gates)  # h_prev @ U + recurrent bias, kept for the gradient
    states = xp.empty((steps, batch, units), x.dtype)
    rec_activate, activate = ACTIVATIONS[recurrent_activation][0], ACTIVATIONS[activation][0]
    h, product = h0, xp.empty_like(h0)
    for t in range(steps):
        g, rec = gates[t], recurrent[t]
        xp.matmul(h, recurrent_kernel, out=rec)
        rec += bias[1]
        zr = g[:, :2 * units]
        zr += rec[:, :2 * units]
        rec_activate(xp, zr)
        candidate = g[:, 2 * units:]
        xp.multiply(g[:, units:2 * units], rec[:, 2 * units:], out=product)
        candidate += product
        activate(xp, candidate)
        h = _gru_mix(xp, h, g, units, states[t], keep, t)
    outputs = _outputs(xp, states, keep, zero_output_for_mask)
    return _batch_major(xp, outputs), states[-1], states, gates, recurrent


@_gru.gradient
def _(ctx, d_outputs, d_h, *_):
    return _differentiate(_gru_grad, ctx, *ctx.outputs[2:], d_outputs, d_h)


@op("GRUSequenceGrad")
def _gru_grad(xp, x, kernel, recurrent_kernel, bias, h0, *rest, activation, recurrent_activation, go_backwards,
              zero_output_for_mask, input_gradient=True):
    *mask, states, gates, recurrent, d_outputs, d_h = rest
    units = h0.shape[1]
    xt, keep, d_new = _read_gradient(xp, x, mask, d_outputs, go_backwards, zero_output_for_mask)
    d_gates = _gru_slopes(xp, gates, units, activation, recurrent_activation)  # slopes, then d(x projections)
    d_rec = xp.empty_like(d_gates)
    dh = d_h.copy()
    recurrent_t = recurrent_kernel.T
    through_z = xp.empty_like(dh)
    for t in range(d_new.shape[0] - 1, -1, -1):
        dh, direct = _unmasked(xp, dh, keep, t)
        dh += d_new[t]
        g, dg, dr = gates[t], d_gates[t], d_rec[t]
        z, r, candidate = g[:, :units], g[:, units:2 * units], g[:, 2 * units:]
        h_prev = states[t - 1] if t else h0
        xp.multiply(z, dh, out=through_z)
        d_candidate = dg[:, 2 * units:]
        d_candidate *= dh - through_z                           # (1 - z) * dh * act'
        d_zr = dg[:, :2 * units]
        xp.subtract(h_prev, candidate, out=dr[:, :units])
        dr[:, :units] *= dh                                     # z
        xp.multiply(d_candidate, recurrent[t, :, 2 * units:], out=dr[:, units:2 * units])  # r
        d_zr *= dr[:, :2 * units]
        dr[:, :2 * units] = d_zr
        xp.multiply(d_candidate, r, out=dr[:, 2 * units:])
        dh = dr @ recurrent_t
        dh += through_z
        if direct is not None:
            dh += direct
    d_x, d_kernel = _input_gradients(xp, xt, x.shape, kernel, d_gates, go_backwards, input_gradient)
    d_recurrent = _recurrent_gradient(xp, states, h0, d_rec)
    d_bias = xp.stack([d_gates.sum(axis=(0, 1)), d_rec.sum(axis=(0, 1))])
    return d_x, d_kernel, d_recurrent, d_bias, dh


# --- GRU (reset_after=False): hh = act(x W_h + b_h + (r * h_prev) U_h); one (3 * units,) bias ------------
@op("GRUSequenceResetBefore")
def _gru_reset_before(xp, x, kernel, recurrent_kernel, bias, h0, *mask, activation, recurrent_activation,
                      go_backwards, zero_output_for_mask):
    units = h0.shape[1]
    xt, keep = _read(xp, x, mask, go_backwards)
    gates = _project(xp, xt, kernel, bias)  # x projections, then activated [z, r, hh], in place
    steps, batch, _ = gates.shape
    reset_states = xp.empty((steps, batch, units), x.dtype)  # r * h_prev, kept for the gradient
    states = xp.empty_like(reset_states)
    rec_activate, activate = ACTIVATIONS[recurrent_activation][0], ACTIVATIONS[activation][0]
    update_reset, candidate_kernel = recurrent_kernel[:, :2 * units], recurrent_kernel[:, 2 * units:]
    h, zr_rec, h_rec = h0, xp.empty((batch, 2 * units), x.dtype), xp.empty_like(h0)
    for t in range(steps):
        g = gates[t]
        xp.matmul(h, update_reset, out=zr_rec)
        zr = g[:, :2 * units]
        zr += zr_rec
        rec_activate(xp, zr)
        xp.multiply(g[:, units:2 * units], h, out=reset_states[t])
        xp.matmul(reset_states[t], candidate_kernel, out=h_rec)
        candidate = g[:, 2 * units:]
        candidate += h_rec
        activate(xp, candidate)
        h = _gru_mix(xp, h, g, units, states[t], keep, t)
    outputs = _outputs(xp, states, keep, zero_output_for_mask)
    return _batch_major(xp, outputs), states[-1], states, gates, reset_states


@_gru_reset_before.gradient
def _(ctx, d_outputs, d_h, *_):
    return _differentiate(_gru_reset_before_grad, ctx, *ctx.outputs[2:], d_outputs, d_h)


@op("GRUSequenceResetBeforeGrad")
def _gru_reset_before_grad(xp, x, kernel, recurrent_kernel, bias, h0, *rest, activation, recurrent_activation,
                           go_backwards, zero_output_for_mask, input_gradient=True):
    *mask, states, gates, reset_states, d_outputs, d_h = rest
    units = h0.shape[1]
    xt, keep, d_new = _read_gradient(xp, x, mask, d_outputs, go_backwards, zero_output_for_mask)
    d_gates = _gru_slopes(xp, gates, units, activation, recurrent_activation)  # slopes, then d(x projections)
    update_reset_t, candidate_t = recurrent_kernel[:, :2 * units].T, recurrent_kernel[:, 2 * units:].T
    dh = d_h.copy()
    through_z = xp.empty_like(dh)
    for t in range(d_new.shape[0] - 1, -1, -1):
        dh, direct = _unmasked(xp, dh, keep, t)
        dh += d_new[t]
        g, dg = gates[t], d_gates[t]
        z, r, candidate = g[:, :units], g[:, units:2 * units], g[:, 2 * units:]
        h_prev = states[t - 1] if t else h0
        xp.multiply(z, dh, out=through_z)
        d_candidate = dg[:, 2 * units:]
        d_candidate *= dh - through_z                        # (1 - z) * dh * act'
        d_reset_state = d_candidate @ candidate_t            # d(r * h_prev)
        dg[:, :units] *= (h_prev - candidate) * dh           # z
        dg[:, units:2 * units] *= d_reset_state * h_prev     # r
        dh = dg[:, :2 * units] @ update_reset_t
        dh += through_z
        dh += d_reset_state * r
        if direct is not None:
            dh += direct
    d_x, d_kernel = _input_gradients(xp, xt, x.shape, kernel, d_gates, go_backwards, input_gradient)
    d_recurrent = xp.concatenate([_recurrent_gradient(xp, states, h0, d_gates[:, :, :2 * units]),
                                  reset_states.reshape(-1, units).T @ d_gates[:, :, 2 * units:].reshape(-1, units)],
                                 axis=1)
    return d_x, d_kernel, d_recurrent, d_gates.sum(axis=(0, 1)), dh


# --- public entry points -----------------------------------------------------------------------
def _checked(op_name, x, kernel, recurrent_kernel, bias, states, mask, gates, bias_shape):
    """Tensors of one floating dtype with the shapes the kernels expect, or a clear error."""
    x = as_tensor(x)
    if not x.dtype.is_floating:
        x = cast(x, "float32")
    dtype = x.dtype
    kernel, recurrent_kernel = as_tensor(kernel, dtype), as_tensor(recurrent_kernel, dtype)
    states = [as_tensor(s, dtype) for s in states]
    units = recurrent_kernel.shape[0]
    if x.ndim != 3 or x.shape[1] == 0:
        raise errors.InvalidArgumentError(
            None, op_name, f"{op_name}: inputs must be (batch, timesteps, features) with at least one "
            f"timestep, got shape {x.shape}. [Op:{op_name}]")
    expected = [("kernel", kernel, (x.shape[2], gates * units)),
                ("recurrent_kernel", recurrent_kernel, (units, gates * units))]
    expected += [(f"state {i}", s, (x.shape[0], units)) for i, s in enumerate(states)]
    if bias is None:
        bias = zeros(bias_shape(units), dtype)
    bias = as_tensor(bias, dtype)
    expected.append(("bias", bias, bias_shape(units)))
    for name, t, shape in expected:
        if len(t.shape) != len(shape) or any(a is not None and b is not None and a != b
                                             for a, b in zip(t.shape, shape)):
            raise errors.InvalidArgumentError(
                None, op_name, f"{op_name}: {name} must have shape {shape} for inputs of shape {x.shape} "
                f"and {units} units, got {tuple(t.shape)}. [Op:{op_name}]")
    masks = ()
    if mask is not None:
        mask = as_tensor(mask)
        if tuple(mask.shape) != tuple(x.shape[:2]):
            raise errors.InvalidArgumentError(
                None, op_name, f"{op_name}: mask must have shape (batch, timesteps) = {tuple(x.shape[:2])}, "
                f"got {tuple(mask.shape)}. [Op:{op_name}]")
        masks = (mask if mask.dtype.name == "bool" else cast(mask, "bool"),)
    return x, kernel, recurrent_kernel, bias, states, masks


def _attrs(go_backwards, zero_output_for_mask, **activations):
    for role, name in activations.items():
        if name not in ACTIVATIONS:
            raise ValueError(f"The fused recurrent kernels support {role} in {sorted(ACTIVATIONS)}, got {name!r}. "
                             "Keras layers fall back to a step-by-step loop for other activations.")
    return dict(activations, go_backwards=bool(go_backwards), zero_output_for_mask=bool(zero_output_for_mask))


def simple_rnn_sequence(x, kernel, recurrent_kernel, bias, initial_state, mask=None, activation="tanh",
                        go_backwards=False, zero_output_for_mask=False):
    """Runs a SimpleRNN over `x` (batch, time, features): `h = activation(x W + h U + b)` per step.

    Returns:
        `(outputs, final_state)`: outputs `(batch, time, units)`, in reading order.
    """
    x, kernel, recurrent_kernel, bias, (h0,), masks = _checked(
        "SimpleRNNSequence", x, kernel, recurrent_kernel, bias, [initial_state], mask, 1, lambda u: (u,))
    outputs, state, _ = _simple_rnn(x, kernel, recurrent_kernel, bias, h0, *masks,
                                    **_attrs(go_backwards, zero_output_for_mask, activation=activation))
    return outputs, state


def lstm_sequence(x, kernel, recurrent_kernel, bias, initial_state, mask=None, activation="tanh",
                  recurrent_activation="sigmoid", go_backwards=False, zero_output_for_mask=False):
    """Runs an LSTM (Keras' gate order i, f, c, o) over `x`; `initial_state` is `[h, c]`.

    Returns:
        `(outputs, h, c)`: outputs `(batch, time, units)` and the final states.
    """
    x, kernel, recurrent_kernel, bias, (h0, c0), masks = _checked(
        "LSTMSequence", x, kernel, recurrent_kernel, bias, initial_state, mask, 4, lambda u: (4 * u,))
    outputs, h, c, *_ = _lstm(x, kernel, recurrent_kernel, bias, h0, c0, *masks, **_attrs(
        go_backwards, zero_output_for_mask, activation=activation, recurrent_activation=recurrent_activation))
    return outputs, h, c


def gru_sequence(x, kernel, recurrent_kernel, bias, initial_state, mask=None, activation="tanh",
                 recurrent_activation="sigmoid", go_backwards=False, zero_output_for_mask=False, reset_after=True):
    """Runs a GRU (Keras' gate order z, r, h) over `x`.

    With `reset_after=True` (Keras' default) the bias is `(2, 3 * units)`: input and recurrent
    rows; with `reset_after=False` it is `(3 * units,)` and the reset gate scales the state
    before the recurrent product.

    Returns:
        `(outputs, final_state)`.
    """
    name, kernel_op = ("GRUSequence", _gru) if reset_after else ("GRUSequenceResetBefore", _gru_reset_before)
    x, kernel, recurrent_kernel, bias, (h0,), masks = _checked(
        name, x, kernel, recurrent_kernel, bias, [initial_state], mask, 3,
        (lambda u: (2, 3 * u)) if reset_after else (lambda u: (3 * u,)))
    outputs, state, *_ = kernel_op(x, kernel, recurrent_kernel, bias, h0, *masks, **_attrs(
        go_backwards, zero_output_for_mask, activation=activation, recurrent_activation=recurrent_activation))
    return outputs, state
