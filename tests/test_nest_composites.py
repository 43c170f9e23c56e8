"""tf.nest with expand_composites: ragged and sparse tensors as their component tensors."""
import numpy as np
import pytest

import neuroflow as tf


def test_ragged_round_trip_through_components():
    rt = tf.ragged.constant([[[1, 2], [3]], [], [[4], [5, 6]]])
    structure = {"r": rt, "x": tf.constant([[5.0]])}
    flat = tf.nest.flatten(structure, expand_composites=True)
    assert len(flat) == 4                                        # flat values + 2 row splits, then x
    np.testing.assert_array_equal(flat[0].numpy(), [1, 2, 3, 4, 5, 6])
    np.testing.assert_array_equal(flat[1].numpy(), [0, 2, 2, 4])   # outer splits first
    np.testing.assert_array_equal(flat[2].numpy(), [0, 2, 3, 4, 6])
    doubled = [t * 2 if t.dtype == tf.int32 else t for t in flat]
    packed = tf.nest.pack_sequence_as(structure, doubled, expand_composites=True)
    assert packed["r"].to_list() == [[[2, 4], [6]], [], [[8], [10, 12]]]
    assert tf.nest.flatten(structure) == [rt, structure["x"]]      # not expanded by default
    with pytest.raises(ValueError, match="composites expanded"):
        tf.nest.pack_sequence_as(structure, doubled[:3], expand_composites=True)


def test_sparse_components():
    st = tf.sparse.SparseTensor(indices=[[0, 1], [2, 0]], values=[1.0, 2.0], dense_shape=[3, 2])
    indices, values, shape = tf.nest.flatten([st], expand_composites=True)
    assert shape.numpy().tolist() == [3, 2]
    back = tf.nest.pack_sequence_as([st], [indices, values * 10.0, shape], expand_composites=True)[0]
    np.testing.assert_array_equal(tf.sparse.to_dense(back).numpy(), [[0, 10], [0, 0], [20, 0]])
