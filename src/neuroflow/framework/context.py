"""The execution state: which tapes are recording and which graph (if any) is being built.

It lives in this layer so that everything above can consult it: the op registry (to
record on tapes or add graph nodes), variables (whose reads and writes become graph nodes
while tracing), the tape and the graph layer (which set it).
"""

__all__ = ["state"]


class ExecutionState:
    """Recording tapes and the graph being traced; `graph is None` means eager."""

    __slots__ = ("tapes", "graph")

    def __init__(self):
        self.tapes = []     # GradientTapes recording now (innermost last)
        self.graph = None   # the graph builder while tracing a tf.function, else None


state = ExecutionState()
