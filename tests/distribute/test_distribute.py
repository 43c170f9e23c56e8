"""tf.distribute: strategies in one process, and 2-rank runs under mpiexec (skipped without mpi4py/mpiexec)."""
import ast
import os
import subprocess
import sys
import time

import numpy as np
import pytest

import neuroflow as tf

PROGRAMS = os.path.join(os.path.dirname(__file__), "mpi_programs.py")


def _mpi_available():
    try:
        import mpi4py  # noqa: F401
        from neuroflow.distribute.launch import mpiexec_path
        mpiexec_path()
    except ImportError:
        return False
    return True


needs_mpi = pytest.mark.skipif(not _mpi_available(),
                               reason="mpi4py/mpiexec are not installed (pip install 'neuroflow[mpi]')")


def _env():
    return dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")


def _mpiexec(*args, timeout=60):
    from neuroflow.distribute.launch import mpiexec_path
    return subprocess.run([mpiexec_path(), "-n", "2", sys.executable, PROGRAMS, *args], capture_output=True,
                          text=True, timeout=timeout, env=_env())


# --- one process ---------------------------------------------------------------------------
def test_default_strategy_and_contexts():
    strategy = tf.distribute.get_strategy()
    assert strategy.num_replicas_in_sync == 1 and not tf.distribute.has_strategy()
    assert not tf.distribute.in_cross_replica_context()
    context = tf.distribute.get_replica_context()
    assert float(context.all_reduce(tf.distribute.ReduceOp.SUM, tf.constant(3.0))) == 3.0


def test_one_device_strategy_scope_run_reduce():
    strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
    with strategy.scope():
        assert tf.distribute.has_strategy() and tf.distribute.in_cross_replica_context()
        assert tf.distribute.get_replica_context() is None
        assert tf.distribute.get_strategy() is strategy
    result = strategy.run(lambda x: x * 2, args=(tf.constant([1.0, 3.0]),))
    assert strategy.reduce("MEAN", result, axis=0).numpy() == 4.0
    assert strategy.gather(result, axis=0).numpy().tolist() == [2.0, 6.0]


def test_mixing_strategies_is_an_error():
    a, b = tf.distribute.OneDeviceStrategy("/cpu:0"), tf.distribute.MirroredStrategy()
    with a.scope():
        with pytest.raises(ValueError, match="Mixing different"):
            with b.scope():
                pass


def test_input_context_and_distribute_datasets_from_function():
    strategy = tf.distribute.MirroredStrategy()
    seen = []

    def dataset_fn(ctx):
        seen.append((ctx.num_input_pipelines, ctx.input_pipeline_id, ctx.get_per_replica_batch_size(8)))
        return tf.data.Dataset.range(16).shard(ctx.num_input_pipelines, ctx.input_pipeline_id).batch(8)
    batches = list(strategy.distribute_datasets_from_function(dataset_fn))
    assert seen == [(1, 0, 8)] and len(batches) == 2
    with pytest.raises(ValueError, match="not divisible"):
        tf.distribute.InputContext(2, 0, 3).get_per_replica_batch_size(8)


def test_fit_in_one_replica_scope_matches_fit_outside():
    from neuroflow import keras
    x = np.random.RandomState(0).rand(64, 4).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    weights = []
    for strategy in (None, tf.distribute.MirroredStrategy()):
        keras.utils.set_random_seed(3)
        if strategy is None:
            model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
        else:
            with strategy.scope():
                model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(x, y, batch_size=16, epochs=2, verbose=0)
        weights.append(model.get_weights())
    for a, b in zip(*weights):
        np.testing.assert_array_equal(a, b)


def test_multi_worker_strategy_without_mpi_names_the_extra(monkeypatch):
    import builtins

    from neuroflow.distribute import mirrored_strategy
    real_import = builtins.__import__

    def no_mpi(name, *args, **kwargs):
        if name.startswith("mpi4py"):
            raise ImportError("No module named 'mpi4py'")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_mpi)
    monkeypatch.setattr(mirrored_strategy, "_world", {})
    with pytest.raises(ImportError, match=r"neuroflow\[mpi\]"):
        tf.distribute.MultiWorkerMirroredStrategy()


def test_local_batch_too_small_to_split_is_a_clear_error():
    from neuroflow.distribute.distribute_lib import StrategyExtended

    class TwoRanks:
        rank, size = 1, 2
    extended = StrategyExtended(None, TwoRanks())
    part = extended._local_batch((np.arange(5), np.arange(5) * 10))
    assert part[0].tolist() == [2, 3, 4] and part[1].tolist() == [20, 30, 40]
    with pytest.raises(ValueError, match="drop_remainder"):
        extended._local_batch(np.arange(1))


def test_mirrored_strategy_over_devices_runs_a_replica_per_device():
    strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"])  # soft placement: both on this CPU
    assert strategy.num_replicas_in_sync == 2
    with strategy.scope():
        v = tf.Variable(1.0)
    assert isinstance(v, tf.Variable) and repr(v).startswith("MirroredVariable:{\n  0: <tf.Variable")
    assert strategy.extended.variable_created_in_scope(v)
    assert not strategy.extended.variable_created_in_scope(tf.Variable(1.0))

    @tf.function
    def replica_id():
        return tf.distribute.get_replica_context().replica_id_in_sync_group
    ids = strategy.run(replica_id)
    assert isinstance(ids, tf.distribute.DistributedValues)
    assert [int(i) for i in strategy.experimental_local_results(ids)] == [0, 1]
    assert "PerReplica:{\n  0: <tf.Tensor: shape=(), dtype=int32, numpy=0>,\n  1:" in repr(ids)

    values = strategy.experimental_distribute_values_from_function(lambda ctx: float(ctx.replica_id_in_sync_group + 3))
    assert strategy.experimental_local_results(values) == (3.0, 4.0)
    doubled = strategy.run(lambda x: x * 2.0, args=(values,))  # each replica gets its value
    assert float(strategy.reduce("SUM", doubled, axis=None)) == 14.0
    assert float(strategy.reduce("MEAN", doubled, axis=None)) == 7.0


def test_mirrored_strategy_over_devices_distributes_datasets_and_gathers():
    strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"])
    dataset = tf.data.Dataset.from_tensor_slices(np.arange(12, dtype=np.float32).reshape(6, 2)).batch(3)
    distributed = strategy.experimental_distribute_dataset(dataset)
    assert repr(distributed.element_spec).startswith("PerReplicaSpec(TensorSpec(shape=(None, 2)")
    iterator = iter(distributed)
    first = iterator.get_next()
    parts = [p.numpy().tolist() for p in strategy.experimental_local_results(first)]
    assert parts == [[[0.0, 1.0]], [[2.0, 3.0], [4.0, 5.0]]]  # a 3-row batch split 1 + 2
    assert float(strategy.reduce("SUM", first, axis=0)[0]) == 6.0
    assert float(strategy.reduce("MEAN", first, axis=0)[1]) == 3.0
    assert strategy.gather(first, axis=0).numpy()[:, 0].tolist() == [0.0, 2.0, 4.0]
    iterator.get_next()
    with pytest.raises(tf.errors.OutOfRangeError):
        iterator.get_next()


def test_replicas_in_one_process_all_reduce_and_all_gather_in_lockstep():
    strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1", "GPU:2"])

    def step():
        ctx = tf.distribute.get_replica_context()
        mine = tf.cast(ctx.replica_id_in_sync_group, tf.float32) + 1.0  # 1, 2, 3
        total = ctx.all_reduce("SUM", mine)
        gathered = ctx.all_gather({"v": tf.reshape(mine, [1]) * 10.0}, axis=0)
        return ctx.all_reduce(tf.distribute.ReduceOp.MEAN, mine * total), gathered["v"]
    means, gathered = strategy.run(step)
    assert [float(m) for m in strategy.experimental_local_results(means)] == [12.0] * 3  # (6 + 12 + 18) / 3
    assert [g.numpy().tolist() for g in strategy.experimental_local_results(gathered)] == [[10.0, 20.0, 30.0]] * 3

    def uneven():
        ctx = tf.distribute.get_replica_context()
        if int(ctx.replica_id_in_sync_group) == 0:
            return ctx.all_reduce("SUM", tf.constant(1.0))
        return tf.constant(0.0)
    with pytest.raises(RuntimeError, match="different collectives"):
        strategy.run(uneven)


def test_fit_of_a_model_built_in_scope_over_a_distributed_dataset():
    """Compiled outside the scope, the model keeps the strategy it was built under; fit reads the
    distributed dataset's global batches."""
    from neuroflow import keras
    strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"])
    x = np.random.RandomState(2).rand(32, 4).astype("float32")
    dataset = tf.data.Dataset.from_tensor_slices((x, x.sum(axis=1, keepdims=True))).batch(8)
    with strategy.scope():
        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    assert model.distribute_strategy is strategy
    history = model.fit(strategy.experimental_distribute_dataset(dataset), epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2 and history.params["steps"] == 4


def test_fit_over_two_local_devices_matches_fit_outside():
    """Keras trains the replicas of one process as one: the gradient of their parts is the batch's."""
    from neuroflow import keras
    x = np.random.RandomState(1).rand(64, 4).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    weights = []
    for strategy in (None, tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"])):
        keras.utils.set_random_seed(3)
        with strategy.scope() if strategy else tf.distribute.get_strategy().scope():
            model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
            model.compile(optimizer="sgd", loss="mse")
        model.fit(x, y, batch_size=16, epochs=2, verbose=0)
        weights.append(model.get_weights())
    for a, b in zip(*weights):
        np.testing.assert_allclose(a, b, rtol=1e-6)


def test_cross_device_ops_options_and_experimental_set_strategy():
    from neuroflow.distribute.values import PerReplica
    strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"], cross_device_ops=tf.distribute.NcclAllReduce())
    values = PerReplica([tf.constant([1.0, 2.0]), tf.constant([3.0, 6.0])])
    mean = tf.distribute.HierarchicalCopyAllReduce().reduce("MEAN", values, destinations=None)
    assert mean.numpy().tolist() == [2.0, 4.0]
    largest = tf.distribute.ReductionToOneDevice(accumulation_fn=lambda ts: tf.reduce_max(tf.stack(ts), axis=0))
    assert [t.numpy().tolist() for t in largest.batch_reduce("SUM", [(values, None)])] == [[3.0, 6.0]]
    with pytest.raises(ValueError, match="num_packs"):
        tf.distribute.NcclAllReduce(num_packs=-1)
    assert tf.distribute.InputOptions().experimental_fetch_to_device is True
    distributed = strategy.experimental_distribute_dataset(tf.data.Dataset.range(4).batch(2),
                                                           options=tf.distribute.InputOptions())
    assert len(list(distributed)) == 2
    tf.distribute.experimental_set_strategy(strategy)
    try:
        assert tf.distribute.get_strategy() is strategy
        tf.distribute.experimental_set_strategy(strategy)  # setting again replaces it
        with pytest.raises(ValueError, match="Mixing different"):
            with tf.distribute.OneDeviceStrategy("/cpu:0").scope():
                pass
    finally:
        tf.distribute.experimental_set_strategy(None)
    assert not tf.distribute.has_strategy()
    with strategy.scope():
        with pytest.raises(RuntimeError, match="inside a `tf.distribute.Strategy` scope"):
            tf.distribute.experimental_set_strategy(None)


def test_transport_layout_packs_into_kept_buckets_and_returns_views():
    from neuroflow.distribute.communicator import _Layout
    arrays = [np.arange(6, dtype=np.float32).reshape(2, 3), np.ones(2, np.float32), np.arange(3, dtype=np.int64),
              np.full((40,), 2.0, np.float32)]
    layout = _Layout(arrays, bucket_bytes=40)  # float32: [0, 1] in one bucket, [3] alone; int64: [2]
    assert [[i for i, _ in parts] for _, parts in layout.buckets] == [[0, 1], [2], [3]]
    assert layout.send_buffer(arrays, 0) is None  # several arrays: packed, reduced in place
    np.testing.assert_array_equal(layout.views[0], arrays[0])
    np.testing.assert_array_equal(layout.views[1], arrays[1])
    assert layout.send_buffer(arrays, 2) is arrays[3]  # one contiguous array: sent as it is, no copy
    assert layout.send_buffer([None, None, None, layout.views[3]], 2) is None  # never the receive buffer itself
    assert layout.send_buffer(arrays, 1, copy=True) is None and layout.views[2].tolist() == [0, 1, 2]
    for view, (flat, _) in zip((layout.views[0], layout.views[2], layout.views[3]), layout.buckets):
        assert np.shares_memory(view, flat)  # results are views of the buckets: no copy back


def test_gradient_buckets_start_as_backprop_completes_them():
    """Last layer first: each gradient's bucket starts when the backward walk passes its first use."""
    from neuroflow import keras
    from neuroflow.distribute.communicator import LocalCommunicator
    from neuroflow.distribute.gradient_buckets import GradientBuckets
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4), keras.layers.Dense(2)])
    weights = model.trainable_weights  # kernel0 (3, 4), bias0, kernel1 (4, 2), bias1
    buckets = GradientBuckets(LocalCommunicator(), weights, bucket_bytes=24)
    x = tf.constant(np.random.RandomState(0).rand(5, 3).astype("float32"))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(model(x) ** 2)
    tape._gradient_ready = buckets.ready
    grads = tape.gradient(loss, weights)
    assert buckets.started == [[3, 2], [1, 0]]  # bias1 (8 B) + kernel1 (32 B), then bias0 + kernel0
    with tf.GradientTape() as tape:
        expected = tape.gradient(tf.reduce_sum(model(x) ** 2), weights)
    reduced, extras = buckets.finish(grads, [tf.constant(2.0)])
    for g, e in zip(reduced, expected):
        np.testing.assert_allclose(g.numpy(), e.numpy(), rtol=1e-6)
    assert float(extras[0]) == 2.0


# --- two ranks under mpiexec -----------------------------------------------------------------
def _one_process_and_two_ranks(tmp_path, program):
    """The results `program` saves when run as one process and as 2 ranks."""
    one, two = tmp_path / "one.npz", tmp_path / "two.npz"
    single = subprocess.run([sys.executable, PROGRAMS, program, str(one)], capture_output=True, text=True,
                            timeout=60, env=_env())
    assert single.returncode == 0, single.stderr
    double = _mpiexec(program, str(two))
    assert double.returncode == 0, double.stdout + double.stderr
    return np.load(one), np.load(two)


@needs_mpi
def test_two_rank_fit_equals_one_process_fit(tmp_path):
    """(a) 50 steps of the MNIST MLP, global batch 128: 2 ranks give the weights of 1 process."""
    a, b = _one_process_and_two_ranks(tmp_path, "fit")
    assert int(a["replicas"]) == 1 and int(b["replicas"]) == 2
    weights = sorted(k for k in a.files if k.startswith("w"))
    assert len(weights) == 4
    diff = max(np.abs(a[k] - b[k]).max() for k in weights)
    assert diff <= 1e-5, diff
    np.testing.assert_allclose(a["loss"], b["loss"], rtol=1e-5)  # metrics are global, not rank 0's
    np.testing.assert_allclose(a["accuracy"], b["accuracy"], rtol=1e-6)
    np.testing.assert_allclose(a["evaluation"], b["evaluation"], rtol=1e-5)  # evaluate: global loss, metric
    assert b["predictions"].shape == (300, 10)  # predict: every rank returns all the outputs
    np.testing.assert_allclose(a["predictions"], b["predictions"], atol=1e-4)


@needs_mpi
def test_two_rank_on_batch_methods_equal_one_process(tmp_path):
    """train/test/predict_on_batch in a strategy's scope split each global batch across the ranks."""
    a, b = _one_process_and_two_ranks(tmp_path, "on_batch")
    assert int(a["replicas"]) == 1 and int(b["replicas"]) == 2  # model.distribute_strategy
    assert max(np.abs(a[k] - b[k]).max() for k in a.files if k.startswith("w")) <= 1e-5
    np.testing.assert_allclose(a["train_loss"], b["train_loss"], rtol=1e-5)  # the whole batch's, not rank 0's
    np.testing.assert_allclose(a["train_accuracy"], b["train_accuracy"], rtol=1e-6)
    np.testing.assert_allclose(a["test"], b["test"], rtol=1e-5)
    assert b["predictions"].shape == (50, 10)
    np.testing.assert_allclose(a["predictions"], b["predictions"], atol=1e-5)


@needs_mpi
def test_two_rank_fit_makes_one_collective_per_step(tmp_path):
    """The loss and metric sums travel in the gradients' all-reduce: one collective per step."""
    run = _mpiexec("collectives", str(tmp_path / "counts.npz"))
    assert run.returncode == 0, run.stdout + run.stderr
    counts = np.load(tmp_path / "counts.npz")
    assert int(counts["all-reduce"]) == int(counts["steps"]), dict(counts)
    assert set(counts.files) <= {"steps", "all-reduce", "broadcast"}, dict(counts)  # + the shuffling seed


@needs_mpi
def test_two_rank_all_reduce_overlapped_with_backprop_gives_the_same_weights(tmp_path):
    run = _mpiexec("overlap", str(tmp_path / "overlap.npz"))
    assert run.returncode == 0, run.stdout + run.stderr
    r = np.load(tmp_path / "overlap.npz")
    steps = int(r["steps"])
    # per step: [bias1, kernel1] and [bias0, kernel0] start during backprop, then the metric sums
    assert int(r["overlap_starts"]) == 3 * steps
    assert int(r["plain_starts"]) == 0
    for i in range(4):
        np.testing.assert_array_equal(r[f"overlap_w{i}"], r[f"plain_w{i}"])
    np.testing.assert_array_equal(r["overlap_loss"], r["plain_loss"])


@needs_mpi
def test_two_rank_custom_training_loop_equals_one_process(tmp_path):
    """strategy.run in a tf.function over a distributed dataset; rank 1 starts from other weights,
    which the mirroring replaces by rank 0's."""
    a, b = _one_process_and_two_ranks(tmp_path, "custom")
    assert len(a["losses"]) == 30
    np.testing.assert_allclose(a["losses"], b["losses"], rtol=1e-5)
    assert max(np.abs(a[k] - b[k]).max() for k in a.files if k.startswith("w")) <= 1e-5


def test_compute_average_loss_uses_the_replica_count():
    strategy = tf.distribute.OneDeviceStrategy("/cpu:0")
    with strategy.scope():
        assert float(tf.nn.compute_average_loss(tf.constant([2.0, 4.0]), sample_weight=[1.0, 0.5])) == 2.0
        assert float(tf.nn.scale_regularization_loss(tf.constant(3.0))) == 3.0
    with pytest.raises(TypeError, match="float tensor"):
        tf.nn.compute_average_loss(tf.constant([1, 2]))


@needs_mpi
def test_two_rank_reduce_and_all_reduce(tmp_path):
    """(b) each rank contributes (rank + 1) * [1, 2]."""
    run = _mpiexec("reduce", str(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    for rank in (0, 1):
        results = ast.literal_eval((tmp_path / f"rank-{rank}.txt").read_text())
        assert results["sum"] == [3.0, 6.0] and results["mean"] == [1.5, 3.0]
        assert results["sum_axis"] == 9.0 and results["mean_axis"] == 2.25
        assert results["all_reduce"] == 3.0
        assert results["gather"] == [0.0, 1.0, 1.0]
        assert results["mirrored"] == 10.0  # rank 0's initial value, broadcast
        assert results["in_cross_replica_in_scope"] and results["has_strategy"]
        assert not results["in_cross_replica"]


@needs_mpi
def test_killed_rank_stops_the_other_naming_it():
    """(c) rank 1 dies mid-epoch: the job exits non-zero within 60 s and names rank 1."""
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "neuroflow.distribute.launch", "-n", "2", PROGRAMS, "crash"],
                         capture_output=True, text=True, timeout=60, env=_env())
    assert time.monotonic() - start < 60
    assert run.returncode != 0
    assert "lost rank 1 of 2" in run.stderr, run.stdout + run.stderr


@needs_mpi
def test_silent_rank_times_out_with_a_clear_error():
    """A rank that stops answering: the waiting rank gives up after NEUROFLOW_COLLECTIVE_TIMEOUT seconds."""
    from neuroflow.distribute.launch import mpiexec_path
    start = time.monotonic()
    run = subprocess.run([mpiexec_path(), "-n", "2", sys.executable, PROGRAMS, "hang"], capture_output=True,
                         text=True, timeout=60, env=dict(_env(), NEUROFLOW_COLLECTIVE_TIMEOUT="2"))
    assert time.monotonic() - start < 30
    assert run.returncode != 0
    assert "UnavailableError" in run.stderr and "waited 2 s for its peers" in run.stderr, run.stderr


@needs_mpi
def test_different_models_on_the_ranks_are_a_clear_error():
    run = _mpiexec("mismatch")
    assert run.returncode != 0
    assert "differ between ranks" in run.stderr and "(4, 8)" in run.stderr and "(4, 9)" in run.stderr, run.stderr


@needs_mpi
def test_shards_with_different_step_counts_are_a_clear_error():
    run = _mpiexec("uneven")
    assert run.returncode != 0
    assert "rank(s) [1] ran out after 2 steps" in run.stderr and "drop_remainder=True" in run.stderr, run.stderr


@needs_mpi
def test_restarted_job_resumes_from_backup_and_restore(tmp_path):
    """A rank dies in epoch 2; rerunning the job resumes from rank 0's backup and ends with the
    weights of a run that was never interrupted."""
    backup = tmp_path / "backup"
    killed = _mpiexec("resume", str(tmp_path / "unused.npz"), str(backup), "kill")
    assert killed.returncode != 0 and (backup / "latest.weights.h5").exists(), killed.stdout + killed.stderr
    resumed = _mpiexec("resume", str(tmp_path / "resumed.npz"), str(backup))
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert not backup.exists()  # deleted by rank 0 at the end of training
    straight = _mpiexec("resume", str(tmp_path / "straight.npz"), str(tmp_path / "other"))
    assert straight.returncode == 0, straight.stdout + straight.stderr
    a, b = np.load(tmp_path / "resumed.npz"), np.load(tmp_path / "straight.npz")
    assert max(np.abs(a[k] - b[k]).max() for k in a.files) <= 1e-6


@pytest.mark.parametrize("aggregation,expected", [("MEAN", 6.0), ("SUM", 7.0), ("ONLY_FIRST_REPLICA", 6.0)])
def test_mirrored_variable_updates_in_replicas_are_aggregated(aggregation, expected):
    strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"])
    with strategy.scope():
        v = tf.Variable(5.0, aggregation=getattr(tf.VariableAggregation, aggregation))

    @tf.function
    def update():
        return v.assign_add(1.0)
    result = strategy.run(update)
    assert [float(x.numpy()) for x in result.values] == [expected, expected]  # tensors, as a tf.function returns
    assert float(v.numpy()) == expected
    strategy.run(lambda: v.assign(tf.cast(tf.distribute.get_replica_context().replica_id_in_sync_group, tf.float32) * 2 + 1))
    assert float(v.numpy()) == {"MEAN": 2.0, "SUM": 4.0, "ONLY_FIRST_REPLICA": 1.0}[aggregation]


def test_mirrored_variable_without_aggregation_refuses_replica_updates():
    strategy = tf.distribute.MirroredStrategy(["GPU:0", "GPU:1"])
    with strategy.scope():
        v = tf.Variable(5.0)
    with pytest.raises(ValueError, match="must specify an aggregation method"):
        strategy.run(lambda: v.assign_add(1.0))
    v.assign_add(1.0)  # outside strategy.run: a plain update
    assert float(v.numpy()) == 6.0
