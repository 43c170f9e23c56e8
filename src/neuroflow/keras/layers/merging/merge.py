"""`Merge`: the base of layers that combine a list of inputs elementwise (Add, Multiply, ...)."""
from ....ops.comparison_ops import logical_or
from ..layer import Layer

__all__ = ["Merge", "broadcast_shape"]


def broadcast_shape(shapes, layer_name):
    """The shape elementwise ops give `shapes` (NumPy broadcasting; None matches any size)."""
    rank = max(len(s) for s in shapes)
    padded = [(1,) * (rank - len(s)) + tuple(s) for s in shapes]
    out = []
    for dims in zip(*padded):
        sizes = {d for d in dims if d not in (1, None)}
        if len(sizes) > 1:
            raise ValueError(f"Inputs have incompatible shapes. Received shapes {' and '.join(map(str, shapes))} "
                             f"in layer '{layer_name}'. Elementwise merges need equal (or broadcastable) shapes.")
        out.append(sizes.pop() if sizes else (None if None in dims else 1))
    return tuple(out)


class Merge(Layer):
    """Combines a list of tensors with `_merge(inputs)`; subclasses define `_merge`."""

    min_inputs, max_inputs = 1, None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or not all(isinstance(s, (list, tuple)) for s in input_shape):
            raise ValueError(f"A merge layer should be called on a list of inputs. Received: input_shape={input_shape} "
                             f"(not a list of shapes). Pass a list, e.g. {type(self).__name__}()([x1, x2]).")
        count = len(input_shape)
        if count < self.min_inputs or (self.max_inputs is not None and count > self.max_inputs):
            expected = (f"exactly {self.min_inputs}" if self.min_inputs == self.max_inputs
                        else f"at least {self.min_inputs}")
            raise ValueError(f"A `{type(self).__name__}` layer should be called on {expected} input(s). "
                             f"Received {count} inputs: input_shape={input_shape}")
        self._check_shapes([tuple(s) for s in input_shape])

    def _check_shapes(self, shapes):
        broadcast_shape(shapes, self.name)

    def call(self, inputs):
        return self._merge(list(inputs))

    def compute_output_shape(self, input_shape):
        return broadcast_shape([tuple(s) for s in input_shape], self.name)

    def compute_mask(self, inputs, previous_mask=None):
        """Keras' rule for elementwise merges: a step is kept if any input keeps it (None if one is unmasked)."""
        if previous_mask is None or not isinstance(previous_mask, (list, tuple)) or \
                any(m is None for m in previous_mask):
            return None
        mask = previous_mask[0]
        for other in previous_mask[1:]:
            mask = logical_or(mask, other)
        return mask
