"""What `compile(loss=..., metrics=..., loss_weights=...)` turns into.

`CompileLoss` resolves loss names and applies one loss per model output, weighted by
`loss_weights`; `CompileMetrics` resolves metric names per output. Both wait for the first
batch to build, because `"accuracy"` (and the loss `"crossentropy"`) mean different things
for different losses and label shapes, as in Keras:

* binary cross-entropy loss, or predictions with a last axis of 1: binary accuracy;
* integer labels (one axis fewer, or a last axis of 1 against several classes): sparse
  categorical accuracy;
* otherwise (one-hot labels): categorical accuracy.

>>> import numpy as np
>>> from neuroflow.keras.trainers.compile_utils import get_metric
>>> y_pred = np.zeros((4, 10), "float32")
>>> type(get_metric("accuracy", np.zeros(4), y_pred)).__name__
'SparseCategoricalAccuracy'
>>> type(get_metric("acc", np.zeros((4, 10)), y_pred)).__name__
'CategoricalAccuracy'
"""
from ...framework import nest
from .. import losses as losses_module
from .. import metrics as metrics_module

__all__ = ["CompileLoss", "CompileMetrics", "get_metric", "get_loss"]


def _shape(value):
    return tuple(getattr(value, "shape", ()))


def binary_or_sparse(y_true, y_pred):
    """`(is_binary, is_sparse_categorical)` from the label and prediction shapes."""
    t, p = _shape(y_true), _shape(y_pred)
    t_last = t[-1] if t else None
    p_last = p[-1] if p else None
    is_binary = p_last == 1
    is_sparse = len(t) < len(p) or (t_last == 1 and p_last is not None and p_last > 1)
    return is_binary, is_sparse


def _name_of(obj):
    return getattr(obj, "name", None) or getattr(obj, "__name__", None) or type(obj).__name__


def _is_binary_crossentropy(loss):
    return getattr(loss, "fn", loss) is losses_module.binary_crossentropy


def get_metric(identifier, y_true, y_pred, loss=None):
    """The `Metric` for `identifier`, with "accuracy"/"acc" resolved by the output's loss and shapes."""
    if identifier is None:
        return None
    if str(identifier).lower() in ("accuracy", "acc"):
        is_binary, is_sparse = binary_or_sparse(y_true, y_pred)
        is_binary = is_binary or _is_binary_crossentropy(loss)
        cls = (metrics_module.BinaryAccuracy if is_binary else metrics_module.SparseCategoricalAccuracy
               if is_sparse else metrics_module.CategoricalAccuracy)
        return cls(name=str(identifier))
    metric = metrics_module.get(identifier)
    name = identifier if isinstance(identifier, str) else _name_of(metric)
    if not isinstance(metric, metrics_module.Metric):
        metric = metrics_module.MeanMetricWrapper(metric, name=name)
    metric.name = name
    return metric


def get_loss(identifier, y_true, y_pred):
    """The `Loss` for `identifier`, with "crossentropy"/"ce" resolved by the shapes."""
    if identifier is None:
        return None
    if str(identifier).lower() in ("crossentropy", "ce"):
        is_binary, is_sparse = binary_or_sparse(y_true, y_pred)
        loss = (losses_module.binary_crossentropy if is_binary else losses_module.sparse_categorical_crossentropy
                if is_sparse else losses_module.categorical_crossentropy)
    else:
        loss = losses_module.get(identifier)
    if not isinstance(loss, losses_module.Loss):
        name = identifier if isinstance(identifier, str) else _name_of(loss)
        loss = losses_module.LossFunctionWrapper(loss, name=name)
    return loss


def _outputs(y_pred, output_names):
    """The model outputs as a flat list, and their names (None when unnamed)."""
    if isinstance(y_pred, dict):
        names = [n for n in (output_names or sorted(y_pred)) if n in y_pred]
        return [y_pred[n] for n in names], names
    flat = nest.flatten(y_pred)
    names = list(output_names) if output_names and len(output_names) == len(flat) else None
    return flat, names


def _targets(y_true, names, count):
    """The labels as a flat list matching the outputs (by name for dicts)."""
    if isinstance(y_true, dict):
        if names is None:
            raise ValueError(f"Labels were given as a dict (keys {sorted(y_true)}) but the model's outputs "
                             "have no names. Pass the labels as a list in the order of the outputs.")
        missing = [n for n in names if n not in y_true]
        if missing:
            raise ValueError(f"The labels dict has no entry for the output(s) {missing}. Received keys: "
                             f"{sorted(y_true)}; the model's outputs are {names}.")
        return [y_true[n] for n in names]
    flat = [y_true] if count == 1 else nest.flatten(y_true)
    if len(flat) != count:
        raise ValueError(f"The model has {count} outputs but received {len(flat)} label arrays. "
                         "Pass one label array per output (as a list or a dict keyed by output name).")
    return flat


def _per_output(spec, count, names, what):
    """`spec` (one value, a list, or a dict by output name) as one entry per output."""
    if isinstance(spec, dict):
        if names is None:
            raise ValueError(f"Argument `{what}` can only be provided as a dict when the model's outputs are "
                             f"named. Received {what}={spec!r}")
        unknown = [k for k in spec if k not in names]
        if unknown:
            raise ValueError(f"In the dict argument `{what}`, key(s) {unknown} do not correspond to any model "
                             f"output. The model's outputs are {names}. Received:\n{what}={spec!r}")
        return [spec.get(n) for n in names]
    if isinstance(spec, (list, tuple)) and (count > 1 or len(spec) == 1):
        if len(spec) != count:
            raise ValueError(f"For a model with multiple outputs, when providing the `{what}` argument as a "
                             f"list, it should have as many entries as the model has outputs. Received:\n"
                             f"{what}={spec!r}\nof length {len(spec)} whereas the model has {count} outputs.")
        return list(spec)
    return [spec] * count


class CompileLoss:
    """The total training loss: `sum(weight_i * loss_i(y_true_i, y_pred_i, sample_weight))`.

    With several outputs, each output's loss is also tracked as a metric `<output>_loss`.
    """

    def __init__(self, loss, loss_weights=None, output_names=None):
        if loss_weights is not None and not isinstance(loss_weights, (list, tuple, dict, int, float)):
            raise ValueError("Expected `loss_weights` argument to be a float (single output case) or a list, "
                             "tuple, or dict (multiple output case). Received instead: "
                             f"loss_weights={loss_weights!r} of type {type(loss_weights).__name__}")
        self._user_loss = loss
        self._user_loss_weights = loss_weights
        self.output_names = output_names
        self.built = False
        self.metrics = []

    def build(self, y_true, y_pred):
        outputs, names = _outputs(y_pred, self.output_names)
        count = len(outputs)
        targets = _targets(y_true, names, count)
        specs = _per_output(self._user_loss, count, names, "loss")
        weights = _per_output(self._user_loss_weights if self._user_loss_weights is not None else 1.0,
                              count, names, "loss_weights")
        self._names = names
        self.output_losses = [get_loss(s, t, p) for s, t, p in zip(specs, targets, outputs)]
        self._weights = [1.0 if w is None else float(w) for w in weights]
        if count > 1:
            labels = names or [f"output_{i}" for i in range(count)]
            self._trackers = [metrics_module.Mean(name=f"{n}_loss") if fn is not None else None
                              for n, fn in zip(labels, self.output_losses)]
            self.metrics = [t for t in self._trackers if t is not None]
        else:
            self._trackers = [None]
        self.built = True

    def __call__(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        outputs, _ = _outputs(y_pred, self.output_names)
        targets = _targets(y_true, self._names, len(outputs))
        total = None
        for fn, weight, tracker, target, output in zip(self.output_losses, self._weights, self._trackers,
                                                       targets, outputs):
            if fn is None:
                continue
            value = fn(target, output, sample_weight=sample_weight)
            if tracker is not None:
                tracker.update_state(value)
            if weight != 1.0:
                value = value * weight
            total = value if total is None else total + value
        return total

    def reset_state(self):
        for tracker in self.metrics:
            tracker.reset_state()


class CompileMetrics:
    """The metrics from `compile(metrics=..., weighted_metrics=...)`, as one metric-like object.

    `update_state(y_true, y_pred, sample_weight)` updates every metric (sample weights go to
    `weighted_metrics` only, as in Keras); `result()` is a dict `{name: value}`, names prefixed
    with the output name when the model has several outputs.
    """

    name = "compile_metrics"

    def __init__(self, metrics, weighted_metrics=None, output_names=None, compile_loss=None):
        for what, value in (("metrics", metrics), ("weighted_metrics", weighted_metrics)):
            if value and not isinstance(value, (list, tuple, dict)):
                raise ValueError(f"Expected `{what}` argument to be a list, tuple, or dict. Received instead: "
                                 f"{what}={value!r} of type {type(value).__name__}")
        self._user_metrics = metrics
        self._user_weighted = weighted_metrics
        self.output_names = output_names
        self._compile_loss = compile_loss  # its per-output losses help resolve "accuracy"
        self.built = False
        self._groups = []   # (output index, prefix, metric, weighted)

    @property
    def metrics(self):
        return [m for _, _, m, _ in self._groups]

    @property
    def variables(self):
        return [v for m in self.metrics for v in getattr(m, "variables", ())]

    def _resolve(self, spec, outputs, names, targets, losses, what):
        if not spec:
            return []
        count = len(outputs)
        if count == 1:
            per_output = [list(nest.flatten(spec)) if isinstance(spec, dict) else list(spec)]
        else:
            per_output = _per_output(spec, count, names, what)
        resolved = []
        for i, entries in enumerate(per_output):
            entries = entries if isinstance(entries, (list, tuple)) else [entries]
            for entry in entries:
                if entry is not None and not (isinstance(entry, str) or callable(entry)):
                    raise ValueError(f"Expected all entries in the `{what}` list to be metric objects, "
                                     f"functions or names. Received: {entry!r}")
                metric = get_metric(entry, targets[i], outputs[i], losses[i])
                if metric is not None:
                    resolved.append((i, metric))
        return resolved

    def build(self, y_true, y_pred):
        outputs, names = _outputs(y_pred, self.output_names)
        targets = _targets(y_true, names, len(outputs))
        prefixes = (names or [f"output_{i}" for i in range(len(outputs))]) if len(outputs) > 1 else None
        compile_loss = self._compile_loss
        losses = compile_loss.output_losses if compile_loss is not None and compile_loss.built \
            else [None] * len(outputs)
        groups = []
        for weighted, spec, what in ((False, self._user_metrics, "metrics"),
                                     (True, self._user_weighted, "weighted_metrics")):
            for i, metric in self._resolve(spec, outputs, names, targets, losses, what):
                groups.append((i, prefixes[i] + "_" if prefixes else "", metric, weighted))
        self._names = names
        self._groups = groups
        self.built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        if not self.built:
            self.build(y_true, y_pred)
        outputs, _ = _outputs(y_pred, self.output_names)
        targets = _targets(y_true, self._names, len(outputs))
        for i, _, metric, weighted in self._groups:
            metric.update_state(targets[i], outputs[i], sample_weight=sample_weight if weighted else None)

    def result(self):
        results = {}
        for _, prefix, metric, weighted in self._groups:
            name = prefix + metric.name
            if name in results:
                name = prefix + ("weighted_" if weighted else "") + metric.name
                base, n = name, 1
                while name in results:
                    name, n = f"{base}_{n}", n + 1
            results[name] = metric.result()
        return results

    def reset_state(self):
        for metric in self.metrics:
            metric.reset_state()
