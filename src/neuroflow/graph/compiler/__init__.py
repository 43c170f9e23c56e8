"""The graph compiler: passes that simplify a traced graph, then lowering to Python source.

`compile_graph(graph)` runs the enabled passes in order over a `Program` built from the
graph and lowers the result. Each pass is one small module and can be switched off for
debugging:

>>> from neuroflow.graph import compiler
>>> compiler.PASSES
('dead_code', 'constant_folding', 'cse', 'reads', 'conv_fusion', 'fusion', 'dead_code', 'buffers')
>>> with compiler.options(fusion=False):
...     compiler.enabled("fusion")
False
"""
import contextlib


from ... import backend
from .ir import from_graph
from .lowering import lower
from . import buffers, constant_folding, conv_fusion, cse, dead_code, fusion, reads

__all__ = ["compile_graph", "optimize", "options", "set_options", "enabled", "PASSES"]

PASSES = ("dead_code", "constant_folding", "cse", "reads", "conv_fusion", "fusion", "dead_code", "buffers")
_RUN = {"dead_code": dead_code.run, "constant_folding": constant_folding.run, "cse": cse.run,
        "reads": reads.run, "conv_fusion": conv_fusion.run, "fusion": fusion.run, "buffers": buffers.run}
_enabled = {name: True for name in _RUN}


def enabled(name):
    """Whether pass `name` runs."""
    return _enabled[name]


def set_options(**switches):
    """Turns passes on or off, e.g. `set_options(constant_folding=False)`."""
    for name, on in switches.items():
        if name not in _enabled:
            raise ValueError(f"Unknown compiler pass {name!r}. The passes are: {sorted(_enabled)}.")
        _enabled[name] = bool(on)


@contextlib.contextmanager
def options(**switches):
    """Context manager: `with options(fusion=False): ...` compiles without fusion."""
    saved = dict(_enabled)
    set_options(**switches)
    try:
        yield
    finally:
        _enabled.update(saved)


def _device_module(graph):
    for node in graph.nodes:
        for t in node.outputs:
            return backend.array_module(t._value)
    return backend.current_module()


def optimize(graph):
    """The graph as a `Program`, after the enabled passes."""
    program = from_graph(graph, _device_module(graph))
    for name in PASSES:
        if _enabled[name]:
            _RUN[name](program)
    return program


def compile_graph(graph):
    """The graph optimized and lowered: an `Executable` with `.run(*arrays)` and `.source`."""
    return lower(optimize(graph))
