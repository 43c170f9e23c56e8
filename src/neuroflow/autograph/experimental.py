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
    change shape across iterations. Outside a tensor loop it does nothing."""
    loop_options(shape_invariants=shape_invariants, maximum_iterations=maximum_iterations)
