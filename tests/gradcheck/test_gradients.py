"""Every differentiable op passes a finite-difference check; none is left out."""
import importlib
import os
import pkgutil

import pytest

from neuroflow.ops.registry import REGISTRY
from . import harness

_MODULES = [importlib.import_module(f"{__package__}.{m.name}")
            for m in pkgutil.iter_modules([os.path.dirname(__file__)])
            if m.name.startswith("cases_")]
CASES = [c for module in _MODULES for c in module.CASES]
_SEEN = set()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_gradient_matches_finite_differences(case):
    harness.check(case, _SEEN)


def test_every_differentiable_op_has_a_case():
    seen = set()
    for c in CASES:
        try:
            harness.check(c, seen)
        except AssertionError:
            pass  # reported by the test above
    missing = sorted(name for name, op in REGISTRY.items() if op.grad is not None and name not in seen)
    assert not missing, f"differentiable ops without a gradient check: {missing}"
