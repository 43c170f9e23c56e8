"""Tensor contractions: `einsum` and `tensordot`.

The gradient of an einsum w.r.t. one operand is another einsum: contract the output
gradient with the other operands back to that operand's subscripts.

>>> import neuroflow as tf
>>> tf.einsum("ij,jk->ik", [[1.0, 2.0]], [[3.0], [4.0]]).numpy()
array([[11.]], dtype=float32)
>>> tf.tensordot(tf.ones([2, 3, 4]), tf.ones([4, 3]), axes=[[1, 2], [1, 0]]).numpy()
array([12., 12.], dtype=float32)
"""
import math
import string

from .array_ops import invalid_argument, reshape, transpose, _same_dtype, _shape_text
from .creation_ops import eye, ones
from .math_ops import matmul
from .registry import op, binary_operands
from .shape_util import sum_to_shape

__all__ = ["einsum", "tensordot"]


# --- einsum -------------------------------------------------------------------------------
@op("Einsum")
def _einsum(xp, *operands, equation):
    return xp.einsum(equation, *operands, optimize=len(operands) > 1)


@_einsum.gradient
def _(ctx, dy):
    operands = ctx.inputs
    inputs, output = _explicit(ctx.attrs["equation"], [x.ndim for x in operands])
    grads = []
    for i, x in enumerate(operands):
        if not ctx.needs[i]:
            grads.append(None)
            continue
        others = inputs[:i] + inputs[i + 1:]
        elsewhere = set(output).union(*others)
        spec = inputs[i]
        kept = "".join(dict.fromkeys(c for c in spec if c in elsewhere))
        g = einsum(f"{','.join([output, *others])}->{kept}", dy, *operands[:i], *operands[i + 1:])
        g = sum_to_shape(g, [x.shape[spec.index(c)] for c in kept])   # axes x broadcast from size 1
        grads.append(g if kept == spec else _spread(g, kept, spec, x))
    return tuple(grads)


def _spread(g, kept, spec, x):
    """`g` (subscripts `kept`) placed on `spec`: repeated letters get the diagonal (an
    identity factor), letters that were only summed over get a broadcast (a ones factor)."""
    fresh = iter(c for c in string.ascii_letters if c not in spec)
    letters, factor_specs, factors, seen = [], [], [], set()
    for c, n in zip(spec, x.shape):
        if c in seen:
            letters.append(next(fresh))
            factor_specs.append(c + letters[-1])
            factors.append(eye(n, dtype=x.dtype))
        else:
            seen.add(c)
            letters.append(c)
            if c not in kept:
                factor_specs.append(c)
                factors.append(ones([n], dtype=x.dtype))
    return einsum(f"{','.join([kept, *factor_specs])}->{''.join(letters)}", g, *factors)


def _split_equation(equation, count):
    equation = equation.replace(" ", "")
    inputs, arrow, output = equation.partition("->")
    inputs = inputs.split(",")
    if len(inputs) != count:
        raise invalid_argument("Einsum", f"equation {equation!r} has {len(inputs)} operand subscripts, "
                               f"but {count} tensors were given.")
    if not arrow:   # implicit output: letters used once, in alphabetical order
        letters = "".join(inputs).replace(".", "")
        output = ("..." if any("..." in s for s in inputs) else "") + \
            "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    return inputs, output


def _explicit(equation, ranks):
    """Subscripts with every `...` spelled out as letters (aligned from the right)."""
    inputs, output = _split_equation(equation, len(ranks))
    spare = [c for c in string.ascii_letters if c not in equation]
    widths = [r - len(s.replace("...", "")) for s, r in zip(inputs, ranks)]
    batch = "".join(spare[:max(widths, default=0)])
    inputs = [s.replace("...", batch[len(batch) - w:] if w else "") for s, w in zip(inputs, widths)]
    return inputs, output.replace("...", batch)


def _labelled_dims(subscripts, shape, i):
    """(letter, size) pairs of one operand; `...` may stand for any number of leading/middle axes."""
    head, dots, tail = subscripts.partition("...")
    if len(head) + len(tail) > len(shape) or (not dots and len(head) != len(shape)):
        raise invalid_argument(
            "Einsum", f"subscripts {subscripts!r} of input {i} do not match its shape {_shape_text(shape)}: "
            f"name one letter per axis, or use '...' for the rest.")
    return list(zip(head, shape)) + list(zip(tail, shape[len(shape) - len(tail):]))


def einsum(equation, *inputs, **kwargs):
    """Sums products of `inputs` over the indices `equation` names ("ij,jk->ik" is a matmul).

    Supports `...` for broadcast batch axes and implicit outputs ("ij,jk").

    >>> import neuroflow as tf
    >>> tf.einsum("bi,bi->b", [[1.0, 2.0], [3.0, 4.0]], [[1.0, 1.0], [2.0, 0.5]]).numpy()
    array([3., 8.], dtype=float32)
    >>> tf.einsum("ii", [[1, 2], [3, 4]]).numpy()
    np.int32(5)
    """
    tensors = _same_dtype(inputs, "Einsum")
    subscripts, output = _split_equation(equation, len(tensors))
    sizes = {}
    for i, (s, t) in enumerate(zip(subscripts, tensors)):
        for c, n in _labelled_dims(s, tuple(t.shape), i):
            if sizes.setdefault(c, n) != n and 1 not in (n, sizes[c]):
                raise invalid_argument("Einsum", f"index {c!r} has size {sizes[c]} in one input and {n} in "
                                       f"input {i} (subscripts {','.join(subscripts)}).")
    return _einsum(*tensors, equation=f"{','.join(subscripts)}->{output}")


# --- tensordot ----------------------------------------------------------------------------
def _axes_lists(axes, a_rank, b_rank):
    if hasattr(axes, "numpy"):
        axes = axes.numpy().tolist()
    if isinstance(axes, int):
        if not 0 <= axes <= min(a_rank, b_rank):
            raise invalid_argument("Tensordot", f"axes={axes} must be between 0 and the smaller rank "
                                   f"{min(a_rank, b_rank)} of the two inputs.")
        return list(range(a_rank - axes, a_rank)), list(range(axes))
    a_axes, b_axes = axes
    a_axes = [a_axes] if isinstance(a_axes, int) else list(a_axes)
    b_axes = [b_axes] if isinstance(b_axes, int) else list(b_axes)
    if len(a_axes) != len(b_axes):
        raise invalid_argument("Tensordot", f"axes {a_axes} and {b_axes} must have the same length.")
    return [a % a_rank for a in a_axes], [b % b_rank for b in b_axes]


def _matrix(x, rows, cols):
    """`x` with axes `rows` flattened into one axis, then axes `cols` into another."""
    perm = rows + cols
    if perm != list(range(x.ndim)):
        x = transpose(x, perm)
    shape = tuple(x.shape)
    return reshape(x, [math.prod(shape[:len(rows)]), math.prod(shape[len(rows):])])


def tensordot(a, b, axes, name=None):
    """Contracts `a`'s `axes[0]` with `b`'s `axes[1]` (an int N: a's last N with b's first N).

    >>> import neuroflow as tf
    >>> tf.tensordot([[1.0, 2.0], [3.0, 4.0]], [1.0, 1.0], axes=1).numpy()
    array([3., 7.], dtype=float32)
    """
    a, b = binary_operands("Tensordot", a, b)
    a_axes, b_axes = _axes_lists(axes, a.ndim, b.ndim)
    a_shape, b_shape = tuple(a.shape), tuple(b.shape)
    for i, j in zip(a_axes, b_axes):
        if a_shape[i] != b_shape[j]:
            raise invalid_argument(
                "Tensordot", f"cannot contract axis {i} of a {_shape_text(a_shape)} (size {a_shape[i]}) with "
                f"axis {j} of b {_shape_text(b_shape)} (size {b_shape[j]}).")
    a_free = [i for i in range(a.ndim) if i not in a_axes]
    b_free = [j for j in range(b.ndim) if j not in b_axes]
    product = matmul(_matrix(a, a_free, a_axes), _matrix(b, b_axes, b_free))
    return reshape(product, [a_shape[i] for i in a_free] + [b_shape[j] for j in b_free])
