"""Image codecs: `tf.io.decode_png`, `decode_jpeg`, `decode_image`, `encode_png`, `encode_jpeg`.

Decoding and JPEG encoding use Pillow, an optional dependency imported on first use
(`pip install neuroflow[images]`). PNG encoding needs nothing: it writes the PNG chunks itself
(unfiltered rows, zlib-compressed), for 8- and 16-bit images of 1-4 channels.

Like TensorFlow's, each decoder reads any of PNG, JPEG, GIF, BMP and WebP; they differ in the
channels and dtypes they offer. Images come out as (height, width, channels) tensors (GIFs in
`decode_image` as (frames, height, width, 3)). Pixels that only need copying (the native
channel layout) equal TensorFlow's exactly, except that 16-bit colour PNGs decode only to uint8;
JPEG decoding and colour-to-grayscale conversion
may differ from TensorFlow's by rounding (different libjpeg settings and luma weights).

>>> import numpy as np
>>> import neuroflow as tf
>>> image = np.arange(24, dtype=np.uint8).reshape(2, 4, 3)
>>> png = tf.io.encode_png(image)
>>> bytes(png.numpy()[:8])
b'\\x89PNG\\r\\n\\x1a\\n'
>>> np.array_equal(tf.io.decode_png(png).numpy(), image)
True
"""
import io
import struct
import zlib

import numpy as np

from ..framework import dtypes
from ..framework.convert import convert_to_tensor
from ..framework.errors import InvalidArgumentError, UnimplementedError
from ..graph.shape_inference import DATA_DEPENDENT
from ..ops.registry import op, state
from .host_ops import is_stand_in
from .paths import as_bytes

__all__ = ["decode_image", "decode_png", "decode_jpeg", "decode_gif", "decode_bmp", "encode_png",
           "encode_jpeg", "is_jpeg"]

_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF87a", "GIF"),
               (b"GIF89a", "GIF"), (b"BM", "BMP"))


def _pillow(op):
    try:
        from PIL import Image
    except ImportError:
        raise ImportError(f"{op} needs Pillow, an optional dependency of neuroflow. Install it with "
                          "`pip install neuroflow[images]`.") from None
    return Image


def _format(data):
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return next((name for signature, name in _SIGNATURES if data.startswith(signature)), None)


def _luma(rgb):
    """ITU-R 601 luma of (..., 3) pixels, rounded, in their dtype."""
    weights = np.array([299, 587, 114], np.int64)
    return ((rgb.astype(np.int64) @ weights + 500) // 1000).astype(rgb.dtype)[..., None]


def _set_channels(pixels, channels):
    """(h, w, c) pixels converted to `channels` (0 keeps them): gray, gray+alpha, RGB, RGBA."""
    have = pixels.shape[-1]
    if channels in (0, have):
        return pixels
    opaque = np.full(pixels.shape[:-1] + (1,), np.iinfo(pixels.dtype).max, pixels.dtype)
    color, alpha = (pixels[..., :1], pixels[..., 1:]) if have <= 2 else (pixels[..., :3], pixels[..., 3:])
    alpha = alpha if alpha.shape[-1] else opaque
    gray = color if color.shape[-1] == 1 else _luma(color)
    rgb = np.repeat(color, 3, axis=-1) if color.shape[-1] == 1 else color
    return {1: gray, 2: np.concatenate([gray, alpha], -1), 3: rgb,
            4: np.concatenate([rgb, alpha], -1)}[channels]


def _frame_pixels(frame):
    """One Pillow frame as (h, w, c) uint8 or uint16 NumPy pixels, in its native channels."""
    mode = frame.mode
    if mode in ("I;16", "I;16B", "I;16L", "I"):
        return np.asarray(frame, dtype=np.uint16 if mode != "I" else np.int32).astype(np.uint16)[..., None]
    if mode == "P":
        frame = frame.convert("RGBA" if "transparency" in frame.info else "RGB")
    elif mode == "1":
        frame = frame.convert("L")
    elif mode not in ("L", "LA", "RGB", "RGBA"):
        frame = frame.convert("RGBA" if "A" in mode else "RGB")
    pixels = np.asarray(frame, dtype=np.uint8)
    return pixels[..., None] if pixels.ndim == 2 else pixels


def _png_damage(data):
    """Why the PNG chunk structure of `data` is broken (bad chunk CRC, cut short, no IEND), or None.

    Pillow decodes pixels without checking every chunk, so a PNG cut inside its last chunks
    would otherwise pass; TensorFlow's libpng refuses such files.
    """
    offset = 8
    while offset + 12 <= len(data):
        (length,), kind = struct.unpack_from(">I", data, offset), data[offset + 4:offset + 8]
        end = offset + 12 + length
        if end > len(data):
            return f"chunk {kind!r} at byte {offset} is cut short"
        if zlib.crc32(data[offset + 4:end - 4]) != struct.unpack_from(">I", data, end - 4)[0]:
            return f"chunk {kind!r} at byte {offset} fails its CRC"
        if kind == b"IEND":
            return None
        offset = end
    return "the file ends before its IEND chunk"


def _decode(contents, op, channels, dtype, all_frames, allowed_channels, ratio=1):
    """The decoded image as a tensor; in a traced function, a decoding node of the graph.

    `all_frames`: True for every frame (GIFs), False for the first, "gif" for every frame of a
    GIF and the first of anything else (decided when the data is seen).
    """
    if channels not in allowed_channels:
        raise InvalidArgumentError(None, op, f"{op}: channels must be one of {allowed_channels}. "
                                   f"Received: channels={channels}.")
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.uint8, dtypes.uint16, dtypes.float32):
        raise ValueError(f"{op}: dtype must be uint8, uint16 or float32. Received: {dtype.name}.")
    if state.graph is not None:
        tensor = contents if hasattr(contents, "_dtype") else convert_to_tensor(contents, dtypes.string)
        return _DECODERS[op](tensor, channels=channels, dtype=dtype, all_frames=all_frames, ratio=ratio)
    data = as_bytes(contents, "contents")
    if all_frames == "gif":
        all_frames = _format(data) == "GIF"
    return convert_to_tensor(_pixels(data, op, channels, dtype, all_frames, ratio))


def _pixels(data, op, channels, dtype, all_frames, ratio):
    """`data` decoded to a NumPy array of `dtype` with `channels` (0: the image's own)."""
    kind = _format(data)
    if kind is None:
        raise InvalidArgumentError(None, op, f"{op}: Unknown image file format. One of JPEG, PNG, GIF, "
                                   f"BMP, WebP required. The data starts with {data[:8]!r}.")
    damage = _png_damage(data) if kind == "PNG" else None
    if damage:
        raise InvalidArgumentError(None, op, f"{op}: Invalid PNG data, size {len(data)}: {damage} "
                                   "(the file is truncated or corrupt).")
    if kind == "PNG" and data[24] == 16 and data[25] in (2, 4, 6) and dtype != dtypes.uint8:
        raise UnimplementedError(None, op, f"{op}: 16-bit colour PNGs decode only to uint8 here (Pillow "
                                 "reads them at 8 bits); 16-bit grayscale PNGs decode to uint16.")
    Image = _pillow(op)
    try:
        with Image.open(io.BytesIO(data)) as image:
            if ratio > 1 and kind == "JPEG":  # libjpeg's DCT scaling, as TensorFlow's `ratio`
                image.draft(image.mode, (max(1, image.width // ratio), max(1, image.height // ratio)))
            frames = []
            for index in range(getattr(image, "n_frames", 1) if all_frames else 1):
                image.seek(index)
                frame = image.convert("RGB") if kind == "GIF" else image
                frame.load()
                frames.append(_frame_pixels(frame))
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise InvalidArgumentError(None, op, f"{op}: the {kind} data is corrupt or truncated "
                                   f"({len(data)} bytes): {error}.") from None
    pixels = np.stack([_set_channels(f, channels) for f in frames]) if all_frames \
        else _set_channels(frames[0], channels)
    if dtype == dtypes.float32:  # scaled to [0, 1], as tf.image.convert_image_dtype does
        return pixels.astype(np.float32) / np.iinfo(pixels.dtype).max
    if pixels.dtype == np.uint8 and dtype == dtypes.uint16:
        return pixels.astype(np.uint16) * 257
    if pixels.dtype == np.uint16 and dtype == dtypes.uint8:
        return (pixels >> 8).astype(np.uint8)
    return pixels


def _decoder(name):
    """The graph op `name`: decodes a scalar string when the graph runs."""
    def forward(xp, contents, channels, dtype, all_frames, ratio):
        data = contents.reshape(-1)[0] if contents.size == 1 else contents
        if is_stand_in(data):   # tracing: a one-pixel stand-in (the sizes are unknown until data comes)
            rank = 4 if all_frames is True else 3
            return np.zeros((1,) * (rank - 1) + (channels or 1,), dtype.as_numpy_dtype)
        if not isinstance(data, (bytes, bytearray)):
            raise InvalidArgumentError(None, name, f"{name}: contents must be a scalar string, got shape "
                                       f"{contents.shape}.")
        frames = _format(bytes(data)) == "GIF" if all_frames == "gif" else all_frames
        return _pixels(bytes(data), name, channels, dtype, frames, ratio)
    return op(name)(forward)


_DECODERS = {name: _decoder(name) for name in ("DecodeImage", "DecodePng", "DecodeJpeg", "DecodeGif", "DecodeBmp")}


def _decoded_shape(attrs, inputs):
    """Height, width and frames are known when the data is; channels too unless `channels` fixes them."""
    if attrs["all_frames"] == "gif":
        return (None,)   # three or four dimensions, depending on the data
    sizes = (0, 1, 2) if attrs["all_frames"] else (0, 1)
    return (sizes + (() if attrs["channels"] else (-1,)),)


for _name in _DECODERS:
    DATA_DEPENDENT[_name] = _decoded_shape


def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None, expand_animations=True):
    """Decodes a PNG, JPEG, GIF, BMP or WebP image by its signature.

    Args:
        contents: the encoded image (bytes or a scalar string tensor).
        channels: 0/None for the image's own, or 1 (gray), 2 (gray+alpha), 3 (RGB), 4 (RGBA).
        dtype: uint8, uint16, or float32 (scaled to [0, 1]).
        name: ignored.
        expand_animations: GIFs decode to (frames, height, width, 3) when True, to their first
            frame (height, width, 3) when False.

    Raises:
        InvalidArgumentError: unknown format, or corrupt or truncated data.
    """
    return _decode(contents, "DecodeImage", channels or 0, dtype, "gif" if expand_animations else False,
                   (0, 1, 2, 3, 4))


def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None):
    """Decodes a PNG (or other supported) image to (height, width, channels) uint8 or uint16."""
    if dtypes.as_dtype(dtype) not in (dtypes.uint8, dtypes.uint16):
        raise ValueError(f"decode_png: dtype must be uint8 or uint16. Received: {dtypes.as_dtype(dtype).name}.")
    return _decode(contents, "DecodePng", channels, dtype, False, (0, 1, 2, 3, 4))


def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1, dct_method="", name=None):
    """Decodes a JPEG (or other supported) image to (height, width, channels) uint8.

    `channels` is 0, 1 or 3. `ratio` (1, 2, 4, 8) makes libjpeg decode at 1/ratio of the size
    (DCT scaling, as TensorFlow does). `fancy_upscaling`, `try_recover_truncated`,
    `acceptable_fraction` and `dct_method` are accepted for TensorFlow's signature; Pillow's
    libjpeg defaults apply.
    """
    if ratio not in (1, 2, 4, 8):
        raise InvalidArgumentError(None, "DecodeJpeg", f"DecodeJpeg: ratio must be 1, 2, 4 or 8. Received: {ratio}.")
    return _decode(contents, "DecodeJpeg", channels, dtypes.uint8, False, (0, 1, 3), ratio)


def decode_gif(contents, name=None):
    """Decodes every frame of a GIF to (frames, height, width, 3) uint8."""
    if state.graph is None and _format(as_bytes(contents, "contents")) != "GIF":
        raise InvalidArgumentError(None, "DecodeGif", "DecodeGif: the data is not a GIF image.")
    return _decode(contents, "DecodeGif", 3, dtypes.uint8, True, (3,))


def decode_bmp(contents, channels=0, name=None):
    """Decodes a BMP image to (height, width, channels) uint8."""
    return _decode(contents, "DecodeBmp", channels, dtypes.uint8, False, (0, 1, 3, 4))


@op("IsJpeg")
def _is_jpeg(xp, contents):
    data = contents[()]
    return np.array(isinstance(data, bytes) and _format(data) == "JPEG")


def is_jpeg(contents, name=None):
    """Whether `contents` starts like a JPEG file (a scalar bool tensor)."""
    return _is_jpeg(contents if hasattr(contents, "_dtype") else convert_to_tensor(contents, dtypes.string))


def _image_tensor(image, op, dtypes_allowed, channels_allowed):
    """`image` as a tensor, checked to be (height, width, channels) of an allowed dtype."""
    tensor = image if hasattr(image, "_dtype") else convert_to_tensor(image)
    dtype = np.dtype(tensor.dtype.as_numpy_dtype)
    if tensor.shape.rank != 3 or tensor.shape[-1] not in channels_allowed or dtype not in dtypes_allowed:
        raise InvalidArgumentError(None, op, f"{op}: image must be (height, width, channels) with channels "
                                   f"in {channels_allowed} and dtype in {[np.dtype(d).name for d in dtypes_allowed]}. "
                                   f"Received shape {tensor.shape}, dtype {dtype.name}.")
    return tensor


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@op("EncodePng")
def _encode_png(xp, array, compression):
    array = np.asarray(array)
    height, width, channels = array.shape
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    rows = array.astype(">u2" if array.dtype == np.uint16 else np.uint8).reshape(height, -1).view(np.uint8)
    raw = np.concatenate([np.zeros((height, 1), np.uint8), rows], axis=1).tobytes()  # filter 0 per row
    header = struct.pack(">IIBBBBB", width, height, array.dtype.itemsize * 8, color_type, 0, 0, 0)
    png = b"".join((b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header),
                    _chunk(b"IDAT", zlib.compress(raw, compression)), _chunk(b"IEND", b"")))
    return np.array(png, dtype=object)


def encode_png(image, compression=-1, name=None):
    """PNG-encodes a (height, width, channels) uint8 or uint16 image; channels 1-4.

    Args:
        image: the pixels (gray, gray+alpha, RGB or RGBA).
        compression: zlib level 0-9, or -1 for the default.

    Returns:
        A scalar string tensor holding the PNG file.
    """
    return _encode_png(_image_tensor(image, "EncodePng", (np.uint8, np.uint16), (1, 2, 3, 4)),
                       compression=int(compression))


@op("EncodeJpeg")
def _encode_jpeg(xp, array, format, options):  # noqa: A002
    array = np.asarray(array)
    if format:
        array = _set_channels(array, 1 if format == "grayscale" else 3)
    buffer = io.BytesIO()
    _pillow("EncodeJpeg").fromarray(array[..., 0] if array.shape[-1] == 1 else array).save(buffer, **options)
    return np.array(buffer.getvalue(), dtype=object)


def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,  # noqa: A002
                chroma_downsampling=True, density_unit="in", x_density=300, y_density=300,
                xmp_metadata="", name=None):
    """JPEG-encodes a (height, width, channels) uint8 image, 1 or 3 channels, with Pillow.

    Args:
        format: "" (by channels), "grayscale" or "rgb".
        quality: 0-100.
        progressive: write a progressive JPEG.
        optimize_size: optimize the Huffman tables (smaller, slower).
        chroma_downsampling: 4:2:0 chroma subsampling (else 4:4:4).
        density_unit, x_density, y_density: the resolution stored in the file ("in" or "cm").
        xmp_metadata: XMP text to embed (empty: none).

    Returns:
        A scalar string tensor holding the JPEG file.
    """
    tensor = _image_tensor(image, "EncodeJpeg", (np.uint8,), (1, 3))
    if format not in ("", "grayscale", "rgb"):
        raise ValueError(f"encode_jpeg: format must be '', 'grayscale' or 'rgb'. Received: {format!r}.")
    if density_unit not in ("in", "cm"):
        raise ValueError(f"encode_jpeg: density_unit must be 'in' or 'cm'. Received: {density_unit!r}.")
    _pillow("EncodeJpeg")  # fail now, naming the extra, rather than inside a graph
    per_inch = 2.54 if density_unit == "cm" else 1.0
    options = dict(format="JPEG", quality=int(quality), progressive=bool(progressive),
                   optimize=bool(optimize_size), subsampling=2 if chroma_downsampling else 0,
                   dpi=(x_density * per_inch, y_density * per_inch))
    if xmp_metadata:
        options["xmp"] = as_bytes(xmp_metadata)
    return _encode_jpeg(tensor, format=format, options=options)
