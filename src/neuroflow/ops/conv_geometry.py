"""Window geometry shared by convolutions and pooling: output sizes, padding, strided views.

TensorFlow's rules, per spatial dimension with input size `n`, window `k`, stride `s` and
dilation `d` (effective window `e = (k - 1) * d + 1`):

- `VALID`: no padding, `out = ceil((n - e + 1) / s)`;
- `SAME`: `out = ceil(n / s)`, padded by `max((out - 1) * s + e - n, 0)` of which the
  smaller half goes before and the odd one out after;
- explicit `[(before, after), ...]`: `out = (n + before + after - e) // s + 1`.

>>> from neuroflow.ops.conv_geometry import padding_for
>>> padding_for((5,), (2,), (2,), (1,), "SAME")   # out 3: pad 1, all after
((3,), ((0, 1),))
>>> padding_for((28,), (3,), (1,), (1,), "VALID")
((26,), ((0, 0),))
"""
import itertools

from ..framework import errors

__all__ = ["padding_for", "windows", "pad", "out_sizes", "prod", "offsets", "col2im", "add_windows", "batch_chunks",
           "unpad", "windows_disjoint", "spatial_argument", "explicit_padding", "to_channels_last",
           "from_channels_last", "channels_first", "invalid"]


def invalid(op_name, message):
    return errors.InvalidArgumentError(None, op_name, f"{op_name}: {message} [Op:{op_name}]")


def padding_for(sizes, kernel, strides, dilations, padding, op_name="Conv"):
    """(output sizes, ((before, after) per spatial dimension)) as TensorFlow computes them."""
    outs, pads = [], []
    for i, (n, k, s, d) in enumerate(zip(sizes, kernel, strides, dilations)):
        e = (k - 1) * d + 1
        if padding == "SAME":
            out = -(-n // s)
            total = max((out - 1) * s + e - n, 0)
            pad_pair = (total // 2, total - total // 2)
        else:
            pad_pair = (0, 0) if padding == "VALID" else tuple(padding[i])
            out = (n + pad_pair[0] + pad_pair[1] - e) // s + 1
            if out < 0 or (out == 0 and n > 0):
                raise invalid(op_name, f"the window of size {k} (dilated to {e}) does not fit in spatial "
                                       f"dimension {i} of size {n} with padding {pad_pair}: "
                                       f"the output would be empty. Use padding='SAME', a smaller kernel, or a "
                                       f"larger input (at least {e - pad_pair[0] - pad_pair[1]}).")
        outs.append(out)
        pads.append(pad_pair)
    return tuple(outs), tuple(pads)


def pad(xp, x, pads, value=0):
    """`x` (channels last) padded on its spatial axes; `x` itself when nothing is padded."""
    if not any(lo or hi for lo, hi in pads):
        return x
    return xp.pad(x, ((0, 0),) + tuple(pads) + ((0, 0),), constant_values=value)


def out_sizes(padded, kernel, strides, dilations):
    """The number of window positions along each (already padded) spatial dimension."""
    return tuple((n - (k - 1) * d - 1) // s + 1 for n, k, s, d in zip(padded, kernel, strides, dilations))


def prod(values):
    result = 1
    for v in values:
        result *= v
    return result


def offsets(kernel, strides, dilations, out):
    """Per kernel position `k`: `k` and the slices of the padded input that windows read at `k`.

    `x[slices]` is `(N, *out, C)`: for every window, its element at kernel position `k`.
    """
    for k in itertools.product(*(range(n) for n in kernel)):
        yield k, (slice(None),) + tuple(slice(i * d, i * d + (o - 1) * s + 1, s)
                                        for i, d, o, s in zip(k, dilations, out, strides))


def add_windows(padded, shares, kernel, strides, dilations):
    """Adds each kernel position's share `shares(k, slices) -> (N, *out, C)` into `padded`, in place.

    The reverse of reading windows: what gradients of convolutions and pooling do. When
    windows do not overlap (stride >= dilated window) each element gets one share at most,
    which is then copied in rather than added.
    """
    out = out_sizes(padded.shape[1:-1], kernel, strides, dilations)
    disjoint = windows_disjoint(kernel, strides, dilations)
    for k, where in offsets(kernel, strides, dilations, out):
        if disjoint:
            padded[where] = shares(k, where)
        else:
            padded[where] += shares(k, where)


def batch_chunks(batch, values_per_example, limit):
    """Slices of the batch axis holding at most `limit` values each (at least one example)."""
    step = max(1, limit // max(values_per_example, 1))
    return [slice(start, min(start + step, batch)) for start in range(0, batch, step)]


def windows_disjoint(kernel, strides, dilations):
    """True when no two windows share an element: each stride at least the dilated window."""
    return all(s >= (k - 1) * d + 1 for k, s, d in zip(kernel, strides, dilations))


def col2im(xp, shares, batch, sizes, channels, kernel, strides, dilations, pads, dtype):
    """An input-shaped array `(batch, *sizes, channels)`: the sum of the windows' `shares` (see `add_windows`)."""
    padded = xp.zeros((batch,) + tuple(n + lo + hi for n, (lo, hi) in zip(sizes, pads)) + (channels,), dtype)
    add_windows(padded, shares, kernel, strides, dilations)
    return unpad(padded, pads, sizes)


def unpad(padded, pads, sizes):
    """The part of channels-last `padded` inside `pads`: a view."""
    return padded[(slice(None),) + tuple(slice(lo, lo + n) for (lo, _), n in zip(pads, sizes))]


def windows(xp, x, kernel, strides, dilations, out_sizes):
    """A read-only strided view `(N, *out_sizes, *kernel, C)` of padded channels-last `x`: no copy.

    Element `[n, o..., k..., c]` is `x[n, o * stride + k * dilation ..., c]`.
    """
    rank = len(kernel)
    shape = (x.shape[0],) + tuple(out_sizes) + tuple(kernel) + (x.shape[-1],)
    st = x.strides
    spatial = st[1:1 + rank]
    view_strides = (st[0],) + tuple(a * s for a, s in zip(spatial, strides)) + \
        tuple(a * d for a, d in zip(spatial, dilations)) + (st[-1],)
    return xp.lib.stride_tricks.as_strided(x, shape, view_strides, writeable=False)


def channels_first(data_format):
    return data_format is not None and data_format.startswith("NC")


def to_channels_last(x, data_format, transpose):
    """`x` moved to channels-last layout if `data_format` is channels-first (NCHW...)."""
    if not channels_first(data_format):
        return x
    return transpose(x, [0] + list(range(2, len(x.shape))) + [1])


def from_channels_last(x, data_format, transpose):
    if not channels_first(data_format):
        return x
    rank = len(x.shape)
    return transpose(x, [0, rank - 1] + list(range(1, rank - 1)))


def spatial_argument(value, rank, name, data_format, op_name, allow_zero=False):
    """A stride/dilation/ksize argument (int, or list of 1, rank or rank + 2 ints) as `rank` spatial ints."""
    values = [int(v) for v in (value if isinstance(value, (list, tuple)) else [value])]
    if len(values) == 1:
        values = values * rank
    elif len(values) == rank + 2:
        c = 1 if channels_first(data_format) else rank + 1
        spatial = values[1:rank + 1] if c != 1 else values[2:]
        if values[0] != 1 or values[c] != 1:
            raise invalid(op_name, f"{name} in the batch and depth dimensions must be 1, got {value}. "
                                   f"Give only the spatial {name}, e.g. {spatial}.")
        values = spatial
    elif len(values) != rank:
        raise invalid(op_name, f"{name} must be an int or a list of 1, {rank} or {rank + 2} ints, got {value}.")
    if any(v < (0 if allow_zero else 1) for v in values):
        raise invalid(op_name, f"{name} must be positive, got {value}.")
    return tuple(values)


def explicit_padding(padding, rank, data_format, op_name):
    """'SAME', 'VALID' or ((before, after) per spatial dimension) from TensorFlow's `padding` argument."""
    if isinstance(padding, str):
        upper = padding.upper()
        if upper not in ("SAME", "VALID"):
            raise ValueError(f"{op_name}: padding must be 'SAME', 'VALID' or a list of [before, after] pairs, "
                             f"got {padding!r}.")
        return upper
    pairs = [tuple(int(v) for v in p) for p in padding]
    if len(pairs) == rank + 2:
        c = 1 if channels_first(data_format) else rank + 1
        if pairs[0] != (0, 0) or pairs[c] != (0, 0):
            raise ValueError(f"{op_name}: explicit padding of the batch and channel dimensions must be [0, 0], "
                             f"got {padding}.")
        pairs = pairs[1:rank + 1] if c != 1 else pairs[2:]
    if len(pairs) != rank or any(len(p) != 2 or min(p) < 0 for p in pairs):
        raise ValueError(f"{op_name}: explicit padding must hold {rank + 2} non-negative [before, after] pairs "
                         f"(one per dimension of the input), got {padding}.")
    return tuple(pairs)
