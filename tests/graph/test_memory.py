"""Memory of traced and compiled functions: buffers shared across shapes, locals freed after their last
read, arrays a trace computed released once unreachable; results stay exact and alias-free."""
import tracemalloc
import weakref

import numpy as np
import pytest

import neuroflow as tf
from neuroflow.graph import compiler
from neuroflow.graph.compiler.buffers import _may_overwrite


def _compiled(fn, *specs, **switches):
    graph = tf.function(fn).get_concrete_function(*specs).graph
    with compiler.options(**switches):
        return compiler.optimize(graph), compiler.compile_graph(graph)


def _lifetimes(program):
    """id(value) -> (value, first instruction, last instruction reading it or a view of it)."""
    root, lives = {}, {}
    for i, instr in enumerate(program.instrs):
        if instr.op.name in ("Reshape", "Transpose", "BroadcastTo", "StopGradient") or getattr(instr.op, "view", 0):
            for v in instr.outputs:
                root[id(v)] = root.get(id(instr.inputs[0]), instr.inputs[0])
        for v in instr.inputs:
            base = root.get(id(v), v)
            if id(base) in lives:
                lives[id(base)][2] = i
        for v in instr.outputs:
            if v.buffer is not None:
                lives[id(v)] = [v, i, i]
    return lives.values()


def _assert_no_live_overlap(program):
    """Two values in one block are never alive at once, except an elementwise op writing over an input
    of its shape and dtype that it reads for the last time."""
    lives = list(_lifetimes(program))
    for a, start_a, end_a in lives:
        for b, start_b, end_b in lives:
            if a is b or a.buffer.block is not b.buffer.block or not start_a <= start_b <= end_a:
                continue
            instr = program.instrs[start_b]
            assert start_b == end_a and a.shape == b.shape and a.dtype == b.dtype, (a, b)
            assert _may_overwrite(instr, instr.inputs.index(a)), (a, b, instr)


def _network(x):
    """Shapes that grow and shrink, residual reads, reductions, a chain reading its input twice."""
    h = tf.exp(tf.tile(x, [1, 4]) * 0.1)                         # (4, 24)
    wide = tf.nn.relu(h @ tf.ones([24, 48]) - 3.0)                 # (4, 48)
    narrow = tf.reduce_sum(tf.reshape(wide, [4, 6, 8]), axis=2)    # (4, 6)
    again = tf.exp(narrow * 0.01) * 2.0 + narrow                   # the chain reads `narrow` twice
    back = tf.tile(again, [1, 4]) + h                              # (4, 24), h still alive
    return tf.reduce_sum(tf.sqrt(back * back + 1.0), axis=1), tf.transpose(narrow)


X = np.linspace(-1, 1, 24, dtype=np.float32).reshape(4, 6)


def test_values_of_different_shapes_share_blocks_when_their_lifetimes_do_not_overlap():
    program, executable = _compiled(_network, tf.TensorSpec([4, 6]))
    buffered = [v for i in program.instrs for v in i.outputs if v.buffer is not None]
    blocks = {id(v.buffer.block) for v in buffered}
    shapes = {id(v.buffer.block): set() for v in buffered}
    for v in buffered:
        shapes[id(v.buffer.block)].add(v.shape)
    assert len(blocks) < len(buffered) and any(len(s) > 1 for s in shapes.values())
    _assert_no_live_overlap(program)
    _, reference = _compiled(_network, tf.TensorSpec([4, 6]), buffers=False)
    for _ in range(2):  # the second run reuses the blocks
        for got, want in zip(executable.run(X), reference.run(X)):
            np.testing.assert_allclose(got, want, rtol=1e-6)


def test_a_chain_never_overwrites_an_input_it_reads_after_its_first_step():
    def f(x):
        y = tf.exp(x)
        return tf.reduce_sum(y * 3.0 + y)      # Mul then AddV2 reading y again: not in place

    program, executable = _compiled(f, tf.TensorSpec([5, 5]))
    _assert_no_live_overlap(program)
    x = np.linspace(0, 1, 25, dtype=np.float32).reshape(5, 5)
    np.testing.assert_allclose(executable.run(x)[0], (np.exp(x) * 4).sum(), rtol=1e-5)


def test_results_and_their_views_stay_fresh_and_are_not_overwritten_by_later_calls():
    def f(x):
        y = tf.exp(x) * 2.0
        return tf.reshape(y, [-1]), tf.reduce_sum(y)

    _, executable = _compiled(f, tf.TensorSpec([2, 3]))
    first = executable.run(np.zeros((2, 3), np.float32))
    executable.run(np.ones((2, 3), np.float32))
    assert first[0].tolist() == [2.0] * 6 and first[1] == 12.0


def test_a_fused_convolution_writes_into_a_shared_buffer():
    rng = np.random.default_rng(0)
    kernel, kernel2, kernel3 = (tf.constant(rng.standard_normal(shape).astype(np.float32))
                                for shape in ((3, 3, 2, 4), (3, 3, 4, 2), (1, 1, 2, 3)))
    bias = tf.constant(np.arange(4, dtype=np.float32))

    def f(x):
        y = tf.nn.relu(tf.nn.conv2d(x, kernel, 1, "SAME") + bias)                       # fused, into a block
        z = tf.nn.conv2d(tf.nn.max_pool2d(y, 2, 2, "VALID"), kernel2, 1, "SAME") + bias[:2]
        lone = tf.nn.conv2d(z, kernel3, 1, "VALID")                                      # nothing to fuse
        return tf.reduce_mean(lone * lone, axis=[1, 2])

    spec = tf.TensorSpec([2, 8, 8, 2])
    program, executable = _compiled(f, spec)
    fused = [i for i in program.instrs if i.op.name == "_FusedConv2D"]
    assert len(fused) == 3 and all(i.outputs[0].buffer is not None for i in fused)
    assert [i.attrs.get("bias", "input") for i in fused] == ["input", "input", None]
    assert "out=buffer" in executable.source
    _assert_no_live_overlap(program)
    x = np.random.default_rng(1).standard_normal((2, 8, 8, 2)).astype(np.float32)
    _, reference = _compiled(f, spec, buffers=False, conv_fusion=False)
    for _ in range(2):
        np.testing.assert_allclose(executable.run(x)[0], reference.run(x)[0], rtol=1e-5)


def test_compiled_program_deletes_each_local_after_its_last_read():
    def f(x):   # each pad is a fresh array the planner does not place (its forward has no `out=`)
        for _ in range(6):
            x = tf.pad(x, [[1, 1], [0, 0]])
        return tf.reduce_sum(x)

    _, executable = _compiled(f, tf.TensorSpec([1024, 1024]))
    assert executable.source.count("del ") >= 5
    x = np.ones((1024, 1024), np.float32)
    executable.run(x)
    tracemalloc.start()
    assert executable.run(x)[0] == 1024 * 1024
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 3 * x.nbytes, f"peak {peak} bytes: the six padded copies were held at once"


def test_a_trace_releases_the_arrays_no_code_can_read_any_more(monkeypatch):
    from neuroflow.graph import graph
    monkeypatch.setattr(graph, "_CHECK_BYTES", 1)   # check at every large result, not after 32 MiB more
    alive = {}

    @tf.function
    def f(x):
        a = x * 2.0
        b = tf.exp(a)
        refs = {"a": weakref.ref(a._value), "b": weakref.ref(b._value)}
        c = b + 1.0
        alive["held"] = {k: r() is not None for k, r in refs.items()}
        del a, b
        d = c * 3.0                        # the next large result: unreachable arrays are released
        alive["dropped"] = {k: r() is not None for k, r in refs.items()}
        return d - 1.0, c

    x = np.full((512, 512), 0.5, np.float32)
    d, c = f(x)
    assert alive == {"held": {"a": True, "b": True}, "dropped": {"a": False, "b": False}}
    np.testing.assert_allclose(c.numpy(), np.exp(x * 2) + 1, rtol=1e-6)
    np.testing.assert_allclose(d.numpy(), (np.exp(x * 2) + 1) * 3 - 1, rtol=1e-6)


def test_a_trace_keeps_arrays_a_tape_still_holds():
    @tf.function
    def grad(x):
        with tf.GradientTape() as tape:
            tape.watch(x)
            y = tf.exp(x * 2.0)
            for _ in range(3):
                y = tf.sin(y) * 1.5
            loss = tf.reduce_sum(y)
        return tape.gradient(loss, x)

    x = np.linspace(0, 0.3, 512 * 256, dtype=np.float32).reshape(512, 256)
    with tf.GradientTape() as reference:
        xt = tf.constant(x)
        reference.watch(xt)
        y = tf.exp(xt * 2.0)
        for _ in range(3):
            y = tf.sin(y) * 1.5
        loss = tf.reduce_sum(y)
    np.testing.assert_allclose(grad(x).numpy(), reference.gradient(loss, xt).numpy(), rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("batch", [1, 3])
def test_keras_predict_is_the_same_with_and_without_buffer_planning(batch):
    from neuroflow import keras
    keras.utils.set_random_seed(0)
    inputs = keras.Input((12, 12, 3))
    h = keras.layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
    h = keras.layers.BatchNormalization()(h)
    skip = h
    h = keras.layers.Conv2D(8, 3, padding="same", use_bias=False)(h)
    h = keras.layers.ReLU()(keras.layers.Add()([h, skip]))
    h = keras.layers.MaxPooling2D()(h)
    outputs = keras.layers.Dense(5, activation="softmax")(keras.layers.GlobalAveragePooling2D()(h))
    model = keras.Model(inputs, outputs)
    x = np.random.default_rng(2).uniform(0, 1, (batch, 12, 12, 3)).astype(np.float32)
    eager = model(x).numpy()
    compiled = [model.predict(x, batch_size=batch, verbose=0) for _ in range(3)]
    for out in compiled:
        np.testing.assert_allclose(out, eager, rtol=1e-5, atol=1e-6)
