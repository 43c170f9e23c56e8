"""The stack of default sessions that `Tensor.eval()` and `Operation.run()` use.

The graph layer owns the stack; `compat.v1.Session` (a layer above) pushes itself on
entering `with sess:` / `sess.as_default()` and pops on leaving, so imports point down.
"""

__all__ = ["default_session", "push", "remove"]

_sessions = []


def default_session():
    """The innermost default session; a TensorFlow-worded `ValueError` when there is none."""
    if not _sessions:
        raise ValueError(
            "Cannot evaluate tensor using `eval()`: No default session is registered. Use "
            "`with sess.as_default()` or pass an explicit session to `eval(session=sess)`.")
    return _sessions[-1]


def push(session):
    """Makes `session` the default until it is removed."""
    _sessions.append(session)


def remove(session):
    """Removes the innermost entry of `session`, if it is on the stack."""
    for i in range(len(_sessions) - 1, -1, -1):
        if _sessions[i] is session:
            del _sessions[i]
            return
