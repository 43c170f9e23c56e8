"""`tf.get_logger()`: the logger neuroflow's warnings go to, named "tensorflow" as in TF.

So the usual line to quiet TensorFlow quiets neuroflow too:

>>> import neuroflow as tf
>>> tf.get_logger().setLevel("ERROR")
>>> tf.get_logger().name
'tensorflow'
>>> tf.get_logger().setLevel("NOTSET")
"""
__all__ = ["get_logger"]


def get_logger():
    """The `logging.Logger` for neuroflow's warnings (retracing, tape misuse, ...)."""
    import logging  # on first use: `logging` (and `threading`) cost ~5 ms of `import neuroflow`
    return logging.getLogger("tensorflow")
