"""TFRecord files: TensorFlow's container of binary records, read and written here byte for byte.

Each record is framed as TensorFlow frames it::

    uint64 length            (little-endian)
    uint32 masked_crc32c(length bytes)
    byte   data[length]
    uint32 masked_crc32c(data)

and the whole stream may be GZIP- or ZLIB-compressed. Files written here are read by
TensorFlow (`tf.data.TFRecordDataset`) and TensorFlow's files are read here; a damaged record
raises `DataLossError` naming the file and the record's offset.

>>> import os, tempfile
>>> import neuroflow as tf
>>> path = os.path.join(tempfile.mkdtemp(), "data.tfrecord")
>>> with tf.io.TFRecordWriter(path, options="GZIP") as writer:
...     writer.write(b"first")
...     writer.write(b"second")
>>> list(iterate_records(path, compression_type="GZIP"))
[b'first', b'second']
"""
import contextlib
import struct
import zlib

from ..framework.errors import DataLossError, FailedPreconditionError
from .atomic import atomic_path
from .crc32c import masked_value
from .paths import as_bytes, as_path

__all__ = ["TFRecordOptions", "TFRecordWriter", "iterate_records"]

_LENGTH = struct.Struct("<Q")
_CRC = struct.Struct("<I")
_HEADER_SIZE = _LENGTH.size + _CRC.size
_WINDOW_BITS = {"ZLIB": zlib.MAX_WBITS, "GZIP": zlib.MAX_WBITS + 16}  # +16: gzip header/trailer


def _compression_name(compression_type, where):
    if isinstance(compression_type, TFRecordOptions):
        compression_type = compression_type.compression_type
    name = (compression_type or "").upper() if isinstance(compression_type, (str, type(None))) else None
    if name not in ("", "ZLIB", "GZIP"):
        raise ValueError(f"{where}: compression_type must be '', 'ZLIB' or 'GZIP'. "
                         f"Received: compression_type={compression_type!r}.")
    return name


class TFRecordOptions:
    """How a TFRecord file is compressed (`tf.io.TFRecordOptions`).

    The zlib settings map onto `zlib.compressobj`; unset ones keep zlib's defaults.

    Args:
        compression_type: "" or None (no compression), "ZLIB" or "GZIP".
        flush_mode: the zlib flush mode `TFRecordWriter.flush` uses (default `zlib.Z_SYNC_FLUSH`).
        input_buffer_size, output_buffer_size: accepted for TensorFlow's signature; Python's
            buffered files and zlib size their own buffers.
        window_bits: log2 of the deflate window (8-15, default 15).
        compression_level: 0 (none) to 9 (smallest), -1 for zlib's default (6).
        compression_method: `zlib.DEFLATED` (the only method).
        mem_level: 1-9, memory for the compressor's state (default 8).
        compression_strategy: a zlib strategy such as `zlib.Z_DEFAULT_STRATEGY`.
    """

    def __init__(self, compression_type=None, flush_mode=None, input_buffer_size=None,
                 output_buffer_size=None, window_bits=None, compression_level=None,
                 compression_method=None, mem_level=None, compression_strategy=None):
        self.compression_type = _compression_name(compression_type, "TFRecordOptions")
        self.flush_mode = flush_mode
        self.input_buffer_size = input_buffer_size
        self.output_buffer_size = output_buffer_size
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.compression_method = compression_method
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options):
        """The compression type ("", "ZLIB" or "GZIP") of `options` (a TFRecordOptions, str or None)."""
        return _compression_name(options, "TFRecordOptions.get_compression_type_string")

    def _compressor(self):
        if not self.compression_type:
            return None
        window_bits = self.window_bits or zlib.MAX_WBITS
        return zlib.compressobj(
            zlib.Z_DEFAULT_COMPRESSION if self.compression_level is None else self.compression_level,
            self.compression_method or zlib.DEFLATED,
            window_bits + 16 if self.compression_type == "GZIP" else window_bits,
            self.mem_level or zlib.DEF_MEM_LEVEL,
            zlib.Z_DEFAULT_STRATEGY if self.compression_strategy is None else self.compression_strategy)

    def __repr__(self):
        return f"TFRecordOptions(compression_type={self.compression_type!r})"


class TFRecordWriter:
    """Writes records to a TFRecord file (`tf.io.TFRecordWriter`).

    The file is written atomically: records go to a temporary file beside `path`, which is
    renamed to `path` by `close()` (or at the end of a `with` block), so a reader never sees a
    half-written file. A `with` block that raises leaves `path` untouched.

    Args:
        path: the file to write.
        options: a `TFRecordOptions`, or a compression type string ("", "ZLIB", "GZIP").
    """

    def __init__(self, path, options=None):
        self._options = options if isinstance(options, TFRecordOptions) \
            else TFRecordOptions(compression_type=options)
        self._path = as_path(path)
        self._compressor = self._options._compressor()
        self._files = contextlib.ExitStack()
        with self._files:  # on a failure below, undo what was entered
            temporary = self._files.enter_context(atomic_path(self._path))
            self._file = self._files.enter_context(open(temporary, "wb"))
            self._files = self._files.pop_all()

    def write(self, record):
        """Appends one record (bytes, or str encoded as UTF-8)."""
        if self._file is None:
            raise FailedPreconditionError(None, None, f"TFRecordWriter for {self._path} is closed.")
        data = as_bytes(record, "record")
        length = _LENGTH.pack(len(data))
        frame = b"".join((length, _CRC.pack(masked_value(length)), data, _CRC.pack(masked_value(data))))
        self._file.write(self._compressor.compress(frame) if self._compressor else frame)

    def flush(self):
        """Pushes buffered records to the (temporary) file; compressed streams are sync-flushed."""
        if self._file is None:
            raise FailedPreconditionError(None, None, f"TFRecordWriter for {self._path} is closed.")
        if self._compressor:
            self._file.write(self._compressor.flush(self._options.flush_mode or zlib.Z_SYNC_FLUSH))
        self._file.flush()

    def close(self):
        """Finishes the file and moves it to its path. Closing twice is harmless."""
        if self._file is None:
            return
        if self._compressor:
            self._file.write(self._compressor.flush(zlib.Z_FINISH))
        self._file = None
        self._files.close()

    def _abort(self):
        self._file = None
        self._files.__exit__(RuntimeError, RuntimeError("aborted"), None)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.close()
        elif self._file is not None:
            self._abort()

    def __del__(self):  # like TensorFlow, a writer dropped without close() still finishes its file
        if getattr(self, "_file", None) is not None:
            with contextlib.suppress(Exception):
                self.close()


class _Inflater:
    """`read(n)` over a zlib/gzip stream, decompressing no more than it needs to."""

    def __init__(self, file, compression_type, path):
        self._file, self._path, self._type = file, path, compression_type
        self._wbits = _WINDOW_BITS[compression_type]
        self._inflate = zlib.decompressobj(self._wbits)
        self._buffer = bytearray()

    def read(self, size):
        while len(self._buffer) < size:
            if self._inflate.eof:  # a gzip file may hold several members, one after another
                rest = self._inflate.unused_data
                self._inflate = zlib.decompressobj(self._wbits)
            else:
                rest = self._inflate.unconsumed_tail
            data = rest or self._file.read(1 << 16)
            if not data:
                break
            try:
                self._buffer += self._inflate.decompress(data, max(size - len(self._buffer), 1 << 16))
            except zlib.error as error:
                raise DataLossError(None, None, f"{self._path}: the {self._type}-compressed stream is "
                                    f"corrupted ({error}). Is the compression_type right?") from None
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data


def _damaged(path, what, offset, compression_type):
    hint = "" if compression_type else \
        " If the file is compressed, pass compression_type='GZIP' or 'ZLIB'."
    return DataLossError(None, None, f"{what} record at {offset} in {path}.{hint}")


def iterate_records(path, compression_type=""):
    """Yields the records of the TFRecord file at `path`, as bytes, checking every checksum.

    Args:
        path: the file.
        compression_type: "" or None, "ZLIB" or "GZIP" (or a `TFRecordOptions`).

    Raises:
        DataLossError: a record's length or data checksum does not match ("corrupted record at
            <offset>"), or the file ends inside a record ("truncated record at <offset>");
            offsets count bytes of the uncompressed stream.
    """
    compression_type = _compression_name(compression_type, "iterate_records")
    path = as_path(path)
    with open(path, "rb") as file:
        stream = _Inflater(file, compression_type, path) if compression_type else file
        offset = 0
        while True:
            header = stream.read(_HEADER_SIZE)
            if not header:
                return
            if len(header) < _HEADER_SIZE:
                raise _damaged(path, "truncated", offset, compression_type)
            (length,), (length_crc,) = _LENGTH.unpack_from(header), _CRC.unpack_from(header, 8)
            if masked_value(header[:8]) != length_crc:
                raise _damaged(path, "corrupted", offset, compression_type)
            body = stream.read(length + _CRC.size)
            if len(body) < length + _CRC.size:
                raise _damaged(path, "truncated", offset, compression_type)
            data = body[:length]
            if masked_value(data) != _CRC.unpack_from(body, length)[0]:
                raise _damaged(path, "corrupted", offset, compression_type)
            yield data
            offset += _HEADER_SIZE + length + _CRC.size
