"""`tf.edit_distance`: Levenshtein distances between sequences stored in SparseTensors.

Each sequence is the run of values sharing all but the last index; the result has the shape
of those leading dimensions (the larger of the two inputs'), normalized by the truth's length
when `normalize` (an empty truth gives inf, or 0 against an empty hypothesis).

>>> import neuroflow as tf
>>> hypothesis = tf.SparseTensor([[0, 0, 0], [1, 0, 0]], ["a", "b"], (2, 1, 1))
>>> truth = tf.SparseTensor([[0, 1, 0], [1, 0, 0], [1, 0, 1], [1, 1, 0]], ["a", "b", "c", "a"], (2, 2, 2))
>>> tf.edit_distance(hypothesis, truth, normalize=True).numpy()
array([[inf, 1. ],
       [0.5, 1. ]], dtype=float32)
"""
import numpy as np

from ..framework.convert import convert_to_tensor
from ..framework.sparse_tensor import SparseTensor

__all__ = ["edit_distance"]


def _sequences(sp):
    indices, values = sp.indices.numpy(), sp.values.numpy()
    order = np.lexsort(indices.T[::-1])
    sequences = {}
    for index, value in zip(indices[order], values[order]):
        sequences.setdefault(tuple(index[:-1].tolist()), []).append(value)
    return sequences


def _levenshtein(a, b):
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def edit_distance(hypothesis, truth, normalize=True, name="edit_distance"):
    """The edit distances between the sequences of `hypothesis` and `truth` (SparseTensors of one rank).

    Returns:
        A float32 tensor of the leading dimensions (all but the last).
    """
    if not (isinstance(hypothesis, SparseTensor) and isinstance(truth, SparseTensor)):
        raise TypeError("tf.edit_distance expects SparseTensors for hypothesis and truth.")
    if hypothesis.shape.rank != truth.shape.rank:
        raise ValueError(f"tf.edit_distance: hypothesis and truth must have the same rank, got "
                         f"{hypothesis.shape.rank} and {truth.shape.rank}.")
    shape = np.maximum(hypothesis.dense_shape.numpy()[:-1], truth.dense_shape.numpy()[:-1])
    hyp, tru = _sequences(hypothesis), _sequences(truth)
    out = np.zeros(shape, np.float32)
    for position in np.ndindex(*shape):
        a, b = hyp.get(position, []), tru.get(position, [])
        distance = float(_levenshtein(a, b))
        if normalize:
            distance = distance / len(b) if b else (np.inf if a else 0.0)
        out[position] = distance
    return convert_to_tensor(out)
