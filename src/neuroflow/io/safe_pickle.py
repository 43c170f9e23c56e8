"""Reading pickled NumPy data without running code from the file.

Some dataset files are pickles: CIFAR's batches (dicts of NumPy arrays and lists) and the
object arrays inside IMDB's and Reuters' `.npz` files (arrays of Python lists). Python's
`pickle` can call any function a file names, so loading them with `pickle.load` or
`np.load(allow_pickle=True)` would run whatever a tampered file asks for. Here the
unpickler admits only the few NumPy constructors such data needs; any other global
(`os.system`, `builtins.eval`, a class of some library) is refused with
`pickle.UnpicklingError` before anything is called.

>>> import pickle, numpy as np
>>> from neuroflow.io import safe_pickle
>>> safe_pickle.loads(pickle.dumps({b"labels": [3, 1], b"data": np.zeros((2, 3), np.uint8)}))
{b'labels': [3, 1], b'data': array([[0, 0, 0],
       [0, 0, 0]], dtype=uint8)}
>>> import os
>>> safe_pickle.loads(pickle.dumps(os.getcwd))
Traceback (most recent call last):
...
_pickle.UnpicklingError: refusing to load posix.getcwd from a pickle: only NumPy arrays, dtypes and builtin containers are allowed ...
"""
import io
import pickle
import zipfile

import numpy as np

__all__ = ["RestrictedUnpickler", "load", "loads", "load_npz"]

# The globals that pickled NumPy arrays, dtypes and scalars name (NumPy 1.x and 2.x spellings).
_ALLOWED = frozenset({
    ("numpy", "ndarray"), ("numpy", "dtype"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "scalar"), ("numpy._core.multiarray", "scalar"),
    ("_codecs", "encode"),  # how protocol-2 pickles spell a bytes literal
})


class RestrictedUnpickler(pickle.Unpickler):
    """An unpickler that builds only NumPy arrays, dtypes, scalars and builtin containers."""

    def find_class(self, module, name):
        if (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"refusing to load {module}.{name} from a pickle: only NumPy arrays, dtypes and builtin "
            "containers are allowed in dataset files. The file is not the dataset it claims to be; "
            "delete it and download it again.")


def load(file, encoding="ASCII"):
    """Unpickles one object from the binary file object `file`, refusing foreign globals.

    Args:
        file: a binary file object.
        encoding: how to decode Python 2 strings (`"bytes"` keeps them as bytes, as CIFAR needs).
    """
    return RestrictedUnpickler(file, encoding=encoding).load()


def loads(data, encoding="ASCII"):
    """Unpickles `data` (bytes), refusing foreign globals. See `load`."""
    return load(io.BytesIO(data), encoding=encoding)


def _read_npy(stream, name, source):
    version = np.lib.format.read_magic(stream)
    read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) \
        else np.lib.format.read_array_header_2_0
    shape, fortran_order, dtype = read_header(stream)
    if not dtype.hasobject:
        count = int(np.prod(shape, dtype=np.int64))
        data = np.frombuffer(stream.read(count * dtype.itemsize), dtype=dtype)
        if data.size != count:
            raise ValueError(f"{source}: member {name!r} is truncated: expected {count} items of "
                             f"{dtype}, found {data.size}.")
        return data.reshape(shape, order="F" if fortran_order else "C")
    array = load(stream)
    if not isinstance(array, np.ndarray) or array.shape != tuple(shape):
        raise ValueError(f"{source}: member {name!r} does not hold the object array of shape "
                         f"{tuple(shape)} its header announces.")
    return array


def load_npz(path):
    """Reads every array of the `.npz` file at `path` into a dict, object arrays included.

    Object arrays (which `np.load` reads only with `allow_pickle=True`) go through the
    restricted unpickler, so a file can hold arrays of lists of numbers but cannot make
    the loader call anything.

    >>> import os, tempfile, numpy as np
    >>> path = os.path.join(tempfile.mkdtemp(), "seqs.npz")
    >>> seqs = np.empty(2, dtype=object); seqs[0] = [1, 5, 9]; seqs[1] = [2]
    >>> np.savez(path, x=seqs, y=np.array([0, 1]))
    >>> arrays = load_npz(path)
    >>> arrays["x"].tolist(), arrays["y"].tolist()
    ([[1, 5, 9], [2]], [0, 1])
    """
    arrays = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if not member.endswith(".npy"):
                    continue
                with archive.open(member) as stream:
                    arrays[member[:-4]] = _read_npy(io.BufferedReader(stream), member, path)
    except zipfile.BadZipFile as e:
        raise ValueError(f"{path} is not a valid .npz file ({e}). Delete it and download it again.") from e
    return arrays
