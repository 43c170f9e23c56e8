"""`tf.train.Checkpoint`: save and restore variables by the objects that own them.

Files are TensorFlow's (`PREFIX.index` + `PREFIX.data-00000-of-00001`, with the object graph
under `_CHECKPOINTABLE_OBJECT_GRAPH`), so TensorFlow restores them and they restore
TensorFlow's. Restoring matches objects by their names in the saved object graph, not by
variable names; values whose objects do not exist yet are restored when they are created
(deferred restoration).

>>> import os, tempfile
>>> import neuroflow as tf
>>> net = tf.Module()
>>> net.w = tf.Variable([1.0, 2.0])
>>> path = tf.train.Checkpoint(net=net).save(os.path.join(tempfile.mkdtemp(), "ckpt"))
>>> os.path.basename(path)
'ckpt-1'
>>> _ = net.w.assign([0.0, 0.0])
>>> _ = tf.train.Checkpoint(net=net).restore(path).assert_consumed()
>>> net.w.numpy()
array([1., 2.], dtype=float32)
"""
import inspect
import os

import numpy as np

from ..framework import dtypes, restore_hooks
from ..framework.errors import InvalidArgumentError
from ..framework.variable import Variable
from .async_checkpoint import AsyncWriter
from .checkpoint_management import latest_checkpoint
from .checkpoint_writer import Snapshot, send_snapshot, write_checkpoint, write_snapshot
from .tensor_bundle import BundleReader, data_pieces
from .checkpoint_proto import TrackableObjectGraph
from .trackable import (OBJECT_GRAPH_KEY, VARIABLE_VALUE, ObjectGraphCache, is_trackable, object_graph,
                        trackable_children)

__all__ = ["Checkpoint", "CheckpointOptions"]


def _host_value(variable):
    """The variable's value as a NumPy array: its own buffer when it is one (no copy)."""
    value = variable._value
    return value if isinstance(value, np.ndarray) else variable.numpy()  # a host copy of a device array


class CheckpointOptions:
    """Options for `Checkpoint.save`/`write`/`read`/`restore` and `CheckpointManager.save`.

    Args:
        experimental_io_device: accepted for TensorFlow compatibility (files are written by the host).
        experimental_enable_async_checkpoint: deprecated spelling of `enable_async`.
        experimental_write_callbacks: functions called, in order, after each `save`/`write`
            finished writing (for an asynchronous save: on the writer thread, once the files are
            complete); each takes no argument or the checkpoint's path.
        enable_async: write the files in the background (by the checkpoint writer process on
            Linux, else on a thread; see `neuroflow.train.checkpoint_writer`): `save` returns once
            the values are copied; the next save, restore or `Checkpoint.sync()` waits for the write.
        experimental_skip_slot_variables, experimental_sharding_callback: accepted for
            TensorFlow compatibility (checkpoints are written as one shard).

    >>> options = CheckpointOptions(enable_async=True)
    >>> options.enable_async, options.experimental_enable_async_checkpoint
    (True, True)
    """

    __slots__ = ("experimental_io_device", "experimental_enable_async_checkpoint", "experimental_write_callbacks",
                 "enable_async", "experimental_sharding_callback", "experimental_skip_slot_variables")

    def __init__(self, experimental_io_device=None, experimental_enable_async_checkpoint=False,
                 experimental_write_callbacks=None, enable_async=False, experimental_skip_slot_variables=False,
                 experimental_sharding_callback=None):
        self.experimental_io_device = experimental_io_device
        self.enable_async = bool(experimental_enable_async_checkpoint or enable_async)
        self.experimental_enable_async_checkpoint = self.enable_async
        for callback in experimental_write_callbacks or ():
            if len(inspect.signature(callback).parameters) > 1:
                raise ValueError(f"CheckpointOptions: a write callback takes no argument or the checkpoint "
                                 f"path, but {callback!r} takes {len(inspect.signature(callback).parameters)}.")
        self.experimental_write_callbacks = experimental_write_callbacks
        self.experimental_sharding_callback = experimental_sharding_callback
        self.experimental_skip_slot_variables = experimental_skip_slot_variables


def _run_callbacks(callbacks, save_path):
    for callback in callbacks or ():
        if inspect.signature(callback).parameters:
            callback(save_path)
        else:
            callback()


class Checkpoint:
    """Groups trackable objects for saving and restoring: `Checkpoint(model=m, optimizer=opt)`.

    Args:
        root: an optional root object; its own children are saved at the top level.
        **kwargs: the objects to save, by name (variables, `tf.Module`s, Keras layers, models
            and optimizers, lists and dicts of them).
    """

    _reports_tracking = True  # (see restore_hooks)

    def __init__(self, root=None, **kwargs):
        for name, value in ([("root", root)] if root is not None else []) + list(kwargs.items()):
            if not is_trackable(value):
                raise ValueError(f"`Checkpoint` was expecting {name} to be a trackable object (an object "
                                 f"derived from `Trackable`), got {value!r}. If you believe this object "
                                 "should be trackable (i.e. it is part of the TensorFlow Python API and "
                                 "manages state), please open an issue.")
        object.__setattr__(self, "_root", root)
        object.__setattr__(self, "_children", dict(kwargs))
        object.__setattr__(self, "_save_counter", None)
        object.__setattr__(self, "_writer", None)  # the AsyncWriter, after the first asynchronous save
        object.__setattr__(self, "_snapshot", None)  # its Snapshot: the values of the save being written
        object.__setattr__(self, "_graph", None)  # its ObjectGraphCache

    def __setattr__(self, name, value):
        if name.startswith("_") or not is_trackable(value):
            object.__setattr__(self, name, value)
            return
        self._children[name] = value
        restore_hooks.object_tracked(self)

    def __getattr__(self, name):
        children = self.__dict__.get("_children", {})
        if name in children:
            return children[name]
        raise AttributeError(f"'Checkpoint' object has no attribute {name!r}")

    def _trackable_children(self):
        children = trackable_children(self._root) if self._root is not None else []
        children += list(self._children.items())
        if self._root is not None:
            children.append(("root", self))  # TensorFlow's layout: the root object is node 0 itself
        if self._save_counter is not None:
            children.append(("save_counter", self._save_counter))
        return children

    @property
    def save_counter(self):
        """The number of `save` calls so far (an int64 variable, saved with the checkpoint)."""
        self._maybe_create_save_counter()
        return self._save_counter

    def _maybe_create_save_counter(self):
        if self._save_counter is None:
            object.__setattr__(self, "_save_counter", Variable(0, dtype=dtypes.int64, trainable=False,
                                                               name="save_counter"))
            restore_hooks.object_tracked(self)

    # --- writing ---------------------------------------------------------------------------------
    def sync(self):
        """Waits for a pending asynchronous save and raises the error it ended with, if any."""
        if self._writer is not None:
            self._writer.sync()

    def write(self, file_prefix, options=None):
        """Writes the checkpoint files of `file_prefix` (no numbering, no `checkpoint` file).

        Args:
            file_prefix: the path prefix of the files.
            options: a `tf.train.CheckpointOptions`; with `enable_async=True` the files are
                written in the background (see `sync`).

        Returns:
            `file_prefix`, the path to pass to `read`/`restore`.
        """
        return self._write(os.fspath(file_prefix), options)

    def _write(self, file_prefix, options=None, state=None, delete=(), written=None):
        """Writes `file_prefix` (in the background when `options` asks: the values are copied first).

        `state` (the `update_checkpoint_state` arguments of the folder's `checkpoint` file) and
        `delete` (checkpoints to delete) go with the write (`checkpoint_writer.write_checkpoint`);
        `written()` runs once the files are committed, before the write callbacks.
        """
        self.sync()  # one write at a time; a failed asynchronous write surfaces here
        directory = os.path.dirname(file_prefix)  # (made by `write_checkpoint` where it is missing)
        asynchronous = options is not None and options.enable_async
        if not asynchronous:
            proto, values = object_graph(self)
            graph = proto.SerializeToString()
        else:
            if self._writer is None:
                object.__setattr__(self, "_writer", AsyncWriter())
                object.__setattr__(self, "_snapshot", Snapshot())
                object.__setattr__(self, "_graph", ObjectGraphCache(self))
            graph, values = self._graph.get()  # walked again only when the graph may have changed
        tensors = {key: _host_value(variable) for key, variable in values}
        tensors[OBJECT_GRAPH_KEY] = np.array(graph, dtype=object)
        callbacks = options.experimental_write_callbacks if options is not None else None

        def finish():
            if written is not None:
                written()
            _run_callbacks(callbacks, file_prefix)

        if not asynchronous:
            write_checkpoint(file_prefix, data_pieces(tensors), state, delete)
            finish()
            return file_prefix
        self._snapshot.take(tensors)  # the copy: training may change the values at once
        snapshot = self._snapshot
        # The writer process gets the job now and its answer is read at the next sync; write callbacks
        # run as soon as the files are written, so a save with some waits for the answer on the thread.
        pending = None if callbacks else send_snapshot(file_prefix, snapshot, state, delete, then=written)
        if pending is not None:
            self._writer.track(pending, directory or ".")
            return file_prefix

        def write():
            write_snapshot(file_prefix, snapshot, state, delete)
            finish()
        self._writer.submit(write, directory or ".")
        return file_prefix

    def save(self, file_prefix, options=None):
        """Saves to `f"{file_prefix}-{n}"` (n: the new `save_counter`) and records it in the
        folder's `checkpoint` file, which `tf.train.latest_checkpoint` reads.

        Args:
            file_prefix: the path prefix; the checkpoint number is appended.
            options: a `tf.train.CheckpointOptions`; with `enable_async=True` the files (and the
                `checkpoint` file) are written in the background (see `sync`).

        Returns:
            The path of the new checkpoint.

        >>> import os, tempfile
        >>> import neuroflow as tf
        >>> folder = tempfile.mkdtemp()
        >>> ckpt = tf.train.Checkpoint(v=tf.Variable(3.0))
        >>> path = ckpt.save(os.path.join(folder, "ckpt"), options=tf.train.CheckpointOptions(enable_async=True))
        >>> _ = ckpt.v.assign(0.0)   # training goes on; the saved value was copied
        >>> ckpt.sync()
        >>> _ = ckpt.restore(path)
        >>> float(ckpt.v.numpy()), tf.train.latest_checkpoint(folder) == path
        (3.0, True)
        """
        self.sync()
        self.save_counter.assign_add(1)
        path = f"{os.fspath(file_prefix)}-{int(self._save_counter.numpy())}"

        return self._write(path, options, dict(save_dir=os.path.dirname(path), model_checkpoint_path=path,
                                               all_model_checkpoint_paths=[path]))

    # --- reading ---------------------------------------------------------------------------------
    def read(self, save_path, options=None):
        """Restores the checkpoint `save_path` (a prefix, as `write` returned).

        Returns:
            A `CheckpointLoadStatus` with `assert_consumed()`, `assert_existing_objects_matched()`,
            `expect_partial()`.
        """
        self.sync()
        return CheckpointLoadStatus(self, os.fspath(save_path))

    def restore(self, save_path, options=None):
        """Restores `save_path` (a checkpoint prefix or a folder: its latest checkpoint).

        With `save_path=None` nothing is restored and an `InitializationOnlyStatus` is returned.
        Values of objects that do not exist yet are restored when they are created. Unlike
        `read`, also restores `save_counter`, so later `save`s continue the numbering.
        """
        if save_path is None:
            return InitializationOnlyStatus()
        self.sync()
        save_path = os.fspath(save_path)
        if os.path.isdir(save_path):
            save_path = latest_checkpoint(save_path) or save_path
        status = self.read(save_path, options)
        self._maybe_create_save_counter()  # created after reading, it is restored as a deferred value
        return status


class CheckpointLoadStatus:
    """What a restore matched: the saved object graph bound to live objects.

    Holds the restore open while saved values still lack objects: when such objects
    are created (a layer is built, an optimizer makes its slots), they are filled in.
    """

    def __init__(self, checkpoint, save_path):
        self._reader = BundleReader(save_path)
        self._save_path = save_path
        self._graph = TrackableObjectGraph.FromString(bytes(self._reader.tensor(OBJECT_GRAPH_KEY).item()))
        self._root = checkpoint
        self._bound = {}  # node id -> live object
        self._node_of = {}  # id(live object) -> node id
        self._restored = set()  # node ids whose values are restored
        self._match(0, checkpoint, set())
        if not self._complete():
            restore_hooks.add_listener(self._object_tracked)

    def _complete(self):
        return all(node_id in self._restored for node_id, node in enumerate(self._graph.nodes)
                   if node.attributes)

    def _object_tracked(self, owner):
        node_id = self._node_of.get(id(owner))
        if node_id is not None:
            self._match(node_id, owner, set())
            if self._complete():
                restore_hooks.remove_listener(self._object_tracked)

    def _match(self, node_id, obj, visiting):
        if node_id in visiting:
            return
        visiting.add(node_id)
        bound = self._bound.get(node_id)
        if bound is None:
            self._bound[node_id] = obj
            self._node_of[id(obj)] = node_id
        elif bound is not obj:
            return  # the saved object is already bound to another live object
        node = self._graph.nodes[node_id]
        if node_id not in self._restored and node.attributes:
            self._restore_values(node, obj)
            self._restored.add(node_id)
        live = None
        for ref in node.children:
            if live is None:
                live = dict(trackable_children(obj))
            child = live.get(ref.local_name)
            if child is not None:
                self._match(ref.node_id, child, visiting)

    def _restore_values(self, node, obj):
        for attribute in node.attributes:
            if attribute.name != VARIABLE_VALUE or not isinstance(obj, Variable):
                raise ValueError(f"Checkpoint {self._save_path}: the saved value {attribute.checkpoint_key} "
                                 f"({attribute.name}) cannot be restored into {type(obj).__name__} object "
                                 f"{obj!r}; only variables are restored.")
            key = attribute.checkpoint_key
            array = self._reader.tensor(key)
            shape = tuple(obj.shape)
            if array.shape != shape:
                raise ValueError(f"Received incompatible tensor with shape {array.shape} when attempting "
                                 f"to restore variable with shape {shape} and name {obj.name}.")
            stored = self._reader.dtype(key)
            if stored != obj.dtype:
                raise InvalidArgumentError(None, "RestoreV2", f"tensor_name = {key}; expected dtype "
                                           f"{obj.dtype.name} does not equal original dtype {stored.name}")
            obj.assign(array)

    # --- checks ----------------------------------------------------------------------------------
    def _unmatched_live_variables(self):
        _, values = object_graph(self._root)
        return [key for key, variable in values if id(variable) not in self._node_of]

    def assert_consumed(self):
        """Raises `AssertionError` unless every saved value was restored and every variable matched."""
        missing = [node.attributes[0].checkpoint_key for node_id, node in enumerate(self._graph.nodes)
                   if node.attributes and node_id not in self._restored]
        if missing:
            raise AssertionError(f"Unresolved object in checkpoint {self._save_path}: the values "
                                 f"{missing} have no matching object (yet). Build the model/optimizer "
                                 "first, or use expect_partial() for a partial restore.")
        return self.assert_existing_objects_matched()

    def assert_existing_objects_matched(self):
        """Raises `AssertionError` unless every existing variable got a value from the checkpoint."""
        unmatched = self._unmatched_live_variables()
        if unmatched:
            raise AssertionError(f"Some Python objects were not bound to checkpointed values, likely due "
                                 f"to changes in the Python program: {unmatched} are not in checkpoint "
                                 f"{self._save_path}.")
        return self

    def assert_nontrivial_match(self):
        """Raises `AssertionError` unless something besides the root was matched."""
        if len(self._bound) <= 1:
            raise AssertionError(f"Nothing except the root object matched a checkpointed value in "
                                 f"{self._save_path}. Typically this means that the checkpoint does not "
                                 "match the Python program.")
        return self

    def expect_partial(self):
        """Marks the restore as intentionally partial (saved values may stay unused); returns self."""
        return self

    def run_restore_ops(self, session=None):
        """Values are restored eagerly: nothing to run."""

    def initialize_or_restore(self, session=None):
        """Values are restored eagerly: nothing to run."""


class InitializationOnlyStatus:
    """The status of `restore(None)`: nothing restored, variables keep their initial values."""

    def assert_consumed(self):
        raise AssertionError("No checkpoint specified (save_path=None); nothing is being restored.")

    def assert_existing_objects_matched(self):
        raise AssertionError("No checkpoint specified (save_path=None); nothing is being restored.")

    def assert_nontrivial_match(self):
        raise AssertionError("No checkpoint specified (save_path=None); nothing is being restored.")

    def expect_partial(self):
        return self

    def run_restore_ops(self, session=None):
        """Nothing to run."""

    def initialize_or_restore(self, session=None):
        """Variables are initialized when created: nothing to run."""
