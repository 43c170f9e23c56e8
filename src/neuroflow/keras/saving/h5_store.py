"""The HDF5 weight stores behind `.keras` and `.weights.h5` files, in Keras 3's layout.

Each saveable object (a layer, a model, the optimizer) owns one group: its path in the
object tree (`layers/dense_1`, `optimizer`, the root model at ``""``) followed by `vars`,
holding its variables as datasets `"0"`, `"1"`, ... and the object's name as an attribute.

Reading validates what it hands out: groups and datasets must be ordinary members of the
file (no external or soft links, no external or virtual storage), numeric, and no larger
than the file can hold, so a hostile file cannot make loading read other files or
allocate unbounded memory.

Nothing is copied on the way: a variable in host memory is written from its own storage
(the disk starts writing each few megabytes as soon as they are in the file, so the fsync of
an atomic save has little left to wait for), and each array read is new, so a load may adopt it as the variable's storage (`fresh`,
see `load_transaction`). h5py is imported by the caller (only when a file is read or written).
"""
import numpy as np

from ...framework.variable import Variable
from ...io.atomic import start_writeback
from .load_transaction import fresh

__all__ = ["H5Writer", "H5Reader", "checked_group", "checked_array"]

# A dataset may declare more bytes than the file stores (compression, fill values), but not
# absurdly more: this bounds the memory a small hostile file can make loading allocate.
_MAX_EXPANSION, _EXPANSION_FLOOR = 100, 64 << 20
_WRITEBACK_BYTES = 1 << 20  # the disk is asked to start writing each time this much more is in the file


def _host_array(value):
    """`value` as a NumPy array: a variable's own storage when it is in host memory (h5py writes it
    at once, so no copy is needed), else a conversion."""
    if isinstance(value, Variable) and type(value._value) is np.ndarray:
        return value._value
    return np.asarray(value)


class _WriteEntry:
    """The `vars` group of one object, created on first use; `entry["0"] = array` writes a dataset."""

    def __init__(self, writer, path, metadata):
        self._writer, self._file, self._path, self._group = writer, writer.file, path, None
        if metadata:
            self._create()
            for key, value in metadata.items():
                self._group.attrs[key] = value

    def _create(self):
        if self._group is None:
            self._group = self._file.create_group(f"{self._path}/vars" if self._path else "vars")

    def __setitem__(self, key, value):
        self._create()
        array = _host_array(value)
        self._group[key] = array
        self._writer.wrote(array.nbytes)

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
        self._fd = h5file.id.get_vfd_handle() if h5file.driver == "sec2" else None  # an OS file, not memory
        self._pending = 0  # bytes written since the disk was last asked to start writing

    def make(self, path, metadata=None):
        return _WriteEntry(self, path, metadata)

    def wrote(self, nbytes):
        """Counts `nbytes` more in the file; every `_WRITEBACK_BYTES`, starts their way to the disk."""
        self._pending += nbytes
        if self._fd is not None and self._pending >= _WRITEBACK_BYTES:
            start_writeback(self._fd)
            self._pending = 0


class _ReadEntry:
    """The `vars` of one object in a file being read (empty when the file has no group for it)."""

    def __init__(self, group, where, source):
        self._group, self._where, self._source = group, where, source
        self._keys = [] if group is None else list(group.keys())

    def keys(self):
        return list(self._keys)

    def __len__(self):
        return len(self._keys)

    def __contains__(self, key):
        return key in self._keys

    def __getitem__(self, key):
        if key not in self._keys:
            raise KeyError(f"{self._source}: no variable '{key}' under '{self._where}'.")
        return checked_array(self._group, key, f"{self._where}/{key}", self._source)


class H5Reader:
    """Reads objects' variables from an open `h5py.File`; `source` names the file in errors."""

    def __init__(self, h5file, source):
        self.file, self.source = h5file, source

    def get(self, path):
        parts = [p for p in path.split("/") if p] + ["vars"]
        for depth in range(1, len(parts) + 1):  # every link on the way must be stored here, before opening
            if not _hard_link(self.file, "/".join(parts[:depth]), self.source, missing_ok=True):
                return _ReadEntry(None, path, self.source)
        group = self.file["/".join(parts)]
        _check_group(group, self.source)
        return _ReadEntry(group, f"{path}/vars" if path else "vars", self.source)


_LINK_KINDS = {1: "SoftLink", 64: "ExternalLink"}  # H5L_TYPE_SOFT, H5L_TYPE_EXTERNAL


def _hard_link(parent, name, source, where=None, missing_ok=False):
    """True when `parent[name]` is stored in this file: a hard link, not a soft or external one
    (False when it is absent and `missing_ok`). Asking costs no open of the object."""
    try:
        info = parent.id.links.get_info(name.encode())
    except (KeyError, RuntimeError):  # no such link
        if missing_ok:
            return False
        info = None
    if info is None or info.type != 0:  # H5L_TYPE_HARD
        kind = "missing member" if info is None else _LINK_KINDS.get(info.type, "user-defined link")
        where = where or f"{parent.name.rstrip('/')}/{name}"
        raise ValueError(f"{source}: '{where}' is a {kind}, not stored in the file; refusing to follow links out "
                         "of a weights file.")
    return True


def _check_group(group, source):
    import h5py
    if not isinstance(group, h5py.Group):
        raise ValueError(f"{source}: '{group.name}' should be a group but is a {type(group).__name__}.")


def checked_group(parent, name, source):
    """`parent[name]` when it is a group stored in this file (not a link elsewhere)."""
    _hard_link(parent, name, source)
    group = parent[name]
    _check_group(group, source)
    return group


def checked_array(group, name, where, source):
    """The dataset `group[name]` as a NumPy array, after checking it is a plain numeric dataset of sane size.

    Works on h5py's low-level dataset (the high-level wrapper costs more than reading a small weight).
    """
    from h5py import h5d, h5s
    _hard_link(group, name, source, where)
    try:
        dataset = h5d.open(group.id, name.encode())
    except (KeyError, RuntimeError, ValueError) as error:
        raise ValueError(f"{source}: '{where}' should be a dataset but is not ({error}).") from error
    layout = dataset.get_create_plist()
    if layout.get_external_count() > 0 or layout.get_layout() == h5d.VIRTUAL:
        raise ValueError(f"{source}: '{where}' keeps its data outside the file (external or virtual storage); "
                         "refusing to read it.")
    dtype, shape = dataset.dtype, dataset.shape
    if dtype.kind not in "biuf":
        raise ValueError(f"{source}: '{where}' holds {dtype} values; weights must be numbers.")
    nbytes = int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    stored = dataset.get_storage_size()
    if nbytes > max(_EXPANSION_FLOOR, _MAX_EXPANSION * stored):
        raise ValueError(f"{source}: '{where}' declares {nbytes} bytes of shape {shape} but stores only "
                         f"{stored}; refusing to load a potential decompression bomb.")
    array = np.empty(shape, dtype.newbyteorder("="))
    if array.size:
        dataset.read(h5s.ALL, h5s.ALL, array)
    return fresh(array)  # a new array: loading may make it the variable's storage
