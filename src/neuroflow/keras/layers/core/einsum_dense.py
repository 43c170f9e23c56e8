"""`EinsumDense`: a dense layer whose product is any einsum, e.g. projecting to (heads, head_dim).

>>> import numpy as np
>>> from neuroflow import keras
>>> layer = keras.layers.EinsumDense("abc,cde->abde", output_shape=(None, 4, 8), bias_axes="de")
>>> layer(np.ones((2, 5, 16), "float32")).shape
TensorShape([2, 5, 4, 8])
>>> [tuple(w.shape) for w in layer.weights]
[(16, 4, 8), (4, 8)]
"""
import re

import math

from ....ops.array_ops import reshape
from ....ops.contraction_ops import einsum
from ....ops.math_ops import matmul
from ... import activations, regularizers
from ..input_spec import InputSpec, shape_of
from ..layer import Layer
from ..weight_options import set_weight_options, weight_options_config

__all__ = ["EinsumDense"]

WEIGHT_OPTIONS = ("kernel_initializer", "bias_initializer", "kernel_regularizer", "bias_regularizer",
                  "kernel_constraint", "bias_constraint")


class EinsumDense(Layer):
    """`activation(einsum(equation, inputs, kernel) + bias)`.

    Args:
        equation: `"<input>,<kernel>-><output>"`, e.g. `"ab,bc->ac"` (a Dense) or with `...`
            standing for leading (`"...b,bc->...c"`) or trailing axes.
        output_shape: the output's shape without the batch axis (None for sizes taken from the input).
        activation: applied last (default: none).
        bias_axes: the output letters a bias runs along (default: no bias).
        kernel_initializer, bias_initializer, *_regularizer, *_constraint: as in `Dense`.
    """

    def __init__(self, equation, output_shape, activation=None, bias_axes=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None, kernel_constraint=None,
                 bias_constraint=None, lora_rank=None, lora_alpha=None, **kwargs):
        super().__init__(**kwargs)
        if lora_rank is not None:
            raise NotImplementedError("EinsumDense: LoRA (`lora_rank`) is not supported by neuroflow.")
        self.equation = equation
        self.partial_output_shape = (output_shape,) if isinstance(output_shape, int) else tuple(output_shape)
        self.bias_axes = bias_axes
        self.activation = activations.get(activation)
        set_weight_options(self, kernel_initializer=kernel_initializer, bias_initializer=bias_initializer,
                           kernel_regularizer=kernel_regularizer, bias_regularizer=bias_regularizer,
                           kernel_constraint=kernel_constraint, bias_constraint=bias_constraint)
        self.bias = None

    def build(self, input_shape):
        kernel_shape, bias_shape, self.full_output_shape = _analyze_einsum_string(
            self.equation, self.bias_axes, tuple(input_shape), self.partial_output_shape)
        self.input_spec = InputSpec(ndim=len(input_shape))
        self._as_matmul = _matmul_form(self.equation, tuple(input_shape), kernel_shape)
        self.kernel = self.add_weight(name="kernel", shape=tuple(kernel_shape), initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint)
        if bias_shape is not None:
            self.bias = self.add_weight(name="bias", shape=tuple(bias_shape), initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint)

    def call(self, inputs, training=None):
        kept = None
        if self._as_matmul is not None:
            free, contracted, produced = self._as_matmul
            kept = tuple(shape_of(inputs))[1:free]
        if kept is not None and None not in kept:  # "...f b, b o -> ...f o": one GEMM on 2-D views
            x = matmul(reshape(inputs, [-1, contracted]), reshape(self.kernel, [contracted, -1]))
            x = reshape(x, [-1, *kept, *produced])
        else:
            x = einsum(self.equation, inputs, self.kernel)
        if self.bias is not None:
            x = x + self.bias
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return tuple(_analyze_einsum_string(self.equation, self.bias_axes, tuple(input_shape),
                                            self.partial_output_shape)[2])

    def get_config(self):
        return {**super().get_config(), "output_shape": self.partial_output_shape, "equation": self.equation,
                "activation": activations.serialize(self.activation), "bias_axes": self.bias_axes,
                "activity_regularizer": regularizers.serialize(self.activity_regularizer),
                **weight_options_config(self, WEIGHT_OPTIONS)}


def _matmul_form(equation, input_shape, kernel_shape):
    """(number of kept input axes, contracted size, produced sizes) when `equation` contracts the
    input's trailing axes with the kernel's leading ones (`abc,cde->abde`), else None."""
    match = re.match("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$", equation)
    if not match:
        return None
    source, weight, target = match.groups()
    for n_bound in range(1, len(source)):
        free, bound = source[:-n_bound], source[-n_bound:]
        if weight.startswith(bound) and target == free + weight[n_bound:] and not set(free) & set(weight) \
                and None not in input_shape[len(free):]:
            return len(free), math.prod(input_shape[len(free):]), tuple(kernel_shape[n_bound:])
    return None


def _analyze_einsum_string(equation, bias_axes, input_shape, output_shape):
    """(kernel shape, bias shape or None, full output shape) for `equation` on `input_shape` (Keras' rules)."""
    dotted = re.sub(r"\.\.\.", "0", equation)
    for pattern, left_elided in (("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$", False),
                                 ("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)$", True),
                                 ("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0$", False)):
        match = re.match(pattern, dotted)
        if match:
            return _analyze_split_string(match, bias_axes, input_shape, output_shape, left_elided)
    raise ValueError(f"Invalid einsum equation '{equation}'. Equations must be in the form [X],[Y]->[Z], "
                     "...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....")


def _analyze_split_string(match, bias_axes, input_shape, output_shape, left_elided):
    input_spec, weight_spec, output_spec = match.groups()
    elided = len(input_shape) - len(input_spec)
    output_shape = [input_shape[0]] + list(output_shape)
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output_shape.insert(1, input_shape[i])
    elif elided > 0:
        output_shape.extend(input_shape[len(input_shape) - elided:])
    if left_elided:
        input_dim_map = {dim: (i + elided) - len(input_shape) for i, dim in enumerate(input_spec)}
        output_dim_map = {dim: i + elided for i, dim in enumerate(output_spec)}
    else:
        input_dim_map = {dim: i for i, dim in enumerate(input_spec)}
        output_dim_map = {dim: i for i, dim in enumerate(output_spec)}
    for dim in input_spec:
        size = input_shape[input_dim_map[dim]]
        if dim in output_dim_map:
            out = output_shape[output_dim_map[dim]]
            if out is not None and out != size:
                raise ValueError(f"Input shape and output shape do not match at shared dimension '{dim}'. Input shape "
                                 f"is {size}, and output shape is {out}.")
            output_shape[output_dim_map[dim]] = size
    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise ValueError(f"Dimension '{dim}' was specified in the output '{output_spec}' but has no corresponding "
                             f"dim in the input spec '{input_spec}' or weight spec '{weight_spec}'")
    weight_shape = []
    for dim in weight_spec:
        if dim in output_dim_map:
            weight_shape.append(output_shape[output_dim_map[dim]])
        elif dim in input_dim_map:
            weight_shape.append(input_shape[input_dim_map[dim]])
        else:
            raise ValueError(f"Weight dimension '{dim}' did not have a match in either the input spec '{input_spec}' "
                             f"or the output spec '{output_spec}'. For this layer, the weight must be fully specified.")
    bias_shape = None
    if bias_axes is not None:
        offset = elided if left_elided else 0
        sizes = {char: output_shape[i + offset] for i, char in enumerate(output_spec)}
        for char in bias_axes:
            if char not in output_spec:
                raise ValueError(f"Bias dimension '{char}' was requested, but is not part of the output spec "
                                 f"'{output_spec}'")
        first = min(output_spec.find(char) for char in bias_axes)
        bias_shape = [sizes[char] if char in bias_axes else 1 for char in output_spec[first:]]
        if not left_elided:
            bias_shape.extend([1] * elided)
    return weight_shape, bias_shape, output_shape
