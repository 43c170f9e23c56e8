"""`tf.io.decode_csv`: CSV records (string tensor) to one tensor per column.

`decode_csv_rows` does the work on Python strings and can name a file and line numbers in its
errors; `tf.data`'s CSV readers call it with those.

>>> import neuroflow as tf
>>> a, b, c = tf.io.decode_csv(tf.constant(["1,2.5,x", ',NA,"q,r"']),
...                            record_defaults=[[0], [-1.0], [""]], na_value="NA")
>>> a.numpy().tolist(), b.numpy().tolist(), c.numpy().tolist()
([1, 0], [2.5, -1.0], [b'x', b'q,r'])
"""
import csv

import numpy as np

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from ..framework.errors import InvalidArgumentError
from ..ops.registry import op
from .host_ops import is_stand_in

__all__ = ["decode_csv", "decode_csv_rows", "column_specs"]

_ALLOWED = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)


def column_specs(record_defaults):
    """`[(dtype, default or None)]` for `record_defaults`: each a scalar default (or a 1-element
    list/tensor of one), or an empty list/tensor or a DType for a required column."""
    specs = []
    for i, default in enumerate(record_defaults):
        if isinstance(default, dtypes.DType):
            dtype, value = default, None
        else:
            tensor = convert_to_tensor(default)
            dtype = tensor.dtype
            flat = np.asarray(tensor.numpy(), dtype=object if dtype == dtypes.string else None).reshape(-1)
            if flat.size > 1:
                raise ValueError(f"decode_csv: record_defaults[{i}] must be a scalar or an empty list. "
                                 f"Received {flat.size} values.")
            value = flat[0] if flat.size else None
        if dtype not in _ALLOWED:
            raise ValueError(f"decode_csv: record_defaults[{i}] has dtype {dtype.name}; CSV columns may "
                             "be float32, float64, int32, int64 or string.")
        specs.append((dtype, value))
    return specs


def _split(record, field_delim, use_quote_delim):
    if not use_quote_delim:
        return record.split(field_delim)
    try:
        return next(csv.reader([record], delimiter=field_delim, quotechar='"', doublequote=True,
                               strict=True), [""])
    except csv.Error as error:
        raise ValueError(f"{error}: quotes inside a field must be doubled, and a quoted field must "
                         "end with a quote") from None


def _convert(text, dtype):
    if dtype == dtypes.string:
        return text.encode("utf-8")
    if dtype in (dtypes.int32, dtypes.int64):
        value = int(text.strip())
        info = np.iinfo(dtype.as_numpy_dtype)
        if not info.min <= value <= info.max:
            raise ValueError("out of range")
        return value
    return float(text)


def decode_csv_rows(records, specs, field_delim=",", use_quote_delim=True, na_value="",
                    select_cols=None, source=None, line_numbers=None):
    """Parses `records` (a list of str) into one NumPy array per column of `specs`.

    Args:
        records: the CSV lines, without line ends.
        specs: `column_specs(record_defaults)`.
        field_delim, use_quote_delim, na_value, select_cols: as in `decode_csv`.
        source: the file the records come from, named in errors.
        line_numbers: each record's line number in `source`, named in errors.

    Raises:
        InvalidArgumentError: a record has the wrong number of fields, a required field is empty,
            or a field does not parse as its column's type.
    """
    if select_cols is not None:
        select_cols = list(select_cols)
        if select_cols != sorted(set(select_cols)) or (select_cols and select_cols[0] < 0):
            raise ValueError(f"decode_csv: select_cols must be sorted, unique and non-negative. "
                             f"Received: {select_cols}.")
        if len(select_cols) != len(specs):
            raise ValueError(f"decode_csv: {len(select_cols)} select_cols but {len(specs)} record_defaults; "
                             "give one default per selected column.")
    columns = select_cols if select_cols is not None else list(range(len(specs)))
    out = [[] for _ in specs]

    def where(i):
        at = f"record {i}"
        if source is not None:
            at += f" (file {source}" + (f", line {line_numbers[i]}" if line_numbers is not None else "") + ")"
        return at

    for i, record in enumerate(records):
        try:
            fields = _split(record, field_delim, use_quote_delim)
        except ValueError as error:
            raise InvalidArgumentError(None, "DecodeCSV", f"DecodeCSV: {where(i)}: {error}. "
                                       f"Record: {record!r:.200}") from None
        too_few = len(fields) <= columns[-1] if select_cols is not None and columns else False
        if (select_cols is None and len(fields) != len(specs)) or too_few:
            expected = len(specs) if select_cols is None else f"at least {columns[-1] + 1}"
            raise InvalidArgumentError(None, "DecodeCSV", f"DecodeCSV: Expect {expected} fields but have "
                                       f"{len(fields)} in {where(i)}. Record: {record!r:.200}")
        for column, (dtype, default), values in zip(columns, specs, out):
            text = fields[column]
            if text == "" or text == na_value:
                if default is None:
                    raise InvalidArgumentError(None, "DecodeCSV", f"DecodeCSV: Field {column} is required "
                                               f"but missing in {where(i)}! Give its record_default a "
                                               "value to fill in empty fields.")
                values.append(default)
                continue
            try:
                values.append(_convert(text, dtype))
            except ValueError:
                raise InvalidArgumentError(None, "DecodeCSV", f"DecodeCSV: Field {column} in {where(i)} "
                                           f"is not a valid {dtype.name}: {text!r}") from None
    return [np.array(values, dtype=object if dtype == dtypes.string else dtype.as_numpy_dtype)
            for (dtype, _), values in zip(specs, out)]


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None,
               na_value="", select_cols=None):
    """Converts CSV records to tensors, one per (selected) column, each shaped like `records`.

    Args:
        records: a string tensor (any shape) of CSV lines.
        record_defaults: one entry per column: a default value (its type sets the column's
            dtype: float32, float64, int32, int64 or string), or an empty list / a DType for
            a required column.
        field_delim: the one-character field separator.
        use_quote_delim: treat double quotes as field quoting (RFC 4180); when False they are
            ordinary characters.
        name: ignored.
        na_value: a field text that counts as missing (as does an empty field).
        select_cols: optional sorted column indices to return; `record_defaults` then has one
            entry per selected column.

    Returns:
        A list of tensors.
    """
    if not isinstance(field_delim, str) or len(field_delim) != 1:
        raise ValueError(f"decode_csv: field_delim must be a single character. Received: {field_delim!r}.")
    records = records if hasattr(records, "_dtype") else convert_to_tensor(records, dtypes.string)
    return list(_decode_csv(records, specs=tuple(column_specs(record_defaults)), field_delim=field_delim,
                            use_quote_delim=use_quote_delim, na_value=na_value,
                            select_cols=None if select_cols is None else tuple(select_cols)))


@op("DecodeCSV")
def _decode_csv(xp, records, specs, field_delim, use_quote_delim, na_value, select_cols):
    flat = records.reshape(-1)
    if any(is_stand_in(record) for record in flat):  # tracing: every field missing, filled in
        rows = [field_delim.join([""] * (max(select_cols) + 1 if select_cols else len(specs)))] * len(flat)
        specs = [(dtype, default if default is not None else (b"" if dtype == dtypes.string else 0))
                 for dtype, default in specs]
    else:
        rows = [record.decode("utf-8") for record in flat]
    columns = decode_csv_rows(rows, specs, field_delim, use_quote_delim, na_value, select_cols)
    return tuple(column.reshape(records.shape) for column in columns)
