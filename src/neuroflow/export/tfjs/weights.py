"""TF.js weight files: a `weightsManifest` and binary shards of at most 4 MB.

The weights are laid end to end in manifest order (little-endian) and the byte stream is
cut into shards named `group1-shard{i}of{n}.bin`, as `tensorflowjs_converter` cuts it.
Quantization follows the converter: `float16` stores half floats; `uint8`/`uint16` store
`round((w - min) / scale)` with `min`/`scale` chosen so 0 is exact, and TF.js
reads back `q * scale + min`.
"""
import os

import numpy as np

__all__ = ["SHARD_BYTES", "write_weights", "read_weights"]

SHARD_BYTES = 4 * 1024 * 1024
_DTYPES = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}
_QUANTIZED = {"float16": np.float16, "uint8": np.uint8, "uint16": np.uint16}


def _affine_range(low, high, dtype):
    """The converter's nudged range: includes 0 exactly; returns (min, max, scale)."""
    quant_max = np.iinfo(dtype).max
    low, high = min(float(low), 0.0), max(float(high), 0.0)
    if low == high:
        return 0.0, 0.0, 1.0
    scale = (high - low) / quant_max
    zero_point = round(-low / scale)
    nudged_min = -zero_point * scale
    return nudged_min, nudged_min + quant_max * scale, scale


def _encode(name, array, quantization):
    dtype = str(array.dtype) if array.dtype != np.bool_ else "bool"
    if dtype not in _DTYPES:
        array, dtype = array.astype(np.float32), "float32"
    entry = {"name": name, "shape": list(array.shape), "dtype": dtype}
    if quantization is None or dtype != "float32":
        return entry, np.ascontiguousarray(array, _DTYPES[dtype]).astype(np.dtype(_DTYPES[dtype]).newbyteorder("<"))
    if quantization == "float16":
        entry["quantization"] = {"dtype": "float16", "original_dtype": "float32"}
        return entry, array.astype("<f2")
    qtype = _QUANTIZED[quantization]
    low, high, scale = _affine_range(array.min(initial=0.0), array.max(initial=0.0), qtype)
    entry["quantization"] = {"dtype": quantization, "min": low, "scale": scale, "original_dtype": "float32"}
    quantized = np.round((np.clip(array, low, high) - low) / scale)
    return entry, quantized.astype(np.dtype(qtype).newbyteorder("<"))


def write_weights(folder, named_arrays, quantization=None, shard_bytes=SHARD_BYTES):
    """Writes the shards of `named_arrays` ((name, array) pairs) into `folder`; returns the manifest."""
    if quantization not in (None, "float16", "uint8", "uint16"):
        raise ValueError(f"TF.js export: quantization must be None, 'float16', 'uint8' or 'uint16'. "
                         f"Received: quantization={quantization!r}.")
    entries, chunks = [], []
    for name, array in named_arrays:
        entry, data = _encode(name, np.asarray(array), quantization)
        entries.append(entry)
        chunks.append(memoryview(np.ascontiguousarray(data)).cast("B"))
    total = sum(len(c) for c in chunks)
    count = max(1, -(-total // shard_bytes))
    paths = [f"group1-shard{i + 1}of{count}.bin" for i in range(count)]
    files = [open(os.path.join(folder, p), "wb") for p in paths]
    try:
        shard, room = 0, shard_bytes
        for chunk in chunks:
            while len(chunk):
                if room == 0:
                    shard, room = shard + 1, shard_bytes
                piece, chunk = chunk[:room], chunk[room:]
                files[shard].write(piece)
                room -= len(piece)
    finally:
        for f in files:
            f.close()
    return [{"paths": paths, "weights": entries}]


def _entry_bytes(entry):
    stored = entry.get("quantization", {}).get("dtype", entry["dtype"])
    if stored not in _DTYPES and stored not in _QUANTIZED:
        raise ValueError(f"TF.js model: weight '{entry['name']}' has dtype {stored!r}; neuroflow reads float32, "
                         "int32, bool and float16/uint8/uint16 quantized weights.")
    itemsize = np.dtype(_DTYPES.get(stored) or _QUANTIZED[stored]).itemsize
    return stored, int(np.prod(entry["shape"], dtype=np.int64)) * itemsize


def read_weights(folder, manifest):
    """The weights a `weightsManifest` describes, as a dict name -> array; checks every shard's size first."""
    weights = {}
    for group in manifest:
        sizes = [_entry_bytes(entry)[1] for entry in group["weights"]]
        files = [os.path.join(folder, p) for p in group["paths"]]
        for path in files:
            if os.path.dirname(os.path.normpath(path)) != os.path.normpath(folder):
                raise ValueError(f"TF.js model in {folder}: shard path {path!r} leaves the model's folder.")
            if not os.path.isfile(path):
                raise ValueError(f"TF.js model in {folder}: the weight shard {os.path.basename(path)} listed in "
                                 "model.json is missing. Copy every group*-shard*.bin file next to model.json.")
        found = sum(os.path.getsize(p) for p in files)
        if found != sum(sizes):
            raise ValueError(f"TF.js model in {folder}: the shards {group['paths']} hold {found} bytes but the "
                             f"manifest's weights need {sum(sizes)} bytes. A shard is truncated or from another "
                             "model; export it again.")
        data = b"".join(open(p, "rb").read() for p in files)
        offset = 0
        for entry, size in zip(group["weights"], sizes):
            stored, _ = _entry_bytes(entry)
            kind = np.dtype(_DTYPES.get(stored) or _QUANTIZED[stored]).newbyteorder("<")
            array = np.frombuffer(data, kind, count=size // kind.itemsize, offset=offset).reshape(entry["shape"])
            offset += size
            quantization = entry.get("quantization")
            if quantization and stored != "float16":
                array = array.astype(np.float32) * np.float32(quantization["scale"]) + np.float32(quantization["min"])
            weights[entry["name"]] = array.astype(_DTYPES[entry["dtype"]])
    return weights
