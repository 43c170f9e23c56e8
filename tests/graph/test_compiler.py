"""Each compiler pass on small graphs: what it changes, and that results stay the same."""
import gc
import tracemalloc

import numpy as np
import pytest

import neuroflow as tf
from neuroflow.graph import compiler


def _program(fn, *specs, **switches):
    graph = tf.function(fn).get_concrete_function(*specs).graph
    with compiler.options(**switches):
        return compiler.optimize(graph), compiler.compile_graph(graph)


def _ops(program):
    return [i.op.name for i in program.instrs]


SPEC = tf.TensorSpec([2, 3], tf.float32)


def test_dead_code_drops_unused_ops_but_keeps_assignments():
    v = tf.Variable(0.0)

    def f(x):
        unused = tf.exp(x) * 3.0  # noqa: F841 - dead on purpose
        v.assign_add(1.0)
        return x + 1.0

    program, _ = _program(f, SPEC, fusion=False)
    assert _ops(program) == ["AssignAddVariableOp", "AddV2"]
    with_dead, _ = _program(f, SPEC, dead_code=False, fusion=False)
    assert "Exp" in _ops(with_dead)


def test_constant_folding_and_shape_folding():
    def f(x):
        scale = tf.exp(tf.constant(0.0)) * 2.0          # constants only
        ones = tf.ones_like(x) * 3.0                     # depends on x's shape only
        return x * scale + ones

    program, executable = _program(f, SPEC)
    assert "Exp" not in _ops(program) and "OnesLike" not in _ops(program)
    unfolded, _ = _program(f, SPEC, constant_folding=False, fusion=False)
    assert "Exp" in _ops(unfolded)
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    np.testing.assert_allclose(executable.run(x)[0], x * 2 + 3)


def test_random_ops_are_never_folded_or_merged():
    def f():
        return tf.random.uniform([3]), tf.random.uniform([3])

    program, executable = _program(f)
    assert sum(name.startswith("Random") for name in _ops(program)) == 2
    a, b = executable.run()
    assert not np.array_equal(a, b)


def test_cse_merges_repeats_but_not_across_assignments():
    v = tf.Variable([1.0, 2.0, 3.0])

    def f(x):
        a = tf.exp(x) + tf.exp(x)
        before = v * 2.0
        v.assign_add([1.0, 1.0, 1.0])
        after = v * 2.0
        return a, before, after

    program, executable = _program(f, tf.TensorSpec([3]), fusion=False)
    assert _ops(program).count("Exp") == 1
    assert _ops(program).count("Mul") == 2
    no_cse, _ = _program(f, tf.TensorSpec([3]), cse=False, fusion=False)
    assert _ops(no_cse).count("Exp") == 2
    a, before, after = executable.run(np.zeros(3, np.float32))
    assert a.tolist() == [2.0] * 3 and before.tolist() == [2, 4, 6] and after.tolist() == [4, 6, 8]


def test_reads_without_later_assignment_skip_the_copy():
    v = tf.Variable([1.0, 2.0])
    w = tf.Variable([1.0, 2.0])

    def f():
        value = v.read_value() * 2.0
        snapshot = w.read_value()
        w.assign([9.0, 9.0])
        return value, snapshot * 1.0

    program, executable = _program(f, fusion=False)
    assert _ops(program).count("ReadVariableOp") == 1  # only w's read must copy
    value, snapshot = executable.run()
    assert value.tolist() == [2.0, 4.0] and snapshot.tolist() == [1.0, 2.0]


def test_fusion_of_dense_layers_and_elementwise_chains():
    w = tf.Variable(np.ones((3, 4), np.float32))
    b = tf.Variable(np.full(4, -5.0, np.float32))

    def f(x):
        hidden = tf.nn.relu(x @ w + b)
        return tf.exp(hidden * 0.5 - 1.0)

    program, executable = _program(f, SPEC)
    assert [name for name in _ops(program)] == ["Fused_MatMul_AddV2_Relu_Mul_Sub_Exp"]
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    expected = np.exp(np.maximum(x @ np.ones((3, 4)) - 5.0, 0) * 0.5 - 1.0)
    np.testing.assert_allclose(executable.run(x)[0], expected, rtol=1e-6)
    unfused, _ = _program(f, SPEC, fusion=False)
    assert _ops(unfused) == ["MatMul", "AddV2", "Relu", "Mul", "Sub", "Exp"]


def test_buffers_are_reused_and_results_stay_fresh():
    def f(x):
        return tf.nn.relu(x * 2.0) - 1.0

    _, executable = _program(f, SPEC)
    first = executable.run(np.ones((2, 3), np.float32))[0]
    second = executable.run(np.zeros((2, 3), np.float32))[0]
    assert first.tolist() == [[1.0] * 3] * 2 and second.tolist() == [[-1.0] * 3] * 2


def test_training_step_allocates_nothing_new_in_steady_state():
    rng = np.random.default_rng(0)
    w1 = tf.Variable(rng.standard_normal((20, 16)).astype(np.float32))
    b1 = tf.Variable(np.zeros(16, np.float32))
    w2 = tf.Variable(rng.standard_normal((16, 4)).astype(np.float32))

    @tf.function
    def step(x, y):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(tf.nn.relu(x @ w1 + b1) @ w2 - y))
        for v, g in zip([w1, b1, w2], tape.gradient(loss, [w1, b1, w2])):
            v.assign_sub(0.01 * g)
        return loss

    x = tf.constant(rng.standard_normal((8, 20)).astype(np.float32))
    y = tf.constant(rng.standard_normal((8, 4)).astype(np.float32))
    for _ in range(20):
        step(x, y)
    tracemalloc.start()
    for _ in range(50):
        step(x, y)
    gc.collect()
    before = tracemalloc.take_snapshot()
    for _ in range(1000):
        step(x, y)
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    growth = sum(s.size_diff for s in after.compare_to(before, "filename"))
    assert growth < 4096, f"memory grew by {growth} bytes over 1000 steps"


def test_every_pass_off_gives_the_same_results():
    def f(x):
        y = tf.nn.relu(x @ tf.transpose(x) + 1.0)
        return tf.reduce_sum(y * y, axis=1) / 3.0, tf.exp(tf.constant(1.0)) * x

    x = np.arange(6, dtype=np.float32).reshape(2, 3) / 5
    _, reference = _program(f, SPEC, **{name: False for name in compiler.PASSES})
    expected = reference.run(x)
    for name in set(compiler.PASSES):
        _, executable = _program(f, SPEC, **{name: False})
        for got, want in zip(executable.run(x), expected):
            np.testing.assert_allclose(got, want, rtol=1e-6)


def test_unknown_pass_name_and_tf_options():
    with pytest.raises(ValueError, match="Unknown compiler pass"):
        compiler.set_options(magic=True)
    tf.config.optimizer.set_experimental_options({"remapping": False})
    try:
        assert not compiler.enabled("fusion")
        assert tf.config.optimizer.get_experimental_options()["remapping"] is False
    finally:
        tf.config.optimizer.set_experimental_options({"remapping": True})
    assert compiler.enabled("fusion")


def test_generated_source_is_plain_numpy():
    @tf.function
    def f(x, w):
        return tf.nn.relu(x @ w)

    source = f.get_concrete_function(tf.TensorSpec([2, 3]), tf.TensorSpec([3, 4])).source
    assert source.splitlines()[0] == "def f(x, w):"
    assert "np.matmul(x, w)" in source and "np.maximum(" in source


def test_zeros_propagate_through_products_and_sums():
    def f(x):
        zero = tf.zeros_like(x)
        return tf.exp(x) * zero + x, tf.reduce_sum(zero * x) - tf.zeros([])

    program, executable = _program(f, SPEC, fusion=False)
    assert "Exp" not in _ops(program) and "Mul" not in _ops(program)
    x = np.ones((2, 3), np.float32)
    same, total = executable.run(x)
    assert same.tolist() == x.tolist() and total == 0.0


def test_divide_no_nan_by_a_constant_without_zeros_is_a_division():
    def f(x):
        return tf.math.divide_no_nan(x, 4.0), tf.math.divide_no_nan(x, tf.constant([1.0, 0.0, 2.0]))

    program, executable = _program(f, SPEC, fusion=False)
    assert _ops(program) == ["RealDiv", "DivNoNan"]
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    mean, safe = executable.run(x)
    np.testing.assert_array_equal(mean, x / 4)
    np.testing.assert_array_equal(safe, np.where([1, 0, 1], x / [1, 1, 2], 0).astype(np.float32))
    kept, _ = _program(f, SPEC, constant_folding=False, fusion=False)
    assert _ops(kept) == ["DivNoNan", "DivNoNan"]
