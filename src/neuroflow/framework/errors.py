"""`tf.errors`: TensorFlow's exception types.

Each subclasses `OpError` as in TensorFlow, and also the builtin exception a Python
user would reach for, so both `except tf.errors.InvalidArgumentError` and
`except ValueError` work.

>>> import neuroflow as tf
>>> issubclass(tf.errors.InvalidArgumentError, ValueError)
True
"""

__all__ = [
    "OpError", "CancelledError", "UnknownError", "InvalidArgumentError", "DeadlineExceededError",
    "NotFoundError", "AlreadyExistsError", "PermissionDeniedError", "ResourceExhaustedError",
    "FailedPreconditionError", "AbortedError", "OutOfRangeError", "UnimplementedError",
    "InternalError", "UnavailableError", "DataLossError", "UnauthenticatedError",
]


class OpError(Exception):
    """The base error of failing TensorFlow operations.

    Args:
        node_def: unused, kept for TensorFlow's signature.
        op: the name of the failing op, or None.
        message: what went wrong and how to fix it.
    """

    error_code = 2

    def __init__(self, node_def=None, op=None, message="", *args):
        super().__init__(message)
        self.node_def = node_def
        self.op = op
        self.message = message

    def __str__(self):
        return self.message

    def __reduce__(self):
        return type(self), (self.node_def, self.op, self.message)


def _error(name, code, *bases, doc):
    return type(name, (OpError, *bases), {"error_code": code, "__doc__": doc})


CancelledError = _error("CancelledError", 1, doc="An operation was cancelled.")
UnknownError = _error("UnknownError", 2, doc="An unknown error.")
InvalidArgumentError = _error(
    "InvalidArgumentError", 3, ValueError, doc="An op received an invalid argument (shape, dtype or value).")
DeadlineExceededError = _error("DeadlineExceededError", 4, TimeoutError, doc="A deadline expired.")
NotFoundError = _error("NotFoundError", 5, LookupError, doc="A requested entity (file, key) was not found.")
AlreadyExistsError = _error("AlreadyExistsError", 6, doc="An entity already exists.")
PermissionDeniedError = _error("PermissionDeniedError", 7, PermissionError, doc="Permission denied.")
ResourceExhaustedError = _error("ResourceExhaustedError", 8, MemoryError, doc="A resource (memory) ran out.")
FailedPreconditionError = _error(
    "FailedPreconditionError", 9, RuntimeError, doc="The system is not in a state to run the op (e.g. an uninitialized variable).")
AbortedError = _error("AbortedError", 10, doc="An operation was aborted.")
OutOfRangeError = _error("OutOfRangeError", 11, IndexError, doc="Iterated past the valid range (e.g. the end of a dataset).")
UnimplementedError = _error("UnimplementedError", 12, NotImplementedError, doc="The operation is not implemented.")
InternalError = _error("InternalError", 13, RuntimeError, doc="An internal invariant broke: a bug, please report it.")
UnavailableError = _error("UnavailableError", 14, doc="A service is unavailable.")
DataLossError = _error("DataLossError", 15, doc="Unrecoverable data loss or corruption.")
UnauthenticatedError = _error("UnauthenticatedError", 16, doc="Missing valid credentials.")
