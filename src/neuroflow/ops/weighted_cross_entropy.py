"""`tf.nn.weighted_cross_entropy_with_logits`: sigmoid cross-entropy with the positives weighted.

`loss = (1 - z) * x + (1 + (w - 1) * z) * (log(1 + exp(-|x|)) + max(-x, 0))` for labels `z`,
logits `x` and `pos_weight` `w`: TensorFlow's overflow-free form.

>>> import neuroflow as tf
>>> tf.nn.weighted_cross_entropy_with_logits(labels=[1.0, 0.0], logits=[0.0, 2.0], pos_weight=2.0).numpy()
array([1.3862944, 2.126928 ], dtype=float32)
"""
from .math_ops import exp
from .nn_ops import relu
from .registry import as_tensor, binary_operands
from .unary_ops import abs, log1p  # noqa: A004

__all__ = ["weighted_cross_entropy_with_logits"]


def weighted_cross_entropy_with_logits(labels, logits, pos_weight, name=None):
    """Sigmoid cross-entropy where positive labels count `pos_weight` times."""
    logits, labels = binary_operands("logistic_loss", as_tensor(logits), labels)
    if logits.shape != labels.shape:
        raise ValueError(f"logits and labels must have the same shape, received ({logits.shape} vs "
                         f"{labels.shape}).")
    log_weight = 1 + (pos_weight - 1) * labels
    return (1 - labels) * logits + log_weight * (log1p(exp(-abs(logits))) + relu(-logits))
