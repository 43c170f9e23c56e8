"""`Dataset.save` and `Dataset.load`: a dataset's elements written to a folder, and read back.

The folder holds `dataset_spec.json` (the element spec, the shards and their sizes) and one
file of `.npy` records per shard (gzip-compressed with `compression="GZIP"`). As TensorFlow
says of its own layout, the format is an implementation detail: read it with `Dataset.load`
(TensorFlow and neuroflow cannot read each other's saved datasets). The folder is written
atomically, and loading reads NumPy arrays only (no pickles).

>>> import os, tempfile
>>> import neuroflow as tf
>>> path = os.path.join(tempfile.mkdtemp(), "saved")
>>> tf.data.Dataset.range(6).save(path, shard_func=lambda x: x % 2)
>>> loaded = tf.data.Dataset.load(path)
>>> loaded.element_spec, int(loaded.cardinality())
(TensorSpec(shape=(), dtype=tf.int64, name=None), 6)
>>> [int(x) for x in loaded]
[0, 1, 2, 3, 4, 5]
"""
import collections
import gzip
import json
import os

from ..framework import dtypes, errors, nest
from ..framework.tensor_shape import TensorShape
from ..graph.tensor_spec import TensorSpec
from ..io.atomic import atomic_directory
from .cache import read_element, write_element
from .dataset import Dataset
from .structure import DatasetSpec

__all__ = ["save", "load"]

_SPEC_FILE = "dataset_spec.json"
_FORMAT = "neuroflow.data.save/1"


def _compression(compression):
    kind = (compression or "NONE").upper()
    if kind not in ("NONE", "GZIP"):
        raise ValueError(f"Dataset.save/load: unsupported compression {compression!r}; use 'GZIP' or None.")
    return kind


def _open(path, mode, compression):
    return gzip.open(path, mode) if compression == "GZIP" else open(path, mode)


def _encode(spec):
    """An element spec as JSON data (TensorSpecs nested in tuples, namedtuples and dicts)."""
    if isinstance(spec, TensorSpec):
        shape = spec.shape.as_list() if spec.shape.rank is not None else None
        return {"tensor": {"shape": shape, "dtype": spec.dtype.name, "name": spec.name}}
    if isinstance(spec, dict):
        return {"dict": [[key, _encode(value)] for key, value in spec.items()]}
    if isinstance(spec, tuple):
        items = [_encode(value) for value in spec]
        if hasattr(spec, "_fields"):
            return {"namedtuple": type(spec).__name__, "fields": list(spec._fields), "items": items}
        return {"tuple": items}
    raise TypeError(f"Dataset.save supports elements of tensors nested in tuples and dicts; a component of "
                    f"spec {spec} cannot be saved. Convert it to dense tensors first (e.g. .map(...)).")


def _decode(data):
    if "tensor" in data:
        t = data["tensor"]
        return TensorSpec(TensorShape(t["shape"]), dtypes.as_dtype(t["dtype"]), t.get("name"))
    if "dict" in data:
        return {key: _decode(value) for key, value in data["dict"]}
    items = [_decode(value) for value in data["items" if "namedtuple" in data else "tuple"]]
    if "namedtuple" in data:
        return collections.namedtuple(data["namedtuple"], data["fields"])(*items)
    return tuple(items)


def save(dataset, path, compression=None, shard_func=None, checkpoint_args=None):
    """Writes the elements of `dataset` to the folder `path` (replacing what is there).

    Args:
        dataset: a finite dataset of tensors (nested in tuples and dicts).
        path: the folder.
        compression: None or "GZIP".
        shard_func: maps an element to an int64 scalar, the shard (file) it goes to; by default
            all elements go to one shard.
        checkpoint_args: not supported (a save runs to the end in one go).
    """
    if checkpoint_args is not None:
        raise NotImplementedError("Dataset.save: `checkpoint_args` (resumable saves) is not supported; save "
                                  "without it, the folder then appears complete or not at all.")
    compression = _compression(compression)
    path = os.fspath(path.numpy().decode() if hasattr(path, "numpy") else path)
    spec = dataset.element_spec
    encoded = _encode(spec)
    specs = nest.flatten(spec)
    shard_of = None
    if shard_func is not None:
        from .grouping import int64_scalar_function
        shard_of = int64_scalar_function(shard_func, spec, "save", "shard_func").run_flat
    with atomic_directory(path) as folder:
        files, counts = {}, {}
        try:
            for element in dataset._iter():
                shard = 0 if shard_of is None else int(shard_of(element)[0])
                if shard < 0:
                    raise errors.InvalidArgumentError(
                        None, "save", f"Dataset.save: `shard_func` returned the negative shard index {shard}.")
                if shard not in files:
                    files[shard] = _open(os.path.join(folder, f"shard_{shard:05d}.npy"), "wb", compression)
                    counts[shard] = 0
                write_element(files[shard], element, specs)
                counts[shard] += 1
        finally:
            for f in files.values():
                f.close()
        shards = [{"file": f"shard_{shard:05d}.npy", "count": counts[shard]} for shard in sorted(files)]
        with open(os.path.join(folder, _SPEC_FILE), "w", encoding="utf-8") as f:
            json.dump({"format": _FORMAT, "element_spec": encoded, "compression": compression, "shards": shards}, f)


def load(path, element_spec=None, compression=None, reader_func=None, wait=False):
    """The dataset saved in the folder `path` by `Dataset.save`.

    Args:
        path: the folder.
        element_spec: the expected element spec (by default, the saved one); checked against it.
        compression: accepted for compatibility (the folder records its compression).
        reader_func: given the dataset of the shards' datasets, returns the dataset to read; by
            default the shards are interleaved one element at a time.
        wait: accepted for compatibility (a saved folder is always complete).
    """
    path = os.fspath(path.numpy().decode() if hasattr(path, "numpy") else path)
    spec_file = os.path.join(path, _SPEC_FILE)
    if not os.path.isfile(spec_file):
        raise errors.NotFoundError(None, "load", f"Dataset.load: no saved dataset at {path} ({_SPEC_FILE} not "
                                   "found). Save one there with dataset.save(path).")
    with open(spec_file, encoding="utf-8") as f:
        meta = json.load(f)
    saved = _decode(meta["element_spec"])
    if element_spec is not None:
        flat_saved, flat_given = nest.flatten(saved), nest.flatten(element_spec)
        if len(flat_saved) != len(flat_given) or any(a.dtype != b.dtype for a, b in zip(flat_saved, flat_given)):
            raise ValueError(f"Dataset.load: `element_spec` {element_spec} does not match the saved dataset's "
                             f"{saved}.")
        saved = element_spec
    shards = [_ShardDataset(os.path.join(path, s["file"]), saved, meta["compression"], s["count"])
              for s in meta["shards"]]
    if reader_func is None:
        return _LoadDataset(saved, shards)
    from .grouping import _VariantDataset
    dataset = reader_func(_VariantDataset(DatasetSpec(saved), [(shard,) for shard in shards]))
    if not isinstance(dataset, Dataset):
        raise TypeError(f"Dataset.load: `reader_func` must return a Dataset, got {type(dataset).__name__}.")
    return dataset


class _ShardDataset(Dataset):
    """The elements of one shard file."""

    def __init__(self, path, element_spec, compression, count):
        self._path, self._compression, self._count = path, compression, count
        super().__init__(element_spec)

    def _cardinality(self):
        return self._count

    def _iter(self):
        specs = nest.flatten(self.element_spec)
        with _open(self._path, "rb", self._compression) as f:
            for _ in range(self._count):
                yield read_element(f, specs)


class _LoadDataset(Dataset):
    """The shards of a saved dataset, interleaved one element at a time."""

    def __init__(self, element_spec, shards):
        self._shards = shards
        super().__init__(element_spec)

    def _cardinality(self):
        return sum(shard._count for shard in self._shards)

    def _iter(self):
        iterators = [shard._iter() for shard in self._shards]
        try:
            while iterators:
                for it in list(iterators):
                    element = next(it, None)
                    if element is None:
                        iterators.remove(it)
                    else:
                        yield element
        finally:
            for it in iterators:
                it.close()
