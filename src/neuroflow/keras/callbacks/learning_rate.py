"""Reading and setting a model's optimizer learning rate, for the callbacks that adjust it."""

__all__ = ["get_learning_rate", "set_learning_rate"]


def _optimizer(model):
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None or not hasattr(optimizer, "learning_rate"):
        raise ValueError("This callback needs a compiled model whose optimizer has a `learning_rate`. "
                         "Call model.compile(optimizer=...) first.")
    return optimizer


def get_learning_rate(model):
    """The optimizer's current learning rate as a Python float."""
    return float(_optimizer(model).learning_rate)


def set_learning_rate(model, value):
    """Sets the optimizer's learning rate to `value`."""
    _optimizer(model).learning_rate = value
