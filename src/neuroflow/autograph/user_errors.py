"""Errors raised while tracing converted code, shown as TensorFlow shows them: "in user code".

Converted functions are compiled under the user's file name with the user's line numbers,
so the traceback's frames in user files are the user's own lines. The error message gets
those frames in front (file, line, function and the source line), like TensorFlow's:

    ValueError: in user code:

        File "train.py", line 12, in step  *
            if x > 0:

        ValueError: 'y' must also be initialized in the else branch
"""
import linecache
import os
import traceback

from ..framework import errors

__all__ = ["with_user_frames"]

_PACKAGE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "")
_GENERATED = ("if_true_", "if_false_", "loop_body_", "loop_test_", "extra_test_")


def _user_frames(tb, library_roots):
    """The traceback's frames in user files; generated helpers are named by their user function."""
    frames, name = [], "<module>"
    for frame in traceback.extract_tb(tb):
        path = os.path.abspath(frame.filename) if not frame.filename.startswith("<") else frame.filename
        if path.startswith(library_roots):
            continue
        if not frame.name.startswith(_GENERATED):
            name = frame.name[4:] if frame.name.startswith("tf__") else frame.name
        line = (frame.line or linecache.getline(frame.filename, frame.lineno)).strip()
        frames.append(f'    File "{frame.filename}", line {frame.lineno}, in {name}  *\n        {line}\n')
    return frames


def with_user_frames(error, library_roots):
    """`error` with the user's frames in its message (the same error type), or `error` itself."""
    if getattr(error, "_autograph_frames", False):
        return error
    frames = _user_frames(error.__traceback__, library_roots + (_PACKAGE,))
    if not frames:
        return error
    message = "in user code:\n\n" + "\n".join(frames) + f"\n    {type(error).__name__}: {error}"
    try:
        if isinstance(error, errors.OpError):
            new = type(error)(error.node_def, error.op, message)
        elif isinstance(error, SyntaxError) or type(error).__init__ is not BaseException.__init__ and \
                not isinstance(error, (ValueError, TypeError, NotImplementedError, RecursionError, LookupError,
                                       UnboundLocalError, AttributeError)):
            return error   # an exception whose constructor takes other arguments: left as it is
        else:
            new = type(error)(message)
    except Exception:  # noqa: BLE001 - any constructor failure: keep the original error
        return error
    new._autograph_frames = True
    return new.with_traceback(error.__traceback__)
