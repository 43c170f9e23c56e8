"""`tf.experimental.StructuredTensor`: construction, indexing, reshaping and updates as in TensorFlow 2.21."""
import pytest

import neuroflow as tf

ST = tf.experimental.StructuredTensor
RowPartition = tf.experimental.RowPartition
PEOPLE = [{"age": 12, "nick": ["J"]}, {"age": 82, "nick": ["B", "Bo"]}]


def test_from_pyval_round_trips_and_prints_like_tensorflow():
    s1 = ST.from_pyval({"age": 82, "nicknames": ["Bob", "Bobby"]})
    assert s1.shape.as_list() == [] and s1.rank == 0 and s1.nrows() is None
    assert s1["age"].numpy() == 82 and s1["age"].dtype == tf.int32
    people = ST.from_pyval(PEOPLE)
    assert people.shape.as_list() == [2] and people.nrows().numpy() == 2
    assert people.to_pyval() == [{"age": 12, "nick": [b"J"]}, {"age": 82, "nick": [b"B", b"Bo"]}]
    assert str(people) == (
        '<StructuredTensor(\n    fields={\n        "age": tf.Tensor([12 82], shape=(2,), dtype=int32),\n'
        '        "nick": <tf.RaggedTensor [[b\'J\'], [b\'B\', b\'Bo\']]>},\n    shape=(2,))>')
    nested = ST.from_pyval({"a": {"b": 1}, "c": []})
    assert isinstance(nested["a"], ST) and nested["c"].dtype == tf.float32 and nested["c"].shape.as_list() == [0]
    assert ST.from_pyval({"a": [[1.5], []]})["a"].to_list() == [[1.5], []]
    assert ST.from_pyval([{}, {}]).to_pyval() == [{}, {}] and ST.from_pyval({}).to_pyval() == {}


def test_from_pyval_record_dimensions_and_row_partitions():
    x = {"a": 1, "b": ["foo", "bar", "baz"]}
    s1 = ST.from_pyval([[x, x, x, x], [x, x, x, x]])
    assert repr(s1.row_partitions) == "(tf.RowPartition(row_splits=[0 4 8]),)" and s1.shape.as_list() == [2, None]
    s3 = ST.from_pyval([[x, x, x], [], [x, x, x, x], [x]])
    assert repr(s3.row_partitions) == "(tf.RowPartition(row_splits=[0 3 3 7 8]),)"
    s5 = ST.from_pyval([[[x, x], [x]], [[x, x]], [[x, x], [x]]])
    assert [p.row_splits().numpy().tolist() for p in s5.row_partitions] == [[0, 2, 3, 5], [0, 2, 3, 5, 7, 8]]
    assert s5.shape.as_list() == [3, None, None] and s5.field_value("b").shape.as_list() == [3, None, None, None]
    assert s5[2, 1].to_pyval() == [{"a": 1, "b": [b"foo", b"bar", b"baz"]}]
    empty = ST.from_pyval([[{}, {}], [{}]])
    assert empty.shape.as_list() == [2, None] and empty.to_pyval() == [[{}, {}], [{}]]
    with pytest.raises(ValueError, match="Inconsistent depth of dictionaries"):
        ST.from_pyval([[{"a": 1}], {"a": 2}])
    with pytest.raises(KeyError, match="'b'"):
        ST.from_pyval([{"a": 1}, {"b": 2}])
    with pytest.raises(ValueError, match="Error parsing path \\('a',\\)"):
        ST.from_pyval({"a": [[1], 2]})


def test_from_fields_shapes_and_errors():
    dense = ST.from_fields({"a": [[1, 2], [3, 4]]}, shape=[2, 2])
    assert repr(dense.row_partitions) == "(tf.RowPartition(nrows=2, uniform_row_length=2),)"
    assert ST.from_fields({"a": [[1, 2], [3, 4]]}, shape=[None]).shape.as_list() == [2]
    assert ST.from_fields({}, shape=[3]).to_pyval() == [{}, {}, {}]
    assert ST.from_fields({}, shape=[None], nrows=3).nrows().numpy() == 3
    assert ST.from_fields({"x": 1, "y": [1, 2, 3]}).to_pyval() == {"x": 1, "y": [1, 2, 3]}
    ragged = ST.from_fields_and_rank({"a": tf.ragged.constant([[1, 2], [3]])}, 2)
    assert ragged.shape.as_list() == [2, None] and ragged[1].to_pyval() == [{"a": 3}]
    with pytest.raises(ValueError, match="Error in shape of b"):
        ST.from_fields({"a": [1, 2], "b": [1, 2, 3]}, shape=[None])
    with pytest.raises(ValueError, match="Must specify `nrows`"):
        ST.from_fields({}, shape=[None])
    with pytest.raises(ValueError, match="Must provide at least one field"):
        ST.from_fields_and_rank({}, 1)
    with pytest.raises(ValueError, match="not currently allowed"):
        ST.from_fields({"1x": 1})
    with pytest.raises(ValueError, match="row partitions"):
        ST.from_fields({"a": tf.ragged.constant([[1], [2, 3]]), "b": tf.ragged.constant([[1, 2], [3]])}, [2, None])


def test_indexing():
    people = ST.from_pyval(PEOPLE)
    first = people[0]
    assert first.shape.as_list() == [] and first["age"].numpy() == 12 and first["nick"].numpy().tolist() == [b"J"]
    assert people[1:].to_pyval() == [{"age": 82, "nick": [b"B", b"Bo"]}]
    assert people[1, "nick"].numpy().tolist() == [b"B", b"Bo"]
    assert people.field_value("nick").to_list() == [[b"J"], [b"B", b"Bo"]]
    assert people.field_names() == ("age", "nick")
    with pytest.raises(TypeError, match="field_value"):
        people["age"]
    with pytest.raises(KeyError):
        people.field_value("nope")
    grid = ST.from_pyval([[{"foo": 12}, {"foo": 33}], [], [{"foo": 99}]])
    assert grid[1].shape.as_list() == [0] and grid[0].field_value("foo").numpy().tolist() == [12, 33]


def test_merge_dims_partition_and_promote():
    grid = ST.from_pyval([[{"foo": 12}, {"foo": 33}], [], [{"foo": 99}]])
    flat = grid.merge_dims(0, 1)
    assert flat.shape.as_list() == [3] and flat.field_value("foo").numpy().tolist() == [12, 33, 99]
    assert grid.merge_dims(-1, -1) is grid
    deep = ST.from_pyval([[[{"v": 1}, {"v": 2}], [{"v": 3}]], [[{"v": 4}]]])
    inner = deep.merge_dims(1, 2)
    assert inner.to_pyval() == [[{"v": 1}, {"v": 2}, {"v": 3}], [{"v": 4}]]
    assert repr(inner.row_partitions) == "(tf.RowPartition(row_splits=[0 3 4]),)"
    row = ST.from_pyval([{"foo": 12}, {"foo": 33}, {"foo": 99}])
    parted = row.partition_outer_dimension(RowPartition.from_row_lengths([2, 0, 1]))
    assert parted.shape.as_list() == [3, None] and parted.field_value("foo").to_list() == [[12, 33], [], [99]]
    with pytest.raises(ValueError, match="rank at least 1"):
        ST.from_pyval({"foo": 12}).partition_outer_dimension(RowPartition.from_row_lengths([1]))
    docs = ST.from_pyval([{"docs": [{"tokens": [1, 2]}, {"tokens": [3]}]}, {"docs": [{"tokens": [7]}]}])
    promoted = docs.promote(("docs", "tokens"), "docs_tokens")
    assert promoted[0]["docs_tokens"].numpy().tolist() == [1, 2, 3] and promoted[1]["docs_tokens"].numpy().tolist() == [7]
    with pytest.raises(ValueError, match="at least two"):
        docs.promote(("docs",), "x")


def test_with_updates():
    people = ST.from_pyval(PEOPLE)
    updated = people.with_updates({"age": lambda v: v + 1, "new": [1, 2]})
    assert updated.to_pyval() == [{"age": 13, "nick": [b"J"], "new": 1}, {"age": 83, "nick": [b"B", b"Bo"], "new": 2}]
    assert people.with_updates({"age": None}).field_names() == ("nick",)
    shoes = ST.from_pyval([{"shoes": {"sizes": [8.0, 7.5]}}, {"shoes": {"sizes": [11.0]}}])
    eu = shoes.with_updates({("shoes", "sizes"): lambda t: tf.ragged.map_flat_values(tf.round, t * 2.54 + 17.0)})
    assert eu.field_value(("shoes", "sizes")).to_list() == [[37.0, 36.0], [45.0]]
    with pytest.raises(ValueError, match="cannot delete field \\('nope',\\)"):
        people.with_updates({"nope": None})
    with pytest.raises(ValueError, match="transforming function"):
        people.with_updates({"nope": lambda v: v})
    with pytest.raises(ValueError, match="with_updates` failed"):
        people.with_updates({"age": [1, 2, 3]})
    with pytest.raises(ValueError, match="both parent and child"):
        shoes.with_updates({"shoes": None, ("shoes", "sizes"): None})
