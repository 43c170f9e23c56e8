"""`TensorBoard`: writes training curves, weight histograms, images and the model's graph for TensorBoard.

The layout is Keras 3's: `log_dir/train` and `log_dir/validation` are two runs;
epoch metrics are `epoch_loss`, `epoch_<metric>` (and `epoch_learning_rate`), batch
metrics `batch_<metric>`, weight histograms `<weight path>/histogram`. Records are
queued (up to 1000), handed to the event writer's own thread in bulk and written there,
at the latest at the end of each epoch: training never waits for the disk. The files are
flushed by that thread (at least every 10 s) and closed when training ends. Needs
`pip install neuroflow[tensorboard]`; then run `tensorboard --logdir <log_dir>` and open
http://localhost:6006.

>>> import tempfile
>>> import numpy as np
>>> from neuroflow import keras
>>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
>>> model.compile("sgd", "mse")
>>> log_dir = tempfile.mkdtemp()
>>> _ = model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=2, verbose=0, validation_split=0.25,
...               callbacks=[keras.callbacks.TensorBoard(log_dir, histogram_freq=1)])
>>> import os; sorted(os.listdir(log_dir))
['train', 'validation']
"""
import contextlib
import logging
import os
import time

import numpy as np

from ...framework import replicas
from .callback import Callback

__all__ = ["TensorBoard"]


_modules = {}
# Records a writer keeps before handing them to its thread in one go (TensorFlow's default is 10):
# each hand-over wakes the thread, which then competes with training for the GIL.
_MAX_QUEUE = 1000
_FLUSH_MILLIS = 10_000  # the writer thread flushes the file at least this often while records arrive


def _summary():
    """`tf.summary` (layer 6), imported when a writer is first needed."""
    module = _modules.get("summary")
    if module is None:
        from ... import summary
        module = _modules["summary"] = summary
    return module


class TensorBoard(Callback):
    """Logs metrics, weight histograms and images, and the training graph, for TensorBoard.

    Args:
        log_dir: the folder for the logs (runs `train` and `validation` go beneath it).
        histogram_freq: write weight histograms every this many epochs (0: never).
        write_graph: write the graph of the compiled training step (TensorBoard's
            "Graphs" tab); written after the first compiled step (not with `run_eagerly=True`).
        write_images: also write the weights as images (with `histogram_freq`).
        write_steps_per_second: log training steps per second (per epoch and, with batch
            logging, per batch).
        update_freq: "epoch", "batch" or an int N: write batch metrics every N batches
            (`batch_<metric>`); `tf.summary` calls inside the model are recorded on the
            same batches, with the batch number as step.
        profile_batch: a batch or `(start, stop)` range to trace: neuroflow has no profiler,
            so this writes the graph that ran in that range under the tag `batch_<stop>`.
            0 (the default) disables it.
        embeddings_freq, embeddings_metadata: Keras' embedding projector; only 0/None is supported.
    """

    def __init__(self, log_dir="logs", histogram_freq=0, write_graph=True, write_images=False,
                 write_steps_per_second=False, update_freq="epoch", profile_batch=0, embeddings_freq=0,
                 embeddings_metadata=None):
        super().__init__()
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = histogram_freq
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = 1 if update_freq == "batch" else update_freq
        if not (self.update_freq == "epoch" or isinstance(self.update_freq, int) and self.update_freq > 0):
            raise ValueError(f"TensorBoard: update_freq must be 'epoch', 'batch' or a positive integer. "
                             f"Received: update_freq={update_freq!r}")
        if embeddings_freq:
            raise NotImplementedError("TensorBoard: embeddings_freq is not supported by neuroflow (no embedding "
                                      "projector export). Use embeddings_freq=0.")
        self.embeddings_freq, self.embeddings_metadata = embeddings_freq, embeddings_metadata
        self._start_batch, self._stop_batch = _profile_range(profile_batch)
        self._writers = {}
        self._steps = {"train": _Counter(), "validation": _Counter()}  # the batch numbers, as steps
        self._global_train_batch = self._global_test_batch = 0
        self._pushed = []
        self._graph_function = None
        self._observer = None
        self._tracing = self._training = False
        self._epoch_start = self._batch_start = 0.0
        self._epoch_iterations = 0
        if self.update_freq != "epoch" or self.write_steps_per_second or self._start_batch:
            # Batch hooks only when they have work: otherwise fit never calls this callback per batch.
            self.on_train_batch_begin = self._train_batch_begin
            self.on_train_batch_end = self._train_batch_end
        if self.update_freq != "epoch":
            self.on_test_batch_begin = self._test_batch_begin

    # --- writers ------------------------------------------------------------------------------
    def set_model(self, model):
        super().set_model(model)
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        self._writers = {}

    def _writer(self, run):
        writer = self._writers.get(run)
        if writer is None and not replicas.is_chief():  # tf.distribute: only rank 0 writes logs
            writer = self._writers[run] = _summary().create_noop_writer()
        elif writer is None:
            writer = self._writers[run] = _summary().create_file_writer(
                self._train_dir if run == "train" else self._val_dir, max_queue=_MAX_QUEUE,
                flush_millis=_FLUSH_MILLIS)
        return writer

    @contextlib.contextmanager
    def _writing(self, run):
        """`run`'s writer as the default, recording whatever `update_freq` says about batches;
        on exit its records go to the writer thread, and training does not wait for the disk."""
        from ...summary.writer import default_writer
        with _summary().record_if(True), default_writer(self._writer(run)) as writer:
            yield writer

    def _close_writers(self):
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    def _push_writer(self, run):
        """Makes `run`'s writer the default for `tf.summary` calls inside the model (batch logging only)."""
        if self.update_freq == "epoch":
            return
        step, freq = self._steps[run], self.update_freq
        from ...summary.writer import default_writer
        contexts = (default_writer(self._writer(run), step), _summary().record_if(lambda: step.value % freq == 0))
        for context in contexts:
            context.__enter__()
        self._pushed.append(contexts)

    def _pop_writer(self):
        if self._pushed:
            for context in reversed(self._pushed.pop()):
                context.__exit__(None, None, None)

    # --- training -------------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        self._training = True
        self._global_train_batch = 0
        self._push_writer("train")
        if self.write_graph:
            self._watch_graph()

    def on_train_end(self, logs=None):
        self._training = False
        self._pop_writer()
        self._unwatch_graph()
        if self._tracing:
            self._stop_trace()
        self._close_writers()

    def _train_batch_begin(self, batch, logs=None):
        self._global_train_batch += 1
        self._steps["train"].value = self._global_train_batch
        if self.write_steps_per_second:
            self._batch_start = time.time()
        if self._start_batch and self._global_train_batch == self._start_batch:
            _summary().trace_on(graph=True)
            self._tracing = True

    def _train_batch_end(self, batch, logs=None):
        step = self._global_train_batch
        if self.update_freq != "epoch" and step % self.update_freq == 0:
            # The train writer is the default (_push_writer) and its record_if holds at this step.
            summary = _summary()
            if self.write_steps_per_second:
                summary.scalar("batch_steps_per_second", 1.0 / max(time.time() - self._batch_start, 1e-9),
                               step=step)
            for name, value in (logs or {}).items():
                summary.scalar(f"batch_{name}", value, step=step)
        if self._tracing and step >= self._stop_batch:
            self._stop_trace()

    def on_epoch_begin(self, epoch, logs=None):
        if self.write_steps_per_second:
            self._epoch_iterations = int(self.model.optimizer.iterations)
            self._epoch_start = time.time()

    def on_epoch_end(self, epoch, logs=None):
        self._write_graph_if_ready()
        self._log_epoch_metrics(epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(epoch)
        for writer in self._writers.values():
            writer.hand_over()  # written by the writer thread, on disk within _FLUSH_MILLIS

    # --- evaluation -----------------------------------------------------------------------------
    def on_test_begin(self, logs=None):
        self._push_writer("validation")

    def _test_batch_begin(self, batch, logs=None):
        self._global_test_batch += 1
        self._steps["validation"].value = self._global_test_batch

    def on_test_end(self, logs=None):
        optimizer = getattr(self.model, "optimizer", None)
        if optimizer is not None and logs:
            summary = _summary()
            with self._writing("validation"):
                iterations = int(optimizer.iterations)
                for name, value in logs.items():
                    summary.scalar(f"evaluation_{name}_vs_iterations", value, step=iterations)
        self._pop_writer()
        if not self._training:  # a standalone evaluate(): no epoch end or train end will flush
            self._writer("validation").flush()

    # --- what is written ------------------------------------------------------------------------
    def _collect_learning_rate(self, logs):
        from ..optimizers.optimizer import Optimizer
        optimizer = getattr(self.model, "optimizer", None)
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if isinstance(optimizer, Optimizer):
            logs["learning_rate"] = float(np.asarray(optimizer.learning_rate))
        return logs

    def _log_epoch_metrics(self, epoch, logs):
        if not logs:
            return
        summary = _summary()
        train_logs = {k: v for k, v in logs.items() if not k.startswith("val_")}
        val_logs = {k[4:]: v for k, v in logs.items() if k.startswith("val_")}
        train_logs = self._collect_learning_rate(train_logs)
        if self.write_steps_per_second:
            seconds = max(time.time() - self._epoch_start, 1e-9)
            train_logs["steps_per_second"] = (int(self.model.optimizer.iterations) - self._epoch_iterations) / seconds
        for run, run_logs in (("train", train_logs), ("validation", val_logs)):
            if run_logs:
                with self._writing(run):
                    for name, value in run_logs.items():
                        summary.scalar(f"epoch_{name}", value, step=epoch)

    def _log_weights(self, epoch):
        summary = _summary()
        with self._writing("train"):
            for layer in self.model.layers:
                for weight in layer.weights:
                    name = weight.path.replace(":", "_")
                    summary.histogram(f"{name}/histogram", weight, step=epoch)
                    if self.write_images:
                        self._log_weight_as_image(weight, f"{name}/image", epoch)

    @staticmethod
    def _log_weight_as_image(weight, name, epoch):
        """A weight as a grayscale image, as Keras draws it: a bias as a column, a kernel wider than
        tall, a convolution kernel as one image per filter."""
        pixels = np.squeeze(np.asarray(weight))
        if pixels.ndim == 1:
            pixels = pixels.reshape(1, pixels.shape[0], 1, 1)
        elif pixels.ndim == 2:
            if pixels.shape[0] > pixels.shape[1]:
                pixels = pixels.T
            pixels = pixels.reshape(1, pixels.shape[0], pixels.shape[1], 1)
        elif pixels.ndim == 3:  # channels_last conv kernels: one image per kernel
            pixels = np.transpose(pixels, (2, 0, 1))[..., np.newaxis]
        if pixels.ndim == 4 and pixels.shape[-1] in (1, 3, 4):
            _summary().image(name, pixels, step=epoch)

    # --- the graph ------------------------------------------------------------------------------
    def _watch_graph(self):
        """Keeps the first compiled training step that runs, to write its graph at epoch end."""
        from ...graph import concrete_function

        def observe(function):
            if self._graph_function is None and function.name.endswith("train_step"):
                self._graph_function = function
        self._graph_function = None
        self._observer = observe
        concrete_function.call_observers.append(observe)

    def _unwatch_graph(self):
        from ...graph import concrete_function
        self._write_graph_if_ready()
        if self._observer in concrete_function.call_observers:
            concrete_function.call_observers.remove(self._observer)
        self._observer = None

    def _write_graph_if_ready(self):
        if self._graph_function is not None and self._observer is not None:
            with self._writing("train"):
                _summary().graph(self._graph_function.graph)
            self._graph_function = None
            self._unwatch_graph()

    def _stop_trace(self):
        with self._writing("train"):
            _summary().trace_export(name=f"batch_{self._stop_batch}", step=self._stop_batch)
        self._tracing = False


class _Counter:
    """A batch number as a summary step: read (`int()`) each time a summary is written, so
    `tf.summary` calls inside a compiled training step see the batch that runs."""

    __slots__ = ("value",)

    def __init__(self):
        self.value = 0

    def __int__(self):
        return self.value

    __index__ = __int__

    def __repr__(self):
        return f"<batch {self.value}>"


def _profile_range(profile_batch):
    """`(start, stop)` batches from Keras' `profile_batch` (an int, a pair, or "start,stop")."""
    message = ("profile_batch must be a non-negative integer or 2-tuple of positive integers. A pair of positive "
               f"integers signifies a range of batches to profile. Found: {profile_batch!r}")
    if isinstance(profile_batch, str):
        try:
            profile_batch = [int(part) for part in profile_batch.split(",")]
        except ValueError:
            raise ValueError(message) from None
        profile_batch = profile_batch[0] if len(profile_batch) == 1 else profile_batch
    if isinstance(profile_batch, int):
        start = stop = profile_batch
    elif isinstance(profile_batch, (tuple, list)) and len(profile_batch) == 2:
        start, stop = profile_batch
    else:
        raise ValueError(message)
    if start < 0 or stop < start:
        raise ValueError(message)
    if start:
        logging.getLogger("neuroflow").info("TensorBoard: neuroflow has no profiler; profile_batch=%r writes the "
                                            "graph traced in those batches.", profile_batch)
    return start, stop
