"""`tf.lookup`: immutable key -> value tables (vocabularies, label maps) usable eagerly and in graphs.

A table is filled once from an initializer (`KeyValueTensorInitializer`, `TextFileInitializer`).
Eagerly, and when created inside a `tf.function`, it is filled at once; in a compat.v1 graph
it is filled when its initializer runs (`tf.compat.v1.tables_initializer()`), and a lookup
before that raises `FailedPreconditionError`, as in TensorFlow.

>>> import neuroflow as tf
>>> init = tf.lookup.KeyValueTensorInitializer(["a", "b"], [1, 2])
>>> table = tf.lookup.StaticHashTable(init, default_value=-1)
>>> table.lookup(tf.constant(["a", "c", "b"])).numpy()
array([ 1, -1,  2], dtype=int32)
>>> ids = tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([0, 1], tf.int64))
>>> vocab = tf.lookup.StaticVocabularyTable(ids, num_oov_buckets=3)
>>> vocab.lookup(tf.constant(["b", "zzz", "hello"])).numpy()    # unknown keys hash into 3 extra ids
array([1, 2, 3])
"""
import weakref

import numpy as np

from ..framework import dtypes, errors
from ..framework.convert import convert_to_tensor
from ..framework.tensor import Tensor
from ..graph.control_dependencies import group
from ..io import gfile
from ..ops.registry import as_tensor, op, state
from ..ops.string_hash import fingerprint64

__all__ = ["KeyValueTensorInitializer", "TextFileInitializer", "TextFileIndex", "StaticHashTable",
           "StaticVocabularyTable", "tables_initializer"]

_graph_tables = weakref.WeakKeyDictionary()   # compat.v1 graph -> its tables' initializer nodes


class KeyValueTensorInitializer:
    """Fills a table with `keys[i] -> values[i]` (1-D tensors or lists of equal length)."""

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        self._keys = convert_to_tensor(keys, dtype=key_dtype)
        self._values = convert_to_tensor(values, dtype=value_dtype)
        self.key_dtype, self.value_dtype = self._keys.dtype, self._values.dtype

    def _tensors(self):
        return self._keys, self._values


class TextFileIndex:
    """Where a text-file initializer takes keys and values: a column, the whole line or the line number."""
    WHOLE_LINE = -2
    LINE_NUMBER = -1


class TextFileInitializer:
    """Fills a table from a text file: one entry per line, `key_index`/`value_index` choosing the
    whole line, the line number, or a column split by `delimiter` (default tab)."""

    def __init__(self, filename, key_dtype, key_index, value_dtype, value_index, vocab_size=None,
                 delimiter="\t", name=None, value_index_offset=0):
        self.key_dtype, self.value_dtype = dtypes.as_dtype(key_dtype), dtypes.as_dtype(value_dtype)
        with gfile.GFile(filename.numpy().decode() if hasattr(filename, "numpy") else filename, "rb") as f:
            lines = f.read().splitlines()
        if vocab_size is not None:
            if len(lines) < vocab_size:
                raise errors.InvalidArgumentError(
                    None, "InitializeTableFromTextFile",
                    f"Invalid vocab_size in {filename}: expected {vocab_size} lines, found {len(lines)}.")
            lines = lines[:vocab_size]
        sep = delimiter.encode()

        def column(index, dtype, offset=0):
            if index == TextFileIndex.LINE_NUMBER:
                items = [i + offset for i in range(len(lines))]
            else:
                items = [line if index == TextFileIndex.WHOLE_LINE else line.split(sep)[index] for line in lines]
                if dtype != dtypes.string:
                    items = [int(x) if dtype.is_integer else float(x) for x in items]
            return convert_to_tensor(np.array(items, dtype=object if dtype == dtypes.string else dtype.as_numpy_dtype),
                                     dtype=dtype)
        self._keys = column(key_index, self.key_dtype)
        self._values = column(value_index, self.value_dtype, value_index_offset)

    def _tensors(self):
        return self._keys, self._values


@op("InitializeTableV2")
def _initialize(xp, keys, values, table):
    table._fill(np.asarray(keys), np.asarray(values))
    return ()


@op("LookupTableFindV2")
def _find(xp, keys, default, table):
    return table._find(np.asarray(keys), np.asarray(default))


class StaticHashTable:
    """An immutable table: `lookup(keys)` maps each key to its value, or to `default_value`.

    Args:
        initializer: a `KeyValueTensorInitializer` or `TextFileInitializer`.
        default_value: the value of keys not in the table.
    """

    def __init__(self, initializer, default_value, name=None, experimental_is_anonymous=False):
        self._initializer = initializer
        self.key_dtype, self.value_dtype = initializer.key_dtype, initializer.value_dtype
        self._default = convert_to_tensor(default_value, dtype=self.value_dtype)
        self._sorted_keys = None
        self.name = name
        self._init_op = _initialize_table(self, initializer)

    @property
    def default_value(self):
        return self._default

    @property
    def resource_handle(self):
        return self

    @property
    def initializer(self):
        """The operation filling the table (None when it was filled at creation)."""
        return self._init_op

    def size(self, name=None):
        """The number of entries (an int64 scalar)."""
        return Tensor(np.asarray(0 if self._sorted_keys is None else self._sorted_keys.size, np.int64),
                      dtypes.int64)

    def lookup(self, keys, name=None):
        """The value of each key in `keys` (any shape), `default_value` where a key is absent."""
        keys = as_tensor(keys)
        if keys.dtype != self.key_dtype:
            raise TypeError(f"{type(self).__name__}.lookup: keys must be {self.key_dtype.name}, got "
                            f"{keys.dtype.name}. Use tf.cast, or build the table with key_dtype={keys.dtype.name}.")
        graph = getattr(keys, "_graph", None) or state.graph
        if graph is None:
            return _find(keys, self._default, table=self)
        stand_in = np.zeros(keys._value.shape, self._out_dtype().as_numpy_dtype)
        captured = [graph.capture(t) for t in (keys, self._default)]
        return graph.add_recorded(_find.op, captured, {"table": self}, (stand_in,), True,
                                  shapes=(keys.shape,), recorded=[keys, self._default])

    def _out_dtype(self):
        return self.value_dtype

    def export(self, name=None):
        """(keys, values): the table's entries as two tensors."""
        self._check_ready()
        return (Tensor(self._sorted_keys, self.key_dtype), Tensor(self._values, self.value_dtype))

    # --- the data -----------------------------------------------------------------------------
    def _fill(self, keys, values):
        if keys.shape != values.shape or keys.ndim != 1:
            raise errors.InvalidArgumentError(
                None, "InitializeTableV2", f"Expected shape {keys.shape} for values, got {values.shape}: a "
                "table needs 1-D keys and values of the same length.")
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        if sorted_keys.size > 1 and np.any(sorted_keys[1:] == sorted_keys[:-1]):
            raise errors.FailedPreconditionError(
                None, "InitializeTableV2", "HashTable has different value for same key: each key must appear "
                "once in the initializer.")
        self._sorted_keys, self._values = sorted_keys, values[order]

    def _check_ready(self):
        if self._sorted_keys is None:
            raise errors.FailedPreconditionError(
                None, "LookupTableFindV2", "Table not initialized. Run tf.compat.v1.tables_initializer() (or "
                "the table's initializer) in the session first.")

    def _positions(self, keys):
        """(index into the sorted keys, found mask) for each key."""
        self._check_ready()
        if self._sorted_keys.size == 0:
            return np.zeros(keys.shape, np.intp), np.zeros(keys.shape, bool)
        index = np.searchsorted(self._sorted_keys, keys).clip(0, self._sorted_keys.size - 1)
        return index, self._sorted_keys[index] == keys

    def _find(self, keys, default):
        index, found = self._positions(keys)
        return np.where(found, self._values[index], default).astype(self._values.dtype)


class StaticVocabularyTable(StaticHashTable):
    """A vocabulary: keys in the initializer map to their ids; any other key to one of
    `num_oov_buckets` extra ids, `vocab_size + fingerprint64(key) % num_oov_buckets`.

    Values are int64 ids; keys hash with TensorFlow's Fingerprint64 (integers as their decimal
    text), so the buckets are TensorFlow's.
    """

    def __init__(self, initializer, num_oov_buckets, lookup_key_dtype=None, name=None,
                 experimental_is_anonymous=False):
        if num_oov_buckets <= 0:
            raise ValueError(f"StaticVocabularyTable: num_oov_buckets must be > 0, got {num_oov_buckets}; "
                             "use StaticHashTable for a table without out-of-vocabulary ids.")
        self.num_oov_buckets = int(num_oov_buckets)
        super().__init__(initializer, -1, name)
        self.value_dtype = dtypes.int64
        self._default = convert_to_tensor(np.int64(-1))

    def size(self, name=None):
        return Tensor(np.asarray(int(super().size()) + self.num_oov_buckets, np.int64), dtypes.int64)

    def _find(self, keys, default):
        index, found = self._positions(keys)
        # as TensorFlow: integer keys hash as their decimal text
        hashes = np.array([fingerprint64(k if isinstance(k, bytes) else str(k).encode()) for k in keys.reshape(-1)],
                          np.uint64)
        buckets = (hashes % np.uint64(self.num_oov_buckets)).astype(np.int64).reshape(keys.shape)
        return np.where(found, self._values[index].astype(np.int64), self._sorted_keys.size + buckets)


def _initialize_table(table, initializer):
    """Fills `table` now (eagerly, or inside a tf.function: TensorFlow's init_scope) or, in a
    compat.v1 graph, adds the node that fills it; returns that node (None when filled now)."""
    keys, values = initializer._tensors()
    graph = state.graph
    if graph is None or graph.building_function:
        table._fill(np.asarray(keys.numpy()), np.asarray(values.numpy()))
        return None
    node = graph.add_node(_initialize.op, [graph.capture(keys), graph.capture(values)], {"table": table}, ())
    _graph_tables.setdefault(graph, []).append(node)
    return node


def tables_initializer(name="init_all_tables"):
    """The operation filling every table of the default compat.v1 graph (None executing eagerly)."""
    graph = state.graph
    if graph is None:
        return None
    return group(*_graph_tables.get(graph, []), name=name)
