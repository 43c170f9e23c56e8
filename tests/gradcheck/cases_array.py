"""Gradient cases for the array, indexing, sorting and contraction ops."""
import neuroflow as tf
from .harness import case

MASK = [[True, False, True], [False, False, True]]

CASES = [
    # indexing
    case("getitem steps, negative step, newaxis", lambda x: tf.square(x[1:, ::-2, tf.newaxis]), (3, 4),
         second_order=True),
    case("getitem int, negative int, ellipsis", lambda x: x[-1, ...] * x[0], (2, 3)),
    case("getitem scalar tensor index", lambda x: x[:, tf.constant(1)], (2, 3)),
    case("slice", lambda x: tf.slice(x, [0, 1], [2, -1]), (3, 3)),
    case("strided_slice masks", lambda x: tf.strided_slice(x, [0, 2, 0], [0, 0, 1], [1, -1, 1],
                                                           begin_mask=1, end_mask=3, shrink_axis_mask=4),
         (2, 3, 2)),
    case("gather axis 1", lambda x: tf.square(tf.gather(x, [[2, 0], [2, 2]], axis=1)), (2, 3),
         second_order=True),
    case("gather batch_dims", lambda x: tf.gather(x, [[1, 0, 1], [2, 2, 0]], axis=1, batch_dims=1),
         (2, 3, 2)),
    case("gather_nd", lambda x: tf.gather_nd(x, [[1, 0], [1, 0], [0, 2]]), (2, 3)),
    case("gather_nd slices with batch_dims", lambda x: tf.gather_nd(x, [[[1]], [[0]]], batch_dims=1),
         (2, 2, 3)),
    case("boolean_mask axis 1", lambda x: tf.boolean_mask(x, MASK, axis=1), (2, 2, 3)),
    case("where select with broadcasting", lambda x, y: tf.where(MASK, x, y), (2, 3), (3,)),
    case("tensor_scatter_nd_update", lambda t, u: tf.tensor_scatter_nd_update(t, [[0], [2]], u),
         (3, 2), (2, 2)),
    case("tensor_scatter_nd_add repeated index", lambda t, u: tf.tensor_scatter_nd_add(t, [[1, 1], [1, 1]], u) * t,
         (2, 3), (2,)),
    # joining and splitting
    case("concat", lambda x, y: tf.concat([x, y, x], axis=-1), (2, 3), (2, 1)),
    case("stack then unstack", lambda x, y: tf.unstack(tf.stack([x, y], axis=1) * 2.0, axis=0), (2, 3), (2, 3)),
    case("split sizes", lambda x: tf.split(x, [1, -1], axis=1)[1], (2, 4)),
    case("tile", lambda x: tf.tile(x, [2, 3]), (2, 2)),
    case("pad constant", lambda x: tf.pad(x, [[1, 0], [2, 1]], constant_values=3.0), (2, 3)),
    case("pad reflect", lambda x: tf.square(tf.pad(x, [[1, 2], [2, 1]], "REFLECT")), (3, 4), second_order=True),
    case("pad symmetric", lambda x: tf.pad(x, [[2, 1], [0, 3]], "SYMMETRIC"), (3, 4)),
    case("reverse", lambda x: tf.reverse(x, [0, -1]) * x, (2, 3)),
    case("roll", lambda x: tf.roll(x, [1, -2], [0, 1]) * x, (3, 4), second_order=True),
    case("fill with a traced value", lambda x: tf.function(lambda v: tf.fill([2, 3], v[0]) * v[1])(x), (2,)),
    case("repeat counts", lambda x: tf.repeat(x, [1, 0, 2], axis=1), (2, 3)),
    case("repeat scalar", lambda x: tf.repeat(x, 2, axis=0), (2, 3)),
    case("meshgrid", lambda x, y: tf.meshgrid(x, y), (3,), (2,)),
    case("linspace", lambda a, b: tf.linspace(a, b, 5, axis=-1), (2,), (1,)),
    # sorting
    case("sort descending axis 0", lambda x: tf.sort(x, axis=0, direction="DESCENDING"), (3, 2)),
    case("top_k values", lambda x: tf.math.top_k(x, 2).values, (2, 4)),
    # contractions
    case("einsum matmul", lambda a, b: tf.einsum("ij,jk->ik", a, b), (2, 3), (3, 2), second_order=True),
    case("einsum implicit output", lambda a, b: tf.einsum("ij,kj", a, b), (2, 3), (4, 3)),
    case("einsum diagonal, summed index, three operands", lambda a, b, c: tf.einsum("iij,jk,k->i", a, b, c),
         (2, 2, 3), (3, 2), (2,)),
    case("einsum trace", lambda a: tf.einsum("ii", a), (3, 3)),
    case("einsum broadcast ellipsis", lambda a, b: tf.einsum("...ij,...jk->...ik", a, b), (2, 1, 2, 3), (3, 3, 2)),
    case("tensordot", lambda a, b: tf.tensordot(a, b, [[1, 2], [1, 0]]), (2, 3, 4), (4, 3, 2)),
]
