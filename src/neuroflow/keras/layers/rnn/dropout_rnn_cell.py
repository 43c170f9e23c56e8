"""`DropoutRNNCell`: the dropout masks a recurrent cell reuses at every time step.

A recurrent layer drops the same input and state units at every step of a sequence (a
new mask per batch), so the cell makes its masks on the first step and the layer clears
them after the sequence.
"""
from ....ops.array_ops import expand_dims
from ....ops.creation_ops import ones_like
from ....ops.nn_ops import dropout
from ....ops.rnn_ops import ACTIVATIONS
from ... import activations

__all__ = ["DropoutRNNCell"]


class DropoutRNNCell:
    """Mixin for cells with `dropout`, `recurrent_dropout` and `seed` attributes.

    A cell that sets `dropout_mask_count` gets that many independent masks (one per gate).
    """

    def _create_dropout_mask(self, step_input, rate):
        count = getattr(self, "dropout_mask_count", None)
        ones = ones_like(step_input)
        if count is None:
            return dropout(ones, rate=rate, seed=self.seed)
        return [dropout(ones, rate=rate, seed=self.seed) for _ in range(count)]

    def get_dropout_mask(self, step_input):
        """The input dropout mask of this sequence (None when `dropout` is 0)."""
        if getattr(self, "_dropout_mask", None) is None and self.dropout > 0:
            self._dropout_mask = self._create_dropout_mask(step_input, self.dropout)
        return getattr(self, "_dropout_mask", None)

    def get_recurrent_dropout_mask(self, step_input):
        """The recurrent-state dropout mask of this sequence (None when `recurrent_dropout` is 0)."""
        if getattr(self, "_recurrent_dropout_mask", None) is None and self.recurrent_dropout > 0:
            self._recurrent_dropout_mask = self._create_dropout_mask(step_input, self.recurrent_dropout)
        return getattr(self, "_recurrent_dropout_mask", None)

    def _fused_inputs(self, cell_type, sequences, training):
        """The sequences with input dropout applied, ready for the fused op; None when this cell must
        run step by step instead (a subclass with its own `call`, other activations, recurrent dropout)."""
        if type(self).call is not cell_type.call or (training and self.recurrent_dropout > 0):
            return None
        if any(_fused_name(getattr(self, a, None)) is None for a in ("activation", "recurrent_activation")
               if hasattr(self, a)):
            return None
        if training and self.dropout > 0:
            mask = self.get_dropout_mask(sequences[:, 0])
            sequences = sequences * expand_dims(mask, 1)
        return sequences

    def reset_dropout_mask(self):
        self._dropout_mask = None

    def reset_recurrent_dropout_mask(self):
        self._recurrent_dropout_mask = None


def _fused_name(activation):
    """The name of a built-in activation the fused kernels run (see ops/rnn_ops.py), else None."""
    name = activations.serialize(activation)
    return name if isinstance(name, str) and name in ACTIVATIONS and activations.get(name) is activation else None
