"""Which way is better for a monitored quantity: shared by EarlyStopping and ReduceLROnPlateau."""
import operator

__all__ = ["improvement_op"]

_HIGHER_IS_BETTER = ("acc", "auc", "precision", "recall", "f1", "iou")
_LOWER_IS_BETTER = ("error", "mse", "mae", "mape", "msle", "crossentropy", "hinge", "divergence", "kld",
                    "poisson", "cosh")


def improvement_op(monitor, mode, model=None):
    """`operator.lt` when smaller values of `monitor` are better, `operator.gt` when larger are.

    `mode` "min"/"max" decides directly; "auto" looks at the metric: losses go down,
    metrics go the way their object's `_direction` ("up"/"down") says, or, without one,
    the way their name suggests (accuracy, AUC, precision, recall, F1 up; errors down).
    """
    if mode == "min":
        return operator.lt
    if mode == "max":
        return operator.gt
    name = monitor.removeprefix("val_")
    if name == "loss" or name.endswith("_loss"):
        return operator.lt
    for metric in _model_metrics(model):
        if getattr(metric, "name", None) == name and getattr(metric, "_direction", None):
            return operator.gt if metric._direction == "up" else operator.lt
    if any(word in name for word in _HIGHER_IS_BETTER):
        return operator.gt
    if any(word in name for word in _LOWER_IS_BETTER):
        return operator.lt
    raise ValueError(
        f"Received monitor={monitor!r} but Keras isn't able to automatically determine whether that "
        "metric should be maximized or minimized. Pass `mode='max'` in order to do early stopping "
        "based on the highest metric value, or pass `mode='min'` in order to use the lowest value.")


def _model_metrics(model):
    compiled = getattr(model, "_compile_metrics", None)
    return list(getattr(compiled, "metrics", ()) or ()) if compiled is not None else []
