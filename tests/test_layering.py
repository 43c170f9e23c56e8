"""Imports point down the layers of design.md: a file never imports from a layer above it."""
import ast
import pathlib

import pytest

_SRC = pathlib.Path(__file__).resolve().parents[1] / "src" / "neuroflow"
_LAYER = {"backend": 1, "framework": 2, "ops": 3, "autodiff": 4, "graph": 5, "keras": 7,
          "export": 8, "distribute": 8}
_NAMESPACE_LAYER = 6  # nn, math, io, data, summary, train, compat, ... (design.md's layer 6)


def _layer(package):
    return _LAYER.get(package, _NAMESPACE_LAYER)


def _imported_packages(path):
    """The top-level neuroflow packages that `path` imports, with line numbers."""
    parts = path.relative_to(_SRC).parts
    tree = ast.parse(path.read_text(), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                base = list(parts[:-1])[: len(parts) - node.level]
                target = base + (node.module.split(".") if node.module else [])
                if not target and node.names:
                    target = [node.names[0].name]
            elif node.module and node.module.startswith("neuroflow."):
                target = node.module.split(".")[1:]
            else:
                continue
            if target:
                yield target[0], node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("neuroflow."):
                    yield alias.name.split(".")[1], node.lineno


_FILES = [p for p in sorted(_SRC.rglob("*.py")) if len(p.relative_to(_SRC).parts) > 1]


@pytest.mark.parametrize("path", _FILES, ids=lambda p: str(p.relative_to(_SRC)))
def test_imports_point_down(path):
    own = _layer(path.relative_to(_SRC).parts[0])
    upward = [f"line {line}: {package} (layer {_layer(package)})"
              for package, line in _imported_packages(path) if _layer(package) > own]
    assert not upward, f"{path.relative_to(_SRC)} (layer {own}) imports from above: {upward}"
