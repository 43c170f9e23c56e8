"""`tf.autograph.experimental`: `do_not_convert`, `set_loop_options`, `Feature` (re-exports and small helpers)."""
import enum

from .conversion import do_not_convert
from .operators import loop_options

__all__ = ["do_not_convert", "set_loop_options", "Feature"]


class Feature(enum.Enum):
    """Optional conversions (accepted for compatibility; the defaults are always on)."""
    ALL = "ALL"
    AUTO_CONTROL_DEPS = "AUTO_CONTROL_DEPS"
    ASSERT_STATEMENTS = "ASSERT_STATEMENTS"
    BUILTIN_FUNCTIONS = "BUILTIN_FUNCTIONS"
    EQUALITY_OPERATORS = "EQUALITY_OPERATORS"
    LISTS = "LISTS"
    NAME_SCOPES = "NAME_SCOPES"


def set_loop_options(parallel_iterations=None, swap_memory=None, maximum_iterations=None,
                     shape_invariants=None):
    """Inside a converted loop: `shape_invariants=[(var, tf.TensorShape([None, ...]))]` lets `var`
    change shape across iterations. Outside a tensor loop it does nothing.

    `parallel_iterations` and `swap_memory` are accepted (loops run one iteration at a time);
    `maximum_iterations` is not supported here: add `and i < limit` to the loop's condition,
    or call `tf.while_loop(..., maximum_iterations=limit)`.
    """
    if maximum_iterations is not None:
        raise NotImplementedError(
            "set_loop_options(maximum_iterations=...) is not supported: add the bound to the loop's condition "
            "(`while cond and i < limit:`) or use tf.while_loop(cond, body, vars, maximum_iterations=limit).")
    loop_options(shape_invariants=shape_invariants)
