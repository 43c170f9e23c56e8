"""TensorFlow 1's `tf.Print`: an identity op that logs values each time it is evaluated.

Unlike `tf.print`, it returns its input (so it is wired into the computation) and logs, as
TensorFlow's C++ logging does, to the process's standard error (file descriptor 2), not to
Python's `sys.stderr`: in a notebook the text appears in the terminal that runs the kernel.

>>> import neuroflow as tf
>>> x = tf.compat.v1.Print(tf.constant([1, 2, 3, 4]), [tf.constant(7)], "x is here: ")
>>> x.numpy()
array([1, 2, 3, 4], dtype=int32)
"""
import os

from ...graph.control_dependencies import control_dependencies
from ...graph.print_op import print as tf_print
from ...ops.array_ops import identity, reshape
from ...ops.registry import as_tensor, state

__all__ = ["Print"]


class _Log:
    """Writes each printed line to file descriptor 2, the first `first_n` times (None: always)."""

    def __init__(self, first_n):
        self.left = first_n

    def __call__(self, text):
        if self.left is not None:
            if self.left <= 0:
                return
            self.left -= 1
        os.write(2, (text + "\n").encode("utf-8", "replace"))


def Print(input_, data, message=None, first_n=None, summarize=None, name=None):  # noqa: N802 - TF1's name
    """Returns `input_`; logs `message` and each tensor of `data` (as `[v0 v1 ...]`, the first and
    last `summarize` entries, default 3) whenever it is evaluated, the first `first_n` times if given.
    """
    values = [reshape(as_tensor(d), [-1]) for d in data]
    printed = tf_print(message or "", *values, output_stream=_Log(first_n),
                       summarize=3 if summarize is None else summarize, sep="")
    if state.graph is None:
        return as_tensor(input_)
    with control_dependencies([printed]):
        return identity(input_)
