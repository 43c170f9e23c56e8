"""Finite-difference gradient checks in float64, driven from one table of cases.

Each `cases_*.py` module beside this file defines `CASES`, a list of `Case`s.
`test_gradients.py` checks every case and that every registered differentiable op
was exercised by some case, so a new op cannot skip its check.
"""
import dataclasses

import numpy as np

import neuroflow as tf


@dataclasses.dataclass
class Case:
    """One gradient check: `fn(*inputs)` differentiated w.r.t. every input.

    Args:
        name: a readable id for the test report.
        fn: a function of float64 tensors returning a tensor (or a list of tensors).
        inputs: shapes (filled with random normals) or explicit NumPy arrays (use those to
            stay inside an op's domain, e.g. positive values for `log`).
        second_order: also check the gradient of the gradient (covers *Grad ops).
        rtol, atol: tolerances for analytic vs numeric gradients.
    """
    name: str
    fn: object
    inputs: list
    second_order: bool = False
    rtol: float = 1e-5
    atol: float = 1e-6

    def arrays(self, seed=0):
        rng = np.random.default_rng(seed)
        return [np.array(x, dtype=np.float64) if not isinstance(x, tuple)
                else rng.standard_normal(x) for x in self.inputs]


def case(name, fn, *inputs, **options):
    return Case(name, fn, list(inputs), **options)


def _weighted_sum(outputs, weights):
    total = None
    for out, w in zip(outputs, weights):
        term = tf.reduce_sum(out * tf.constant(w))
        total = term if total is None else total + term
    return total


def _outputs(fn, tensors):
    out = fn(*tensors)
    return list(out) if isinstance(out, (list, tuple)) else [out]


def _weights(fn, arrays, rng):
    outs = _outputs(fn, [tf.constant(a) for a in arrays])
    return [rng.standard_normal(tuple(o.shape)) for o in outs]


def scalar_objective(fn, weights):
    """x -> sum(w * fn(x)) as a float: a scalar function whose gradient we check."""
    def objective(*arrays):
        return float(_weighted_sum(_outputs(fn, [tf.constant(a) for a in arrays]), weights).numpy())
    return objective


def numeric_gradients(objective, arrays, eps=1e-6):
    grads = []
    for i, a in enumerate(arrays):
        g = np.zeros_like(a)
        for idx in np.ndindex(a.shape):
            plus = [x.copy() for x in arrays]
            minus = [x.copy() for x in arrays]
            plus[i][idx] += eps
            minus[i][idx] -= eps
            g[idx] = (objective(*plus) - objective(*minus)) / (2 * eps)
        grads.append(g)
    return grads


def analytic_gradients(fn, arrays, weights, ops_seen):
    tensors = [tf.constant(a) for a in arrays]
    with tf.GradientTape() as tape:
        for t in tensors:
            tape.watch(t)
        loss = _weighted_sum(_outputs(fn, tensors), weights)
    ops_seen.update(call.op.name for call in tape._calls)
    grads = tape.gradient(loss, tensors)
    return [np.zeros_like(a) if g is None else np.asarray(g.numpy(), dtype=np.float64)
            for a, g in zip(arrays, grads)]


def check(c, ops_seen):
    """Raises AssertionError when `c`'s analytic and numeric gradients differ."""
    rng = np.random.default_rng(1)
    arrays = c.arrays()
    weights = _weights(c.fn, arrays, rng)
    analytic = analytic_gradients(c.fn, arrays, weights, ops_seen)
    numeric = numeric_gradients(scalar_objective(c.fn, weights), arrays)
    for i, (a, n) in enumerate(zip(analytic, numeric)):
        np.testing.assert_allclose(a, n, rtol=c.rtol, atol=c.atol,
                                   err_msg=f"{c.name}: gradient w.r.t. input {i}")
    if c.second_order:
        def first_gradient(*tensors):
            with tf.GradientTape() as tape:
                for t in tensors:
                    tape.watch(t)
                loss = _weighted_sum(_outputs(c.fn, list(tensors)), weights)
            ops_seen.update(call.op.name for call in tape._calls)
            return [g if g is not None else tf.zeros_like(t)
                    for g, t in zip(tape.gradient(loss, list(tensors)), tensors)]
        check(Case(c.name + " (2nd order)", first_gradient, arrays, rtol=c.rtol * 10,
                   atol=c.atol * 10), ops_seen)
