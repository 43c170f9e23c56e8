"""`tf.experimental.Optional` / `tf.OptionalSpec`, `tf.data.Iterator` / `tf.data.IteratorSpec` and
`tf.data.DatasetSpec.from_value` (checked against TensorFlow 2.21's behaviour)."""
import pytest

import neuroflow as tf


def test_optional_from_value_and_empty():
    optional = tf.experimental.Optional.from_value((1, {"a": [2.0, 3.0]}))
    assert optional.element_spec == (tf.TensorSpec([], tf.int32), {"a": tf.TensorSpec([2], tf.float32)})
    assert bool(optional.has_value()) and optional.has_value().dtype == tf.bool
    number, mapping = optional.get_value()
    assert int(number) == 1 and mapping["a"].numpy().tolist() == [2.0, 3.0]
    empty = tf.experimental.Optional.empty(tf.TensorSpec([], tf.int32))
    assert not bool(empty.has_value()) and empty.element_spec == tf.TensorSpec([], tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not have a value"):
        empty.get_value()
    with pytest.raises(ValueError, match="Optional.empty"):
        tf.experimental.Optional.from_value(None)
    assert tf.data.experimental.Optional is tf.experimental.Optional


def test_optional_spec():
    spec = tf.OptionalSpec(tf.TensorSpec([], tf.int32))
    assert repr(spec) == "OptionalSpec(TensorSpec(shape=(), dtype=tf.int32, name=None),)"
    assert spec == tf.OptionalSpec.from_value(tf.experimental.Optional.from_value(5))
    assert spec != tf.OptionalSpec(tf.TensorSpec([], tf.int64)) and spec.value_type is tf.experimental.Optional
    assert hash(spec) == hash(tf.OptionalSpec(tf.TensorSpec([], tf.int32)))


def test_iterator_get_next_as_optional_and_get_next():
    dataset = tf.data.Dataset.from_tensor_slices(([1, 2], ["a", "b"]))
    iterator = iter(dataset)
    assert isinstance(iterator, tf.data.Iterator)
    assert iterator.element_spec == dataset.element_spec
    first = iterator.get_next_as_optional()
    assert bool(first.has_value()) and first.element_spec == dataset.element_spec
    assert [t.numpy() for t in first.get_value()] == [1, b"a"]
    assert [t.numpy() for t in iterator.get_next()] == [2, b"b"]
    end = iterator.get_next_as_optional()
    assert not bool(end.has_value()) and end.element_spec == dataset.element_spec
    with pytest.raises(tf.errors.OutOfRangeError):
        iterator.get_next()
    assert tf.data.experimental.get_next_as_optional(iter(dataset)).get_value()[0].numpy() == 1


def test_iterator_spec_and_dataset_spec_from_value():
    dataset = tf.data.Dataset.range(3)
    spec = tf.data.IteratorSpec.from_value(iter(dataset))
    assert repr(spec) == "IteratorSpec(TensorSpec(shape=(), dtype=tf.int64, name=None),)"
    assert spec == tf.data.IteratorSpec(tf.TensorSpec([], tf.int64)) and spec.value_type is tf.data.Iterator
    assert iter(dataset)._type_spec == spec
    assert tf.data.DatasetSpec.from_value(dataset) == tf.data.DatasetSpec(dataset.element_spec)
    assert repr(tf.data.DatasetSpec.from_value(dataset)) == \
        "DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([]))"
    assert tf.data.DatasetSpec.from_value(dataset).value_type is tf.data.Dataset


def test_type_spec_from_value_of_datasets_iterators_and_optionals():
    dataset = tf.data.Dataset.range(3)
    assert tf.type_spec_from_value(dataset) == tf.data.DatasetSpec(tf.TensorSpec([], tf.int64))
    assert tf.type_spec_from_value(iter(dataset)) == tf.data.IteratorSpec(tf.TensorSpec([], tf.int64))
    assert tf.type_spec_from_value(tf.experimental.Optional.from_value(1.5)) == \
        tf.OptionalSpec(tf.TensorSpec([], tf.float32))
