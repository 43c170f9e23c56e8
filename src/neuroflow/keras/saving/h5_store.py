"""The HDF5 weight stores behind `.keras` and `.weights.h5` files, in Keras 3's layout.

Each saveable object (a layer, a model, the optimizer) owns one group: its path in the
object tree (`layers/dense_1`, `optimizer`, the root model at ``""``) followed by `vars`,
holding its variables as datasets `"0"`, `"1"`, ... and the object's name as an attribute.

Reading validates what it hands out: groups and datasets must be ordinary members of the
file (no external or soft links, no external or virtual storage), numeric, and no larger
than the file can hold, so a hostile file cannot make loading read other files or
allocate unbounded memory.

h5py is imported by the caller (only when a file is read or written).
"""
import numpy as np

from ...framework.variable import Variable
from .load_transaction import fresh

__all__ = ["H5Writer", "H5Reader", "checked_group", "checked_array"]

# A dataset may declare more bytes than the file stores (compression, fill values), but not
# absurdly more: this bounds the memory a small hostile file can make loading allocate.
_MAX_EXPANSION, _EXPANSION_FLOOR = 100, 64 << 20


def _host_array(value):
    """`value` as a NumPy array: a variable's own storage when it is in host memory (h5py writes it
    at once, so no copy is needed), else a conversion."""
    if isinstance(value, Variable) and type(value._value) is np.ndarray:
        return value._value
    return np.asarray(value)


class _WriteEntry:
    """The `vars` group of one object, created on first use; `entry["0"] = array` writes a dataset."""

    def __init__(self, h5file, path, metadata):
        self._file, self._path, self._group = h5file, path, None
        if metadata:
            self._create()
            for key, value in metadata.items():
                self._group.attrs[key] = value

    def _create(self):
        if self._group is None:
            self._group = self._file.create_group(f"{self._path}/vars" if self._path else "vars")

    def __setitem__(self, key, value):
        self._create()
        self._group[key] = _host_array(value)

    def keys(self):
        return [] if self._group is None else list(self._group.keys())

    def __len__(self):
        return len(self.keys())

    def __contains__(self, key):
        return key in self.keys()


class H5Writer:
    """Writes objects' variables into an open, writable `h5py.File`."""

    def __init__(self, h5file):
        self.file = h5file

    def make(self, path, metadata=None):
        return _WriteEntry(self.file, path, metadata)


class _ReadEntry:
    """The `vars` of one object in a file being read (empty when the file has no group for it)."""

    def __init__(self, group, where, source):
        self._group, self._where, self._source = group, where, source

    def keys(self):
        return [] if self._group is None else list(self._group.keys())

    def __len__(self):
        return len(self.keys())

    def __contains__(self, key):
        return self._group is not None and key in self._group

    def __getitem__(self, key):
        if self._group is None or key not in self._group:
            raise KeyError(f"{self._source}: no variable '{key}' under '{self._where}'.")
        return checked_array(self._group, key, f"{self._where}/{key}", self._source)


class H5Reader:
    """Reads objects' variables from an open `h5py.File`; `source` names the file in errors."""

    def __init__(self, h5file, source):
        self.file, self.source = h5file, source

    def get(self, path):
        group = self.file
        for part in [p for p in path.split("/") if p] + ["vars"]:
            if part not in group:
                return _ReadEntry(None, path, self.source)
            group = checked_group(group, part, self.source)
        return _ReadEntry(group, f"{path}/vars" if path else "vars", self.source)

    def has_path(self, path):
        return path in self.file


def _member(parent, name, where, source):
    """`parent[name]` when it is stored in this file: a hard link, not a soft or external one."""
    import h5py
    link = parent.get(name, getlink=True)
    if not isinstance(link, h5py.HardLink):
        raise ValueError(f"{source}: '{where}' is a {type(link).__name__}, not stored in the file; refusing to "
                         "follow links out of a weights file.")
    return parent[name]


def checked_group(parent, name, source):
    """`parent[name]` when it is a group stored in this file (not a link elsewhere)."""
    import h5py
    group = _member(parent, name, f"{parent.name.rstrip('/')}/{name}", source)
    if not isinstance(group, h5py.Group):
        raise ValueError(f"{source}: '{group.name}' should be a group but is a {type(group).__name__}.")
    return group


def checked_array(group, name, where, source):
    """The dataset `group[name]` as a NumPy array, after checking it is a plain numeric dataset of sane size."""
    import h5py
    dataset = _member(group, name, where, source)
    if not isinstance(dataset, h5py.Dataset):
        raise ValueError(f"{source}: '{where}' should be a dataset but is a {type(dataset).__name__}.")
    if dataset.external or dataset.is_virtual:
        raise ValueError(f"{source}: '{where}' keeps its data outside the file (external or virtual storage); "
                         "refusing to read it.")
    if dataset.dtype.kind not in "biuf":
        raise ValueError(f"{source}: '{where}' holds {dataset.dtype} values; weights must be numbers.")
    nbytes = int(np.prod(dataset.shape, dtype=np.int64)) * dataset.dtype.itemsize
    stored = dataset.id.get_storage_size()
    if nbytes > max(_EXPANSION_FLOOR, _MAX_EXPANSION * stored):
        raise ValueError(f"{source}: '{where}' declares {nbytes} bytes of shape {dataset.shape} but stores only "
                         f"{stored}; refusing to load a potential decompression bomb.")
    return fresh(dataset[()])  # a new array: loading may make it the variable's storage
