"""`tf.nn.compute_average_loss` and `tf.nn.scale_regularization_loss`: losses of one replica.

In a custom training loop under a `tf.distribute` strategy each replica divides its per-example
losses by the *global* batch size, so that summing the replicas' gradients (what optimizers do
under a strategy) gives the gradient of the mean loss over the global batch.

>>> import neuroflow as tf
>>> float(compute_average_loss(tf.constant([1.0, 2.0, 3.0, 6.0])))
3.0
>>> float(compute_average_loss(tf.constant([1.0, 2.0, 3.0, 6.0]), global_batch_size=8))
1.5
"""
from ..framework import replicas
from ..framework.convert import convert_to_tensor
from .array_ops import shape
from .math_ops import cast, multiply
from .reduction_ops import reduce_sum

__all__ = ["compute_average_loss", "scale_regularization_loss"]


def compute_average_loss(per_example_loss, sample_weight=None, global_batch_size=None):
    """`sum(per_example_loss * sample_weight) / global_batch_size`.

    Args:
        per_example_loss: the loss of each example of this replica's batch.
        sample_weight: optional weights, broadcast to `per_example_loss`.
        global_batch_size: the batch size over all replicas (default: this replica's batch size
            times `num_replicas_in_sync`).
    """
    per_example_loss = convert_to_tensor(per_example_loss)
    if not per_example_loss.dtype.is_floating:
        raise TypeError(f"compute_average_loss: `per_example_loss` must be a float tensor, got "
                        f"{per_example_loss.dtype.name}. Cast it first, e.g. tf.cast(loss, tf.float32).")
    if sample_weight is not None:
        per_example_loss = multiply(per_example_loss, cast(sample_weight, per_example_loss.dtype))
    if global_batch_size is None:
        local = shape(per_example_loss)[0] if per_example_loss.shape.rank else 1
        global_batch_size = cast(local, per_example_loss.dtype) * float(replicas.num_replicas_in_sync())
    else:
        if isinstance(global_batch_size, int) and global_batch_size <= 0:
            raise ValueError(f"compute_average_loss: `global_batch_size` must be positive, got {global_batch_size}.")
        global_batch_size = cast(global_batch_size, per_example_loss.dtype)
    return reduce_sum(per_example_loss) / global_batch_size


def scale_regularization_loss(regularization_loss):
    """`sum(regularization_loss) / num_replicas_in_sync`: summed over the replicas, counted once.

    >>> float(scale_regularization_loss([0.5, 1.5]))
    2.0
    """
    total = reduce_sum(convert_to_tensor(regularization_loss))
    return total / float(replicas.num_replicas_in_sync())
