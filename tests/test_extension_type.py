"""tf.experimental.ExtensionType and type-based API dispatch."""
import typing

import numpy as np
import pytest

import neuroflow as tf


class MaskedTensor(tf.experimental.ExtensionType):
    values: tf.Tensor
    mask: tf.Tensor


class Labeled(tf.experimental.ExtensionType):
    value: tf.Tensor
    label: str = "none"
    scale: float = 1.0

    def __validate__(self):
        if self.scale <= 0:
            raise ValueError("scale must be positive")


def test_fields_are_converted_checked_defaulted_and_frozen():
    x = Labeled([1, 2])
    assert isinstance(x.value, tf.Tensor) and x.value.dtype == tf.int32
    assert (x.label, x.scale) == ("none", 1.0)
    assert Labeled(3, "a", 2).scale == 2.0  # an int for a float field
    with pytest.raises(TypeError, match="field `label` expected str"):
        Labeled(1, label=5)
    with pytest.raises(ValueError, match="scale must be positive"):
        Labeled(1, scale=-1.0)
    with pytest.raises(TypeError, match="Labeled.__init__"):
        Labeled()
    with pytest.raises(AttributeError, match="Cannot mutate attribute `label`"):
        x.label = "b"
    assert repr(Labeled(5, "a")) == ("Labeled(value=<tf.Tensor: shape=(), dtype=int32, numpy=5>, label='a', "
                                     "scale=1.0)")
    assert bool(Labeled([1, 2], "a") == Labeled([1, 2], "a")) and not bool(Labeled([1, 2]) == Labeled([1, 3]))


def test_dispatch_for_api_with_signatures_and_annotations():
    @tf.experimental.dispatch_for_api(tf.math.add, {"x": MaskedTensor, "y": MaskedTensor})
    def masked_add(x, y, name=None):
        return MaskedTensor(x.values + y.values, x.mask & y.mask)

    @tf.experimental.dispatch_for_api(tf.concat, {"values": typing.List[MaskedTensor]})
    def masked_concat(values, axis):
        return MaskedTensor(tf.concat([v.values for v in values], axis), tf.concat([v.mask for v in values], axis))
    try:
        out = tf.add(MaskedTensor([1, 2], [True, False]), MaskedTensor(10, True))
        assert out.values.numpy().tolist() == [11, 12] and out.mask.numpy().tolist() == [True, False]
        assert tf.add(1, 2).numpy() == 3  # other arguments still reach the API
        joined = tf.concat([MaskedTensor([1], [True]), MaskedTensor([2], [False])], axis=0)
        assert joined.values.numpy().tolist() == [1, 2]
        assert tf.concat([[1], [2]], 0).numpy().tolist() == [1, 2]
    finally:
        tf.experimental.unregister_dispatch_for(masked_add)
        tf.experimental.unregister_dispatch_for(masked_concat)
    with pytest.raises(ValueError, match="Attempt to convert"):
        tf.add(MaskedTensor([1], [True]), MaskedTensor([1], [True]))
    with pytest.raises(ValueError, match="was not registered"):
        tf.experimental.unregister_dispatch_for(masked_add)
    with pytest.raises(ValueError, match="has no parameter"):
        tf.experimental.dispatch_for_api(tf.math.add, {"z": MaskedTensor})(masked_add)


def test_elementwise_handlers():
    @tf.experimental.dispatch_for_unary_elementwise_apis(MaskedTensor)
    def unary(api_func, x):
        return MaskedTensor(api_func(x.values), x.mask)

    @tf.experimental.dispatch_for_binary_elementwise_apis(MaskedTensor, MaskedTensor)
    def binary(api_func, x, y):
        return MaskedTensor(api_func(x.values, y.values), x.mask & y.mask)

    @tf.experimental.dispatch_for_binary_elementwise_assert_apis(MaskedTensor, MaskedTensor)
    def asserts(assert_func, x, y):
        both = tf.logical_and(x.mask, y.mask)
        assert_func(tf.boolean_mask(x.values, both), tf.boolean_mask(y.values, both))
    try:
        mt = MaskedTensor([1, -2, -3], [True, False, True])
        assert tf.abs(mt).values.numpy().tolist() == [1, 2, 3]
        ones = tf.ones_like(mt, dtype=tf.float32)
        assert ones.values.dtype == tf.float32 and ones.mask.numpy().tolist() == [True, False, True]
        total = tf.maximum(mt, MaskedTensor([0, 0, 0], [True, True, False]))
        assert total.values.numpy().tolist() == [1, 0, 0] and total.mask.numpy().tolist() == [True, False, False]
        tf.debugging.assert_equal(MaskedTensor([1, 5], [True, False]), MaskedTensor([1, 7], [True, True]))
        with pytest.raises(tf.errors.InvalidArgumentError):
            tf.debugging.assert_greater(MaskedTensor([1, 1], [True, True]), MaskedTensor([0, 2], [True, True]))
        np.testing.assert_array_equal(tf.abs(tf.constant([-1.5])).numpy(), [1.5])  # plain tensors as before
    finally:
        for handler in (unary, binary, asserts):
            tf.experimental.unregister_dispatch_for(handler)
