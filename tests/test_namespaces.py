"""Namespace hygiene: every name a public module lists in `dir()` resolves.

A missing feature must be absent (so `hasattr(tf, "x")` answers False), never listed and then
failing on access. The walk covers `neuroflow` and every public module below it (no path part
starting with `_`), found both through the package tree and through attributes that are modules.
"""
import importlib
import pkgutil
import types

import pytest

import neuroflow


def _public(name):
    return not any(part.startswith("_") for part in name.split("."))


def _public_modules():
    names = {"neuroflow"}
    names.update(info.name for info in pkgutil.walk_packages(neuroflow.__path__, "neuroflow.")
                 if _public(info.name))
    return sorted(names)


def _unresolved(module):
    """(name, error) for each name in `dir(module)` that getattr cannot fetch."""
    failures = []
    for name in dir(module):
        try:
            getattr(module, name)
        except Exception as error:  # noqa: BLE001 - any failure is the defect being tested
            failures.append((name, f"{type(error).__name__}: {error}"))
    return failures


@pytest.mark.parametrize("module_name", _public_modules())
def test_every_listed_name_resolves(module_name):
    module = importlib.import_module(module_name)
    failures = _unresolved(module)
    assert not failures, (
        f"{module_name}: names listed in dir() that fail on access (remove them from the module's "
        f"lazy tables until they exist): {failures}")


def test_module_attributes_reached_from_the_root_resolve():
    """Namespaces reached as attributes (lazy tables, aliases) are walked too, recursively."""
    seen, failures = set(), []

    def walk(module):
        if module.__name__ in seen:
            return
        seen.add(module.__name__)
        failures.extend((module.__name__, *failure) for failure in _unresolved(module))
        for name in dir(module):
            value = getattr(module, name, None)
            if (isinstance(value, types.ModuleType) and value.__name__.startswith("neuroflow")
                    and not name.startswith("_")):
                walk(value)

    walk(neuroflow)
    assert not failures, failures
    assert {"neuroflow.keras", "neuroflow.nn", "neuroflow.keras.layers"} <= seen


def test_hasattr_answers_for_absent_names():
    from neuroflow import keras
    assert hasattr(neuroflow, "not_a_namespace") is False
    assert hasattr(keras, "not_a_namespace") is False
    with pytest.raises(AttributeError, match="no attribute 'not_a_namespace'"):
        neuroflow.not_a_namespace  # noqa: B018
