"""The `.keras` format (Keras 3's): a zip of `metadata.json`, `config.json`, `model.weights.h5`, `assets/`.

- `config.json`: `serialize_keras_object(model)`, with `build_config` and `compile_config`.
- `metadata.json`: `keras_version` and `date_saved`.
- `model.weights.h5`: every layer's, model's and the optimizer's variables, at the paths
  Keras derives from the object tree (see `h5_store`).
- `assets/<path>/...`: files layers write in `save_assets` (e.g. vocabularies).

The tree is walked as Keras walks it: a Sequential or Functional model's `layers` first;
then the attributes holding layers, lists/dicts of them, or the optimizer, in sorted
order (public names before private ones). A list item is named after its class in
snake_case, made unique within the list (`dense`, `dense_1`); nested lists are
`container`, `container_1`. Each object is saved once, where it is first met.

Files are written atomically. Reading is bounded and validated: members must stay in the
archive's own tree, no member may inflate to far more than it stores, and any problem
(corrupt or truncated file, missing or misshapen weights) raises a `ValueError` naming
the file, leaving a model being loaded into untouched.

>>> import os, tempfile, numpy as np
>>> from neuroflow import keras
>>> model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
>>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
>>> model.save(path)
>>> import zipfile; zipfile.ZipFile(path).namelist()
['metadata.json', 'config.json', 'model.weights.h5']
>>> restored = keras.models.load_model(path)
>>> x = np.ones((1, 3), "float32")
>>> bool((restored.predict(x, verbose=0) == model.predict(x, verbose=0)).all())
True
"""
import contextlib
import datetime
import functools
import io
import json
import mmap
import os
import shutil
import struct
import tempfile
import warnings
import zipfile

import numpy as np

from ...io.atomic import atomic_path
from ...io.background import workers
from ..backend.naming import to_snake_case
from .load_transaction import load_transaction, protect
from .serialization_lib import ObjectSharingScope, SafeModeScope, deserialize_keras_object, serialize_keras_object

__all__ = ["save_model", "load_model", "save_weights_only", "load_weights_only", "KERAS_VERSION"]

KERAS_VERSION = "3.15.1"  # the Keras 3 release whose files neuroflow's follow
CONFIG, METADATA, WEIGHTS, ASSETS = "config.json", "metadata.json", "model.weights.h5", "assets"
_JSON_LIMIT = 64 << 20            # config.json / metadata.json larger than this are refused
_BOMB_FLOOR, _BOMB_RATIO = 64 << 20, 100


def _h5py():
    try:
        import h5py
    except ImportError as error:  # a required dependency; say how to fix a broken install
        raise ImportError("Saving and loading Keras files needs h5py: `pip install h5py`.") from error
    return h5py


# --- walking the object tree ------------------------------------------------------------------
def _is_saveable(obj):
    from ..layers.layer import Layer
    from ..optimizers.optimizer import Optimizer
    return isinstance(obj, (Layer, Optimizer))


def _name_key(name):
    return "~" + name if name.startswith("_") else name


# Internal attributes that mirror `layers` or the optimizer (Keras skips its own equivalents).
_SKIP = frozenset({"_layers", "_functional", "_operations", "_nodes", "_steps", "_inputs", "_outputs",
                   "_inputs_struct", "_outputs_struct", "_tracked", "_compile_config", "_initial_step"})


@functools.lru_cache(maxsize=None)
def _class_properties(cls):
    """The properties `cls` adds to the base Layer (e.g. `MultiHeadAttention.query_dense`): Keras
    walks `dir(layer)`, so a sublayer it exposes as a property is saved under that name."""
    from ..layers.layer import Layer
    base = set(dir(Layer))
    return frozenset(name for name in dir(cls)
                     if name not in base and not name.startswith("__") and isinstance(getattr(cls, name), property))


def _children(saveable):
    """`(attribute, child)` pairs in the order Keras visits them."""
    from ..layers.layer import Layer
    from ..models.functional import Functional
    from ..models.model import Model
    from ..models.sequential import Sequential
    if not isinstance(saveable, Layer):
        return
    graph = isinstance(saveable, (Sequential, Functional))
    if graph:
        yield "layers", saveable.layers
    names = (set(saveable.__dict__.get("_tracked", ())) | _class_properties(type(saveable))) - _SKIP
    if isinstance(saveable, Model):
        names.add("optimizer")
    if graph:
        names.discard("layers")
    for name in sorted(names, key=_name_key):
        try:
            child = getattr(saveable, name)
        except Exception:  # a property that does not apply to this object (as Keras, skip it)
            continue
        if _is_saveable(child) or isinstance(child, (list, tuple, dict)):
            yield name, child


def _join(path, name):
    return f"{path}/{name}" if path else name


def _container_items(container):
    """`(name, item)` for the saveables and nested containers of a list/tuple/dict, named as Keras does."""
    used = {}
    for item in (container.values() if isinstance(container, dict) else container):
        if _is_saveable(item):
            base = to_snake_case(type(item).__name__)
        elif isinstance(item, (list, tuple, dict)):
            base = "container"
        else:
            continue
        count = used.get(base)
        used[base] = 0 if count is None else count + 1
        yield (base if count is None else f"{base}_{count + 1}"), item


def _visit(saveable, path, visit, visited):
    """Calls `visit(obj, path)` for `saveable` and each saveable below it, each object once."""
    if id(saveable) in visited:
        return
    visited.add(id(saveable))
    visit(saveable, path)
    for name, child in _children(saveable):
        if _is_saveable(child):
            _visit(child, _join(path, name), visit, visited)
        else:
            _visit_container(child, _join(path, name), visit, visited, set())


def _visit_container(container, path, visit, visited, containers):
    if id(container) in containers:
        return
    containers.add(id(container))
    for name, item in _container_items(container):
        if _is_saveable(item):
            _visit(item, _join(path, name), visit, visited)
        else:
            _visit_container(item, _join(path, name), visit, visited, containers)


def _overrides(obj, hook):
    """Whether the class of `obj` replaces the base Layer's (or Optimizer's) `hook`, e.g. `save_assets`."""
    from ..layers.layer import Layer
    from ..optimizers.optimizer import Optimizer
    method = getattr(type(obj), hook, None)
    return method is not None and method is not getattr(Layer if isinstance(obj, Layer) else Optimizer, hook, None)


def save_state(root, writer):
    """Writes the variables of `root` and everything below it; returns `(path, object)` for the
    objects that have assets to save (see `save_assets`)."""
    with_assets = []

    def visit(obj, path):
        obj.save_own_variables(writer.make(path, {"name": obj.name}))
        if _overrides(obj, "save_assets"):
            with_assets.append((path, obj))
    _visit(root, "", visit, set())
    return with_assets


def save_assets(with_assets, assets_dir):
    """Lets each object of `save_state`'s list write its assets into its folder under `assets_dir`."""
    for path, obj in with_assets:
        folder = os.path.join(assets_dir, *path.split("/")) if path else assets_dir
        os.makedirs(folder, exist_ok=True)
        obj.save_assets(folder)


def load_state(root, reader, assets_dir=None, skip_mismatch=False):
    """Loads every object's variables (and assets), all or nothing: with `skip_mismatch` a failing
    object is skipped with a warning, else the first failure raises (naming the object's path in the
    file) and every variable keeps the value it had (see `load_transaction`)."""
    def visit(obj, path):
        try:
            if _overrides(obj, "load_own_variables"):  # may assign in place: snapshot what it can change
                protect(obj.weights if hasattr(obj, "weights") else obj.variables)
            obj.load_own_variables(reader.get(path))
            if assets_dir is not None and _overrides(obj, "load_assets"):
                folder = os.path.join(assets_dir, *path.split("/")) if path else assets_dir
                if os.path.isdir(folder):
                    obj.load_assets(folder)
        except (ValueError, KeyError, TypeError) as error:
            where = f"'{path}'" if path else "the model itself"
            message = f"{reader.source}: could not load {type(obj).__name__} '{obj.name}' (at {where}): {error}"
            if not skip_mismatch:
                raise ValueError(message) from error
            warnings.warn(f"Skipping loading weights: {message}", stacklevel=4)
    with load_transaction():
        _visit(root, "", visit, set())


# --- the .keras archive ------------------------------------------------------------------------
def _metadata_json():
    return json.dumps({"keras_version": KERAS_VERSION,
                       "date_saved": datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")})


# The weights member is written in place: h5py writes the HDF5 file with a "user block" of
# `offset` bytes (a power of two, >= 512) kept free at its start, the zip's first members and
# the weights member's local header are then written into that block, ending exactly at
# `offset`. The member's data is the HDF5 file itself, never copied; HDF5 finds its superblock
# at a power of two, so the archive opens directly as HDF5, and the extracted member is a
# plain HDF5 file (the library rebases files moved out of a user block).
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"
_PADDING_ID = 0xD935  # the extra-field id zipalign uses for alignment padding


def _crc32(fp, start, size, parallel=True):
    """The CRC-32 of `size` bytes of the open file `fp` from `start`, read through a memory map (no copies);
    `parallel`: on two threads (see `crc32.value`)."""
    if start + size > os.fstat(fp.fileno()).st_size:
        raise ValueError("the file ended before the data its zip header announces")
    if size == 0:
        return 0
    from ...io import crc32
    with mmap.mmap(fp.fileno(), 0, access=mmap.ACCESS_READ) as mapped, memoryview(mapped) as view, \
            view[start:start + size] as data:
        return crc32.value(data, parallel)


def _file_crc32(path, start, size):
    """The CRC-32 computed beside a load, on the checksum thread alone (the load's reading goes on
    meanwhile; and a task of that one-thread pool must not wait for another of it)."""
    with open(path, "rb") as fp:
        return _crc32(fp, start, size, parallel=False)


def _write_aligned_member(archive, fp, name, offset, size, crc):
    """Adds `name`, whose `size` bytes (of CRC-32 `crc`) are already at `offset` in `fp`, as a stored member
    of `archive`."""
    info = zipfile.ZipInfo(name, date_time=datetime.datetime.now().timetuple()[:6])
    info.compress_type, info.external_attr = zipfile.ZIP_STORED, 0o600 << 16
    info.file_size = info.compress_size = size
    info.CRC = crc
    info.header_offset = archive.start_dir
    zip64 = size > zipfile.ZIP64_LIMIT
    padding = offset - info.header_offset - len(info.FileHeader(zip64))
    info.extra = struct.pack("<HH", _PADDING_ID, padding - 4) + b"\0" * (padding - 4)
    header = info.FileHeader(zip64)
    if padding < 4 or info.header_offset + len(header) != offset:
        raise AssertionError("the zip members before the weights do not fit the HDF5 user block")
    fp.seek(info.header_offset)
    fp.write(header)
    archive.filelist.append(info)
    archive.NameToInfo[name] = info
    archive.start_dir = offset + size  # the next member (and then the central directory) follows the data
    archive._didModify = True


def save_model(model, filepath):
    """Writes `model` to the `.keras` zip at `filepath` (atomically)."""
    filepath = os.fspath(filepath)
    if not filepath.endswith(".keras"):
        raise ValueError(f"Invalid `filepath` argument: expected a `.keras` extension. Received: filepath={filepath}")
    if not model.built:
        warnings.warn("You are saving a model that has not yet been built. It might not contain any weights yet. "
                      "Consider building the model first by calling it on some data.", stacklevel=3)
    members = [(METADATA, _metadata_json().encode()), (CONFIG, json.dumps(serialize_keras_object(model)).encode())]
    prefix = sum(30 + len(name) + len(data) for name, data in members) + 30 + len(WEIGHTS) + 20 + 4
    offset = max(512, 1 << (prefix - 1).bit_length())
    spare = offset - prefix - 0x8000  # a zip header pads at most 64 KiB: trailing spaces in config.json take the rest
    if spare > 0:
        members[1] = (CONFIG, members[1][1] + b" " * spare)
    from .h5_store import H5Writer
    with atomic_path(filepath) as tmp:
        with _h5py().File(tmp, "w", userblock_size=offset) as f:
            with_assets = save_state(model, H5Writer(f))
        size = os.path.getsize(tmp) - offset
        with open(tmp, "r+b") as fp:  # the disk is already writing the weights (see h5_store)
            crc = _crc32(fp, offset, size)
            with zipfile.ZipFile(fp, "w") as archive:
                for name, data in members:
                    archive.writestr(name, data)
                _write_aligned_member(archive, fp, WEIGHTS, offset, size, crc)
                if with_assets:
                    _write_assets(archive, with_assets)


def _write_assets(archive, with_assets):
    """Adds the files the objects of `with_assets` save as `assets/<object path>/...` members."""
    assets = tempfile.mkdtemp(prefix="neuroflow_assets_")
    try:
        save_assets(with_assets, assets)
        for folder, _, files in sorted(os.walk(assets)):
            for name in sorted(files):
                full = os.path.join(folder, name)
                archive.write(full, "/".join([ASSETS, os.path.relpath(full, assets).replace(os.sep, "/")]))
    finally:
        shutil.rmtree(assets, ignore_errors=True)


class KerasArchive:
    """A `.keras` file opened for reading, with every member checked before it is read."""

    def __init__(self, filepath):
        self.path = os.fspath(filepath)
        if not os.path.isfile(self.path):
            raise ValueError(f"File not found: filepath={self.path}. Please ensure the file is an accessible "
                             "`.keras` zip file.")
        try:
            self.zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as error:
            raise ValueError(f"{self.path} is not a valid .keras file: it is not a readable zip archive "
                             f"({error}). The file may be truncated or corrupt.") from error
        self.names = []
        for info in self.zip.infolist():
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
                self.zip.close()
                raise ValueError(f"{self.path}: refusing the archive member '{name}': its path leaves the "
                                 "archive's folder.")
            if info.file_size > _BOMB_FLOOR and info.file_size > _BOMB_RATIO * info.compress_size:
                self.zip.close()
                raise ValueError(f"{self.path}: archive member '{name}' declares {info.file_size} bytes but only "
                                 f"{info.compress_size} are stored; refusing to load a potential decompression bomb.")
            self.names.append(name)
        if CONFIG not in self.names:
            self.zip.close()
            raise ValueError(f"{self.path} is not a .keras file: the zip archive has no '{CONFIG}' (members: "
                             f"{self.names[:10]}). Load .keras files written by `model.save()`.")

    def read(self, name, limit=None):
        info = self.zip.getinfo(name)
        if limit is not None and info.file_size > limit:
            raise ValueError(f"{self.path}: archive member '{name}' is {info.file_size} bytes, more than the "
                             f"{limit} allowed.")
        try:
            with self.zip.open(name) as f:
                return f.read(info.file_size + 1)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
            raise ValueError(f"{self.path}: archive member '{name}' is corrupt or truncated ({error}).") from error

    def config(self):
        try:
            return json.loads(self.read(CONFIG, _JSON_LIMIT))
        except json.JSONDecodeError as error:
            raise ValueError(f"{self.path}: '{CONFIG}' is not valid JSON ({error}).") from error

    @contextlib.contextmanager
    def weights(self):
        """The `model.weights.h5` member as an open `H5Reader`.

        Stored as neuroflow writes it, the archive itself is opened as HDF5 (no copy), while a
        second thread computes the member's CRC-32; the checksum is checked when the block ends,
        so a load into existing variables runs inside a `load_transaction` around this block,
        which undoes it when the file turns out corrupt. Other archives' members are read
        into memory by `zipfile`, which checks the CRC itself.
        """
        from .h5_store import H5Reader
        if WEIGHTS not in self.names:
            raise ValueError(f"{self.path}: the archive has no '{WEIGHTS}' (members: {self.names[:10]}).")
        source = f"{self.path} ({WEIGHTS})"
        info = self.zip.getinfo(WEIGHTS)
        offset = self._weights_offset(info)
        if offset is None:
            with open_h5(self.read(WEIGHTS), source) as f:
                yield H5Reader(f, source)
            return
        checksum = workers("neuroflow-checksum", 1).submit(_file_crc32, self.path, offset, info.file_size)
        try:
            with open_h5(self.path, source) as f:
                yield H5Reader(f, source)
        finally:
            if checksum.result() != info.CRC:
                raise ValueError(f"{self.path}: '{WEIGHTS}' is corrupt (bad CRC-32).")

    def _weights_offset(self, info):
        """Where the weights member's data starts when it is stored as neuroflow writes it: uncompressed,
        at a power-of-two offset where HDF5 finds it first (else None)."""
        if info.compress_type != zipfile.ZIP_STORED:
            return None
        with open(self.path, "rb") as fp:
            fp.seek(info.header_offset)
            header = fp.read(30)
            if len(header) < 30 or header[:4] != b"PK\x03\x04":
                raise ValueError(f"{self.path}: the zip header of '{WEIGHTS}' is corrupt.")
            offset = info.header_offset + 30 + sum(struct.unpack("<HH", header[26:30]))
            candidates = [0] + [1 << k for k in range(9, offset.bit_length() - 1)]  # those before `offset`
            if offset < 512 or offset & (offset - 1):
                return None
            if offset + info.file_size > os.fstat(fp.fileno()).st_size:
                raise ValueError(f"{self.path}: '{WEIGHTS}' is truncated: the file ended before the data its zip "
                                 "header announces.")
            for candidate in candidates:  # HDF5 searches 0, 512, 1024, ...: ours must be the first it meets
                fp.seek(candidate)
                if fp.read(8) == HDF5_SIGNATURE:
                    return None
            fp.seek(offset)
            return offset if fp.read(8) == HDF5_SIGNATURE else None

    @contextlib.contextmanager
    def assets(self):
        """A temporary folder holding the `assets/` members (None when there are none)."""
        members = [n for n in self.names if n.startswith(ASSETS + "/") and not n.endswith("/")]
        if not members:
            yield None
            return
        folder = tempfile.mkdtemp(prefix="neuroflow_assets_")
        try:
            for name in members:
                target = os.path.join(folder, *name[len(ASSETS) + 1:].split("/"))
                os.makedirs(os.path.dirname(target), exist_ok=True)
                with open(target, "wb") as out:
                    out.write(self.read(name))
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def close(self):
        self.zip.close()


@contextlib.contextmanager
def open_h5(path_or_buffer, source):
    """`h5py.File` opened for reading (a path, or the bytes of a file, read in memory); a file that is
    not valid HDF5 raises a `ValueError` naming `source`."""
    h5py = _h5py()
    try:
        f = h5py.File(io.BytesIO(path_or_buffer) if isinstance(path_or_buffer, bytes) else path_or_buffer, "r")
    except (OSError, ValueError) as error:
        raise ValueError(f"{source} is not a readable HDF5 file: it may be truncated or corrupt ({error}).") \
            from error
    try:
        yield f
    finally:
        f.close()


def load_model(filepath, custom_objects=None, compile=True, safe_mode=True):
    """The model in the `.keras` file at `filepath`."""
    archive = KerasArchive(filepath)
    try:
        config = archive.config()
        if not isinstance(config, dict) or "class_name" not in config:
            raise ValueError(f"{archive.path}: '{CONFIG}' does not describe a Keras object.")
        if not compile:
            config["compile_config"] = None
        from ..layers.layer import weights_from_file
        with ObjectSharingScope(), SafeModeScope(safe_mode), weights_from_file():
            model = deserialize_keras_object(config, custom_objects=custom_objects, safe_mode=safe_mode)
        with archive.weights() as reader, archive.assets() as assets:
            load_state(model, reader, assets)
    finally:
        archive.close()
    return model


# --- weights only ---------------------------------------------------------------------------------
def save_weights_only(model, filepath):
    """Writes the variables of `model` (and its optimizer) to a `.weights.h5` file, atomically."""
    filepath = os.fspath(filepath)
    if not model.built:
        raise ValueError("You are saving a model that has not yet been built. Try building the model first by "
                         "calling it on some data or by using `build()`.")
    from .h5_store import H5Writer
    with atomic_path(filepath) as tmp, _h5py().File(tmp, "w") as f:
        save_state(model, H5Writer(f))


def load_weights_only(model, filepath, skip_mismatch=False):
    """Loads a `.weights.h5` file (or the weights inside a `.keras` file) into `model`; on failure the
    model keeps its previous weights."""
    from .h5_store import H5Reader
    filepath = os.fspath(filepath)
    if filepath.endswith(".keras"):
        archive = KerasArchive(filepath)
        try:
            with load_transaction(), archive.weights() as reader:  # a bad CRC-32 undoes the load
                load_state(model, reader, skip_mismatch=skip_mismatch)
        finally:
            archive.close()
        return
    if not os.path.isfile(filepath):
        raise ValueError(f"File not found: filepath={filepath}.")
    with open_h5(filepath, filepath) as f:
        load_state(model, H5Reader(f, filepath), skip_mismatch=skip_mismatch)
