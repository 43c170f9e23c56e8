"""What Keras' recurrent cells and layers share: `RecurrentCell` and `RecurrentLayer`.

`SimpleRNNCell`, `LSTMCell` and `GRUCell` differ only in their gates; the arguments,
weights (`kernel`, `recurrent_kernel`, `bias`), configs and dropout are the same, as are
the layers wrapping them (`SimpleRNN`, `LSTM`, `GRU`), which read their cell's attributes.
"""
from ....ops.creation_ops import zeros
from ... import activations, regularizers
from ..input_spec import InputSpec
from ..layer import Layer
from ..weight_options import set_weight_options, weight_options_config
from .dropout_rnn_cell import DropoutRNNCell
from .rnn import RNN

__all__ = ["RecurrentCell", "RecurrentLayer"]

_WEIGHT_ARGS = ("kernel_initializer", "recurrent_initializer", "bias_initializer", "kernel_regularizer",
                "recurrent_regularizer", "bias_regularizer", "kernel_constraint", "recurrent_constraint",
                "bias_constraint")


def _check_units(units):
    if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
        raise ValueError(f"Received an invalid value for argument `units`, expected a positive integer, got "
                         f"{units!r}. Pass the size of the state, e.g. units=64.")


class RecurrentCell(Layer, DropoutRNNCell):
    """What Keras' three cells share: units, activations, initializers, regularizers, constraints, dropout."""

    _zero_initial_state = True
    gates = 1

    def __init__(self, units, activation="tanh", recurrent_activation=None, use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, seed=None,
                 **kwargs):
        _check_units(units)
        implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        self.units = units
        self.activation = activations.get(activation)
        if recurrent_activation is not None or self.gates > 1:
            self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias = use_bias
        arguments = locals()
        set_weight_options(self, **{name: arguments[name] for name in _WEIGHT_ARGS})
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.seed = seed
        self.state_size = self.output_size = units
        if self.gates > 1:  # Keras' implementation 1 (per-gate dropout masks) runs with recurrent dropout
            self.implementation = 1 if self.recurrent_dropout != 0.0 else implementation
            if self.implementation == 1:
                self.dropout_mask_count = self.gates

    def _add_kernels(self, input_dim):
        self.kernel = self.add_weight(shape=(input_dim, self.gates * self.units), name="kernel",
                                      initializer=self.kernel_initializer, regularizer=self.kernel_regularizer,
                                      constraint=self.kernel_constraint)
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.gates * self.units), name="recurrent_kernel",
            initializer=self.recurrent_initializer, regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint)

    def _add_bias(self, shape, initializer=None):
        self.bias = self.add_weight(shape=shape, name="bias", initializer=initializer or self.bias_initializer,
                                    regularizer=self.bias_regularizer, constraint=self.bias_constraint) \
            if self.use_bias else None

    def get_initial_state(self, batch_size=None):
        return [zeros((batch_size, d), self.dtype) for d in
                (self.state_size if isinstance(self.state_size, list) else [self.state_size])]

    def get_config(self):
        config = {"units": self.units, "activation": activations.serialize(self.activation)}
        if hasattr(self, "recurrent_activation"):
            config["recurrent_activation"] = activations.serialize(self.recurrent_activation)
        config["use_bias"] = self.use_bias
        config.update(weight_options_config(self, _WEIGHT_ARGS))
        config.update(dropout=self.dropout, recurrent_dropout=self.recurrent_dropout, seed=self.seed)
        return {**super().get_config(), **config}




_RNN_ARGS = ("return_sequences", "return_state", "go_backwards", "stateful", "unroll", "activity_regularizer")


class RecurrentLayer(RNN):
    """A recurrent layer that makes its own cell (`_CELL`, named `_CELL_NAME`) from its arguments."""

    _CELL = None
    _CELL_NAME = None

    def _init_layer(self, arguments):
        """Makes the cell from the layer's constructor `arguments` (its `locals()`), as Keras'
        LSTM/GRU/SimpleRNN do: the cell's own arguments go to the cell, the rest to `RNN`."""
        arguments = dict(arguments)
        arguments.pop("self")
        kwargs = arguments.pop("kwargs")
        kwargs.pop("implementation", None)
        use_cudnn = arguments.pop("use_cudnn", "auto")
        if use_cudnn not in ("auto", True, False):
            raise ValueError("Invalid valid received for argument `use_cudnn`. Expected one of {'auto', True, False}. "
                             f"Received: use_cudnn={use_cudnn}")
        rnn_args = {name: arguments.pop(name) for name in _RNN_ARGS if name in arguments}
        cell = self._CELL(dtype=kwargs.get("dtype"), trainable=kwargs.get("trainable", True), name=self._CELL_NAME,
                          **arguments)
        super().__init__(cell, **rnn_args, **kwargs)
        self.use_cudnn = use_cudnn
        self.input_spec = InputSpec(ndim=3)

    def __getattr__(self, name):  # units, activation, kernel_initializer, dropout, ... read from the cell
        cell = self.__dict__.get("cell")
        if cell is not None and not name.startswith("_") and hasattr(cell, name):
            return getattr(cell, name)
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def get_config(self):
        config = {**super().get_config(), **{k: v for k, v in self.cell.get_config().items()
                                             if k not in ("name", "trainable", "dtype")}}
        del config["cell"]
        config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)
