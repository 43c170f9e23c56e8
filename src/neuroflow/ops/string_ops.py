"""String ops (`tf.strings.*`): strings are object arrays of `bytes`, as TensorFlow stores them.

Elementwise ops (`lower`, `regex_replace`, `length`, ...) are registered ops, so they also run
inside `tf.function`; given a `RaggedTensor` they apply to its values and keep its rows. Ops
whose result is ragged (`split`, `unicode_split`, `bytes_split`, `ngrams` on ragged input) run
eagerly. None is differentiable.

Text is bytes. Where TensorFlow decodes UTF-8 (`unicode_*`, `length`/`substr` with
`unit="UTF8_CHAR"`), invalid bytes count as one character each and decode to U+FFFD, as
TensorFlow's default `errors="replace"` does. Regular expressions use Python's `re` on the
UTF-8 text (invalid bytes pass through unchanged), after `re2.translate` rewrites what RE2
reads differently (POSIX and Unicode classes, ASCII `\\d \\w \\s`, `$`, `\\Q...\\E`); RE2 has no
backreferences or look-around, which Python would accept.

>>> import neuroflow as tf
>>> tf.strings.lower(tf.constant(["Hello World"]))
<tf.Tensor: shape=(1,), dtype=string, numpy=array([b'hello world'], dtype=object)>
>>> print(tf.strings.split(["a b", "c"]))
<tf.RaggedTensor [[b'a', b'b'], [b'c']]>
"""
import builtins
import codecs
import functools
import itertools
import re

import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor
from ..framework.ragged_tensor import RaggedTensor
from ..framework.tensor import Tensor
from . import ragged_operators  # noqa: F401 - installs Python operators on RaggedTensor
from . import re2
from .registry import as_tensor, op, state
from .string_hash import fingerprint64, hash64, siphash

__all__ = ["text_array", "lower", "upper", "regex_replace", "regex_full_match", "strip", "length", "substr", "join",
           "reduce_join", "to_number", "string_to_number", "as_string", "format", "split", "bytes_split",
           "unicode_split", "unicode_decode", "unicode_encode", "unicode_decode_with_offsets",
           "unicode_split_with_offsets", "unicode_script", "unicode_transcode", "unsorted_segment_join", "ngrams",
           "to_hash_bucket_fast",
           "to_hash_bucket_strong", "to_hash_bucket"]

_REPLACEMENT = 0xFFFD


def _utf8(value):
    """bytes as str, keeping invalid bytes (as surrogates) so they come back unchanged."""
    return value.decode("utf-8", "surrogateescape")


def _bytes(text):
    return text.encode("utf-8", "surrogateescape")


def text_array(array):
    """A string array's items as bytes: str items (as a compiled step may be fed) are encoded, and
    tracing stand-ins (placeholders that are neither) become b""."""
    if array.dtype.kind in "SU":
        array = array.astype(object)
    if array.dtype != object:
        return array
    flat = array.reshape(-1).tolist()
    if all(map(isinstance, flat, itertools.repeat(bytes))):
        return array
    out = np.empty(array.shape, dtype=object)
    out.reshape(-1)[:] = [v if isinstance(v, bytes) else v.encode("utf-8") if isinstance(v, str) else b""
                          for v in flat]
    return out


def _text_op(op_name):
    """Registers a string kernel `forward(xp, *arrays, **attrs)` whose string inputs arrive as bytes."""
    def register(forward):
        return op(op_name)(functools.wraps(forward)(lambda xp, *arrays, **attrs: forward(
            xp, *map(text_array, arrays), **attrs)))
    return register


def _map(array, fn, dtype=object):
    """`fn` applied to each element of a NumPy array, as an array of `dtype` of the same shape."""
    out = np.empty(array.shape, dtype=dtype)
    flat = out.reshape(-1)
    for i, item in enumerate(array.reshape(-1)):
        flat[i] = fn(item)
    return out


def _strings(value, op_name):
    """`value` as a string tensor (or a RaggedTensor of strings)."""
    if isinstance(value, RaggedTensor):
        if value.dtype is not dtypes.string:
            raise TypeError(f"{op_name} expects strings, got a RaggedTensor of {value.dtype.name}.")
        return value
    tensor = as_tensor(value)
    if tensor.dtype is not dtypes.string:
        raise TypeError(f"{op_name}: input must be a string tensor, got {tensor.dtype.name} "
                        f"{tensor.shape}. Convert numbers with tf.strings.as_string first.")
    return tensor


def _elementwise(op_name, forward, textual=True):
    """Registers `forward(xp, strings, **attrs)` as op `op_name` and makes a documented stub its public
    function: the stub returns the attrs dict for its arguments; ragged inputs map over their values."""
    kernel = (_text_op(op_name) if textual else op(op_name))(forward)

    def define(stub):
        @functools.wraps(stub)
        def public(input, *args, **kwargs):
            kwargs.pop("name", None)
            attrs = stub(None, *args, **kwargs)
            x = _strings(input, op_name)
            if isinstance(x, RaggedTensor):
                return x.with_flat_values(kernel(x.flat_values, **attrs))
            return kernel(x, **attrs)
        public.kernel = kernel
        return public
    return define


# --- case, whitespace, regular expressions ----------------------------------------------------
def _case(value, encoding, method):
    if encoding.lower().replace("-", "") == "utf8":
        return _bytes(getattr(_utf8(value), method)())
    return getattr(value, method)()  # bytes methods change ASCII letters only, as TF without encoding


@_elementwise("StringLower", lambda xp, x, encoding: _map(x, lambda v: _case(v, encoding, "lower")))
def lower(_, encoding="", name=None):
    """Lowercases each string: ASCII letters, or all letters with `encoding="utf-8"`.

    >>> import neuroflow as tf
    >>> tf.strings.lower(["ÀBC"]).numpy(), tf.strings.lower(["ÀBC"], encoding="utf-8").numpy()
    (array([b'\\xc3\\x80bc'], dtype=object), array([b'\\xc3\\xa0bc'], dtype=object))
    """
    return {"encoding": encoding}


@_elementwise("StringUpper", lambda xp, x, encoding: _map(x, lambda v: _case(v, encoding, "upper")))
def upper(_, encoding="", name=None):
    """Uppercases each string: ASCII letters, or all letters with `encoding="utf-8"`.

    >>> import neuroflow as tf
    >>> tf.strings.upper("abc").numpy()
    b'ABC'
    """
    return {"encoding": encoding}


@_elementwise("StringStrip", lambda xp, x: _map(x, bytes.strip))
def strip(_, name=None):
    """Removes leading and trailing (ASCII) whitespace.

    >>> import neuroflow as tf
    >>> tf.strings.strip(["  x y \\n"]).numpy()
    array([b'x y'], dtype=object)
    """
    return {}


@functools.lru_cache(maxsize=256)
def _compiled(pattern):
    try:
        return re.compile(re2.translate(pattern))
    except (re.error, ValueError) as error:
        raise errors.InvalidArgumentError(None, "Regex", f"Invalid pattern: {pattern}, error: {error}") from None


def _pattern(pattern):
    if isinstance(pattern, Tensor):
        pattern = pattern.numpy()
    return _utf8(pattern) if isinstance(pattern, bytes) else str(pattern)


def _rewrite(rewrite):
    r"""RE2's rewrite string (`\0` the whole match, `\1`...) in Python's syntax."""
    return re.sub(r"\\(\d)", r"\\g<\1>", rewrite)


def _regex_replace(xp, x, pattern, rewrite, replace_global):
    regex, template = _compiled(pattern), _rewrite(rewrite)
    count = 0 if replace_global else 1
    return _map(x, lambda v: _bytes(regex.sub(template, _utf8(v), count=count)))


@_elementwise("StaticRegexReplace", _regex_replace)
def regex_replace(_, pattern, rewrite, replace_global=True, name=None):
    r"""Replaces matches of the regular expression `pattern` with `rewrite` (`\1` for groups).

    >>> import neuroflow as tf
    >>> tf.strings.regex_replace(["a1b22"], r"\d+", "#").numpy()
    array([b'a#b#'], dtype=object)
    >>> tf.strings.regex_replace(["ab"], "(a)(b)", r"\2\1").numpy()
    array([b'ba'], dtype=object)
    """
    return {"pattern": _pattern(pattern), "rewrite": _pattern(rewrite), "replace_global": builtins.bool(replace_global)}


def _full_match(xp, x, pattern):
    regex = _compiled(pattern)
    return _map(x, lambda v: regex.fullmatch(_utf8(v)) is not None, np.bool_)


@_elementwise("StaticRegexFullMatch", _full_match)
def regex_full_match(_, pattern, name=None):
    r"""True where the whole string matches `pattern`.

    >>> import neuroflow as tf
    >>> tf.strings.regex_full_match(["a1", "aa"], r"a\d").numpy()
    array([ True, False])
    """
    return {"pattern": _pattern(pattern)}


# --- lengths and substrings -----------------------------------------------------------------
def _check_unit(unit, op_name):
    if unit not in ("BYTE", "UTF8_CHAR"):
        raise ValueError(f"{op_name}: unit must be 'BYTE' or 'UTF8_CHAR', got {unit!r}.")
    return unit


def _char_starts(value):
    """Byte offsets where UTF-8 characters start (every byte that is not a continuation byte)."""
    return [i for i, b in enumerate(value) if b & 0xC0 != 0x80]


def _length(xp, x, unit):
    if unit == "BYTE":
        return _map(x, len, np.int32)
    return _map(x, lambda v: builtins.sum(1 for b in v if b & 0xC0 != 0x80), np.int32)


@_elementwise("StringLength", _length)
def length(_, unit="BYTE", name=None):
    """The length of each string in bytes, or in UTF-8 characters with `unit="UTF8_CHAR"`.

    >>> import neuroflow as tf
    >>> tf.strings.length(["héllo"]).numpy(), tf.strings.length(["héllo"], unit="UTF8_CHAR").numpy()
    (array([6], dtype=int32), array([5], dtype=int32))
    """
    return {"unit": _check_unit(unit, "StringLength")}


def _substr_one(value, pos, n, unit):
    if not isinstance(value, bytes):  # a tracing stand-in
        return b""
    starts = _char_starts(value) if unit == "UTF8_CHAR" else None
    size = len(starts) if starts is not None else len(value)
    if not -size <= pos <= size:
        raise errors.InvalidArgumentError(
            None, "Substr", f"pos {pos} out of range for string b'{value!r}' at index 0 [Op:Substr]")
    start = pos + size if pos < 0 else pos
    stop = builtins.min(start + builtins.max(n, 0), size)
    if starts is None:
        return value[start:stop]
    offsets = starts + [len(value)]
    return value[offsets[start]:offsets[stop]]


def _substr(xp, x, pos, len, unit):
    pos, n = np.broadcast_arrays(np.asarray(pos), np.asarray(len))
    x, pos, n = np.broadcast_arrays(x, pos, n)
    out = np.empty(x.shape, dtype=object)
    for index in np.ndindex(x.shape):
        out[index] = _substr_one(x[index], int(pos[index]), int(n[index]), unit)
    return out


def substr(input, pos, len, unit="BYTE", name=None):
    """Substrings of `len` bytes (or UTF-8 characters) from position `pos` (negative: from the end).

    >>> import neuroflow as tf
    >>> tf.strings.substr("héllo", 1, 2, unit="UTF8_CHAR").numpy().decode()
    'él'
    """
    x = _strings(input, "Substr")
    attrs = {"pos": np.asarray(pos).tolist(), "len": np.asarray(len).tolist(), "unit": _check_unit(unit, "Substr")}
    if isinstance(x, RaggedTensor):
        return x.with_flat_values(_substr_kernel(x.flat_values, **attrs))
    return _substr_kernel(x, **attrs)


_substr_kernel = op("Substr")(_substr)


# --- joining ------------------------------------------------------------------------------------
def _join(xp, *parts, separator):
    parts = np.broadcast_arrays(*parts)
    out = np.empty(parts[0].shape, dtype=object)
    for index in np.ndindex(out.shape):
        out[index] = separator.join(p[index] for p in parts)
    return out


_join_kernel = _text_op("StringJoin")(_join)


def join(inputs, separator="", name=None):
    """Joins the strings of several tensors elementwise (with broadcasting).

    >>> import neuroflow as tf
    >>> tf.strings.join(["a", "b"], separator="-").numpy()
    b'a-b'
    >>> tf.strings.join([["a", "c"], ["b", "d"]]).numpy()
    array([b'ab', b'cd'], dtype=object)
    """
    parts = [_strings(x, "StringJoin") for x in inputs]
    if not parts:
        raise ValueError("tf.strings.join needs at least one input tensor.")
    return _join_kernel(*parts, separator=_as_bytes(separator))


def _as_bytes(value):
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _reduce_join(xp, x, axes, keepdims, separator):
    axes = tuple(a % x.ndim for a in axes) if x.ndim else ()
    kept = [d for d in range(x.ndim) if d not in axes]
    moved = np.transpose(x, kept + list(axes)).reshape([x.shape[d] for d in kept] + [-1])
    out = np.empty(moved.shape[:-1], dtype=object)
    for index in np.ndindex(out.shape):
        out[index] = separator.join(moved[index])
    if keepdims:
        out = out.reshape([1 if d in axes else x.shape[d] for d in range(x.ndim)])
    return out


_reduce_join_kernel = _text_op("ReduceJoin")(_reduce_join)


def reduce_join(inputs, axis=None, keepdims=False, separator="", name=None):
    """Joins strings along `axis` (all axes by default), like `reduce_sum` for text.

    >>> import neuroflow as tf
    >>> tf.strings.reduce_join([["a", "b"], ["c", "d"]], axis=1, separator=",").numpy()
    array([b'a,b', b'c,d'], dtype=object)
    """
    x = _strings(inputs, "ReduceJoin")
    if isinstance(x, RaggedTensor):
        if axis not in (-1, x.ndim - 1) or x.ragged_rank != 1 or x.flat_values.ndim != 1:
            raise ValueError("tf.strings.reduce_join on a RaggedTensor supports axis=-1 of a 2-D ragged tensor.")
        sep = _as_bytes(separator)
        return Tensor(_map(np.arange(len(x)), lambda i: sep.join(x[i].numpy().tolist())), dtypes.string)
    rank = x.ndim
    axes = tuple(range(rank)) if axis is None else tuple(np.atleast_1d(axis).tolist())
    for a in axes:
        if not -rank <= a < builtins.max(rank, 1):
            raise errors.InvalidArgumentError(None, "ReduceJoin", f"ReduceJoin: axis {a} is out of range for "
                                              f"a tensor of rank {rank}. [Op:ReduceJoin]")
    return _reduce_join_kernel(x, axes=axes, keepdims=builtins.bool(keepdims), separator=_as_bytes(separator))


# --- numbers <-> strings --------------------------------------------------------------------------
def _parse(value, dtype):
    text = value.decode("utf-8", "replace").strip()
    try:
        if dtype.is_integer:
            number = int(text)
            info = np.iinfo(dtype.as_numpy_dtype)
            if not info.min <= number <= info.max:
                raise ValueError
            return number
        return float(text)
    except ValueError:
        raise errors.InvalidArgumentError(
            None, "StringToNumber", f"StringToNumberOp could not correctly convert string: {text} "
            "[Op:StringToNumber]") from None


def _to_number(xp, x, out_type):
    dtype = dtypes.as_dtype(out_type)  # a tracing stand-in (not bytes) parses as 0
    return _map(x, lambda v: _parse(v, dtype) if isinstance(v, bytes) else 0, dtype.as_numpy_dtype)


@_elementwise("StringToNumber", _to_number, textual=False)
def to_number(_, out_type=dtypes.float32, name=None):
    """Parses each string as a number of `out_type` (float32 by default); bad text raises InvalidArgumentError.

    >>> import neuroflow as tf
    >>> tf.strings.to_number(["1.5", "2"]).numpy(), tf.strings.to_number(["3"], tf.int64).numpy()
    (array([1.5, 2. ], dtype=float32), array([3]))
    """
    dtype = dtypes.as_dtype(out_type)
    if dtype not in (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64):
        raise TypeError(f"StringToNumber: out_type must be float32, float64, int32 or int64, got {dtype.name}.")
    return {"out_type": dtype.name}


string_to_number = to_number


def _as_string(xp, x, precision, scientific, shortest, width, fill):
    kind = x.dtype.kind
    align = "0" if fill == "0" else ""
    pad = fill if fill not in ("", "0") else " "
    if kind == "b":
        fn = lambda v: "true" if v else "false"  # noqa: E731
    elif kind in "iu":
        fn = lambda v: f"{int(v):{align}{width if width > 0 else ''}d}"  # noqa: E731
    elif kind in "fc":
        if shortest:
            spec = "g"
        else:
            spec = f".{precision if precision >= 0 else 6}{'e' if scientific else 'f'}"
        fn = lambda v: f"{float(v):{align}{width if width > 0 else ''}{spec}}"  # noqa: E731
        if kind == "c":
            fn = lambda v: f"({float(v.real):{spec}},{float(v.imag):{spec}})"  # noqa: E731
    else:
        fn = _utf8
    text = _map(x, lambda v: fn(v).rjust(width, pad) if width > 0 and align == "" else fn(v))
    return _map(text, _bytes)


_as_string_kernel = op("AsString")(_as_string)


def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="", name=None):
    """Formats numbers (or bools) as strings: floats with 6 decimals unless `precision`/`shortest` say.

    >>> import neuroflow as tf
    >>> tf.strings.as_string([1.5, 2.0]).numpy(), tf.strings.as_string([7], width=3, fill="0").numpy()
    (array([b'1.500000', b'2.000000'], dtype=object), array([b'007'], dtype=object))
    """
    x = input if isinstance(input, RaggedTensor) else as_tensor(input)
    values = x.flat_values if isinstance(x, RaggedTensor) else x
    if values.dtype is dtypes.string:
        raise TypeError("AsString: the input is already a string tensor.")
    if len(fill) > 1:
        raise ValueError(f"AsString: fill must be at most one character, got {fill!r}.")
    out = _as_string_kernel(values, precision=precision, scientific=builtins.bool(scientific),
                            shortest=builtins.bool(shortest), width=width, fill=fill)
    return x.with_flat_values(out) if isinstance(x, RaggedTensor) else out


def _summary_item(value, dtype):
    if dtype.kind == "S":
        return '"' + value.decode("utf-8", "replace") + '"'
    if dtype.kind == "f":
        digits = (6, 9) if dtype.as_numpy_dtype().itemsize <= 4 else (15, 17)
        text = f"{value:.{digits[0]}g}"
        return text if dtype.as_numpy_dtype(text) == value else f"{value:.{digits[1]}g}"
    if dtype.kind == "b":
        return "1" if value else "0"
    return str(value)


def _summarize(array, dtype, summarize, level=0):
    """TensorFlow's `SummarizeValue`: nested brackets, at most `summarize` items at each end of a dim."""
    if array.ndim == 0:
        return _summary_item(array[()], dtype)
    n = array.shape[0]
    shown = range(n) if summarize < 0 or n <= 2 * summarize else \
        [*range(summarize), None, *range(n - summarize, n)]
    items = ["..." if i is None else _summarize(array[i], dtype, summarize, level + 1) for i in shown]
    sep = " " if array.ndim == 1 else "\n" * (array.ndim - 1) + " " * (level + 1)
    return "[" + sep.join(items) + "]"


def format(template, inputs, placeholder="{}", summarize=3, name=None):
    """Formats `template`, replacing each `placeholder` with the next input tensor's summary.

    >>> import neuroflow as tf
    >>> tf.strings.format("x={} y={}", [tf.constant([1, 2]), tf.constant("s")]).numpy()
    b'x=[1 2] y="s"'
    """
    if not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    pieces = template.split(placeholder)
    if len(pieces) - 1 != len(inputs):
        raise ValueError(f"tf.strings.format: {len(pieces) - 1} placeholders in the template but "
                         f"{len(inputs)} inputs.")
    out = pieces[0]
    for value, piece in zip(inputs, pieces[1:]):
        tensor = convert_to_tensor(value)
        out += _summarize(np.asarray(tensor), tensor.dtype, summarize) + piece
    return Tensor(np.asarray(out.encode("utf-8"), dtype=object), dtypes.string)


# --- splitting into ragged tensors -------------------------------------------------------------------
def _ragged_rows(x, fn, dtype=dtypes.string):
    """A RaggedTensor whose row `i` is `fn(x_flat[i])` (a list), nested back to `x`'s shape."""
    if isinstance(x, RaggedTensor):
        return x.with_flat_values(_ragged_rows(x.flat_values, fn, dtype))
    if state.graph is not None:
        raise errors.UnimplementedError(
            None, "RaggedResult", "This tf.strings op returns a RaggedTensor, which neuroflow's traced functions "
            "(tf.function, Dataset.map) cannot carry yet: call it eagerly, or pad its result inside a "
            "preprocessing layer such as TextVectorization.")
    array = np.asarray(x)
    if array.ndim == 0:
        return Tensor(_as_column(fn(array[()]), dtype), dtype)
    rows = list(map(fn, array.reshape(-1).tolist()))
    flat = list(itertools.chain.from_iterable(rows))
    result = RaggedTensor.from_row_lengths(Tensor(_as_column(flat, dtype), dtype), list(map(len, rows)),
                                           validate=False)
    for size in reversed(array.shape[1:]):
        result = RaggedTensor.from_row_lengths(result, np.full(len(result) // size, size), validate=False)
    return result


def _as_column(items, dtype):
    out = np.empty(len(items), dtype=object if dtype is dtypes.string else dtype.as_numpy_dtype)
    out[:] = items
    return out


def split(input, sep=None, maxsplit=-1, name=None):
    """Splits each string at `sep` (default: runs of whitespace, dropping empty pieces): a RaggedTensor.

    A scalar string gives a 1-D tensor.

    >>> import neuroflow as tf
    >>> print(tf.strings.split(["a  b", "c"]))
    <tf.RaggedTensor [[b'a', b'b'], [b'c']]>
    >>> print(tf.strings.split(["a  b"], sep=" "))
    <tf.RaggedTensor [[b'a', b'', b'b']]>
    """
    x = _strings(input, "StringSplit")
    if sep is not None:
        sep = _as_bytes(sep)
        if not sep:
            raise ValueError("tf.strings.split: sep must not be empty; use tf.strings.bytes_split for characters.")
    return _ragged_rows(x, lambda v: v.split(sep, maxsplit))


def bytes_split(input, name=None):
    """Splits each string into single bytes: a RaggedTensor.

    >>> import neuroflow as tf
    >>> print(tf.strings.bytes_split(["hé"]))
    <tf.RaggedTensor [[b'h', b'\\xc3', b'\\xa9']]>
    """
    return _ragged_rows(_strings(input, "BytesSplit"), lambda v: [v[i:i + 1] for i in range(len(v))])


def _check_encoding(encoding, op_name):
    if encoding.upper().replace("-", "") != "UTF8":
        raise ValueError(f"{op_name}: only input_encoding='UTF-8' is supported, got {encoding!r}.")


def _decode_points(value, errors_mode, replacement_char):
    """(code points, byte offsets) of UTF-8 `value`; each invalid byte is one replaced character."""
    points, offsets, i = [], [], 0
    text = value.decode("utf-8", "surrogateescape")
    for ch in text:
        code = ord(ch)
        size = 1 if 0xDC80 <= code <= 0xDCFF else len(ch.encode("utf-8"))
        if size == 1 and 0xDC80 <= code <= 0xDCFF:
            if errors_mode == "strict":
                raise errors.InvalidArgumentError(None, "UnicodeDecode",
                                                  f"Invalid formatting on input string at byte {i}.")
            if errors_mode == "ignore":
                i += 1
                continue
            code = replacement_char
        points.append(code)
        offsets.append(i)
        i += size
    return points, offsets


def unicode_decode(input, input_encoding, errors="replace", replacement_char=_REPLACEMENT,
                   replace_control_characters=False, name=None):
    """Each string's Unicode code points (int32): a RaggedTensor.

    >>> import neuroflow as tf
    >>> print(tf.strings.unicode_decode(["hé", "x"], "UTF-8"))
    <tf.RaggedTensor [[104, 233], [120]]>
    """
    _check_encoding(input_encoding, "UnicodeDecode")
    return _ragged_rows(_strings(input, "UnicodeDecode"),
                        lambda v: _decode_points(v, errors, replacement_char)[0], dtypes.int32)


def unicode_split(input, input_encoding, errors="replace", replacement_char=_REPLACEMENT, name=None):
    """Splits each string into its UTF-8 characters: a RaggedTensor (invalid bytes become U+FFFD).

    >>> import neuroflow as tf
    >>> print(tf.strings.unicode_split(["hé", b"a\\xff"], "UTF-8"))
    <tf.RaggedTensor [[b'h', b'\\xc3\\xa9'], [b'a', b'\\xef\\xbf\\xbd']]>
    """
    _check_encoding(input_encoding, "UnicodeSplit")
    return _ragged_rows(_strings(input, "UnicodeSplit"), lambda v: [
        chr(p).encode("utf-8") for p in _decode_points(v, errors, replacement_char)[0]])


def unicode_decode_with_offsets(input, input_encoding, errors="replace", replacement_char=_REPLACEMENT,
                                replace_control_characters=False, name=None):
    """`unicode_decode`, plus each character's starting byte offset (int64).

    >>> import neuroflow as tf
    >>> points, offsets = tf.strings.unicode_decode_with_offsets(["hé", "x"], "UTF-8")
    >>> offsets.to_list()
    [[0, 1], [0]]
    """
    return _with_offsets(unicode_decode, input, input_encoding, errors, replacement_char)


def unicode_split_with_offsets(input, input_encoding, errors="replace", replacement_char=_REPLACEMENT, name=None):
    """`unicode_split`, plus each character's starting byte offset (int64).

    >>> import neuroflow as tf
    >>> chars, offsets = tf.strings.unicode_split_with_offsets([b"a\\xffb"], "UTF-8")
    >>> chars.to_list(), offsets.to_list()
    ([[b'a', b'\xef\xbf\xbd', b'b']], [[0, 1, 2]])
    """
    return _with_offsets(unicode_split, input, input_encoding, errors, replacement_char)


def _with_offsets(decode, input, input_encoding, errors, replacement_char):
    """`decode(...)` and the byte offset where each of its characters starts."""
    strings = _strings(input, "UnicodeDecodeWithOffsets")
    return (decode(strings, input_encoding, errors, replacement_char),
            _ragged_rows(strings, lambda v: _decode_points(v, errors, replacement_char)[1], dtypes.int64))


def unicode_encode(input, output_encoding, errors="replace", replacement_char=_REPLACEMENT, name=None):
    """Code points (the last, ragged or dense dimension) encoded back into UTF-8 strings.

    >>> import neuroflow as tf
    >>> tf.strings.unicode_encode(tf.ragged.constant([[104, 233], [120]]), "UTF-8").numpy()
    array([b'h\\xc3\\xa9', b'x'], dtype=object)
    """
    _check_encoding(output_encoding, "UnicodeEncode")

    def encode(points):
        return "".join(chr(p) if 0 <= p <= 0x10FFFF and not 0xD800 <= p <= 0xDFFF
                       else chr(replacement_char) for p in np.asarray(points).tolist()).encode("utf-8")
    if isinstance(input, RaggedTensor):
        return Tensor(_map(np.arange(len(input)), lambda i: encode(input[i])), dtypes.string)
    array = np.asarray(as_tensor(input))
    if array.ndim == 0:
        raise ValueError("tf.strings.unicode_encode expects code points with rank >= 1.")
    rows = array.reshape(-1, array.shape[-1])
    return Tensor(_map(np.arange(len(rows)), lambda i: encode(rows[i])).reshape(array.shape[:-1]), dtypes.string)


@functools.lru_cache(maxsize=None)
def _script_table():
    from .unicode_scripts import CODES, STARTS
    return np.asarray(STARTS, np.int64), np.asarray(CODES, np.int32)


def _unicode_script(xp, x):
    starts, codes = _script_table()
    points = np.asarray(x, np.int64)
    out = codes[np.clip(np.searchsorted(starts, points, side="right") - 1, 0, None)]
    return np.where((points < 0) | (points > 0x10FFFF), np.int32(-1), out)


_unicode_script_kernel = op("UnicodeScript")(_unicode_script)


def unicode_script(input, name=None):
    """The ICU script code (`UScriptCode`, int32) of each Unicode code point: 0 Common, 1 Inherited,
    8 Cyrillic, 17 Han, 25 Latin, ..., 103 Unknown (unassigned); -1 for values that are not code points.

    >>> import neuroflow as tf
    >>> tf.strings.unicode_script([ord("a"), ord("Ж"), ord("字"), ord(" ")]).numpy()
    array([25,  8, 17,  0], dtype=int32)
    """
    points = as_tensor(input) if not isinstance(input, RaggedTensor) else input
    if isinstance(points, RaggedTensor):
        return points.with_flat_values(unicode_script(points.flat_values))
    if points.dtype != dtypes.int32:
        raise errors.InvalidArgumentError(None, "UnicodeScript", f"cannot compute UnicodeScript as input #0"
                                          f"(zero-based) was expected to be a int32 tensor but is a "
                                          f"{points.dtype.name} tensor [Op:UnicodeScript]")
    return _unicode_script_kernel(points)


_InvalidArgumentError = errors.InvalidArgumentError  # unicode_transcode's `errors` argument hides the module
_TRANSCODE_OUTPUTS = {"UTF8": "utf-8", "UTF16BE": "utf-16-be", "UTF32BE": "utf-32-be"}
_CODECS = {"UTF8": "utf-8", "UTF16BE": "utf-16-be", "UTF16LE": "utf-16-le", "UTF32BE": "utf-32-be",
           "UTF32LE": "utf-32-le", "USASCII": "ascii", "ASCII": "ascii", "ISO88591": "latin-1", "LATIN1": "latin-1"}
_BOMS = {"UTF16": ((b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"), (b"", "utf-16-be")),
         "UTF32": ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"", "utf-32-be"))}


def _encoding_key(encoding):
    """ICU's way of matching converter names: case, spaces, '-' and '_' do not count."""
    return re.sub(r"[^0-9A-Z]", "", encoding.upper())


def _input_codec(encoding, data):
    """(Python codec, bytes after any byte-order mark) for `data` in ICU encoding `encoding`;
    UTF-16/UTF-32 without a BOM are big-endian, as ICU reads them."""
    key = _encoding_key(encoding)
    if key in _BOMS:
        for bom, codec in _BOMS[key]:
            if data.startswith(bom):
                return codec, data[len(bom):]
    return _CODECS.get(key, encoding), data


def _transcode_one(data, input_encoding, output_codec, errors_mode, replacement, replace_control):
    codec, data = _input_codec(input_encoding, data)
    pieces, pos = [], 0
    while True:
        try:
            pieces.append(data[pos:].decode(codec))
            break
        except UnicodeDecodeError as error:
            pieces.append(data[pos:pos + error.start].decode(codec))
            if errors_mode == "strict":
                raise errors.InvalidArgumentError(None, "UnicodeTranscode",
                                                  "Invalid formatting on input string [Op:UnicodeTranscode]") from None
            if errors_mode == "replace":
                pieces.append(chr(replacement))
            pos += error.end
    text = "".join(pieces)
    if replace_control:
        text = re.sub("[\x00-\x1f]", chr(replacement), text)
    return text.encode(output_codec, "surrogatepass")


def _unicode_transcode(xp, x, input_encoding, output_codec, errors_mode, replacement, replace_control):
    return _map(x, lambda v: _transcode_one(v, input_encoding, output_codec, errors_mode, replacement,
                                            replace_control))


_unicode_transcode_kernel = _text_op("UnicodeTranscode")(_unicode_transcode)


def unicode_transcode(input, input_encoding, output_encoding, errors="replace", replacement_char=_REPLACEMENT,
                      replace_control_characters=False, name=None):
    """Re-encodes each string from `input_encoding` (UTF-8, UTF-16(-BE/-LE), UTF-32(-BE/-LE),
    US ASCII, ISO-8859-1 or another codec name) to `output_encoding` ("UTF-8", "UTF-16-BE" or
    "UTF-32-BE"). Invalid input raises (`errors="strict"`), is dropped (`"ignore"`) or becomes
    `replacement_char` (`"replace"`); `replace_control_characters` also replaces U+0000-U+001F.

    >>> import neuroflow as tf
    >>> tf.strings.unicode_transcode(["hé"], "UTF-8", "UTF-16-BE").numpy()
    array([b'\\x00h\\x00\\xe9'], dtype=object)
    >>> tf.strings.unicode_transcode([b"a\\xffb"], "UTF-8", "UTF-8", replacement_char=ord("?")).numpy()
    array([b'a?b'], dtype=object)
    """
    key = _encoding_key(output_encoding)
    if key not in _TRANSCODE_OUTPUTS:
        raise _InvalidArgumentError(None, "UnicodeTranscode", f"Value for attr 'output_encoding' of "
                                          f"{output_encoding!r} is not in the list of allowed values: \"UTF-8\", "
                                          "\"UTF-16-BE\", \"UTF-32-BE\"")
    if errors not in ("strict", "replace", "ignore"):
        raise _InvalidArgumentError(None, "UnicodeTranscode", f"Value for attr 'errors' of {errors!r} is "
                                          "not in the list of allowed values: \"strict\", \"replace\", \"ignore\"")
    codec, _ = _input_codec(input_encoding, b"")
    try:
        codecs.lookup(codec)
    except LookupError:
        raise _InvalidArgumentError(None, "UnicodeTranscode", f"Could not create converter for input "
                                          f"encoding: {input_encoding} [Op:UnicodeTranscode]") from None
    if not 0 <= replacement_char <= 0x10FFFF or 0xD800 <= replacement_char <= 0xDFFF:
        raise _InvalidArgumentError(None, "UnicodeTranscode", f"replacement_char {replacement_char} is not a "
                                          "valid Unicode code point.")
    attrs = dict(input_encoding=input_encoding, output_codec=_TRANSCODE_OUTPUTS[key], errors_mode=errors,
                 replacement=int(replacement_char), replace_control=builtins.bool(replace_control_characters))
    x = _strings(input, "UnicodeTranscode")
    if isinstance(x, RaggedTensor):
        return x.with_flat_values(_unicode_transcode_kernel(x.flat_values, **attrs))
    return _unicode_transcode_kernel(x, **attrs)


def _unsorted_segment_join(xp, x, ids, num_segments, separator):
    inner = x.shape[ids.ndim:]
    parts = x.reshape((ids.size, -1)).tolist()
    segments = [[] for _ in range(num_segments)]
    for segment, part in zip(ids.reshape(-1).tolist(), parts):
        segments[segment].append(part)
    width = int(np.prod(inner))
    out = np.empty((num_segments, width), dtype=object)
    for segment, members in enumerate(segments):
        out[segment] = [separator.join(column) for column in zip(*members)] if members else [b""] * width
    return out.reshape((num_segments,) + inner)


_unsorted_segment_join_kernel = _text_op("UnsortedSegmentJoin")(_unsorted_segment_join)


def unsorted_segment_join(inputs, segment_ids, num_segments, separator="", name=None):
    """Joins the strings of each segment, in input order: row `s` of the result joins the slices
    `inputs[i]` whose `segment_ids[i] == s` (shape `[num_segments] + inputs.shape[segment_ids.rank:]`;
    empty segments give b'').

    >>> import neuroflow as tf
    >>> tf.strings.unsorted_segment_join(["this", "a", "test", "is"], [0, 1, 1, 0], 2, " ").numpy()
    array([b'this is', b'a test'], dtype=object)
    """
    x = _strings(inputs, "UnsortedSegmentJoin")
    ids = np.asarray(as_tensor(segment_ids))
    count = int(np.asarray(as_tensor(num_segments)))
    if ids.ndim == 0:
        raise errors.InvalidArgumentError(None, "UnsortedSegmentJoin", "Segment_id cannot have rank 0 "
                                          "[Op:UnsortedSegmentJoin]")
    if ids.dtype.kind not in "iu":
        raise TypeError(f"tf.strings.unsorted_segment_join: segment_ids must be integers, got {ids.dtype}.")
    if tuple(x.shape[:ids.ndim]) != ids.shape:
        raise errors.InvalidArgumentError(None, "UnsortedSegmentJoin", f"tf.strings.unsorted_segment_join: "
                                          f"segment_ids shape {list(ids.shape)} must be a prefix of the inputs "
                                          f"shape {x.shape.as_list()}. [Op:UnsortedSegmentJoin]")
    if ids.size and (ids.min() < 0 or ids.max() >= count):
        raise errors.InvalidArgumentError(None, "UnsortedSegmentJoin", "segment_ids are not allowed to exceed "
                                          f"num_segments ({count}) or to have negative values. "
                                          "[Op:UnsortedSegmentJoin]")
    return _unsorted_segment_join_kernel(x, Tensor(ids.astype(np.int64), dtypes.int64), num_segments=count,
                                         separator=_as_bytes(separator))


def _ngrams_of(tokens, widths, separator, pad_values, padding_width, preserve_short):
    out = []
    for width in widths:
        pad = 0 if pad_values is None else (width - 1 if padding_width is None else padding_width)
        left, right = (pad_values, pad_values) if not isinstance(pad_values, tuple) else pad_values
        seq = [left] * pad + list(tokens) + [right] * pad if pad else list(tokens)
        grams = [separator.join(seq[i:i + width]) for i in range(len(seq) - width + 1)]
        if not grams and preserve_short and seq:
            grams = [separator.join(seq)]
        out.extend(grams)
    return out


def ngrams(data, ngram_width, separator=" ", pad_values=None, padding_width=None,
           preserve_short_sequences=False, name="ngrams"):
    """The n-grams of the innermost dimension of `data`, joined with `separator`.

    `ngram_width` is an int or a tuple of widths (their n-grams are concatenated in order).

    >>> import neuroflow as tf
    >>> tf.strings.ngrams(tf.constant(["a", "b", "c"]), 2).numpy()
    array([b'a b', b'b c'], dtype=object)
    >>> print(tf.strings.ngrams(tf.ragged.constant([["a", "b", "c"], ["d"]]), (1, 2)))
    <tf.RaggedTensor [[b'a', b'b', b'c', b'a b', b'b c'], [b'd']]>
    """
    widths = (ngram_width,) if isinstance(ngram_width, int) else tuple(ngram_width)
    if any(w < 1 for w in widths):
        raise ValueError(f"tf.strings.ngrams: ngram_width must be >= 1, got {ngram_width}.")
    pads = pad_values
    if pads is not None:
        pads = tuple(_as_bytes(p) for p in pads) if isinstance(pads, (tuple, list)) else _as_bytes(pads)
    args = (widths, _as_bytes(separator), pads, padding_width, preserve_short_sequences)
    x = _strings(data, "NGrams")
    if isinstance(x, RaggedTensor):
        inner = x
        while isinstance(inner.values, RaggedTensor):
            inner = inner.values
        rows = [_ngrams_of(inner[i].numpy().tolist(), *args) for i in range(len(inner))]
        grams = RaggedTensor.from_row_lengths(
            Tensor(_as_column([g for r in rows for g in r], dtypes.string), dtypes.string), [len(r) for r in rows])
        outer = x
        partitions = []
        while outer is not inner:
            partitions.append(outer.row_splits)
            outer = outer.values
        for splits in reversed(partitions):
            grams = RaggedTensor.from_row_splits(grams, splits, validate=False)
        return grams
    array = np.asarray(x)
    if array.ndim == 0:
        raise ValueError("tf.strings.ngrams: data must have rank >= 1.")
    rows = [_ngrams_of(r.tolist(), *args) for r in array.reshape(-1, array.shape[-1])]
    count = len(rows[0]) if rows else 0
    return Tensor(_as_column([g for r in rows for g in r], dtypes.string).reshape(array.shape[:-1] + (count,)),
                  dtypes.string)


# --- hashing ------------------------------------------------------------------------------------
def _hash_bucket(xp, x, num_buckets, key):
    if key == "legacy":
        return _map(x, lambda v: hash64(v) % num_buckets, np.int64)
    if key is None:
        return _map(x, lambda v: fingerprint64(v) % num_buckets, np.int64)
    return _map(x, lambda v: siphash(key[0], key[1], v) % num_buckets, np.int64)


_hash_kernel = _text_op("StringToHashBucket")(_hash_bucket)


def _hash(input, num_buckets, key, op_name):
    if int(num_buckets) < 1:
        raise ValueError(f"{op_name}: num_buckets must be >= 1, got {num_buckets}.")
    x = _strings(input, op_name)
    values = x.flat_values if isinstance(x, RaggedTensor) else x
    out = _hash_kernel(values, num_buckets=int(num_buckets), key=key)
    return x.with_flat_values(out) if isinstance(x, RaggedTensor) else out


def to_hash_bucket_fast(input, num_buckets, name=None):
    """Hashes each string to a bucket in `[0, num_buckets)` with FarmHash Fingerprint64 (TensorFlow's buckets).

    >>> import neuroflow as tf
    >>> tf.strings.to_hash_bucket_fast(["a", "b", "hello"], 1000).numpy()
    array([939, 822, 296])
    """
    return _hash(input, num_buckets, None, "StringToHashBucketFast")


def to_hash_bucket_strong(input, num_buckets, key, name=None):
    """Hashes each string to a bucket with SipHash-2-4 under the two-integer `key` (TensorFlow's buckets).

    >>> import neuroflow as tf
    >>> tf.strings.to_hash_bucket_strong(["a", "b", "hello"], 1000, [1, 2]).numpy()
    array([646, 184, 622])
    """
    key = [int(k) for k in key]
    if len(key) != 2:
        raise ValueError(f"StringToHashBucketStrong: key must be two integers, got {key}.")
    return _hash(input, num_buckets, tuple(key), "StringToHashBucketStrong")


def to_hash_bucket(string_tensor, num_buckets, name=None):
    """Hashes each string to a bucket with TensorFlow's legacy `Hash64` (prefer `to_hash_bucket_fast`).

    >>> import neuroflow as tf
    >>> tf.strings.to_hash_bucket(["a", "b", "hello"], 1000).numpy()
    array([868, 370, 938])
    """
    return _hash(string_tensor, num_buckets, "legacy", "StringToHashBucket")
