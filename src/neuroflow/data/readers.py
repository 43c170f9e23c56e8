"""Datasets read from files: `TextLineDataset`, `TFRecordDataset`, `FixedLengthRecordDataset`, `CsvDataset`,
and `make_csv_dataset`.

>>> import os, tempfile
>>> import neuroflow as tf
>>> path = os.path.join(tempfile.mkdtemp(), "rows.csv")
>>> _ = open(path, "w").write("x,label\\n1.5,0\\n2.5,1\\n")
>>> list(tf.data.TextLineDataset(path).as_numpy_iterator())
[b'x,label', b'1.5,0', b'2.5,1']
>>> ds = tf.data.experimental.CsvDataset(path, [tf.float32, tf.int32], header=True)
>>> list(ds.as_numpy_iterator())
[(np.float32(1.5), np.int32(0)), (np.float32(2.5), np.int32(1))]
"""
import collections
import csv
import gzip
import io
import os
import zlib

import numpy as np

from ..framework import dtypes, errors
from ..framework.tensor import Tensor
from ..graph.tensor_spec import TensorSpec
from .dataset import AUTOTUNE, Dataset

__all__ = ["TextLineDatasetV2", "TFRecordDatasetV2", "CsvDatasetV2", "FixedLengthRecordDatasetV2", "make_csv_dataset",
           "TextLineDataset", "TFRecordDataset", "CsvDataset", "FixedLengthRecordDataset"]


def _filenames(filenames):
    """File names as a list of str, from a str, a list, a string tensor or a dataset of names."""
    if isinstance(filenames, Dataset):
        return [n.decode() if isinstance(n, bytes) else str(n) for n in filenames.as_numpy_iterator()]
    if isinstance(filenames, Tensor):
        filenames = filenames.numpy()
    values = np.ravel(np.asarray(filenames, dtype=object)) if not isinstance(filenames, (str, bytes, os.PathLike)) \
        else [filenames]
    names = [v.decode() if isinstance(v, bytes) else os.fspath(v) for v in values]
    if not names:
        raise ValueError("Expected at least one file name, received an empty list.")
    return names


def _open(path, compression_type):
    """A binary stream over the (decompressed) file."""
    kind = (compression_type or "").upper()
    if kind not in ("", "GZIP", "ZLIB"):
        raise ValueError(f"Unsupported compression_type {compression_type!r}: use '', 'GZIP' or 'ZLIB'.")
    if not os.path.exists(path):
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory")
    if kind == "GZIP":
        return gzip.open(path, "rb")
    if kind == "ZLIB":
        with open(path, "rb") as f:
            return io.BytesIO(zlib.decompress(f.read()))
    return open(path, "rb")


class _FileDataset(Dataset):
    """Elements read file after file (in `num_parallel_reads` interleaved files when given)."""

    def __init__(self, filenames, compression_type, num_parallel_reads, element_spec):
        self._names = _filenames(filenames)
        self._compression = compression_type
        self._parallel_reads = num_parallel_reads
        super().__init__(element_spec)

    def _records(self, path):
        raise NotImplementedError

    def _iter(self):
        if self._parallel_reads is None or len(self._names) == 1:
            for name in self._names:
                yield from self._records(name)
            return
        from .parallel import _ParallelInterleaveDataset
        names = Dataset.from_tensor_slices(self._names)
        files = _ParallelInterleaveDataset(names, lambda name: _OneFile(self, name.numpy().decode()),
                                           AUTOTUNE if self._parallel_reads == AUTOTUNE else self._parallel_reads,
                                           1, self._parallel_reads, None)
        yield from files._iter()


class _OneFile(Dataset):
    """The records of one file of a `_FileDataset` (for parallel reads)."""

    def __init__(self, reader, path):
        self._reader, self._path = reader, path
        super().__init__(reader.element_spec)

    def _iter(self):
        return self._reader._records(self._path)


class TextLineDatasetV2(_FileDataset):
    """The lines of text files, without their line endings, as scalar strings.

    Args:
        filenames: a file name, a list of them, a string tensor or a dataset of names.
        compression_type: "", "GZIP" or "ZLIB".
        buffer_size: accepted for compatibility.
        num_parallel_reads: read that many files at once, interleaving their lines.
    """

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None, name=None):
        super().__init__(filenames, compression_type, num_parallel_reads, TensorSpec([], dtypes.string))

    def _records(self, path):
        with _open(path, self._compression) as f:
            for line in f:
                yield (np.asarray(line.rstrip(b"\n").rstrip(b"\r"), dtype=object),)


class TFRecordDatasetV2(_FileDataset):
    """The records of TFRecord files, as scalar strings (serialized `tf.train.Example`s, typically).

    Each record's length and data checksums are checked; a damaged file raises
    `DataLossError` naming the file and the offset.
    """

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None, name=None):
        super().__init__(filenames, compression_type, num_parallel_reads, TensorSpec([], dtypes.string))

    def _records(self, path):
        from ..io.tfrecord import iterate_records
        for record in iterate_records(path, self._compression or ""):
            yield (np.asarray(record, dtype=object),)


class FixedLengthRecordDatasetV2(_FileDataset):
    """Records of `record_bytes` bytes from binary files, as scalar strings; each file's first
    `header_bytes` and last `footer_bytes` are skipped, and so is a last record cut short.

    Args:
        filenames: a file name, a list of them, a string tensor or a dataset of names.
        record_bytes, header_bytes, footer_bytes: sizes in bytes.
        buffer_size: accepted for compatibility.
        compression_type: "", "GZIP" or "ZLIB".
        num_parallel_reads: read that many files at once, interleaving their records.

    >>> import os, tempfile
    >>> import neuroflow as tf
    >>> path = os.path.join(tempfile.mkdtemp(), "records.bin")
    >>> _ = open(path, "wb").write(b"HEAD0123456tail")
    >>> ds = tf.data.FixedLengthRecordDataset(path, record_bytes=3, header_bytes=4, footer_bytes=4)
    >>> list(ds.as_numpy_iterator())
    [b'012', b'345']
    """

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None, buffer_size=None,
                 compression_type=None, num_parallel_reads=None, name=None):
        sizes = [int(v.numpy() if hasattr(v, "numpy") else v or 0) for v in (record_bytes, header_bytes, footer_bytes)]
        if sizes[0] <= 0 or min(sizes) < 0:
            raise errors.InvalidArgumentError(
                None, None, f"FixedLengthRecordDataset: record_bytes must be > 0 and header_bytes, footer_bytes "
                f">= 0; got record_bytes={sizes[0]}, header_bytes={sizes[1]}, footer_bytes={sizes[2]}.")
        self._record_bytes, self._header_bytes, self._footer_bytes = sizes
        super().__init__(filenames, compression_type, num_parallel_reads, TensorSpec([], dtypes.string))

    def _records(self, path):
        with _open(path, self._compression) as f:
            data = f.read()
        n, header, footer = self._record_bytes, self._header_bytes, self._footer_bytes
        if len(data) < header + footer:
            raise errors.InvalidArgumentError(
                None, None, f"File {path} has {len(data)} bytes, fewer than header_bytes + footer_bytes = "
                f"{header + footer}.")
        body = memoryview(data)[header:len(data) - footer]
        for start in range(0, len(body) - n + 1, n):
            yield (np.asarray(bytes(body[start:start + n]), dtype=object),)


def _default_of(value):
    """(dtype, default array or None) for one entry of `record_defaults`."""
    if isinstance(value, dtypes.DType) or (isinstance(value, str) and value in dtypes.__dict__):
        return dtypes.as_dtype(value), None
    array = value.numpy() if isinstance(value, Tensor) else value
    dtype = value.dtype if isinstance(value, Tensor) else None
    if isinstance(array, (list, tuple)) or (hasattr(array, "size") and array.size == 0):
        if len(array) == 0:
            if dtype is None:
                raise ValueError("An empty record default needs a dtype: pass e.g. tf.constant([], tf.float32).")
            return dtype, None
        array = array[0]
    if dtype is None:
        dtype = dtypes.string if isinstance(array, (str, bytes)) else \
            dtypes.int32 if isinstance(array, (int, np.integer)) and not isinstance(array, bool) else \
            dtypes.float32 if isinstance(array, (float, np.floating)) else dtypes.as_dtype(np.asarray(array).dtype)
    return dtype, array


_CSV_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)


class CsvDatasetV2(_FileDataset):
    """The rows of CSV files as tuples of scalars, one per column in `record_defaults`.

    Args:
        filenames: a file name, list, string tensor or dataset of names.
        record_defaults: per column, a dtype (the field is required) or a default value.
        header: skip each file's first line.
        field_delim, use_quote_delim, na_value: how fields are split, quoted and marked missing.
        select_cols / exclude_cols: the column indices to keep / drop.

    A row with the wrong number of fields raises InvalidArgumentError naming the file, the
    line and the column counts.
    """

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None, header=False,
                 field_delim=",", use_quote_delim=True, na_value="", select_cols=None, exclude_cols=None,
                 name=None):
        self._defaults = [_default_of(v) for v in record_defaults]
        for dtype, _ in self._defaults:
            if dtype not in _CSV_TYPES:
                raise TypeError(f"CsvDataset: unsupported column type {dtype.name}; use float32, float64, int32, "
                                "int64 or string.")
        if select_cols is not None and exclude_cols is not None:
            raise ValueError("Either select_cols or exclude_cols should be specified, not both.")
        self._select = None if select_cols is None else [int(c) for c in select_cols]
        if self._select is not None and len(self._select) != len(self._defaults):
            raise ValueError(f"select_cols has {len(self._select)} columns but record_defaults has "
                             f"{len(self._defaults)}: give one default per selected column.")
        self._exclude = None if exclude_cols is None else {int(c) for c in exclude_cols}
        self._header, self._na = bool(header), na_value
        self._delim, self._quotes = field_delim, use_quote_delim
        spec = tuple(TensorSpec([], d) for d, _ in self._defaults)
        super().__init__(filenames, compression_type, None, spec)

    def _fields(self, row):
        if self._select is not None:
            return [row[c] if c < len(row) else None for c in self._select]
        if self._exclude is not None:
            return [v for c, v in enumerate(row) if c not in self._exclude]
        return row

    def _records(self, path):
        with _open(path, self._compression) as f:
            text = io.TextIOWrapper(f, encoding="utf-8", newline="")
            reader = csv.reader(text, delimiter=self._delim, quoting=csv.QUOTE_MINIMAL if self._quotes
                                else csv.QUOTE_NONE)
            for line, row in enumerate(reader, 1):
                if line == 1 and self._header or not row:
                    continue
                fields = self._fields(row)
                if len(fields) != len(self._defaults) or None in fields:
                    raise errors.InvalidArgumentError(
                        None, "CsvDataset", f"{path}:{line}: expected {len(self._defaults)} fields but found "
                        f"{len(row)} in record {row!r}. Check the file's delimiter and quoting, or pass "
                        "select_cols to read only some columns.")
                yield tuple(self._convert(v, c, path, line) for c, v in enumerate(fields))

    def _convert(self, text, column, path, line):
        dtype, default = self._defaults[column]
        if text == "" or text == self._na:
            if default is None:
                raise errors.InvalidArgumentError(
                    None, "CsvDataset", f"{path}:{line}: field {column} is required but missing; give it a "
                    "default value in record_defaults.")
            return np.asarray(default.encode() if isinstance(default, str) else default,
                              dtype=object if dtype == dtypes.string else dtype.as_numpy_dtype)
        if dtype == dtypes.string:
            return np.asarray(text.encode(), dtype=object)
        try:
            value = int(text) if dtype.is_integer else float(text)
        except ValueError:
            raise errors.InvalidArgumentError(
                None, "CsvDataset", f"{path}:{line}: field {column} ({text!r}) is not a valid "
                f"{dtype.name}.") from None
        return np.asarray(value, dtype=dtype.as_numpy_dtype)


def _infer_type(values):
    """TensorFlow's column type inference: int32, then int64, float32, else string."""
    kinds = []
    for v in values:
        if v == "":
            continue
        try:
            n = int(v)
            kinds.append(dtypes.int32 if -2 ** 31 <= n < 2 ** 31 else dtypes.int64)
            continue
        except ValueError:
            pass
        try:
            float(v)
            kinds.append(dtypes.float32)
        except ValueError:
            return dtypes.string
    for kind in (dtypes.float32, dtypes.int64, dtypes.int32):
        if kind in kinds:
            return kind
    return dtypes.float32


def make_csv_dataset(file_pattern, batch_size, column_names=None, column_defaults=None, label_name=None,
                     select_columns=None, field_delim=",", use_quote_delim=True, na_value="", header=True,
                     num_epochs=None, shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                     prefetch_buffer_size=None, num_parallel_reads=None, sloppy=False, num_rows_for_inference=100,
                     compression_type=None, ignore_errors=False, encoding="utf-8"):
    """Batches of `(features, label)` read from CSV files, with the column types inferred.

    `features` is an ordered dict from column name to a batch of values; `label` is the
    column `label_name` (omitted when None). Repeats forever unless `num_epochs` is given.
    """
    from .sources import list_files
    names = _filenames(list_files(file_pattern, shuffle=False) if not isinstance(file_pattern, Dataset)
                       else file_pattern)
    with _open(names[0], compression_type) as f:
        rows = list(csv.reader(io.TextIOWrapper(f, encoding=encoding, newline=""), delimiter=field_delim))
    if column_names is None:
        if not header:
            raise ValueError("Cannot infer column names without a header line: pass column_names or header=True.")
        column_names = rows[0]
    column_names = list(column_names)
    if len(set(column_names)) != len(column_names):
        raise ValueError(f"Column names must be unique, got {column_names}.")
    sample = rows[1 if header else 0:][:num_rows_for_inference]
    if select_columns is not None:
        indices = [column_names.index(c) if isinstance(c, str) else int(c) for c in select_columns]
    else:
        indices = list(range(len(column_names)))
    if label_name is not None and label_name not in [column_names[i] for i in indices]:
        raise ValueError(f"`label_name` provided must be one of the columns: {column_names}. "
                         f"Received: {label_name!r}.")
    if column_defaults is None:
        column_defaults = [_zero_default(_infer_type([r[i] for r in sample if i < len(r)])) for i in indices]
    dataset = CsvDatasetV2(names, column_defaults, compression_type, header=header, field_delim=field_delim,
                           use_quote_delim=use_quote_delim, na_value=na_value,
                           select_cols=indices if select_columns is not None else None)
    keys = [column_names[i] for i in indices]

    def to_features(*values):
        features = collections.OrderedDict(zip(keys, values))
        if label_name is None:
            return features
        label = features.pop(label_name)
        return features, label

    if ignore_errors:
        dataset = dataset.ignore_errors()
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, seed=shuffle_seed)
    dataset = dataset.batch(batch_size).map(to_features)
    return dataset.prefetch(AUTOTUNE if prefetch_buffer_size is None else prefetch_buffer_size)


def _zero_default(dtype):
    return Tensor(np.asarray(b"" if dtype == dtypes.string else 0, dtype=object if dtype == dtypes.string else
                             dtype.as_numpy_dtype), dtype)


TextLineDataset, TFRecordDataset, CsvDataset = TextLineDatasetV2, TFRecordDatasetV2, CsvDatasetV2
FixedLengthRecordDataset = FixedLengthRecordDatasetV2
