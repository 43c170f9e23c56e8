"""Buffer planning: results of instructions go into memory allocated once, reused across steps.

Each value an instruction can write with `out=` and whose shape is static gets a place in
a preallocated block of memory, read as an array of its own shape and dtype (a view of the
block's first bytes). A value lives from the instruction writing it to the last one reading
it or a view of it (views such as reshapes keep their base alive). Values whose lifetimes
don't overlap share a block, whatever their shapes: blocks are handed out greedily, largest
values first (TFLite's "greedy by size"), each value to the first block where no value is
alive at the same time, else to a new block of its size. So the blocks hold about the
largest set of values alive at once, not one array per distinct shape. An elementwise op
(or a chain of them) may write into the block of an input that dies with it when both have
the same shape and dtype: ufuncs may write over an input. Values the program returns, and
anything they view, always get fresh arrays: callers keep those. So do values whose shape
varies between runs (an unknown batch size, the result of `tf.boolean_mask`).

>>> import neuroflow as tf
>>> from neuroflow.graph import compiler
>>> def f(x):
...     wide = tf.exp(tf.tile(x, [1, 4]))                      # (2, 12), dead once summed
...     narrow = tf.exp(tf.reduce_sum(wide, 1))                # (2,)
...     return tf.reduce_sum(tf.exp(tf.tile(narrow[:, None], [1, 5])) * 2.0)   # (2, 5) summed
>>> program = compiler.optimize(tf.function(f).get_concrete_function(tf.TensorSpec([2, 3])).graph)
>>> blocks = {}
>>> [(v.shape, blocks.setdefault(id(v.buffer.block), len(blocks)))
...  for i in program.instrs for v in i.outputs if v.buffer is not None]   # (shape, block)
[((2, 12), 0), ((2,), 1), ((2, 5), 0)]
"""
import bisect

from .ir import is_static
from .templates import ELEMENTWISE, OUT_TEMPLATES

__all__ = ["run", "Buffer"]

_VIEW_OPS = {"Reshape", "Transpose", "BroadcastTo", "StopGradient"}


class Buffer:
    """One value's array: a view of `block` (a flat byte array); `name` is given by the lowering.

    Values of one block with the same shape and dtype share one Buffer (and one name).
    """

    __slots__ = ("array", "block", "base", "name")

    def __init__(self, array, block, base):
        self.array, self.block, self.base, self.name = array, block, base, None


class _Block:
    """Memory shared by values whose lifetimes are disjoint: `lives` is sorted (start, end, value)."""

    def __init__(self, xp, nbytes):
        self.array, self.lives, self.views = xp.empty(nbytes, xp.uint8), [], {}

    def fits(self, start, end, value, may_share):
        """Whether `value`, alive over [start, end], can live here next to the values already placed."""
        i = bisect.bisect_left(self.lives, (start,), key=lambda life: life[:1])
        if i > 0:
            s, e, other = self.lives[i - 1]
            if e >= start and not (e == start and may_share(start, other, value)):
                return False
        if i < len(self.lives):
            s, e, other = self.lives[i]
            if s <= end and not (s == end and may_share(end, value, other)):
                return False
        return True


def _writes_out(instr):
    op = instr.op
    return (op.name in OUT_TEMPLATES or getattr(op, "emit", None) is not None or getattr(op, "writes_out", False)) \
        and len(instr.outputs) == 1 and instr.single


def _may_overwrite(instr, index):
    """Whether the instruction may write its result over its input `index` (ufuncs may; see `FusedChain`)."""
    if instr.op.name in ELEMENTWISE:
        return True
    may_overwrite = getattr(instr.op, "may_overwrite", None)
    return may_overwrite is not None and may_overwrite(index)


def _views(instr):
    return instr.op.name in _VIEW_OPS or getattr(instr.op, "view", False)


def run(program):
    xp = program.xp
    instrs = program.instrs
    root = {}      # id(value) -> the value whose memory it views
    for instr in instrs:
        if _views(instr) and instr.inputs:
            base = root.get(id(instr.inputs[0]), instr.inputs[0])
            for v in instr.outputs:
                root[id(v)] = base
    last = {}
    for i, instr in enumerate(instrs):
        for v in instr.inputs:
            last[id(root.get(id(v), v))] = i
    returned = {id(root.get(id(v), v)) for v in program.results}
    lives = []     # (bytes, start, end, value): the values to place
    for i, instr in enumerate(instrs):
        if _writes_out(instr):
            out = instr.outputs[0]
            if id(out) not in returned and id(out) in last and is_static(out.shape):
                nbytes = out.dtype.itemsize * _size(out.shape)
                if nbytes:
                    lives.append((nbytes, i, last[id(out)], out))

    def may_share(i, dying, written):
        """Instruction i writes `written` over `dying`, which it reads for the last time: an elementwise op
        (or chain of them) reading it directly (not through a view), with the same shape and dtype."""
        instr = instrs[i]
        if instr.outputs[0] is not written or written.shape != dying.shape or written.dtype != dying.dtype:
            return False
        reads = [k for k, v in enumerate(instr.inputs) if root.get(id(v), v) is dying]
        return all(instr.inputs[k] is dying and _may_overwrite(instr, k) for k in reads)

    blocks = []
    for nbytes, start, end, value in sorted(lives, key=lambda life: (-life[0], life[1])):
        block = next((b for b in blocks if b.fits(start, end, value, may_share)), None)
        if block is None:  # (the values come largest first: every later one fits in this block's bytes)
            block = _Block(xp, nbytes)
            blocks.append(block)
        bisect.insort(block.lives, (start, end, value), key=lambda life: life[:1])
        key = (value.shape, str(value.dtype))
        if key not in block.views:
            block.views[key] = Buffer(block.array[:nbytes].view(value.dtype).reshape(value.shape), block, "buffer")
        value.buffer = block.views[key]
    return program


def _size(shape):
    size = 1
    for d in shape:
        size *= d
    return size
