"""`Concatenate`: joins a list of tensors along one axis.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> keras.layers.Concatenate()([tf.ones([2, 3]), tf.zeros([2, 4])]).shape
TensorShape([2, 7])
>>> keras.layers.concatenate([keras.Input((3,)), keras.Input((4,))]).shape
(None, 7)
"""
from ....ops.array_ops import concat, expand_dims
from ....ops.comparison_ops import logical_or
from ....ops.creation_ops import ones_like, zeros_like
from ....ops.reduction_ops import reduce_any
from .merge import Merge

__all__ = ["Concatenate", "concatenate"]


class Concatenate(Merge):
    """Concatenates its inputs along `axis` (default -1); all other sizes must match."""

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def _check_shapes(self, shapes):
        ranks = {len(s) for s in shapes}
        axis = self.axis % max(ranks) if len(ranks) == 1 else None
        if axis is None or any(
                len({d for d in dims if d is not None}) > 1 for i, dims in enumerate(zip(*shapes)) if i != axis):
            raise ValueError("A `Concatenate` layer requires inputs with matching shapes except for the concatenation "
                             f"axis. Received: input_shape={shapes}. Reshape the inputs so only axis {self.axis} "
                             "differs.")

    def _merge(self, inputs):
        return concat(inputs, axis=self.axis)

    def compute_mask(self, inputs, previous_mask=None):
        """Masks joined along `axis` (unmasked inputs count as all-True), then reduced over the last axis."""
        if not isinstance(previous_mask, (list, tuple)) or all(m is None for m in previous_mask):
            return None
        masks = []
        for x, mask in zip(inputs, previous_mask):
            if mask is None:
                mask = ones_like(x, dtype="bool")
            elif mask.ndim < x.ndim:
                mask = logical_or(expand_dims(mask, -1), zeros_like(x, dtype="bool"))
            masks.append(mask)
        return reduce_any(concat(masks, axis=self.axis), axis=-1)

    def compute_output_shape(self, input_shape):
        shapes = [tuple(s) for s in input_shape]
        axis = self.axis % len(shapes[0])
        out = [next((d for d in dims if d is not None), None) for dims in zip(*shapes)]
        sizes = [s[axis] for s in shapes]
        out[axis] = None if None in sizes else sum(sizes)
        return tuple(out)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis}


def concatenate(inputs, axis=-1, **kwargs):
    """`keras.layers.Concatenate(axis=axis, **kwargs)(inputs)`."""
    return Concatenate(axis=axis, **kwargs)(inputs)
