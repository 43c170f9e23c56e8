"""`Trainer`: `compile`, `fit`, `evaluate`, `predict` — the part of `keras.Model` that trains.

`Model` inherits from `Trainer` and `Layer`; the trainer relies only on the model being
callable (`self(x, training=...)`) and on `trainable_weights` and `losses`.

Each step is one callable: `make_train_function()` returns `train_step` (compiled with
`neuroflow.function` unless `run_eagerly=True`) taking a batch and returning the logs as
tensors; converting them to Python floats happens outside the step, and only when a
callback reads them.

>>> import numpy as np
>>> from neuroflow import keras
>>> keras.utils.set_random_seed(0)
>>> model = keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])
>>> model.compile(optimizer="sgd", loss="mse")
>>> history = model.fit([1, 2, 3, 4, 10], [1, 4, 6, 8, 20], epochs=10, verbose=0)
>>> history.params
{'verbose': 0, 'epochs': 10, 'steps': 1}
>>> history.history["loss"][-1] < history.history["loss"][0]
True
"""
import functools
import inspect
import math
import warnings

import numpy as np

from ...autodiff.tape import GradientTape
from ...framework import nest, replicas
from ..callbacks.callback_list import CallbackList, pythonify_logs
from . import data_adapter
from .compile_utils import CompileLoss, CompileMetrics

__all__ = ["Trainer"]


def _in_strategy_scope(method):
    """Runs `method` in the scope of the `tf.distribute` strategy the model was compiled in, so that
    `fit` after `with strategy.scope(): model.compile(...)` trains on all replicas (as in Keras)."""
    @functools.wraps(method)
    def in_scope(self, *args, **kwargs):
        strategy = self._distribute_strategy
        if strategy is None or replicas.current_strategy() is not None:
            return method(self, *args, **kwargs)
        with strategy.scope():
            return method(self, *args, **kwargs)
    return in_scope


@functools.lru_cache(maxsize=None)
def _accepts_training(compute_loss):
    return "training" in inspect.signature(compute_loss).parameters


def _batch_size(x):
    first = nest.flatten(x)[0]
    size = first.shape[0]
    if size is None:  # an unknown batch dimension while tracing
        from ...ops.array_ops import shape
        return shape(first)[0]
    return size


class Trainer:
    """Training and inference loops for a Keras model (`Model` inherits them)."""

    # Defaults as class attributes, so a subclass's __init__ need not call Trainer.__init__.
    compiled = False
    optimizer = None
    loss = None
    history = None
    stop_training = False
    steps_per_execution = 1
    jit_compile = False
    train_function = test_function = predict_function = None
    _run_eagerly = False
    _compile_loss = _compile_metrics = _loss_tracker = None
    _cached_metrics = None
    _has_extra_losses = None
    _eval_iterator = None
    _distribute_strategy = None  # the tf.distribute strategy in scope at compile()
    _compile_config = None
    _initial_epoch = _initial_step = _epoch_iterator = None  # resuming from a backup (BackupAndRestore)

    # --- compile --------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None, weighted_metrics=None,
                run_eagerly=False, steps_per_execution=1, jit_compile="auto", auto_scale_loss=True):
        """Configures the model for training.

        Args:
            optimizer: an optimizer name ("sgd", "adam", ...) or instance.
            loss: a loss name ("mse", "sparse_categorical_crossentropy", ...), function or
                `Loss`; a list or dict (by output name) gives one loss per output.
            loss_weights: a float, or a list/dict with one weight per output.
            metrics: list of metric names, functions or `Metric`s ("accuracy" is resolved
                from the loss and label shapes); a list of lists or a dict per output.
            weighted_metrics: metrics that also receive `sample_weight`/`class_weight`.
            run_eagerly: run every step eagerly (no `neuroflow.function` tracing).
            steps_per_execution: batches per step call; batch callbacks run once per group.
            jit_compile, auto_scale_loss: accepted for compatibility; no effect.
        """
        from .. import metrics as metrics_module
        from .. import optimizers
        if not isinstance(steps_per_execution, int) or steps_per_execution < 1:
            raise ValueError(f"`steps_per_execution` must be a positive integer. Received: {steps_per_execution!r}")
        self.optimizer = optimizers.get(optimizer)
        self._compile_config = {"optimizer": self.optimizer, "loss": loss, "loss_weights": loss_weights,
                                "metrics": metrics, "weighted_metrics": weighted_metrics, "run_eagerly": run_eagerly,
                                "steps_per_execution": steps_per_execution, "jit_compile": False}
        output_names = _output_names(self)
        self.loss = loss
        self._compile_loss = CompileLoss(loss, loss_weights, output_names) if loss is not None else None
        if metrics is not None or weighted_metrics is not None:
            self._compile_metrics = (CompileMetrics(metrics, weighted_metrics, output_names, self._compile_loss)
                                     if metrics or weighted_metrics else None)
        # else: a compile without metrics keeps those of the previous compile, as Keras 3 does (the
        # lecture compiles twice and still sees accuracy).
        self._loss_tracker = metrics_module.Mean(name="loss")
        self.run_eagerly = run_eagerly
        self.steps_per_execution = steps_per_execution
        self.stop_training = False
        self.train_function = self.test_function = self.predict_function = None
        self._cached_metrics = self._has_extra_losses = None
        self.compiled = True
        strategy = replicas.current_strategy() or _creation_strategy(self)
        if strategy is not None:  # fit/evaluate/predict run in its scope, as in Keras
            self._distribute_strategy = strategy

    def get_compile_config(self):
        """The arguments of `compile()` as a serialized dict (saved in `.keras` files); {} if not compiled."""
        if not self.compiled or getattr(self, "_compile_config", None) is None:
            return {}
        from ..saving.serialization_lib import serialize_keras_object
        return serialize_keras_object(self._compile_config)

    def compile_from_config(self, config):
        """Compiles the model from `get_compile_config()`'s dict and creates the optimizer's state."""
        if type(self).compile is not Trainer.compile:
            warnings.warn("`compile()` was not called as part of model loading because the model's `compile()` "
                          "method is custom. All subclassed Models that have `compile()` overridden should also "
                          "override `get_compile_config()` and `compile_from_config(config)`. Alternatively, you "
                          "can call `compile()` manually after loading.", stacklevel=2)
            return
        from ..saving.serialization_lib import deserialize_keras_object
        self.compile(**deserialize_keras_object(config))
        if self.built:
            self.optimizer.build(self.trainable_weights)

    @property
    def run_eagerly(self):
        return self._run_eagerly

    @run_eagerly.setter
    def run_eagerly(self, value):
        self._run_eagerly = bool(value)
        self.train_function = self.test_function = self.predict_function = None

    def _assert_compiled(self, method):
        if not self.compiled:
            raise ValueError(f"You must call `compile()` before calling `{method}()`, e.g. "
                             "model.compile(optimizer='adam', loss='mse').")

    # --- metrics --------------------------------------------------------------------------
    @property
    def metrics(self):
        """The loss tracker, the compiled metrics and any metrics the model holds as attributes."""
        from .. import metrics as metrics_module
        metrics = []
        if self.compiled:
            metrics.append(self._loss_tracker)
            if self._compile_metrics is not None:
                metrics.append(self._compile_metrics)
            if self._compile_loss is not None:
                metrics.extend(self._compile_loss.metrics)
        metrics.extend(v for v in vars(self).values()
                       if isinstance(v, metrics_module.Metric) and v is not self._loss_tracker)
        return metrics

    @property
    def metrics_names(self):
        return [m.name for m in self.metrics]

    @property
    def compiled_metrics(self):
        """The metrics from `compile()` as one object (`update_state(y, y_pred)`, `result()`)."""
        return self._compile_metrics

    def compiled_loss(self, y, y_pred, sample_weight=None, regularization_losses=None):
        """Deprecated (Keras 2): the compiled loss plus `regularization_losses`. Use `compute_loss`."""
        warnings.warn("`model.compiled_loss()` is deprecated. Instead, use "
                      "`model.compute_loss(x, y, y_pred, sample_weight, training)`.", stacklevel=2)
        return self.compute_loss(y=y, y_pred=y_pred, sample_weight=sample_weight)

    def reset_metrics(self):
        for metric in self.metrics:
            metric.reset_state()

    def get_metrics_result(self):
        """The current value of every metric, as a dict of tensors."""
        if self._cached_metrics is None:
            self._cached_metrics = self.metrics
        results = {}
        for metric in self._cached_metrics:
            value = metric.result()
            if isinstance(value, dict):
                results.update(value)
            else:
                results[metric.name] = value
        return results

    def _metrics_result_or(self, logs):
        """The metrics' results when `logs` came from them; else the step's own logs (custom steps)."""
        results = self.get_metrics_result()
        if isinstance(logs, dict) and set(logs) == set(results):
            return results
        return logs

    def _flatten_metrics_in_order(self, logs):
        names = []
        for metric in self.metrics:
            if isinstance(metric, CompileMetrics):
                names.extend(m.name for m in metric.metrics)
            else:
                names.append(metric.name)
        results = [logs[n] for n in names if n in logs]
        results += [logs[k] for k in sorted(logs) if k not in names]
        return results[0] if len(results) == 1 else results

    # --- the loss ----------------------------------------------------------------------------
    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The total loss: the compiled loss plus the model's `losses` (regularization, `add_loss`).

        Override it to customize the loss; `train_step` and `test_step` call it.
        """
        total = None
        if self._compile_loss is not None:
            total = self._compile_loss(y, y_pred, sample_weight)
        if self._has_extra_losses is None:
            self._has_extra_losses = bool(getattr(self, "losses", None))
        if self._has_extra_losses:
            from ...ops.math_ops import cast
            from ...ops.reduction_ops import reduce_sum
            from ..backend.config import floatx
            for extra in self.losses:
                if not extra.dtype.is_floating:
                    extra = cast(extra, floatx())
                extra = reduce_sum(extra)
                total = extra if total is None else total + extra
        if total is None:
            raise ValueError("No loss to compute. Provide a `loss` argument in `compile()`, e.g. "
                             "model.compile(optimizer='adam', loss='mse').")
        return total

    def _compute_loss(self, x, y, y_pred, sample_weight, training):
        if _accepts_training(type(self).compute_loss):
            return self.compute_loss(x, y, y_pred, sample_weight, training=training)
        return self.compute_loss(x, y, y_pred, sample_weight)

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the compiled metrics with a batch and returns every metric's result."""
        if self._compile_metrics is not None:
            self._compile_metrics.update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    # --- one step ----------------------------------------------------------------------------
    def train_step(self, data):
        """One gradient step on a batch `data` = `(x, y[, sample_weight])`; returns the logs."""
        x, y, sample_weight = data_adapter.unpack_x_y_sample_weight(data)
        with GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self._compute_loss(x, y, y_pred, sample_weight, training=True)
            num_replicas = replicas.num_processes_in_sync()
            # tf.distribute: each replica's mean loss / replicas; the optimizer sums the gradients
            scaled = loss * (1.0 / num_replicas) if num_replicas > 1 else loss
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        weights = self.trainable_weights
        if num_replicas > 1 and weights:  # tf.distribute: the metric sums travel with the gradients,
            logs = self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)  # whose all-reduce
            extended = replicas.current_strategy().extended  # starts bucket by bucket during backprop
            extended._fold_metrics([v for m in self.metrics for v in m.variables])
            with extended._overlap_backward(tape, weights):
                grads = tape.gradient(scaled, weights)
            self.optimizer.apply_gradients(zip(grads, weights))
            return logs
        if weights:
            self.optimizer.apply_gradients(zip(tape.gradient(scaled, weights), weights))
        else:
            warnings.warn("The model does not have any trainable weights.", stacklevel=2)
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def test_step(self, data):
        """Loss and metrics on a batch, without training; returns the logs."""
        x, y, sample_weight = data_adapter.unpack_x_y_sample_weight(data)
        y_pred = self(x, training=False)
        loss = self._compute_loss(x, y, y_pred, sample_weight, training=False)
        self._loss_tracker.update_state(loss, sample_weight=_batch_size(x))
        return self.compute_metrics(x, y, y_pred, sample_weight=sample_weight)

    def predict_step(self, data):
        """The model's output on a batch."""
        x, _, _ = data_adapter.unpack_x_y_sample_weight(data)
        return self(x, training=False)

    def _step_function(self, step):
        """`step`, compiled with `neuroflow.function` unless running eagerly.

        The first call runs eagerly: it creates the weights, optimizer slots and metric
        state, so the traced function only reads and updates variables.
        """
        if self.run_eagerly:
            return step
        from ...autograph import api  # noqa: F401 - installs AutoGraph's conversion into tf.function
        from ...graph import Function  # layer 5, loaded when first needed
        # One trace per batch shape (a short last batch gets its own): layers read sizes while tracing.
        compiled = Function(step, reduce_retracing=True, relax_shapes=False)
        first = [True]

        def run(data):
            if first[0]:
                first[0] = False
                return step(data)
            return compiled(data)
        return run

    def make_train_function(self, force=False):
        """The callable `fit` runs per batch (cached until `compile()` or `force`)."""
        if self.train_function is None or force:
            self.train_function = self._step_function(self.train_step)
        return self.train_function

    def make_test_function(self, force=False):
        if self.test_function is None or force:
            self.test_function = self._step_function(self.test_step)
        return self.test_function

    def make_predict_function(self, force=False):
        if self.predict_function is None or force:
            self.predict_function = self._step_function(self.predict_step)
        return self.predict_function

    # --- fit -------------------------------------------------------------------------------
    @_in_strategy_scope
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None, validation_split=0.0,
            validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0,
            steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1):
        """Trains the model for `epochs` passes over the data.

        Args:
            x: inputs: a NumPy array or Python list, a list/dict of arrays (several inputs),
                a generator or iterable yielding `(x, y[, sample_weight])` batches, or a
                `keras.utils.PyDataset`.
            y: targets, like `x` (omit when `x` yields batches).
            batch_size: samples per gradient step for array data (default 32).
            epochs: index of the last epoch (training runs from `initial_epoch`).
            verbose: "auto" or 1 (progress bar), 2 (one line per epoch), 0 (silent).
            callbacks: list of `keras.callbacks.Callback`.
            validation_split: fraction of the array data (taken from the end, before
                shuffling) held out for validation.
            validation_data: `(x_val, y_val[, sample_weight])` or a batch iterable, evaluated
                after each epoch (overrides `validation_split`).
            shuffle: reshuffle array data each epoch (True, False or "batch").
            class_weight: dict class index -> weight for the loss.
            sample_weight: per-sample weights for the loss (and `weighted_metrics`).
            initial_epoch: epoch to start from (to resume training).
            steps_per_epoch: batches per epoch (default: all the data).
            validation_steps: batches per validation run (default: all).
            validation_batch_size: batch size for validation (default `batch_size`).
            validation_freq: validate every this many epochs (or at the listed epochs).

        Returns:
            A `History` whose `history` dict maps each metric to its per-epoch values.
        """
        self._assert_compiled("fit")
        if not isinstance(epochs, int) or epochs < 0:
            raise ValueError(f"`epochs` must be a non-negative integer. Received: epochs={epochs!r}")
        checked = False
        if validation_split and validation_data is None:
            if not data_adapter.is_array_data(x):
                raise ValueError("`validation_split` is only supported for Tensors or NumPy arrays, found a "
                                 f"{type(x).__name__}. Pass `validation_data` instead.")
            arrays = data_adapter.standardize(x, y, sample_weight)
            (x, y, sample_weight), validation_data = data_adapter.train_validation_split(arrays, validation_split)
            checked = True
        iterator = data_adapter.EpochIterator(x, y, sample_weight, batch_size, steps_per_epoch, shuffle,
                                              class_weight, check_values=not checked)
        if validation_data is not None:
            val_x, val_y, val_weight = data_adapter.unpack_x_y_sample_weight(validation_data)
            self._eval_iterator = data_adapter.EpochIterator(
                val_x, val_y, val_weight, validation_batch_size or batch_size, check_values=not checked)
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_history=True, add_progbar=verbose != 0, model=self,
                                     verbose=verbose, epochs=epochs, steps=iterator.num_batches)
        self.stop_training = False
        self._cached_metrics = None
        strategy, split = _replica_strategy(self, x)
        train_function = self.make_train_function()
        group, last = self.steps_per_execution, iterator.num_batches
        self._epoch_iterator = iterator
        callbacks.on_train_begin()
        if self._initial_epoch is not None:  # set by BackupAndRestore: resume where the backup left off
            initial_epoch, self._initial_epoch = self._initial_epoch, None
        if self._initial_step is not None:
            iterator.resume(*self._initial_step)
            self._initial_step = None
        training_logs, logs, reported = None, {}, False
        for epoch in range(initial_epoch, epochs):
            self.reset_metrics()
            callbacks.on_epoch_begin(epoch)
            ran = False
            for step, batch in iterator:
                if step % group == 0:
                    callbacks.on_train_batch_begin(step)
                if strategy is None:
                    logs = train_function(batch)
                else:  # this replica's part of the global batch; the logs of all replicas
                    train_function(split(batch))
                    logs = strategy.extended._global_metrics(self)
                ran = True
                if (step + 1) % group == 0 or step + 1 == last:
                    callbacks.on_train_batch_end(step, logs)
                if self.stop_training:
                    break
            iterator.on_epoch_end()
            if iterator.ran_out:
                self.stop_training = True
                if not ran:
                    break
            epoch_logs = pythonify_logs(logs if strategy is not None else self._metrics_result_or(logs))
            if validation_data is not None and self._should_eval(epoch, validation_freq):
                val_logs = self.evaluate(callbacks=callbacks, steps=validation_steps, return_dict=True,
                                         _use_cached_eval_dataset=True)
                epoch_logs.update({"val_" + name: value for name, value in val_logs.items()})
            reported = reported or _report_invalid_loss(epoch, epoch_logs)
            callbacks.on_epoch_end(epoch, epoch_logs)
            training_logs = epoch_logs
            if self.stop_training:
                break
        if epochs > 0 and hasattr(self.optimizer, "finalize_variable_values"):
            self.optimizer.finalize_variable_values(self.trainable_weights)
        self._eval_iterator = self._epoch_iterator = None
        callbacks.on_train_end(logs=training_logs)
        return self.history

    @staticmethod
    def _should_eval(epoch, validation_freq):
        if isinstance(validation_freq, int):
            return (epoch + 1) % validation_freq == 0
        if isinstance(validation_freq, (list, tuple, set)):
            return epoch + 1 in validation_freq
        raise ValueError(f"Expected `validation_freq` to be a list or int. Received: validation_freq={validation_freq!r}")

    # --- evaluate / predict ----------------------------------------------------------------
    @_in_strategy_scope
    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None, steps=None,
                 callbacks=None, return_dict=False, **kwargs):
        """The loss and metrics of the model on the data, in test mode.

        Returns:
            The loss (a float) when there are no metrics, else a list `[loss, metric, ...]`
            in the order of `model.metrics_names`; a dict `{name: value}` with `return_dict=True`.
        """
        self._assert_compiled("evaluate")
        use_cached = kwargs.pop("_use_cached_eval_dataset", False)
        if kwargs:
            raise ValueError(f"Arguments not recognized: {kwargs}")
        iterator = self._eval_iterator if use_cached else data_adapter.EpochIterator(
            x, y, sample_weight, batch_size, shuffle=False)
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
                                     steps=_limit(iterator.num_batches, steps))
        self._cached_metrics = None
        strategy, split = _replica_strategy(self, self._eval_iterator if use_cached else x)
        test_function = self.make_test_function()
        self.stop_evaluating = False
        callbacks.on_test_begin()
        self.reset_metrics()
        logs = {}
        for step, batch in iterator:
            if steps is not None and step >= steps:
                break
            callbacks.on_test_batch_begin(step)
            if strategy is None:
                logs = test_function(batch)
            else:
                test_function(split(batch))
                logs = strategy.extended._global_metrics(self)
            callbacks.on_test_batch_end(step, logs)
            if self.stop_evaluating:
                break
        logs = pythonify_logs(logs if strategy is not None else self._metrics_result_or(logs))
        callbacks.on_test_end(logs)
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    @_in_strategy_scope
    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        """The model's outputs for `x`, computed in batches, as NumPy arrays."""
        iterator = data_adapter.EpochIterator(x, batch_size=batch_size, shuffle=False, check_values=False)
        if not isinstance(callbacks, CallbackList):
            callbacks = CallbackList(callbacks, add_progbar=verbose != 0, model=self, verbose=verbose, epochs=1,
                                     steps=_limit(iterator.num_batches, steps))
        strategy, split = _replica_strategy(self, x)
        predict_function = self.make_predict_function()
        self.stop_predicting = False
        callbacks.on_predict_begin()
        parts, outputs = [], None
        for step, batch in iterator:
            if steps is not None and step >= steps:
                break
            callbacks.on_predict_batch_begin(step)
            if strategy is None:
                outputs = predict_function(batch)
                parts.append([np.asarray(t) for t in nest.flatten(outputs)])
            else:  # each replica predicts its part; every replica gets the whole batch's outputs
                outputs = predict_function(split(batch))
                parts.append(strategy.extended._gather_outputs([np.asarray(t) for t in nest.flatten(outputs)]))
            callbacks.on_predict_batch_end(step, {"outputs": outputs})
            if self.stop_predicting:
                break
        callbacks.on_predict_end()
        if not parts:
            raise ValueError("predict() received no data: the input produced no batches. Pass at least one sample.")
        arrays = [np.array(p[0]) if len(parts) == 1 else np.concatenate(p) for p in zip(*parts)]
        return nest.pack_sequence_as(outputs, arrays)

    # --- single batches ---------------------------------------------------------------------
    @_in_strategy_scope
    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        """One gradient step on exactly this batch; returns the (running) loss and metrics.

        Inside a `tf.distribute` strategy's scope the batch is a global batch: each replica trains
        on its part, and the loss and metrics are those of the whole batch."""
        self._assert_compiled("train_on_batch")
        batch = data_adapter.single_batch(x, y, sample_weight, class_weight)
        strategy, split = _replica_strategy(self, batch, align_rng=False)
        logs = self.make_train_function()(batch if strategy is None else split(batch))
        logs = pythonify_logs(logs if strategy is None else strategy.extended._global_metrics(self))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    @_in_strategy_scope
    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        """Loss and metrics on exactly this batch (metrics keep accumulating; see `reset_metrics`).

        Inside a `tf.distribute` strategy's scope each replica evaluates its part of the batch."""
        self._assert_compiled("test_on_batch")
        batch = data_adapter.single_batch(x, y, sample_weight)
        strategy, split = _replica_strategy(self, batch, align_rng=False)
        logs = self.make_test_function()(batch if strategy is None else split(batch))
        logs = pythonify_logs(logs if strategy is None else strategy.extended._global_metrics(self))
        return logs if return_dict else self._flatten_metrics_in_order(logs)

    @_in_strategy_scope
    def predict_on_batch(self, x):
        """The model's outputs for exactly this batch, as NumPy arrays.

        Inside a `tf.distribute` strategy's scope each replica predicts its part of the batch and
        every replica returns the outputs of the whole batch."""
        batch = data_adapter.single_batch(x, check_values=False)
        strategy, split = _replica_strategy(self, batch, align_rng=False)
        if strategy is None:
            return nest.map_structure(lambda t: t.numpy(), self.make_predict_function()(batch))
        outputs = self.make_predict_function()(split(batch))
        flat = strategy.extended._gather_outputs([np.asarray(t) for t in nest.flatten(outputs)])
        return nest.pack_sequence_as(outputs, flat)

    @property
    def distribute_strategy(self):
        """The `tf.distribute` strategy the model was compiled in, else the current one (the default
        strategy outside any scope), as Keras's `Model.distribute_strategy`.

        >>> from neuroflow import keras
        >>> keras.Sequential([keras.layers.Dense(1)]).distribute_strategy.num_replicas_in_sync
        1
        """
        strategy = self._distribute_strategy or replicas.current_strategy()
        if strategy is None:
            import neuroflow  # the public namespace: tf.distribute sits above Keras and loads on first use
            strategy = neuroflow.distribute.get_strategy()
        return strategy


def _output_names(model):
    """The names of a Functional model's outputs (their layers' names), else None."""
    names = getattr(model, "output_names", None)
    return list(names) if names else None


def _creation_strategy(model):
    """The `tf.distribute` strategy in whose scope the model's weights were created, else None (Keras
    trains a model with the strategy it was built under, even when compiled outside its scope)."""
    for weight in getattr(model, "weights", ()):
        owner = getattr(weight, "_distribute_owner", None)
        if owner is not None:
            return owner._container_strategy
    return None


def _replica_strategy(model, data, align_rng=True):
    """`(strategy, split)`: the `tf.distribute` strategy in scope when it has several replicas, after
    preparing `model` for it (mirrored variables; with `align_rng`, the same shuffling on every
    replica), and the function giving this replica's part of a batch; `(None, None)` without such
    a strategy.

    Data a strategy already split (`experimental_distribute_dataset`,
    `distribute_datasets_from_function`) is not split again.
    """
    strategy = replicas.current_strategy()
    if strategy is None or replicas.num_processes_in_sync() == 1:
        return None, None
    strategy.extended._prepare_training(model, align_rng)
    if getattr(data, "_replica_local", False):
        return strategy, lambda batch: batch
    return strategy, strategy.extended._local_batch


def _limit(num_batches, steps):
    if steps is None:
        return num_batches
    return steps if num_batches is None else min(steps, num_batches)


def _report_invalid_loss(epoch, logs):
    """Warns (once per fit) when an epoch's loss is NaN or infinite; returns whether it did."""
    loss = logs.get("loss")
    if isinstance(loss, float) and not math.isfinite(loss):
        warnings.warn(
            f"Epoch {epoch + 1}: the loss is {loss}. Training diverged or the data holds invalid values: "
            "lower the learning rate, check the inputs and labels, or pass "
            "callbacks=[keras.callbacks.TerminateOnNaN()] to stop at the first invalid loss.",
            RuntimeWarning, stacklevel=3)
        return True
    return False
