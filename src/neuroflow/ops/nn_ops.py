"""Neural-network ops (`tf.nn`): activations, softmax, cross-entropies, dropout, ...

Each op's forward sits beside its gradient. Piecewise activations get a `*Grad` op,
as in TensorFlow, so second derivatives work; softmax cross-entropies are fused ops
whose forward also returns the gradient (`softmax - labels`), so training is cheap.

>>> import neuroflow as tf
>>> tf.nn.relu([-1.0, 2.0]).numpy()
array([0., 2.], dtype=float32)
>>> tf.nn.softmax([[1.0, 1.0, 1.0, 1.0]]).numpy()
array([[0.25, 0.25, 0.25, 0.25]], dtype=float32)
"""
import math

import numpy as np

from ..framework import errors
from ..framework.tensor import Tensor
from .array_ops import expand_dims, reshape, shape as array_shape, squeeze, transpose
from .comparison_ops import less
from .indexing_ops import gather
from .math_ops import cast, exp, log, maximum, sqrt, square
from .random_ops import uniform
from .reduction_ops import reduce_mean, reduce_sum
from .registry import op, as_tensor, binary_operands
from .shape_util import check_broadcastable, dims, normalize_axis, sum_to_shape
from .unary_ops import abs, erf, log1p, sigmoid, tanh  # noqa: A004 - tf.math.abs

__all__ = ["relu", "relu6", "leaky_relu", "elu", "selu", "gelu", "silu", "swish",
           "softmax", "log_softmax", "bias_add", "dropout", "moments", "batch_normalization",
           "l2_loss", "l2_normalize", "softmax_cross_entropy_with_logits",
           "sparse_softmax_cross_entropy_with_logits", "sigmoid_cross_entropy_with_logits",
           "log_poisson_loss", "embedding_lookup"]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _floating(x, op_name):
    """`x` as a tensor, which must be floating point."""
    x = as_tensor(x)
    if not (x._dtype.is_floating or x._dtype.is_complex):
        raise errors.InvalidArgumentError(
            None, op_name,
            f"{op_name}: expected a floating-point tensor, got {x._dtype.name} with shape {x.shape}. "
            f"Cast it first, e.g. tf.cast(x, tf.float32). [Op:{op_name}]")
    return x


def _is_zero(t):
    """True for an eager tensor of zeros (an output gradient the tape filled in)."""
    return type(t) is Tensor and not t._value.any()


# --- piecewise-linear activations: relu, relu6, leaky_relu ---------------------------------
def _slope_op(name, slope):
    """Registers `name(dy, x) = slope(xp, dy, x)`: `dy` times a piecewise-constant slope of `x`.

    Such a gradient is linear in `dy` and flat in `x`, so its own gradient is itself
    applied to `ddx` (and zero for `x`): that is what makes second derivatives work.
    """
    @op(name)
    def grad_op(xp, dy, x, **attrs):
        return slope(xp, dy, x, **attrs)

    @grad_op.gradient
    def _(ctx, ddx):
        return grad_op(ddx, ctx.inputs[1], **ctx.attrs), None
    return grad_op


_relu_grad = _slope_op("ReluGrad", lambda xp, dy, y: dy * (y > 0))
_relu6_grad = _slope_op("Relu6Grad", lambda xp, dy, x: dy * ((x > 0) & (x < 6)))
_leaky_relu_grad = _slope_op("LeakyReluGrad", lambda xp, dy, x, alpha: xp.where(x > 0, dy, dy * alpha))


@op("Relu")
def _relu(xp, x):
    return xp.maximum(x, 0)


@_relu.gradient
def _(ctx, dy):
    return _relu_grad(dy, ctx.output)


def relu(features, name=None):
    """max(features, 0) elementwise.

    >>> import neuroflow as tf
    >>> print(tf.nn.relu(tf.add(tf.multiply(3.0, 2.0), 5.0)).numpy())
    11.0
    """
    return _relu(as_tensor(features))


@op("Relu6")
def _relu6(xp, x):
    return xp.clip(x, 0, 6)


@_relu6.gradient
def _(ctx, dy):
    return _relu6_grad(dy, ctx.inputs[0])


def relu6(features, name=None):
    """min(max(features, 0), 6) elementwise.

    >>> import neuroflow as tf
    >>> tf.nn.relu6([-1.0, 3.0, 8.0]).numpy()
    array([0., 3., 6.], dtype=float32)
    """
    return _relu6(as_tensor(features))


@op("LeakyRelu")
def _leaky_relu(xp, x, alpha):
    return xp.where(x > 0, x, x * alpha)


@_leaky_relu.gradient
def _(ctx, dy):
    return _leaky_relu_grad(dy, ctx.inputs[0], alpha=ctx.attrs["alpha"])


def leaky_relu(features, alpha=0.2, name=None):
    """`features` where positive, `alpha * features` elsewhere (integers become float32).

    >>> import neuroflow as tf
    >>> tf.nn.leaky_relu([-1.0, 2.0]).numpy()
    array([-0.2,  2. ], dtype=float32)
    """
    x = as_tensor(features)
    if x._dtype.is_integer:
        x = cast(x, "float32")
    return _leaky_relu(x, alpha=float(alpha))


# --- exponential-linear activations: elu, selu -------------------------------------------
def _exp_linear(name, scale, alpha):
    """Registers `name` = scale * (x if x > 0 else alpha * (exp(x) - 1)) and its `*Grad` op.

    The gradient is written in terms of the output y: the slope is `scale` where y > 0
    and `y + scale * alpha` where y < 0 (as TensorFlow's EluGrad/SeluGrad).
    """
    @op(name)
    def forward(xp, x):
        return xp.where(x > 0, x * scale, xp.expm1(xp.minimum(x, 0)) * (scale * alpha))

    @op(name + "Grad")
    def grad_op(xp, dy, y):
        return xp.where(y < 0, dy * (y + scale * alpha), dy * scale)

    @forward.gradient
    def _(ctx, dy):
        return grad_op(dy, ctx.output)

    @grad_op.gradient
    def _(ctx, ddx):
        dy, y = ctx.inputs
        return grad_op(ddx, y), ddx * dy * cast(less(y, 0), y._dtype)
    return forward


_elu = _exp_linear("Elu", 1.0, 1.0)
_selu = _exp_linear("Selu", _SELU_SCALE, _SELU_ALPHA)


def elu(features, name=None):
    """Exponential linear unit: `x` where positive, `exp(x) - 1` elsewhere.

    >>> import neuroflow as tf
    >>> tf.nn.elu([-1.0, 0.0, 2.0]).numpy()
    array([-0.63212055,  0.        ,  2.        ], dtype=float32)
    """
    return _elu(_floating(features, "Elu"))


def selu(features, name=None):
    """Scaled exponential linear unit: `scale * elu(x)` with SELU's alpha and scale.

    >>> import neuroflow as tf
    >>> tf.nn.selu([1.0]).numpy()
    array([1.050701], dtype=float32)
    """
    return _selu(_floating(features, "Selu"))


# --- smooth activations, composed of tf.math ops ------------------------------------------
def gelu(features, approximate=False, name=None):
    """Gaussian error linear unit: `x * P(X <= x)` for a standard normal X.

    `approximate=True` uses the tanh approximation instead of the exact erf form.

    >>> import neuroflow as tf
    >>> tf.nn.gelu([-1.0, 0.0, 1.0]).numpy()
    array([-0.15865526,  0.        ,  0.8413447 ], dtype=float32)
    """
    x = _floating(features, "Gelu")
    if approximate:
        return 0.5 * x * (1.0 + tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x * x * x)))
    return 0.5 * x * (1.0 + erf(x * (1.0 / math.sqrt(2.0))))


def silu(features, beta=1.0, name=None):
    """Sigmoid linear unit (swish): `features * sigmoid(beta * features)`.

    >>> import neuroflow as tf
    >>> tf.nn.silu([0.0, 1.0]).numpy()
    array([0.       , 0.7310586], dtype=float32)
    """
    x = _floating(features, "Silu")
    return x * sigmoid(x if beta == 1.0 else x * beta)


swish = silu


# --- softmax and log_softmax -------------------------------------------------------------
def _shifted(xp, logits, axis):
    """`logits - max(logits)` along `axis`: the same softmax, and exp cannot overflow."""
    return logits - xp.max(logits, axis=axis, keepdims=True)


def _softmax_backward(y, dy, axis=-1):
    """The gradient through `y = softmax(x)`: `y * (dy - sum(dy * y))` along `axis`."""
    return y * (dy - reduce_sum(dy * y, axis=axis, keepdims=True))


@op("Softmax")
def _softmax(xp, logits, axis):
    e = _shifted(xp, logits, axis)
    xp.exp(e, out=e)
    e /= xp.sum(e, axis=axis, keepdims=True)
    return e


@_softmax.gradient
def _(ctx, dy):
    return _softmax_backward(ctx.output, dy, ctx.attrs["axis"])


@op("LogSoftmax")
def _log_softmax(xp, logits, axis):
    z = _shifted(xp, logits, axis)
    return z - xp.log(xp.sum(xp.exp(z), axis=axis, keepdims=True))


@_log_softmax.gradient
def _(ctx, dy):
    return dy - exp(ctx.output) * reduce_sum(dy, axis=ctx.attrs["axis"], keepdims=True)


def _class_axis(logits, axis, op_name):
    if logits.ndim == 0:
        raise errors.InvalidArgumentError(
            None, op_name, f"{op_name}: logits must have at least one dimension, got a scalar. "
            f"Pass a vector of class scores. [Op:{op_name}]")
    return normalize_axis(-1 if axis is None else axis, logits.ndim, op_name)[0]


def softmax(logits, axis=None, name=None):
    """`exp(logits) / sum(exp(logits))` along `axis` (the last by default), computed stably.

    >>> import neuroflow as tf
    >>> tf.nn.softmax([1000.0, 1000.0]).numpy()
    array([0.5, 0.5], dtype=float32)
    """
    logits = _floating(logits, "Softmax")
    return _softmax(logits, axis=_class_axis(logits, axis, "Softmax"))


def log_softmax(logits, axis=None, name=None):
    """`logits - log(sum(exp(logits)))` along `axis` (the last by default), computed stably.

    >>> import neuroflow as tf
    >>> tf.nn.log_softmax([0.0, 0.0]).numpy()
    array([-0.6931472, -0.6931472], dtype=float32)
    """
    logits = _floating(logits, "LogSoftmax")
    return _log_softmax(logits, axis=_class_axis(logits, axis, "LogSoftmax"))


# --- softmax cross-entropy: fused ops returning (loss, softmax - labels) -------------------------
def _move_to_last(x, axis):
    """`x` with `axis` moved last (the class axis the fused kernels expect)."""
    if axis == x.ndim - 1:
        return x
    return transpose(x, [a for a in range(x.ndim) if a != axis] + [axis])


def _xent_logits_grad(ctx, dloss, dbackprop, probs):
    """The gradient w.r.t. logits of (loss, backprop); `probs()` gives softmax(logits).

    `dloss * backprop` is all training needs. The `dbackprop` term is nonzero only when
    a gradient itself is differentiated (second order): backprop = softmax - labels.
    """
    second_order = not _is_zero(dbackprop)
    if second_order and _is_zero(dloss):
        return _softmax_backward(probs(), dbackprop)
    grad = expand_dims(dloss, -1) * ctx.outputs[1]
    return grad + _softmax_backward(probs(), dbackprop) if second_order else grad


@op("SoftmaxCrossEntropyWithLogits")
def _softmax_xent(xp, logits, labels):
    z = _shifted(xp, logits, -1)
    e = xp.exp(z)
    total = xp.sum(e, axis=-1, keepdims=True)
    loss = xp.sum(labels * (xp.log(total) - z), axis=-1)
    return loss, e / total - labels


@_softmax_xent.gradient
def _(ctx, dloss, dbackprop):
    logits, labels = ctx.inputs
    grad_logits = grad_labels = None
    if ctx.needs[0]:
        grad_logits = _xent_logits_grad(ctx, dloss, dbackprop, lambda: ctx.outputs[1] + labels)
        grad_logits = sum_to_shape(grad_logits, dims(logits))
    if ctx.needs[1]:
        grad_labels = -(expand_dims(dloss, -1) * log_softmax(logits))
        if not _is_zero(dbackprop):
            grad_labels = grad_labels - dbackprop
        grad_labels = sum_to_shape(grad_labels, dims(labels))
    return grad_logits, grad_labels


def softmax_cross_entropy_with_logits(labels, logits, axis=-1, name=None):
    """Cross-entropy between `labels` (probabilities) and `softmax(logits)` along `axis`.

    Computed from logits in one stable step: large logits do not overflow.
    Each label row must be a probability distribution (sum to 1): as in TensorFlow, the
    gradient w.r.t. logits is `softmax(logits) - labels`. Gradients also flow to `labels`.

    Returns:
        The loss per example: `logits`' shape without `axis`.

    >>> import neuroflow as tf
    >>> tf.nn.softmax_cross_entropy_with_logits(labels=[[0.0, 1.0]], logits=[[0.0, 0.0]]).numpy()
    array([0.6931472], dtype=float32)
    """
    logits, labels = binary_operands("SoftmaxCrossEntropyWithLogits", as_tensor(logits), labels)
    _floating(logits, "SoftmaxCrossEntropyWithLogits")
    try:
        check_broadcastable(tuple(logits.shape), tuple(labels.shape))
    except ValueError:
        raise errors.InvalidArgumentError(
            None, "SoftmaxCrossEntropyWithLogits",
            f"SoftmaxCrossEntropyWithLogits: logits and labels must be broadcastable: "
            f"logits_size={list(logits.shape)} labels_size={list(labels.shape)}. Labels are one "
            "probability row per example (one-hot); for class indices use "
            "sparse_softmax_cross_entropy_with_logits. [Op:SoftmaxCrossEntropyWithLogits]") from None
    axis = _class_axis(logits, axis, "SoftmaxCrossEntropyWithLogits")
    if labels.ndim != logits.ndim:
        labels = reshape(labels, [1] * (logits.ndim - labels.ndim) + list(labels.shape))
    return _softmax_xent(_move_to_last(logits, axis), _move_to_last(labels, axis))[0]


@op("SparseSoftmaxCrossEntropyWithLogits")
def _sparse_softmax_xent(xp, logits, labels):
    classes = logits.shape[-1]
    flat_labels = labels.reshape(-1)
    if flat_labels.size and (flat_labels.min() < 0 or flat_labels.max() >= classes):
        bad = int(flat_labels[((flat_labels < 0) | (flat_labels >= classes)).argmax()])
        shown = " ".join(str(v) for v in flat_labels[:20].tolist())
        raise errors.InvalidArgumentError(
            None, "SparseSoftmaxCrossEntropyWithLogits",
            f"SparseSoftmaxCrossEntropyWithLogits: Received a label value of {bad} which is outside "
            f"the valid range of [0, {classes}).  Label values: {shown}"
            f"{' ...' if flat_labels.size > 20 else ''}. Labels must be class indices below the "
            "number of logits per example (the last layer's units). "
            "[Op:SparseSoftmaxCrossEntropyWithLogits]")
    z = logits.reshape(-1, classes)
    z = z - z.max(axis=-1, keepdims=True)
    probs = xp.exp(z)
    total = probs.sum(axis=-1)
    probs /= total[:, None]
    rows = xp.arange(flat_labels.size)
    loss = xp.log(total) - z[rows, flat_labels]
    probs[rows, flat_labels] -= 1
    return loss.reshape(labels.shape), probs.reshape(logits.shape)


@_sparse_softmax_xent.gradient
def _(ctx, dloss, dbackprop):
    return _xent_logits_grad(ctx, dloss, dbackprop, lambda: softmax(ctx.inputs[0])), None


def sparse_softmax_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Cross-entropy between class indices `labels` and `softmax(logits)` over the last axis.

    Args:
        labels: int32/int64 class indices, shaped like `logits` without its last axis.
        logits: unnormalized log-probabilities, `[..., num_classes]`.

    Returns:
        The loss per example, shaped like `labels`.

    >>> import neuroflow as tf
    >>> tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1], logits=[[0.0, 0.0]]).numpy()
    array([0.6931472], dtype=float32)
    >>> tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[2], logits=[[0.0, 0.0]])
    Traceback (most recent call last):
    ...
    neuroflow.framework.errors.InvalidArgumentError: SparseSoftmaxCrossEntropyWithLogits: Received a label value of 2 which is outside the valid range of [0, 2). ...
    """
    logits = _floating(logits, "SparseSoftmaxCrossEntropyWithLogits")
    labels = as_tensor(labels)
    if not labels._dtype.is_integer:
        raise errors.InvalidArgumentError(
            None, "SparseSoftmaxCrossEntropyWithLogits",
            f"SparseSoftmaxCrossEntropyWithLogits: labels must be int32 or int64 class indices, got "
            f"{labels._dtype.name}. Cast them with tf.cast(labels, tf.int32), or use "
            "softmax_cross_entropy_with_logits for one-hot labels. [Op:SparseSoftmaxCrossEntropyWithLogits]")
    label_shape, logit_shape = dims(labels), dims(logits)
    if len(label_shape) != len(logit_shape) - 1:
        raise ValueError(
            f"Rank mismatch: Rank of labels (received {labels.ndim}) should equal rank of logits "
            f"minus 1 (received {logits.ndim}). Labels are one class index per example: "
            f"labels shape {tuple(labels.shape)}, logits shape {tuple(logits.shape)}.")
    if label_shape != logit_shape[:-1]:
        raise ValueError(
            f"Shape mismatch: The shape of labels (received {tuple(labels.shape)}) should equal the "
            f"shape of logits except for the last dimension (received {tuple(logits.shape)}).")
    return _sparse_softmax_xent(logits, labels)[0]


def sigmoid_cross_entropy_with_logits(labels=None, logits=None, name=None):
    """Cross-entropy between `labels` in [0, 1] and `sigmoid(logits)`, elementwise.

    Uses TensorFlow's stable form `max(x, 0) - x * z + log(1 + exp(-|x|))`.

    >>> import neuroflow as tf
    >>> tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0, 0.0], logits=[0.0, 100.0]).numpy()
    array([  0.6931472, 100.       ], dtype=float32)
    """
    logits, labels = binary_operands("SigmoidCrossEntropyWithLogits", as_tensor(logits), labels)
    if logits.shape != labels.shape:
        raise ValueError(f"logits and labels must have the same shape ({logits.shape} vs {labels.shape}). "
                         "Give one label per logit.")
    return relu(logits) - logits * labels + log1p(exp(-abs(logits)))


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """Poisson negative log-likelihood of `targets` given `log_input` = log of the predicted rate.

    With `compute_full_loss`, adds Stirling's approximation of `log(targets!)` (for targets > 1).

    >>> import neuroflow as tf
    >>> tf.nn.log_poisson_loss([2.0], [0.0]).numpy()
    array([1.], dtype=float32)
    """
    log_input, targets = binary_operands("LogPoissonLoss", as_tensor(log_input), targets)
    loss = exp(log_input) - log_input * targets
    if compute_full_loss:
        safe = maximum(targets, 1.0)
        stirling = safe * log(safe) - safe + 0.5 * log((2 * math.pi) * safe)
        loss = loss + stirling * cast(less(1.0, targets), targets._dtype)
    return loss


# --- bias_add ---------------------------------------------------------------------------
def _channel_axis(ndim, data_format):
    return 1 if data_format is not None and data_format.startswith("NC") else ndim - 1


@op("BiasAdd")
def _bias_add(xp, value, bias, data_format):
    axis = _channel_axis(value.ndim, data_format)
    return value + bias.reshape(bias.shape + (1,) * (value.ndim - 1 - axis))


@_bias_add.gradient
def _(ctx, dy):
    axis = _channel_axis(dy.ndim, ctx.attrs["data_format"])
    return dy, reduce_sum(dy, axis=[a for a in range(dy.ndim) if a != axis])


def bias_add(value, bias, data_format=None, name=None):
    """Adds the 1-D `bias` along the channel axis: the last (`NHWC`, default) or axis 1 (`NC...`).

    >>> import neuroflow as tf
    >>> tf.nn.bias_add(tf.zeros([2, 3]), [1.0, 2.0, 3.0]).numpy()
    array([[1., 2., 3.],
           [1., 2., 3.]], dtype=float32)
    """
    value, bias = binary_operands("BiasAdd", as_tensor(value), bias)
    if data_format not in (None, "NHWC", "NCHW", "NWC", "NCW", "NDHWC", "NCDHW", "N...C", "NC..."):
        raise ValueError(f"bias_add: unknown data_format {data_format!r}; use 'NHWC' (channels last) "
                         "or 'NCHW' (channels first).")
    if bias.ndim != 1 or value.ndim < 2:
        raise errors.InvalidArgumentError(
            None, "BiasAdd",
            f"BiasAdd: bias must be 1-D and value at least 2-D, got bias shape {bias.shape} and value "
            f"shape {value.shape}. [Op:BiasAdd]")
    axis = _channel_axis(value.ndim, data_format)
    if value.shape[axis] != bias.shape[0]:
        raise errors.InvalidArgumentError(
            None, "BiasAdd",
            f"BiasAdd: Must provide as many biases as the channel dimension of the input tensor: "
            f"bias shape {bias.shape} vs. value shape {value.shape} (channel axis {axis}, "
            f"data_format={data_format or 'NHWC'}). [Op:BiasAdd]")
    return _bias_add(value, bias, data_format=data_format)


# --- dropout ----------------------------------------------------------------------------
def dropout(x, rate, noise_shape=None, seed=None, name=None):
    """Zeroes each element with probability `rate` and scales the rest by `1 / (1 - rate)`.

    Args:
        x: a floating-point tensor.
        rate: the probability of dropping an element, in [0, 1).
        noise_shape: the shape of the random keep/drop mask, broadcast against `x`
            (e.g. `[batch, 1, channels]` drops whole channels); None entries take `x`'s size.
        seed: an op seed (see `tf.random.set_seed`).

    >>> import neuroflow as tf
    >>> y = tf.nn.dropout(tf.ones([1000]), rate=0.5)
    >>> sorted(set(y.numpy().tolist()))
    [0.0, 2.0]
    """
    x = _floating(x, "Dropout")
    rate = float(rate.numpy() if hasattr(rate, "numpy") else rate)
    if not 0 <= rate < 1:
        raise ValueError(f"rate must be a scalar tensor or a float in the range [0, 1), got {rate}. "
                         "It is the fraction of units to drop.")
    if rate == 0:
        return x
    shape = list(x.shape) if noise_shape is None else [
        x.shape[i] if d is None else int(d) for i, d in enumerate(_as_list(noise_shape))]
    if None in shape:   # sizes known only when the graph runs
        sizes = array_shape(x)
        shape = [sizes[i] if d is None else d for i, d in enumerate(shape)]
    keep = cast(uniform(shape, dtype=x._dtype, seed=seed) >= rate, x._dtype)
    return x * (keep * (1.0 / (1.0 - rate)))


def _as_list(shape):
    if hasattr(shape, "numpy"):
        return shape.numpy().tolist()
    return list(shape.as_list() if hasattr(shape, "as_list") else shape)


# --- normalization ---------------------------------------------------------------------
def moments(x, axes, shift=None, keepdims=False, name=None):
    """The mean and variance of `x` over `axes`.

    Returns:
        `(mean, variance)`; with `keepdims` the reduced axes stay with length 1.

    >>> import neuroflow as tf
    >>> mean, variance = tf.nn.moments(tf.constant([1.0, 2.0, 3.0, 4.0]), axes=[0])
    >>> float(mean), float(variance)
    (2.5, 1.25)
    """
    x = _floating(x, "Moments")
    mean = reduce_mean(x, axis=axes, keepdims=True)
    variance = reduce_mean(square(x - mean), axis=axes, keepdims=True)
    if not keepdims:
        axes = normalize_axis(axes, x.ndim, "Moments")
        mean, variance = squeeze(mean, axes), squeeze(variance, axes)
    return mean, variance


def batch_normalization(x, mean, variance, offset, scale, variance_epsilon, name=None):
    """`scale * (x - mean) / sqrt(variance + variance_epsilon) + offset` (offset/scale may be None).

    >>> import neuroflow as tf
    >>> tf.nn.batch_normalization(tf.constant([1.0, 3.0]), 2.0, 1.0, None, None, 0.0).numpy()
    array([-1.,  1.], dtype=float32)
    """
    x = _floating(x, "BatchNormalization")
    inv = 1.0 / sqrt(as_tensor(variance, x._dtype) + variance_epsilon)
    if scale is not None:
        inv = inv * scale
    shift = -as_tensor(mean, x._dtype) * inv
    if offset is not None:
        shift = shift + offset
    return x * inv + shift


def l2_loss(t, name=None):
    """Half the sum of squares: `sum(t ** 2) / 2`.

    >>> import neuroflow as tf
    >>> float(tf.nn.l2_loss([1.0, 2.0]))
    2.5
    """
    return reduce_sum(square(_floating(t, "L2Loss"))) * 0.5


def l2_normalize(x, axis=None, epsilon=1e-12, name=None, dim=None):
    """`x / sqrt(max(sum(x ** 2, axis), epsilon))`: unit L2 norm along `axis` (all axes if None).

    >>> import neuroflow as tf
    >>> tf.nn.l2_normalize([3.0, 4.0]).numpy()
    array([0.6, 0.8], dtype=float32)
    """
    x = _floating(x, "L2Normalize")
    axis = dim if axis is None else axis
    return x / sqrt(maximum(reduce_sum(square(x), axis=axis, keepdims=True), epsilon))


# --- embedding_lookup ------------------------------------------------------------------
def embedding_lookup(params, ids, max_norm=None, name=None):
    """Rows of `params` picked by integer `ids`: the output shape is `ids.shape + params.shape[1:]`.

    With `max_norm`, rows whose L2 norm exceeds it are scaled down to it.

    >>> import neuroflow as tf
    >>> tf.nn.embedding_lookup([[0.0, 1.0], [2.0, 3.0]], [1, 1, 0]).numpy()
    array([[2., 3.],
           [2., 3.],
           [0., 1.]], dtype=float32)
    """
    if isinstance(params, (list, tuple)) and len(params) == 1:
        params = params[0]
    if isinstance(params, (list, tuple)) and params and hasattr(params[0], "_dtype"):
        raise errors.UnimplementedError(
            None, "EmbeddingLookup", "EmbeddingLookup: sharded params (a list of several tensors) are "
            "not supported; concatenate them into one tensor. [Op:EmbeddingLookup]")
    params, ids = as_tensor(params), as_tensor(ids)
    if not ids._dtype.is_integer:
        raise errors.InvalidArgumentError(
            None, "EmbeddingLookup", f"EmbeddingLookup: ids must be integers, got {ids._dtype.name}. "
            "Cast them with tf.cast(ids, tf.int32). [Op:EmbeddingLookup]")
    rows = gather(params, ids)
    if max_norm is None:
        return rows
    axes = list(range(ids.ndim, rows.ndim))
    norms = sqrt(reduce_sum(square(rows), axis=axes, keepdims=True))
    return rows * (max_norm / maximum(norms, max_norm))
