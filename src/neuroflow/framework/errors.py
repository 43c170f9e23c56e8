"""`tf.errors`: TensorFlow's exception types.

Each subclasses `OpError` as in TensorFlow, and also the builtin exception a Python
user would reach for, so both `except tf.errors.InvalidArgumentError` and
`except ValueError` work.

>>> import neuroflow as tf
>>> issubclass(tf.errors.InvalidArgumentError, ValueError)
True
>>> tf.errors.InvalidArgumentError(None, None, "bad shape").error_code == tf.errors.INVALID_ARGUMENT
True
"""

__all__ = [
    "OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", "NOT_FOUND",
    "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
    "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
    "OpError", "OperatorNotAllowedInGraphError", "CancelledError", "UnknownError", "InvalidArgumentError", "DeadlineExceededError",
    "NotFoundError", "AlreadyExistsError", "PermissionDeniedError", "ResourceExhaustedError",
    "FailedPreconditionError", "AbortedError", "OutOfRangeError", "UnimplementedError",
    "InternalError", "UnavailableError", "DataLossError", "UnauthenticatedError",
]

# TensorFlow's status codes (`error_code` of each error type below).
(OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS,
 PERMISSION_DENIED, RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, UNIMPLEMENTED,
 INTERNAL, UNAVAILABLE, DATA_LOSS, UNAUTHENTICATED) = range(17)


class OpError(Exception):
    """The base error of failing TensorFlow operations.

    Args:
        node_def: unused, kept for TensorFlow's signature.
        op: the name of the failing op, or None.
        message: what went wrong and how to fix it.
    """

    error_code = UNKNOWN

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


CancelledError = _error("CancelledError", CANCELLED, doc="An operation was cancelled.")
UnknownError = _error("UnknownError", UNKNOWN, doc="An unknown error.")
InvalidArgumentError = _error(
    "InvalidArgumentError", INVALID_ARGUMENT, ValueError,
    doc="An op received an invalid argument (shape, dtype or value).")
DeadlineExceededError = _error(
    "DeadlineExceededError", DEADLINE_EXCEEDED, TimeoutError,
    doc="A deadline expired.")
NotFoundError = _error(
    "NotFoundError", NOT_FOUND, LookupError,
    doc="A requested entity (file, key) was not found.")
AlreadyExistsError = _error("AlreadyExistsError", ALREADY_EXISTS, doc="An entity already exists.")
PermissionDeniedError = _error(
    "PermissionDeniedError", PERMISSION_DENIED, PermissionError,
    doc="Permission denied.")
ResourceExhaustedError = _error(
    "ResourceExhaustedError", RESOURCE_EXHAUSTED, MemoryError,
    doc="A resource (memory) ran out.")
FailedPreconditionError = _error(
    "FailedPreconditionError", FAILED_PRECONDITION, RuntimeError,
    doc="The system is not in a state to run the op (e.g. an uninitialized variable).")
AbortedError = _error("AbortedError", ABORTED, doc="An operation was aborted.")
OutOfRangeError = _error(
    "OutOfRangeError", OUT_OF_RANGE, IndexError,
    doc="Iterated past the valid range (e.g. the end of a dataset).")
UnimplementedError = _error(
    "UnimplementedError", UNIMPLEMENTED, NotImplementedError,
    doc="The operation is not implemented.")
InternalError = _error(
    "InternalError", INTERNAL, RuntimeError,
    doc="An internal invariant broke: a bug, please report it.")
UnavailableError = _error("UnavailableError", UNAVAILABLE, doc="A service is unavailable.")
DataLossError = _error("DataLossError", DATA_LOSS, doc="Unrecoverable data loss or corruption.")
UnauthenticatedError = _error(
    "UnauthenticatedError", UNAUTHENTICATED,
    doc="Missing valid credentials.")


class OperatorNotAllowedInGraphError(TypeError):
    """A Python operation that needs a tensor's value (`bool(t)`, iteration) was applied to a
    symbolic tensor inside a traced function: use `tf.cond` / `tf.while_loop` instead."""
