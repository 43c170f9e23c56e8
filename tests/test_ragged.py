"""`tf.RaggedTensor` row partitions, factories and conversions, `tf.experimental.RowPartition`,
and the `tf.ragged` functions: values and errors as TensorFlow 2.21 gives them."""
import numpy as np
import pytest

import neuroflow as tf

RowPartition = tf.experimental.RowPartition
VALUES = [3, 1, 4, 1, 5, 9, 2, 6]
ROWS = [[3, 1, 4, 1], [], [5, 9, 2], [6], []]


# --- RowPartition ------------------------------------------------------------------------------------
def test_row_partition_encodings_agree():
    parts = [RowPartition.from_row_lengths([4, 0, 3, 1, 0]), RowPartition.from_row_splits([0, 4, 4, 7, 8, 8]),
             RowPartition.from_row_starts([0, 4, 4, 7, 8], nvals=8), RowPartition.from_row_limits([4, 4, 7, 8, 8]),
             RowPartition.from_value_rowids([0, 0, 0, 0, 2, 2, 2, 3], nrows=5)]
    for p in parts:
        assert p.row_splits().numpy().tolist() == [0, 4, 4, 7, 8, 8]
        assert p.row_lengths().numpy().tolist() == [4, 0, 3, 1, 0]
        assert p.row_starts().numpy().tolist() == [0, 4, 4, 7, 8]
        assert p.row_limits().numpy().tolist() == [4, 4, 7, 8, 8]
        assert p.value_rowids().numpy().tolist() == [0, 0, 0, 0, 2, 2, 2, 3]
        assert p.offsets_in_rows().numpy().tolist() == [0, 1, 2, 3, 0, 1, 2, 0]
        assert (p.static_nrows, p.static_nvals, p.uniform_row_length(), p.is_uniform()) == (5, 8, None, False)
        assert p.row_splits().dtype == tf.int64 and p.dtype == tf.int64
        assert repr(p) == "tf.RowPartition(row_splits=[0 4 4 7 8 8])"


def test_row_partition_uniform():
    p = RowPartition.from_uniform_row_length(3, nvals=6)
    assert repr(p) == "tf.RowPartition(nrows=2, uniform_row_length=3)"
    assert p.row_splits().numpy().tolist() == [0, 3, 6] and p.uniform_row_length().numpy() == 3
    assert p.is_uniform() and p.static_uniform_row_length == 3
    assert RowPartition.from_uniform_row_length(0, nvals=0, nrows=4).row_lengths().numpy().tolist() == [0] * 4
    with pytest.raises(ValueError, match="uniform_row_length=2 times nrows=1 must equal nvals=3"):
        RowPartition.from_uniform_row_length(2, nvals=3)


def test_row_partition_errors():
    with pytest.raises(tf.errors.InvalidArgumentError, match="monotonic"):
        RowPartition.from_row_splits([0, 2, 1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="zero"):
        RowPartition.from_row_splits([1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="non-negative"):
        RowPartition.from_row_lengths([1, -1])
    with pytest.raises(tf.errors.InvalidArgumentError, match="sorted"):
        RowPartition.from_value_rowids([1, 0])
    with pytest.raises(ValueError, match="nrows=1, value_rowids"):
        RowPartition.from_value_rowids([0, 1], nrows=1)
    with pytest.raises(ValueError, match="1-D integer"):
        RowPartition.from_row_lengths([[1]])
    with pytest.raises(ValueError, match="private"):
        RowPartition(np.array([0]))


# --- RaggedTensor factories --------------------------------------------------------------------------
def test_every_factory_builds_the_same_rows():
    built = [tf.RaggedTensor.from_row_splits(VALUES, [0, 4, 4, 7, 8, 8]),
             tf.RaggedTensor.from_row_lengths(VALUES, [4, 0, 3, 1, 0]),
             tf.RaggedTensor.from_value_rowids(VALUES, [0, 0, 0, 0, 2, 2, 2, 3], nrows=5),
             tf.RaggedTensor.from_row_starts(VALUES, [0, 4, 4, 7, 8]),
             tf.RaggedTensor.from_row_limits(VALUES, [4, 4, 7, 8, 8])]
    for rt in built:
        assert rt.to_list() == ROWS and rt.shape.as_list() == [5, None] and rt.uniform_row_length is None
        assert str(rt) == "<tf.RaggedTensor [[3, 1, 4, 1], [], [5, 9, 2], [6], []]>"
        assert rt.row_starts().numpy().tolist() == [0, 4, 4, 7, 8]
        assert rt.row_limits().numpy().tolist() == [4, 4, 7, 8, 8]


def test_from_uniform_row_length_is_a_uniform_dimension():
    values = tf.ragged.constant([[1, 2, 3], [4], [5, 6], [7, 8, 9, 10]])
    rt = tf.RaggedTensor.from_uniform_row_length(values, 2)
    assert rt.shape.as_list() == [2, 2, None] and rt.ragged_rank == 2
    assert rt.uniform_row_length.numpy() == 2 and values.uniform_row_length is None
    assert rt.to_list() == [[[1, 2, 3], [4]], [[5, 6], [7, 8, 9, 10]]]
    assert tf.type_spec_from_value(rt).ragged_rank == 2
    assert rt[1:].shape.as_list() == [1, 2, None] and rt[0].to_list() == [[1, 2, 3], [4]]
    assert tf.RaggedTensor.from_row_splits(values, [0, 2, 4]).shape.as_list() == [2, None, None]
    dense = tf.RaggedTensor.from_uniform_row_length([1, 2, 3, 4, 5, 6], 3)
    assert dense.shape.as_list() == [2, 3] and dense.to_tensor().numpy().tolist() == [[1, 2, 3], [4, 5, 6]]
    assert tf.RaggedTensor.from_uniform_row_length(tf.zeros([0]), 0, nrows=3).to_list() == [[], [], []]
    assert rt.with_values(tf.ragged.constant([[1], [2], [3], [4]])).shape.as_list() == [2, 2, None]


def test_nested_factories_and_accessors():
    expected = [[[3, 1, 4, 1], [], [5, 9, 2]], [], [[6], []]]
    rt = tf.RaggedTensor.from_nested_row_splits(VALUES, ([0, 3, 3, 5], [0, 4, 4, 7, 8, 8]))
    assert rt.to_list() == expected and rt.ragged_rank == 2
    assert tf.RaggedTensor.from_nested_row_lengths(VALUES, ([3, 0, 2], [4, 0, 3, 1, 0])).to_list() == expected
    assert tf.RaggedTensor.from_nested_value_rowids(
        VALUES, ([0, 0, 0, 2, 2], [0, 0, 0, 0, 2, 2, 2, 3]), (3, 5)).to_list() == expected
    assert [s.numpy().tolist() for s in rt.nested_row_splits] == [[0, 3, 3, 5], [0, 4, 4, 7, 8, 8]]
    assert [s.numpy().tolist() for s in rt.nested_row_lengths()] == [[3, 0, 2], [4, 0, 3, 1, 0]]
    assert [s.numpy().tolist() for s in rt.nested_value_rowids()] == [[0, 0, 0, 2, 2], [0, 0, 0, 0, 2, 2, 2, 3]]
    with pytest.raises(ValueError, match="one nrows per ragged dimension"):
        tf.RaggedTensor.from_nested_value_rowids(VALUES, ([0], [0]), (1,))


def test_factory_errors_are_tensorflows():
    with pytest.raises(tf.errors.InvalidArgumentError, match="covers 3 values"):
        tf.RaggedTensor.from_row_splits([1, 2], [0, 3])
    with pytest.raises(tf.errors.InvalidArgumentError, match="row_starts"):
        tf.RaggedTensor.from_row_starts([1, 2, 3], [0, 2, 1])
    with pytest.raises(ValueError, match="must equal nvals=3"):
        tf.RaggedTensor.from_uniform_row_length([1, 2, 3], 2)
    with pytest.raises(ValueError, match="rank >= 1"):
        tf.RaggedTensor.from_row_splits(5, [0, 1])


# --- dense and sparse conversions ---------------------------------------------------------------------
def test_from_tensor_lengths_padding_and_ragged_rank():
    dt = tf.constant([[5, 7, 0], [0, 3, 0], [6, 0, 0]])
    assert tf.RaggedTensor.from_tensor(dt).shape.as_list() == [3, 3]
    assert tf.RaggedTensor.from_tensor(dt, lengths=[1, 0, 3]).to_list() == [[5], [], [6, 0, 0]]
    assert tf.RaggedTensor.from_tensor(dt, lengths=[9, -1, 2]).to_list() == [[5, 7, 0], [], [6, 0]]
    assert tf.RaggedTensor.from_tensor(dt, padding=0).to_list() == [[5, 7], [0, 3], [6]]
    dt3 = tf.constant([[[5, 0], [7, 0], [0, 0]], [[0, 0], [3, 0], [0, 0]], [[6, 0], [0, 0], [0, 0]]])
    nested = tf.RaggedTensor.from_tensor(dt3, lengths=([2, 0, 3], [1, 1, 2, 0, 1]))
    assert nested.to_list() == [[[5], [7]], [], [[6, 0], [], [0]]]
    padded = tf.RaggedTensor.from_tensor(dt3, ragged_rank=2, padding=0)
    assert padded.shape.as_list() == [3, 3, None]
    assert padded.to_list() == [[[5], [7], []], [[], [3], []], [[6], [], []]]
    assert tf.RaggedTensor.from_tensor(dt3, ragged_rank=2).shape.as_list() == [3, 3, 2]
    with pytest.raises(ValueError, match="not both"):
        tf.RaggedTensor.from_tensor(dt, lengths=[1, 1, 1], padding=0)
    with pytest.raises(ValueError, match="ragged_rank"):
        tf.RaggedTensor.from_tensor(dt3, lengths=([2, 0, 3], [1, 1, 2, 0, 1]), ragged_rank=3)
    with pytest.raises(ValueError, match="rank of a RaggedTensor must be greater than 1"):
        tf.RaggedTensor.from_tensor([1, 2])


def test_sparse_round_trip():
    st = tf.sparse.SparseTensor([[0, 0], [0, 1], [0, 2], [1, 0], [3, 0]], [1, 2, 3, 4, 5], dense_shape=[4, 3])
    rt = tf.RaggedTensor.from_sparse(st)
    assert rt.to_list() == [[1, 2, 3], [4], [], [5]]
    back = rt.to_sparse()
    assert back.indices.numpy().tolist() == [[0, 0], [0, 1], [0, 2], [1, 0], [3, 0]]
    assert back.values.numpy().tolist() == [1, 2, 3, 4, 5] and back.dense_shape.numpy().tolist() == [4, 3]
    with pytest.raises(tf.errors.InvalidArgumentError, match="not right-ragged"):
        tf.RaggedTensor.from_sparse(tf.sparse.SparseTensor([[0, 1], [1, 0]], [1, 2], [3, 2]))
    with pytest.raises(ValueError, match="rank\\(st_input\\) must be 2"):
        tf.RaggedTensor.from_sparse(tf.sparse.SparseTensor([[0, 1, 0]], [1], [3, 2, 2]))


def test_to_sparse_of_ragged_and_dense_inner_dimensions():
    uniform = tf.RaggedTensor.from_uniform_row_length(tf.ragged.constant([[1, 2], [3], [], [4]]), 2)
    st = uniform.to_sparse()
    assert st.indices.numpy().tolist() == [[0, 0, 0], [0, 0, 1], [0, 1, 0], [1, 1, 0]]
    assert st.dense_shape.numpy().tolist() == [2, 2, 2]
    inner = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1).to_sparse()
    assert inner.indices.numpy().tolist() == [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1], [1, 0, 0], [1, 0, 1]]
    assert np.array_equal(tf.sparse.to_dense(inner).numpy(),
                          tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1).to_tensor().numpy())


def test_merge_dims():
    rt = tf.ragged.constant([[[1, 2], [3]], [[4, 5, 6]]])
    assert rt.merge_dims(0, 1).to_list() == [[1, 2], [3], [4, 5, 6]]
    assert rt.merge_dims(1, 2).to_list() == [[1, 2, 3], [4, 5, 6]]
    assert rt.merge_dims(0, 2).numpy().tolist() == [1, 2, 3, 4, 5, 6]
    assert rt.merge_dims(-2, -1).to_list() == [[1, 2, 3], [4, 5, 6]] and rt.merge_dims(1, 1) is rt
    dense_inner = tf.RaggedTensor.from_row_splits(tf.reshape(tf.range(15), [5, 3]), [0, 2, 5])
    assert dense_inner.merge_dims(1, 2).to_list() == [list(range(6)), list(range(6, 15))]
    assert dense_inner.merge_dims(0, 1).shape.as_list() == [5, 3]
    four = tf.ragged.constant([[[[1], [2, 3]], [[4]]], [[[5, 6]]]])
    assert four.merge_dims(1, 3).to_list() == [[1, 2, 3, 4], [5, 6]]
    assert four.merge_dims(2, 3).to_list() == [[[1, 2, 3], [4]], [[5, 6]]]
    with pytest.raises(ValueError, match="less than or equal"):
        rt.merge_dims(1, 0)
    with pytest.raises(ValueError, match="inner_axis=3 out of bounds"):
        rt.merge_dims(0, 3)
