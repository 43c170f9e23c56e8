"""`tf.nest`: flatten and rebuild nested structures of lists, tuples and dicts.

>>> import neuroflow as tf
>>> tf.nest.flatten({"b": [1, 2], "a": 3})
[3, 1, 2]
>>> tf.nest.pack_sequence_as({"b": [0, 0], "a": 0}, [30, 10, 20])
{'b': [10, 20], 'a': 30}
>>> tf.nest.map_structure(lambda v: v * 2, (1, [2]))
(2, [4])
"""

__all__ = ["flatten", "flatten_with_tuple_paths", "pack_sequence_as", "map_structure", "is_nested",
           "assert_same_structure"]


_NESTED = (list, tuple, dict)


def is_nested(structure):
    """True for lists, tuples (including namedtuples) and dicts."""
    return isinstance(structure, _NESTED)


def _children(structure):
    if isinstance(structure, dict):
        return [structure[k] for k in sorted(structure, key=_sort_key)]
    return list(structure)


def _sort_key(key):
    return (type(key).__name__, key) if not isinstance(key, (int, float)) else ("", key)


def flatten(structure, expand_composites=False):
    """The leaves of `structure`, depth first; dicts in sorted-key order (TensorFlow's order).

    With `expand_composites`, a `RaggedTensor` leaf becomes its component tensors (flat values,
    then the row splits from the outermost) and a `SparseTensor` its indices, values and shape.

    >>> import neuroflow as tf
    >>> tf.nest.flatten(tf.ragged.constant([[3, 1], [], [5]]), expand_composites=True)
    [<tf.Tensor: shape=(3,), dtype=int32, numpy=array([3, 1, 5], dtype=int32)>, <tf.Tensor: shape=(4,), dtype=int64, numpy=array([0, 2, 2, 3])>]
    """
    if not isinstance(structure, _NESTED):
        leaves = [structure]
    else:
        leaves = []
        _flatten_into(structure, leaves)
    if expand_composites:
        leaves = [part for leaf in leaves for part in (_components(leaf) or [leaf])]
    return leaves


def _components(leaf):
    """The component tensors of a composite tensor (RaggedTensor, SparseTensor); None for others."""
    from .ragged_tensor import RaggedTensor
    from .sparse_tensor import SparseTensor
    if isinstance(leaf, RaggedTensor):
        splits = []
        while isinstance(leaf, RaggedTensor):
            splits.append(leaf.row_splits)
            leaf = leaf.values
        return [leaf] + splits
    if isinstance(leaf, SparseTensor):
        return [leaf.indices, leaf.values, leaf.dense_shape]
    return None


def _from_components(template, parts):
    """A composite like `template` rebuilt from `parts` (what `_components` gave for it)."""
    from .ragged_tensor import RaggedTensor
    from .sparse_tensor import SparseTensor
    if isinstance(template, RaggedTensor):
        values = parts[0]
        for splits in reversed(parts[1:]):
            values = RaggedTensor.from_row_splits(values, splits, validate=False)
        return values
    if isinstance(template, SparseTensor):
        return SparseTensor(*parts)
    raise TypeError(f"pack_sequence_as: {type(template).__name__} is not a composite tensor.")


def _flatten_into(structure, leaves):
    for child in _children(structure) if isinstance(structure, dict) else structure:
        if isinstance(child, _NESTED):
            _flatten_into(child, leaves)
        else:
            leaves.append(child)


def flatten_with_tuple_paths(structure):
    """`(path, leaf)` pairs in `flatten`'s order; a path is a tuple of indices and dict keys.

    >>> import neuroflow as tf
    >>> tf.nest.flatten_with_tuple_paths({"a": [5, 6], "b": 7})
    [(('a', 0), 5), (('a', 1), 6), (('b',), 7)]
    """
    if not is_nested(structure):
        return [((), structure)]
    keys = sorted(structure, key=_sort_key) if isinstance(structure, dict) else range(len(structure))
    return [((key,) + path, leaf) for key, child in zip(keys, _children(structure))
            for path, leaf in flatten_with_tuple_paths(child)]


_MISSING = object()


class _TooFew(Exception):
    """Raised by `_pack` when the flat sequence runs out before the structure is filled."""


def _pack(structure, leaves):
    if not isinstance(structure, _NESTED):
        leaf = next(leaves, _MISSING)
        if leaf is _MISSING:
            raise _TooFew
        return leaf
    if isinstance(structure, dict):
        packed = {k: _pack(structure[k], leaves) for k in sorted(structure, key=_sort_key)}
        return type(structure)((k, packed[k]) for k in structure)
    items = [_pack(child, leaves) for child in structure]
    if isinstance(structure, tuple) and hasattr(structure, "_fields"):
        return type(structure)(*items)
    return type(structure)(items)


def pack_sequence_as(structure, flat_sequence, expand_composites=False):
    """Rebuilds `structure` with its leaves replaced by `flat_sequence`, in `flatten`'s order.

    With `expand_composites`, each composite tensor of `structure` takes as many values as it
    has components (see `flatten`) and is rebuilt from them.
    """
    flat_sequence = list(flat_sequence)
    if expand_composites:
        values, rebuilt = iter(flat_sequence), []
        for leaf in flatten(structure):
            parts = _components(leaf)
            rebuilt.append(next(values, _MISSING) if parts is None else
                           _from_components(leaf, [next(values, _MISSING) for _ in parts]))
        if any(v is _MISSING for v in rebuilt) or next(values, _MISSING) is not _MISSING:
            raise ValueError(f"pack_sequence_as: the structure has {len(flatten(structure, True))} leaves "
                             f"(composites expanded) but {len(flat_sequence)} values were given.")
        flat_sequence = rebuilt
        if not isinstance(structure, _NESTED):
            return flat_sequence[0]
    cls = type(structure)
    if (cls is tuple or cls is list) and len(structure) == len(flat_sequence) and \
            not any(isinstance(child, _NESTED) for child in structure):
        return cls(flat_sequence)  # a flat tuple or list, the common case
    leaves = iter(flat_sequence)
    try:
        packed = _pack(structure, leaves)
        complete = next(leaves, _MISSING) is _MISSING
    except _TooFew:
        complete = False
    if not complete:
        raise ValueError(
            f"pack_sequence_as: the structure has {len(flatten(structure))} leaves but {len(flat_sequence)} "
            "values were given.")
    return packed


def assert_same_structure(a, b, check_types=True, expand_composites=False):
    """Raises ValueError when `a` and `b` do not nest the same way."""
    if is_nested(a) != is_nested(b):
        raise ValueError(f"The two structures don't have the same nested structure: {a!r} vs {b!r}.")
    if not is_nested(a):
        return
    if check_types and type(a) is not type(b) and not (isinstance(a, list) and isinstance(b, list)):
        raise TypeError(f"The two structures don't have the same sequence type: {type(a)} vs {type(b)}.")
    if isinstance(a, dict) and set(a) != set(b):
        raise ValueError(f"The two dicts don't have the same keys: {sorted(a)} vs {sorted(b)}.")
    ca, cb = _children(a), _children(b)
    if len(ca) != len(cb):
        raise ValueError(f"The two structures don't have the same length: {len(ca)} vs {len(cb)}.")
    for x, y in zip(ca, cb):
        assert_same_structure(x, y, check_types)


def map_structure(func, *structures, **kwargs):
    """Applies `func` to corresponding leaves of `structures`, keeping the first's structure."""
    if not structures:
        raise ValueError("map_structure needs at least one structure.")
    for other in structures[1:]:
        assert_same_structure(structures[0], other, check_types=kwargs.get("check_types", True))
    flat = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [func(*leaves) for leaves in zip(*flat)])
