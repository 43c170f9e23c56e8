"""Programs the tests of tf.distribute launch with `mpiexec -n 2` (also runnable as one process).

Usage: python mpi_programs.py fit OUT.npz | on_batch OUT.npz | collectives OUT.npz | overlap OUT.npz | custom OUT.npz
       | reduce OUT_DIR
       | crash | hang | mismatch | uneven | resume OUT.npz BACKUP_DIR [kill]
"""
import os
import sys

import numpy as np

import neuroflow as tf
from neuroflow import keras

SAMPLE = os.path.join(os.path.dirname(tf.__file__), "keras", "datasets", "mnist_sample.npz")


def mnist_mlp():
    return keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(64, activation="relu"),
                             keras.layers.Dense(10)])


def mnist(n):
    """The first `n` images of the MNIST sample (flattened, in [0, 1]) and their labels."""
    with np.load(SAMPLE) as data:
        return (data["x_train"][:n].reshape(-1, 784).astype("float32") / 255,
                data["y_train"][:n].astype("int64"))


def fit(out, steps=50, global_batch=128):
    """The MNIST MLP trained for `steps` steps of `global_batch` samples (25 steps per epoch, shuffled)."""
    x, y = mnist(25 * global_batch)
    keras.utils.set_random_seed(1)
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    with strategy.scope():
        model = mnist_mlp()
        model.compile(optimizer=keras.optimizers.SGD(0.1, momentum=0.9),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    with strategy.scope():
        history = model.fit(x, y, batch_size=global_batch, epochs=steps // 25, verbose=0)
    # outside the scope, as TensorFlow's tutorials call them: the model keeps its compile-time strategy
    evaluation = model.evaluate(x[:1000], y[:1000], batch_size=128, verbose=0)
    predictions = model.predict(x[:300], batch_size=128, verbose=0)
    if tf.distribute.is_chief():
        weights = {f"w{i}": w for i, w in enumerate(model.get_weights())}
        np.savez(out, loss=np.array(history.history["loss"]), accuracy=np.array(history.history["accuracy"]),
                 evaluation=np.array(evaluation), predictions=predictions,
                 replicas=strategy.num_replicas_in_sync, **weights)


def on_batch(out, global_batch=64):
    """`train_on_batch`, `test_on_batch` and `predict_on_batch` on global batches, in the scope."""
    x, y = mnist(4 * global_batch)
    keras.utils.set_random_seed(4)
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    with strategy.scope():
        model = mnist_mlp()
        model.compile(optimizer=keras.optimizers.SGD(0.1), metrics=["accuracy"],
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        train = [model.train_on_batch(x[i:i + global_batch], y[i:i + global_batch], return_dict=True)
                 for i in range(0, len(x), global_batch)]
        model.reset_metrics()
        test = model.test_on_batch(x[:100], y[:100])
        predictions = model.predict_on_batch(x[:50])
    if tf.distribute.is_chief():
        np.savez(out, train_loss=[t["loss"] for t in train], train_accuracy=[t["accuracy"] for t in train],
                 test=np.array(test), predictions=predictions, replicas=model.distribute_strategy.num_replicas_in_sync,
                 **{f"w{i}": w for i, w in enumerate(model.get_weights())})


def collectives(out, steps=10, global_batch=64):
    """Counts the collectives of each kind that a `fit` of `steps` steps makes (after a warm-up fit)."""
    from collections import Counter
    x, y = mnist(steps * global_batch)
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    with strategy.scope():
        model = mnist_mlp()
        model.compile(optimizer="sgd", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                      metrics=["accuracy"])
        model.fit(x, y, batch_size=global_batch, epochs=1, verbose=0)
        communicator, counts = strategy.extended._communicator, Counter()
        collective = communicator._collective

        def counted(what, run, *args):
            counts[what] += 1
            return collective(what, run, *args)
        communicator._collective = counted
        model.fit(x, y, batch_size=global_batch, epochs=2, verbose=0)
    if tf.distribute.is_chief():
        np.savez(out, steps=2 * steps, **counts)


def overlap(out, steps=8, global_batch=64):
    """The MLP trained with its gradient all-reduce overlapped with backprop in buckets of 1 KiB (each
    layer's gradients start their own), then without overlap, from the same initial weights."""
    x, y = mnist(steps * global_batch)
    options = tf.distribute.experimental.CommunicationOptions(bytes_per_pack=1024)
    strategy = tf.distribute.MultiWorkerMirroredStrategy(communication_options=options)
    communicator, results = strategy.extended._communicator, {}
    starts = [0]
    start_allreduce = communicator.start_allreduce

    def counted(*args, **kwargs):
        starts[0] += 1
        return start_allreduce(*args, **kwargs)
    communicator.start_allreduce = counted
    for name, overlapped in (("overlap", True), ("plain", False)):
        keras.utils.set_random_seed(6)
        strategy.extended._overlap = overlapped
        starts[0] = 0
        with strategy.scope():
            model = mnist_mlp()
            model.compile(optimizer=keras.optimizers.Adam(0.01), metrics=["accuracy"],
                          loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            history = model.fit(x, y, batch_size=global_batch, epochs=2, verbose=0, shuffle=False)
        results.update({f"{name}_w{i}": w for i, w in enumerate(model.get_weights())})
        results[f"{name}_loss"] = history.history["loss"]
        results[f"{name}_starts"] = starts[0]
    if tf.distribute.is_chief():
        np.savez(out, steps=2 * steps, **results)


def custom(out, global_batch=64):
    """A custom training loop as TensorFlow's tutorial writes it: a distributed tf.data dataset,
    `strategy.run` of a step in a `tf.function`, `tf.nn.compute_average_loss`, `strategy.reduce`."""
    rng = np.random.RandomState(0)
    x = rng.rand(640, 8).astype("float32")
    y = (x @ rng.rand(8, 1)).astype("float32")
    keras.utils.set_random_seed(2)
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    dataset = tf.data.Dataset.from_tensor_slices((x, y)).batch(global_batch)
    with strategy.scope():
        if strategy.cluster_resolver.task_id == 1:
            keras.utils.set_random_seed(99)  # other initial weights: mirroring must replace them with rank 0's
        model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(16, activation="tanh"),
                                  keras.layers.Dense(1)])
        optimizer = keras.optimizers.Adam(0.01)

    def replica_step(xb, yb):
        with tf.GradientTape() as tape:
            per_example = tf.reduce_mean(tf.square(model(xb, training=True) - yb), axis=1)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=global_batch)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    @tf.function
    def train_step(xb, yb):
        return strategy.reduce(tf.distribute.ReduceOp.SUM, strategy.run(replica_step, args=(xb, yb)), axis=None)

    losses = [float(train_step(xb, yb)) for _ in range(3) for xb, yb in strategy.experimental_distribute_dataset(dataset)]
    if tf.distribute.is_chief():
        np.savez(out, losses=np.array(losses), **{f"w{i}": w for i, w in enumerate(model.get_weights())})


def reduce(folder):
    """Writes each rank's reduce/all_reduce results to `folder`/rank-R.txt; each rank contributes rank + 1."""
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    rank = strategy.cluster_resolver.task_id
    value = strategy.run(lambda: tf.constant([1.0, 2.0]) * (rank + 1))
    results = {
        "sum": strategy.reduce(tf.distribute.ReduceOp.SUM, value, axis=None).numpy().tolist(),
        "mean": strategy.reduce(tf.distribute.ReduceOp.MEAN, value, axis=None).numpy().tolist(),
        "sum_axis": float(strategy.reduce("SUM", value, axis=0)),
        "mean_axis": float(strategy.reduce("MEAN", value, axis=0)),
        "all_reduce": strategy.run(lambda: tf.distribute.get_replica_context().all_reduce(
            tf.distribute.ReduceOp.SUM, tf.constant(float(rank + 1)))).numpy().tolist(),
        "gather": strategy.gather(tf.fill([rank + 1], float(rank)), axis=0).numpy().tolist(),
        "in_cross_replica": tf.distribute.in_cross_replica_context(),
    }
    with strategy.scope():
        results["in_cross_replica_in_scope"] = tf.distribute.in_cross_replica_context()
        results["has_strategy"] = tf.distribute.has_strategy()
        v = tf.Variable(float(rank + 10))  # mirrored: rank 0's value everywhere after the broadcast
    results["mirrored"] = float(strategy.run(lambda: v.read_value()))
    with open(os.path.join(folder, f"rank-{rank}.txt"), "w") as file:  # not stdout: ranks' lines interleave
        file.write(repr(results))


def crash():
    """Rank 1 kills itself in the middle of the first epoch; rank 0 must stop, naming it."""
    import signal
    os.environ.setdefault("NEUROFLOW_COLLECTIVE_TIMEOUT", "20")
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    rank = strategy.cluster_resolver.task_id

    class Kill(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if rank == 1 and batch == 5:
                os.kill(os.getpid(), signal.SIGKILL)

    x = np.random.rand(2048, 20).astype("float32")
    y = np.random.rand(2048, 1).astype("float32")
    with strategy.scope():
        model = keras.Sequential([keras.Input(shape=(20,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(x, y, batch_size=64, epochs=1, verbose=0, callbacks=[Kill()])


def resume(out, backup_dir, kill=False):
    """Trains with BackupAndRestore; with `kill`, rank 1 dies in the second epoch. Rerun without it
    resumes from rank 0's backup."""
    import signal
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    rank = strategy.cluster_resolver.task_id
    rng = np.random.RandomState(0)
    x = rng.rand(512, 8).astype("float32")
    y = (x @ rng.rand(8, 1)).astype("float32")
    keras.utils.set_random_seed(5)

    class Kill(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            if kill and rank == 1 and self.epoch == 1 and batch == 4:
                os.kill(os.getpid(), signal.SIGKILL)

    with strategy.scope():
        model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(8, activation="tanh"),
                                  keras.layers.Dense(1)])
        model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    backup = keras.callbacks.BackupAndRestore(backup_dir, save_freq=3)
    model.fit(x, y, batch_size=64, epochs=3, verbose=0, callbacks=[backup, Kill()])
    if tf.distribute.is_chief():
        np.savez(out, **{f"w{i}": w for i, w in enumerate(model.get_weights())})


def hang():
    """Rank 1 stops answering (sleeps) while rank 0 waits in a collective: rank 0 must give up."""
    import time
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    if strategy.cluster_resolver.task_id == 1:
        time.sleep(120)
    strategy.reduce("SUM", tf.constant(1.0), axis=None)


def mismatch():
    """The ranks build different models: the first collective of fit must say so."""
    strategy = tf.distribute.MultiWorkerMirroredStrategy()
    units = 8 + strategy.cluster_resolver.task_id
    with strategy.scope():
        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(units), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(np.ones((8, 4), "float32"), np.ones((8, 1), "float32"), verbose=0)


def uneven():
    """distribute_datasets_from_function whose shards give rank 0 three batches and rank 1 two."""
    strategy = tf.distribute.MultiWorkerMirroredStrategy()

    def dataset_fn(ctx):
        rows = 48 if ctx.input_pipeline_id == 0 else 32
        return tf.data.Dataset.from_tensor_slices((np.ones((rows, 4), "float32"), np.ones((rows, 1), "float32"))).batch(
            ctx.get_per_replica_batch_size(32))
    with strategy.scope():
        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
        model.compile(optimizer="sgd", loss="mse")
        model.fit(strategy.distribute_datasets_from_function(dataset_fn), epochs=1, verbose=0)


if __name__ == "__main__":
    {"fit": lambda: fit(sys.argv[2]), "on_batch": lambda: on_batch(sys.argv[2]),
     "collectives": lambda: collectives(sys.argv[2]), "overlap": lambda: overlap(sys.argv[2]),
     "custom": lambda: custom(sys.argv[2]), "reduce": lambda: reduce(sys.argv[2]), "crash": crash, "hang": hang,
     "mismatch": mismatch, "uneven": uneven,
     "resume": lambda: resume(sys.argv[2], sys.argv[3], kill=sys.argv[4:] == ["kill"])}[sys.argv[1]]()
