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


# --- tf.ragged functions -----------------------------------------------------------------------------
def test_ragged_constant_without_ragged_dimensions_is_dense():
    flat = tf.ragged.constant([True, False])
    assert not isinstance(flat, tf.RaggedTensor) and flat.dtype == tf.bool and flat.shape.as_list() == [2]
    assert tf.ragged.constant([[1, 2], [3, 4]], ragged_rank=0).shape.as_list() == [2, 2]
    with pytest.raises(ValueError, match="depth 1, but ragged_rank=1"):
        tf.ragged.constant([1, 2], ragged_rank=1)


def test_segment_ids_and_row_splits():
    ids = tf.ragged.row_splits_to_segment_ids([0, 3, 3, 5, 6, 9])
    assert ids.dtype == tf.int64 and ids.numpy().tolist() == [0, 0, 0, 2, 2, 3, 4, 4, 4]
    splits = tf.ragged.segment_ids_to_row_splits([0, 0, 0, 2, 2, 3, 4, 4, 4])
    assert splits.numpy().tolist() == [0, 3, 3, 5, 6, 9]
    assert tf.ragged.segment_ids_to_row_splits([0, 2], num_segments=5, out_type=tf.int32).numpy().tolist() == \
        [0, 1, 1, 2, 2, 2]
    with pytest.raises(tf.errors.InvalidArgumentError):
        tf.ragged.row_splits_to_segment_ids([0, 3, 2])


def test_ragged_range():
    assert tf.ragged.range([3, 5, 2]).to_list() == [[0, 1, 2], [0, 1, 2, 3, 4], [0, 1]]
    assert tf.ragged.range([0, 5, 8], [3, 3, 12], 2).to_list() == [[0, 2], [], [8, 10]]
    assert tf.ragged.range(5, 0, -2).to_list() == [[5, 3, 1]]
    floats = tf.ragged.range([1.5, 2], 4, 0.5)
    assert floats.dtype == tf.float32 and floats.to_list() == [[1.5, 2.0, 2.5, 3.0, 3.5], [2.0, 2.5, 3.0, 3.5]]
    assert tf.ragged.range([2, 3], dtype=tf.int64).dtype == tf.int64
    with pytest.raises(tf.errors.InvalidArgumentError, match="delta != 0"):
        tf.ragged.range([1, 2], 5, 0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="same length"):
        tf.ragged.range([1, 2], [3, 4, 5])


def test_boolean_mask():
    T, F = True, False
    assert tf.ragged.boolean_mask([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[T, F, T], [F, F, F], [T, F, F]]).to_list() \
        == [[1, 3], [], [7]]
    assert tf.ragged.boolean_mask(tf.ragged.constant([[1, 2, 3], [4], [5, 6]]),
                                  tf.ragged.constant([[F, F, T], [F], [T, T]])).to_list() == [[3], [], [5, 6]]
    assert tf.ragged.boolean_mask(tf.ragged.constant([[1, 2, 3], [4], [5, 6]]), [T, F, T]).to_list() == \
        [[1, 2, 3], [5, 6]]
    cube = tf.reshape(tf.range(1, 9), [2, 2, 2])
    by_rows = tf.ragged.boolean_mask(cube, [[T, F], [T, T]])
    assert by_rows.to_list() == [[[1, 2]], [[5, 6], [7, 8]]] and by_rows.shape.as_list() == [2, None, 2]
    deep = tf.ragged.boolean_mask(cube, [[[T, F], [T, T]], [[F, F], [T, F]]])
    assert deep.to_list() == [[[1], [3, 4]], [[], [7]]] and deep.shape.as_list() == [2, None, None]
    dense_rows = tf.ragged.boolean_mask([[1, 2], [3, 4]], [F, T])
    assert not isinstance(dense_rows, tf.RaggedTensor) and dense_rows.numpy().tolist() == [[3, 4]]
    assert tf.ragged.boolean_mask(tf.ragged.constant([[1, 2], [3, 4]]), [[T, F], [T, T]]).to_list() == [[1], [3, 4]]
    with pytest.raises(ValueError, match="scalar"):
        tf.ragged.boolean_mask([1, 2], True)
    with pytest.raises(tf.errors.InvalidArgumentError, match="row splits"):
        tf.ragged.boolean_mask(tf.ragged.constant([[1, 2], [3]]), tf.ragged.constant([[T], [T, F]]))


def test_stack_axes_and_dense_inputs():
    t1, t2 = tf.ragged.constant([[1, 2], [3, 4, 5]]), tf.ragged.constant([[6], [7, 8, 9]])
    assert tf.ragged.stack([t1, t2], axis=0).to_list() == [[[1, 2], [3, 4, 5]], [[6], [7, 8, 9]]]
    on_rows = tf.ragged.stack([t1, t2], axis=1)
    assert on_rows.to_list() == [[[1, 2], [6]], [[3, 4, 5], [7, 8, 9]]] and on_rows.shape.as_list() == [2, None, None]
    a, b = tf.ragged.constant([[1, 2], [3]]), tf.ragged.constant([[4, 5], [6]])
    inner = tf.ragged.stack([a, b], axis=2)
    assert inner.to_list() == [[[1, 4], [2, 5]], [[3, 6]]] and inner.shape.as_list() == [2, None, 2]
    assert tf.ragged.stack([a, b], axis=-1).to_list() == inner.to_list()
    t3, t4 = tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant([[5], [6], [7]])
    assert tf.ragged.stack([t3, t4], axis=0).to_list() == [[[1, 2, 3], [4, 5, 6]], [[5], [6], [7]]]
    assert tf.ragged.stack([tf.constant([[1, 2], [3, 4]]), t1]).to_list() == [[[1, 2], [3, 4]], [[1, 2], [3, 4, 5]]]
    assert tf.ragged.stack([tf.constant([1, 2]), tf.constant([3])]).to_list() == [[1, 2], [3]]
    dense = tf.ragged.stack([tf.constant([1, 2]), tf.constant([3, 4])], axis=1)
    assert not isinstance(dense, tf.RaggedTensor) and dense.numpy().tolist() == [[1, 3], [2, 4]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="same number of rows"):
        tf.ragged.stack([t1, tf.ragged.constant([[1]])], axis=1)
    with pytest.raises(ValueError, match="same rank"):
        tf.ragged.stack([t1, tf.constant([1])])
    with pytest.raises(ValueError, match="out of bounds"):
        tf.ragged.stack([t1, t2], axis=3)


def test_stack_dynamic_partitions():
    rt = tf.ragged.stack_dynamic_partitions(['a', 'b', 'c', 'd', 'e'], [3, 0, 2, 2, 3], 5)
    assert rt.to_list() == [[b'b'], [], [b'c', b'd'], [b'a', b'e'], []]
    ragged = tf.ragged.stack_dynamic_partitions(tf.ragged.constant([[1, 2], [3], [4, 5, 6]]), [1, 0, 1], 2)
    assert ragged.to_list() == [[[3]], [[1, 2], [4, 5, 6]]]
    assert tf.ragged.stack_dynamic_partitions(tf.constant([[1, 2], [3, 4]]), [[1, 0], [0, 0]], 2).to_list() == \
        [[2, 3, 4], [1]]
    assert tf.ragged.stack_dynamic_partitions(tf.constant([1, 2]), 1, 3).to_list() == [[], [[1, 2]], []]
    with pytest.raises(tf.errors.InvalidArgumentError, match="less than num_partitions=2"):
        tf.ragged.stack_dynamic_partitions([1, 2], [0, 2], 2)


def test_cross_and_cross_hashed_match_tensorflow():
    inputs = [tf.ragged.constant([['a'], ['b', 'c']]), tf.ragged.constant([['d'], ['e']]),
              tf.ragged.constant([['f'], ['g']])]
    assert tf.ragged.cross(inputs).to_list() == [[b'a_X_d_X_f'], [b'b_X_e_X_g', b'c_X_e_X_g']]
    assert tf.ragged.cross_hashed(inputs, num_buckets=100).to_list() == [[78], [66, 74]]
    # Values printed by TensorFlow 2.21 (FingerprintCat64 over FarmHash fingerprints; integers hash as themselves).
    assert tf.ragged.cross_hashed(inputs).to_list() == \
        [[5684865645872741371], [1392610987527938559, 6629649657679214674]]
    ints = [tf.ragged.constant([[1], [2, 3]]), tf.ragged.constant([['d'], ['e']])]
    assert tf.ragged.cross_hashed(ints).to_list() == [[8731989417520980377], [6870019135446212689, 8498098340703857781]]
    assert tf.ragged.cross_hashed(ints, hash_key=7).to_list()[0] == [1488102627565439385]
    mixed = tf.ragged.cross([ints[0], ints[1], tf.constant([['x', 'y'], ['z', 'w']])])
    assert mixed.to_list() == [[b'1_X_d_X_x', b'1_X_d_X_y'], [b'2_X_e_X_z', b'2_X_e_X_w', b'3_X_e_X_z', b'3_X_e_X_w']]
    sparse = tf.sparse.SparseTensor([[0, 0], [1, 0], [1, 1]], ['x', 'z', 'w'], [2, 2])
    assert tf.ragged.cross([ints[0], sparse]).to_list() == [[b'1_X_x'], [b'2_X_z', b'2_X_w', b'3_X_z', b'3_X_w']]
    with pytest.raises(ValueError, match="Unexpected dtype for inputs\\[1\\]"):
        tf.ragged.cross([ints[0], tf.ragged.constant([[1.0], [2.0, 3.0]])])


def test_map_fn_over_ragged_rows_stays_ragged():
    rt = tf.ragged.constant([[1.0, 3.0], [], [3.0, 6.0, 3.0]])
    out = tf.map_fn(lambda x: x / tf.reduce_sum(x), rt)
    assert isinstance(out, tf.RaggedTensor) and out.to_list() == [[0.25, 0.75], [], [0.25, 0.5, 0.25]]
    nested = tf.map_fn(lambda x: tf.ragged.map_flat_values(tf.add, x, 1), tf.ragged.constant([[[1, 2], [3]], [[4]]]))
    assert nested.to_list() == [[[2, 3], [4]], [[5]]] and nested.ragged_rank == 2
    sums = tf.map_fn(tf.reduce_sum, rt, fn_output_signature=tf.float32)
    assert sums.numpy().tolist() == [4.0, 0.0, 12.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="fn_output_signature"):
        tf.map_fn(tf.reduce_sum, rt)


def test_ragged_operators_broadcast_like_tensorflow():
    rt = tf.ragged.constant([[1.0, 2.0], [], [3.0]])
    assert (rt * 2 + 1).to_list() == [[3.0, 5.0], [], [7.0]]
    assert (10 - rt).to_list() == [[9.0, 8.0], [], [7.0]] and (-rt).to_list() == [[-1.0, -2.0], [], [-3.0]]
    assert (rt + rt).to_list() == [[2.0, 4.0], [], [6.0]] and (rt ** 2).to_list() == [[1.0, 4.0], [], [9.0]]
    assert (rt + tf.constant([[10.0], [20.0], [30.0]])).to_list() == [[11.0, 12.0], [], [33.0]]
    assert (rt > 1.5).to_list() == [[False, True], [], [True]] and (rt >= 2.0).dtype == tf.bool
    ints = tf.ragged.constant([[5, 6], [7]])
    assert (ints // 2).to_list() == [[2, 3], [3]] and (ints % 4).to_list() == [[1, 2], [3]]
    assert abs(-ints).to_list() == [[5, 6], [7]] and (~(ints > 5)).to_list() == [[True, False], [False]]
    inner = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)
    assert (inner * tf.constant([10, 100])).to_list() == [[[10, 200], [30, 400]], [[50, 600]]]
    nested = tf.ragged.constant([[[1], [2, 3]], [[4]]])
    assert (nested + tf.constant([[[100]], [[200]]])).to_list() == [[[101], [102, 103]], [[204]]]
    with pytest.raises(tf.errors.InvalidArgumentError, match="different row partitions"):
        rt + tf.ragged.constant([[1.0], [2.0], [3.0]])
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not broadcast"):
        rt + tf.constant([[1.0, 2.0]])
    with pytest.raises(tf.errors.InvalidArgumentError):
        rt + tf.constant([1, 2])  # float32 and int32, as in TensorFlow
    with pytest.raises(TypeError, match="does not support `==`"):
        rt == rt  # noqa: B015


def test_unary_elementwise_ops_map_over_ragged_values():
    rt = tf.ragged.constant([[1.4, -2.6], [], [3.5]])
    assert tf.round(rt).to_list() == [[1.0, -3.0], [], [4.0]]
    assert tf.math.floor(rt).to_list() == [[1.0, -3.0], [], [3.0]]
    assert np.allclose(tf.abs(rt).flat_values.numpy(), [1.4, 2.6, 3.5]) and isinstance(tf.sin(rt), tf.RaggedTensor)
    with pytest.raises(ValueError, match="unsupported type .*to_tensor"):
        tf.convert_to_tensor(tf.ragged.constant([[1, 2], [3, 4]]))  # never silently densified


def test_map_flat_values_checks_every_ragged_dimension():
    a = tf.ragged.constant([[[1], [2, 3]], [[4]]])
    assert tf.ragged.map_flat_values(tf.add, a, a).to_list() == [[[2], [4, 6]], [[8]]]
    with pytest.raises(ValueError, match="same row partitions"):
        tf.ragged.map_flat_values(tf.add, a, tf.ragged.constant([[[1, 2], [3]], [[4]]]))


def test_getitem_slices_rows_and_inner_ragged_dimensions():
    rt = tf.ragged.constant([[1, 2, 3], [4], [5, 6]])
    assert rt[:, :2].to_list() == [[1, 2], [4], [5, 6]] and rt[:, 1:].to_list() == [[2, 3], [], [6]]
    assert rt[:, -2:].to_list() == [[2, 3], [4], [5, 6]] and rt[:, ::2].to_list() == [[1, 3], [4], [5]]
    assert rt[1:, ::-1].to_list() == [[4], [6, 5]] and rt[::-1].to_list() == [[5, 6], [4], [1, 2, 3]]
    assert rt[::2, 1:].to_list() == [[2, 3], [6]] and rt[1, 0].numpy() == 4
    r3 = tf.ragged.constant([[[1, 2], [3]], [[4, 5, 6]]])
    assert r3[:, :, 1:].to_list() == [[[2], []], [[5, 6]]] and r3[:, 1:].to_list() == [[[3]], []]
    dense_inner = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)
    assert dense_inner[:, :, 1].to_list() == [[2, 4], [6]]
    for bad in (lambda: rt[:, 0], lambda: r3[:, :, 0], lambda: dense_inner[:, 0]):
        with pytest.raises(ValueError, match="Cannot index into an inner ragged dimension"):
            bad()
    with pytest.raises(IndexError, match="out of range"):
        rt[3]


def test_reductions_over_ragged_tensors_match_tensorflow():
    rt = tf.ragged.constant([[3, 1, 4], [1, 5], [], [9]])
    assert tf.reduce_sum(rt, axis=0).numpy().tolist() == [13, 6, 4]
    assert tf.reduce_sum(rt, axis=1).numpy().tolist() == [8, 6, 0, 9] and tf.reduce_sum(rt).numpy() == 23
    assert tf.reduce_max(rt, axis=1).numpy().tolist() == [4, 5, np.iinfo(np.int32).min, 9]
    assert tf.reduce_min(rt, axis=0).numpy().tolist() == [1, 1, 4]
    assert tf.reduce_prod(rt, axis=1).numpy().tolist() == [12, 5, 1, 9]
    mean = tf.reduce_mean(rt, axis=0)
    assert mean.dtype == tf.float64 and np.allclose(mean.numpy(), [13 / 3, 3.0, 4.0])
    floats = tf.ragged.constant([[3.0, 1.0, 4.0], [1.0, 5.0], [], [9.0]])
    means = tf.reduce_mean(floats, axis=1).numpy()
    assert np.allclose(means[[0, 1, 3]], [8 / 3, 3.0, 9.0]) and np.isnan(means[2])
    assert tf.reduce_sum(floats, axis=1, keepdims=True).shape.as_list() == [4, 1]
    assert tf.reduce_sum(floats, axis=[0, 1]).numpy() == 23.0
    flags = tf.ragged.constant([[True, False], [], [True]])
    assert tf.reduce_any(flags, axis=1).numpy().tolist() == [True, False, True]
    assert tf.reduce_all(flags, axis=1).numpy().tolist() == [False, True, True]
    assert tf.reduce_all(flags, axis=0).numpy().tolist() == [True, False]
    r3 = tf.ragged.constant([[[1, 2], [3]], [[4, 5, 6]], []])
    assert tf.reduce_sum(r3, axis=0).to_list() == [[5, 7, 6], [3]]
    assert tf.reduce_sum(r3, axis=1).to_list() == [[4, 2], [4, 5, 6], []]
    assert tf.reduce_sum(r3, axis=-1).to_list() == [[3, 3], [15], []]
    assert tf.reduce_sum(r3, axis=[1, 2]).numpy().tolist() == [6, 15, 0]
    dense_inner = tf.ragged.constant([[[1, 2], [3, 4]], [[5, 6]]], ragged_rank=1)
    assert tf.reduce_sum(dense_inner, axis=1).numpy().tolist() == [[4, 6], [5, 6]]
    assert tf.reduce_sum(dense_inner, axis=2).to_list() == [[3, 7], [11]]
    with pytest.raises(ValueError, match="axis=2 out of bounds"):
        tf.reduce_sum(rt, axis=2)
    with pytest.raises(ValueError, match="keepdims=True"):
        tf.reduce_sum(r3, axis=1, keepdims=True)


def test_ragged_reductions_are_differentiable():
    v = tf.Variable([1.0, 2.0, 3.0, 4.0])
    with tf.GradientTape() as tape:
        rt = tf.RaggedTensor.from_row_lengths(v * 1.0, [2, 0, 2])
        loss = tf.reduce_sum(tf.reduce_max(rt, axis=1) * tf.constant([1.0, 1.0, 10.0])) + tf.reduce_sum(
            tf.reduce_sum(rt, axis=0))
    assert tape.gradient(loss, v).numpy().tolist() == [1.0, 2.0, 1.0, 11.0]
