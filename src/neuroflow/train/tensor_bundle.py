"""TensorFlow's TensorBundle: the `.index` + `.data-00000-of-00001` files of a checkpoint.

The `.data` file holds the tensors' bytes back to back (numbers little-endian; strings as
varint lengths, a masked CRC-32C of the lengths, then the bytes). The `.index` file is a
LevelDB-style sorted table: key `""` maps to a `BundleHeaderProto`, every other key (a
tensor's name) to a `BundleEntryProto` giving dtype, shape, offset, size and the masked
CRC-32C of the tensor's bytes. The table is blocks of prefix-compressed entries, each block
followed by a compression byte and the masked CRC-32C of block and byte; an index block maps
each data block's last key to its position; a 48-byte footer ends the file with the magic
number. Checksums are checked on reading: a damaged file raises `DataLossError` naming it.

>>> import os, tempfile, numpy as np
>>> prefix = os.path.join(tempfile.mkdtemp(), "ckpt")
>>> write_bundle(prefix, {"w": np.ones((2, 3), np.float32), "name": np.array(b"net", object)})
>>> reader = BundleReader(prefix)
>>> sorted(reader.keys()), reader.shape("w")
(['name', 'w'], (2, 3))
>>> reader.tensor("name")
array(b'net', dtype=object)
"""
import functools
import os
import struct

import numpy as np

from ..framework import dtypes
from ..framework.errors import DataLossError, NotFoundError
from ..io import crc32c
from ..io.atomic import AtomicFiles, start_writeback
from .checkpoint_proto import BundleEntryProto, BundleHeaderProto

__all__ = ["write_bundle", "data_pieces", "write_pieces", "BundleReader", "index_path", "data_path"]

_MAGIC = 0xDB4775248B80FB57  # LevelDB's table magic number, which TensorFlow's tables keep
_FOOTER_SIZE = 48  # two block handles padded to 20 bytes each, then the 8-byte magic number
_BLOCK_SIZE = 262144  # TensorFlow's table::Options defaults
_RESTART_INTERVAL = 16


def _iov_max():
    """How many buffers one `writev` takes here (0: there is no `writev`)."""
    if not hasattr(os, "writev"):
        return 0
    try:
        return max(os.sysconf("SC_IOV_MAX"), 16)  # (-1: no limit; 16: the least POSIX allows)
    except (ValueError, OSError):  # a system that does not say
        return 16


_IOV_MAX = _iov_max()


def index_path(prefix):
    """The `.index` file of the checkpoint `prefix`."""
    return prefix + ".index"


def data_path(prefix):
    """The (single-shard) `.data` file of the checkpoint `prefix`."""
    return prefix + ".data-00000-of-00001"


def _varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _read_varint(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


# --- the table ---------------------------------------------------------------------------------
def _block(entries):
    """One table block: prefix-compressed `(key, value)` entries, restart offsets, their count."""
    out, restarts, last = bytearray(), [], b""
    for i, (key, value) in enumerate(entries):
        shared = 0
        if i % _RESTART_INTERVAL == 0:
            restarts.append(len(out))
        else:
            limit = min(len(key), len(last))
            while shared < limit and key[shared] == last[shared]:
                shared += 1
        out += _varint(shared) + _varint(len(key) - shared) + _varint(len(value))
        out += key[shared:] + value
        last = key
    restarts = restarts or [0]
    out += struct.pack(f"<{len(restarts)}I", *restarts) + struct.pack("<I", len(restarts))
    return bytes(out)


def _table(entries):
    """The bytes of a table holding `entries` (sorted `(key, value)` byte pairs)."""
    out, index, pending = bytearray(), [], []

    def flush():
        block = _block(pending)
        index.append((pending[-1][0], _varint(len(out)) + _varint(len(block))))
        write_block(block)
        pending.clear()

    def write_block(block):
        out.extend(block)
        out.extend(b"\x00" + struct.pack("<I", crc32c.mask(crc32c.value(block + b"\x00"))))

    size = 0
    for key, value in entries:
        pending.append((key, value))
        size += len(key) + len(value) + 12
        if size >= _BLOCK_SIZE:
            flush()
            size = 0
    if pending:
        flush()
    handles = []
    for block in (_block([]), _block(index)):  # the (empty) metaindex block, then the index block
        handles.append(_varint(len(out)) + _varint(len(block)))
        write_block(block)
    footer = b"".join(handles).ljust(_FOOTER_SIZE - 8, b"\x00")
    out += footer + struct.pack("<II", _MAGIC & 0xFFFFFFFF, _MAGIC >> 32)
    return bytes(out)


def _block_entries(data, path):
    """The `(key, value)` pairs of one block's bytes (without its trailer)."""
    if len(data) < 4:
        raise DataLossError(None, None, f"Corrupted checkpoint index file {path}: a block is too short.")
    count = struct.unpack_from("<I", data, len(data) - 4)[0]
    end = len(data) - 4 - 4 * count
    pos, last, entries = 0, b"", []
    try:
        while pos < end:
            shared, pos = _read_varint(data, pos)
            unshared, pos = _read_varint(data, pos)
            size, pos = _read_varint(data, pos)
            key = last[:shared] + data[pos:pos + unshared]
            pos += unshared
            entries.append((key, data[pos:pos + size]))
            pos += size
            last = key
    except IndexError:
        pos = end + 1
    if pos != end:
        raise DataLossError(None, None, f"Corrupted checkpoint index file {path}: a block's entries are "
                            "malformed.")
    return entries


def _read_block(data, handle, path):
    offset, pos = _read_varint(handle, 0)
    size, _ = _read_varint(handle, pos)
    if offset + size + 5 > len(data):
        raise DataLossError(None, None, f"Corrupted checkpoint index file {path}: a block lies past the end "
                            "of the file (truncated?).")
    block = data[offset:offset + size + 1]
    stored = struct.unpack_from("<I", data, offset + size + 1)[0]
    if crc32c.mask(crc32c.value(block)) != stored:
        raise DataLossError(None, None, f"Corrupted checkpoint index file {path}: block checksum mismatch.")
    if block[-1] != 0:
        raise DataLossError(None, None, f"Checkpoint index file {path} uses compression type {block[-1]}; "
                            "TensorFlow checkpoints are written uncompressed (type 0).")
    return _block_entries(block[:-1], path)


def _read_table(data, path):
    if len(data) < _FOOTER_SIZE:
        raise DataLossError(None, None, f"Checkpoint index file {path} is too short ({len(data)} bytes) to "
                            "be a table (truncated?).")
    footer = data[-_FOOTER_SIZE:]
    low, high = struct.unpack_from("<II", footer, _FOOTER_SIZE - 8)
    if low | (high << 32) != _MAGIC:
        raise DataLossError(None, None, f"Checkpoint index file {path} is not a table: bad magic number "
                            "(truncated or not a checkpoint).")
    try:
        _, pos = _read_varint(footer, 0)
        _, pos = _read_varint(footer, pos)  # skip the metaindex handle
        index_offset, end = _read_varint(footer, pos)
        index_size, end = _read_varint(footer, end)
    except IndexError:
        raise DataLossError(None, None, f"Corrupted checkpoint index file {path}: bad footer.") from None
    entries = []
    for _, handle in _read_block(data, _varint(index_offset) + _varint(index_size), path):
        entries.extend(_read_block(data, handle, path))
    return entries


# --- tensors in the data file ------------------------------------------------------------------
def _size_bytes(length):
    return struct.pack("<I" if length <= 0xFFFFFFFF else "<Q", length)


def _tensor_data(array):
    """The bytes TensorFlow stores for `array` in a `.data` file, and for strings their masked
    checksum (None for numbers: `write_pieces` checksums their bytes).

    For strings the checksum covers each length as a fixed 32-bit (or, when larger, 64-bit)
    integer where the file holds varints, as TensorFlow computes it.
    """
    if array.dtype == object or array.dtype.kind in "SU":
        items = [v if isinstance(v, bytes) else str(v).encode() for v in array.reshape(-1)]
        sizes = b"".join(_size_bytes(len(v)) for v in items)
        length_check = struct.pack("<I", crc32c.masked_value(sizes))
        strings = b"".join(items)
        return (b"".join(_varint(len(v)) for v in items) + length_check + strings,
                crc32c.masked_value(sizes + length_check + strings))
    little_endian = array.astype(array.dtype.newbyteorder("<"), copy=False)  # no copy when it already is
    return memoryview(np.ascontiguousarray(little_endian)).cast("B"), None


@functools.lru_cache(maxsize=4096)  # a model's entries repeat from one save to the next
def _unchecked_entry(dtype, shape, offset, size):
    """A `BundleEntryProto`'s bytes before its checksum.

    The checksum is field 6 and no later field is written, so the whole entry is these bytes
    then, unless the checksum is 0 (which proto3 leaves out), tag 0x35 (field 6, fixed32) and
    the checksum's 4 little-endian bytes.
    """
    entry = BundleEntryProto(dtype=dtype, offset=offset, size=size)
    entry.shape.SetInParent()
    entry.shape.dim.extend(entry.shape.Dim(size=d) for d in shape)
    return entry.SerializeToString()


def _entry(dtype, shape, offset, size, checksum):
    """The serialized `BundleEntryProto` of one tensor."""
    return _unchecked_entry(dtype, shape, offset, size) + (struct.pack("<BI", 0x35, checksum) if checksum else b"")


def _dtype_of(array):
    if array.dtype == object or array.dtype.kind in "SU":
        return dtypes.string
    return dtypes.from_numpy(array.dtype.newbyteorder("="))  # the type, whatever its byte order


def data_pieces(tensors):
    """The `.data` file of `tensors` (a dict of name -> NumPy array) in pieces, in key order:
    `(name, dtype enum, shape, bytes, checksum)`, the bytes those of the arrays themselves
    where they can be (no copy), the checksum None where `write_pieces` has to compute it."""
    pieces = []
    for name in sorted(tensors):
        array = np.asarray(tensors[name])
        data, checksum = _tensor_data(array)
        pieces.append((name, _dtype_of(array).as_datatype_enum, array.shape, data, checksum))
    return pieces


def write_bundle(prefix, tensors, files=None, index_stage=1):
    """Writes `tensors` (a dict of name -> NumPy array) as the checkpoint files of `prefix`.

    The files are written atomically, the `.data` file in the first stage and the `.index`
    file (which readers open first) in the second: the index appears only once the data it
    describes is complete. Both are fsynced together.

    Args:
        prefix: the checkpoint's path prefix.
        tensors: the tensors by name.
        files: an `AtomicFiles` batch to add both files to (the caller commits, possibly with
            more files in later stages); by default they are committed here.
        index_stage: the `.index` file's stage (the `.data` file's is 0). 0 when a later stage
            holds the file that makes the checkpoint known (the `checkpoint` state file): both
            are then durable before it, with one folder fsync fewer.
    """
    write_pieces(prefix, data_pieces(tensors), files, index_stage)


def _write_all(fd, buffers):
    """Writes the bytes-like `buffers` one after the other to `fd`, in as few `writev` calls as it takes."""
    views, first = [memoryview(b).cast("B") for b in buffers if len(b)], 0
    while first < len(views):
        written = os.writev(fd, views[first:first + _IOV_MAX]) if _IOV_MAX else os.write(fd, views[first])
        while first < len(views) and written >= len(views[first]):  # (a large write may stop early)
            written -= len(views[first])
            first += 1
        if written:
            views[first] = views[first][written:]


def write_pieces(prefix, pieces, files=None, index_stage=1):
    """`write_bundle` of tensors already laid out by `data_pieces` (or copied from them)."""
    if files is None:
        with AtomicFiles() as files:
            return write_pieces(prefix, pieces, files, index_stage)
    entries, offset = [], 0
    for name, dtype, shape, data, checksum in pieces:
        entries.append((name.encode(), _entry(dtype, tuple(shape), offset, len(data),
                                              crc32c.masked_value(data) if checksum is None else checksum)))
        offset += len(data)
    # over a deleted checkpoint's file, if there is one; unbuffered: the pieces go in one system call
    f = files.open(data_path(prefix), stage=0, reuse=True, buffering=0)
    _write_all(f.fileno(), [data for *_, data, _ in pieces])
    start_writeback(f.fileno())  # the disk starts on the data while the index is built
    header = BundleHeaderProto(num_shards=1)
    header.version.producer = 1  # kTensorBundleVersion
    index = _table([(b"", header.SerializeToString())] + entries)
    files.open(index_path(prefix), stage=index_stage, reuse=True).write(index)


class BundleReader:
    """Reads the checkpoint `prefix`: its keys, their dtypes and shapes, and the tensors.

    Raises `NotFoundError` when the `.index` file is missing and `DataLossError`
    (naming the file) when either file is damaged.
    """

    def __init__(self, prefix):
        self._prefix = prefix
        path = index_path(prefix)
        try:
            with open(path, "rb") as f:
                data = f.read()
        except FileNotFoundError:
            raise NotFoundError(None, None, f"Unsuccessful TensorSliceReader constructor: Failed to find any "
                                f"matching files for {prefix}") from None
        entries = _read_table(data, path)
        if not entries or entries[0][0] != b"":
            raise DataLossError(None, None, f"Checkpoint index file {path} has no header entry.")
        try:
            header = BundleHeaderProto.FromString(entries[0][1])
            self._entries = {key.decode(): BundleEntryProto.FromString(value) for key, value in entries[1:]}
        except Exception as e:  # a DecodeError or bad UTF-8
            raise DataLossError(None, None, f"Corrupted checkpoint index file {path}: {e}") from None
        if header.endianness != 0:
            raise DataLossError(None, None, f"Checkpoint {path} is big-endian; only little-endian "
                                "checkpoints are supported.")
        if header.num_shards != 1:
            raise DataLossError(None, None, f"Checkpoint {path} has {header.num_shards} data shards; "
                                "only single-shard checkpoints are supported.")

    def keys(self):
        """The names of the stored tensors."""
        return self._entries.keys()

    def __contains__(self, key):
        return key in self._entries

    def _entry(self, key):
        try:
            return self._entries[key]
        except KeyError:
            raise NotFoundError(None, None, f"Key {key} not found in checkpoint {self._prefix}") from None

    def dtype(self, key):
        """The `tf.DType` of tensor `key`."""
        return dtypes.as_dtype(self._entry(key).dtype)

    def shape(self, key):
        """The shape of tensor `key` as a tuple."""
        return tuple(d.size for d in self._entry(key).shape.dim)

    def _bytes(self, entry, key):
        """The stored bytes of one tensor, read from the `.data` file (only those bytes)."""
        path = data_path(self._prefix)
        try:
            with open(path, "rb") as f:
                f.seek(entry.offset)
                data = f.read(entry.size)
        except FileNotFoundError:
            raise NotFoundError(None, None, f"Checkpoint data file {path} not found.") from None
        if len(data) != entry.size:
            raise DataLossError(None, None, f"Checkpoint data file {path} is truncated: tensor {key} needs "
                                f"bytes {entry.offset}..{entry.offset + entry.size}, the file ends before.")
        return memoryview(data)

    def _check(self, entry, key, checksum):
        if checksum != entry.crc32c:
            raise DataLossError(None, None, f"Checksum does not match: stored {entry.crc32c} vs. calculated "
                                f"on the restored bytes {checksum} for tensor {key} in checkpoint data "
                                f"file {data_path(self._prefix)}.")

    def tensor(self, key):
        """The NumPy array stored under `key` (read-only; strings as an object array of bytes)."""
        entry = self._entry(key)
        data = self._bytes(entry, key)
        shape = tuple(d.size for d in entry.shape.dim)
        dtype = dtypes.as_dtype(entry.dtype)
        if dtype != dtypes.string:
            self._check(entry, key, crc32c.masked_value(data))
            np_dtype = np.dtype(dtype.as_numpy_dtype)
            return np.frombuffer(data, np_dtype.newbyteorder("<")).astype(np_dtype, copy=False).reshape(shape)
        count, pos, lengths = int(np.prod(shape, dtype=np.int64)), 0, []
        try:
            for _ in range(count):
                length, pos = _read_varint(data, pos)
                lengths.append(length)
        except IndexError:
            self._check(entry, key, None)
        items = np.empty(count, dtype=object)
        start = pos + 4  # after the lengths' checksum
        for i, length in enumerate(lengths):
            items[i] = bytes(data[start:start + length])
            start += length
        array = items.reshape(shape)
        self._check(entry, key, _tensor_data(array)[1] if start == len(data) else None)
        return array

    def __repr__(self):
        return f"<BundleReader {os.fspath(self._prefix)!r}: {len(self._entries)} tensors>"
