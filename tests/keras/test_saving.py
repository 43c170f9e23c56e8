"""keras.saving: Keras 3's file formats both ways, round trips, and hostile or broken files."""
import importlib.util
import io
import json
import os
import pathlib
import zipfile

import h5py
import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "keras_files"
NAMES = ("mlp", "functional", "compiled", "sequence", "image", "convnet")


def _builders():
    spec = importlib.util.spec_from_file_location("write_neuroflow_files", FIXTURES / "write_neuroflow_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reference(name):
    ref = np.load(FIXTURES / f"{name}.npz")
    return [ref[k] for k in sorted(ref) if k.startswith("x")], [ref[k] for k in sorted(ref) if k.startswith("y")]


def _predict(model, xs):
    out = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
    return out if isinstance(out, list) else [out]


def _assert_close(outputs, expected):
    assert len(outputs) == len(expected)
    for a, b in zip(outputs, expected):
        np.testing.assert_allclose(a, b, atol=1e-5, rtol=0)


# --- files written by real Keras 3 -----------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_keras_written_models_load_and_predict_the_same(name, suffix):
    xs, ys = _reference(name)
    with pytest.warns(UserWarning, match="No training configuration") if suffix == ".h5" and name != "compiled" \
            else _no_warning():
        model = keras.models.load_model(FIXTURES / f"{name}{suffix}")
    _assert_close(_predict(model, xs), ys)


class _no_warning:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("weights", [".weights.h5", "_w.h5"])
def test_keras_written_weight_files_load(name, weights):
    xs, ys = _reference(name)
    model = keras.models.load_model(FIXTURES / f"{name}.keras", compile=False)
    for w in model.weights:
        w.assign(np.zeros(w.shape, w.dtype.as_numpy_dtype))
    model.load_weights(FIXTURES / f"{name}{weights}")
    _assert_close(_predict(model, xs), ys)


@pytest.mark.parametrize("suffix", [".keras", ".h5"])
def test_keras_written_compiled_model_restores_optimizer_state_and_metrics(suffix):
    model = keras.models.load_model(FIXTURES / f"compiled{suffix}")
    assert model.compiled and isinstance(model.optimizer, keras.optimizers.Adam)
    assert model.optimizer.learning_rate.numpy() == pytest.approx(0.01)
    assert int(model.optimizer.iterations) == 8  # 2 epochs of 4 batches in generate.py
    moments = model.optimizer.variables[2:]
    assert len(moments) == 8 and all(np.abs(v.numpy()).sum() > 0 for v in moments)
    with h5py.File(FIXTURES / "compiled.weights.h5") as f:
        for i, v in enumerate(model.optimizer.variables):
            np.testing.assert_array_equal(v.numpy(), f[f"optimizer/vars/{i}"][()])
    xs, _ = _reference("compiled")
    logs = model.evaluate(xs[0], np.zeros(len(xs[0]), "int32"), verbose=0, return_dict=True)
    assert set(logs) == {"loss", "accuracy"}


# --- neuroflow's files have Keras' layout --------------------------------------------------------------
def _normalized(config):
    """Keras writes dtypes as DTypePolicy dicts (neuroflow: their names) and marks shared objects."""
    if isinstance(config, dict):
        if config.get("class_name") == "DTypePolicy":
            return config["config"]["name"]
        return {k: _normalized(v) for k, v in config.items() if k != "shared_object_id"}
    if isinstance(config, list):
        return [_normalized(v) for v in config]
    return config


def _key_paths(config, path=""):
    out = set()
    if isinstance(config, dict):
        for key, value in config.items():
            out.add(f"{path}/{key}")
            out |= _key_paths(value, f"{path}/{key}")
    elif isinstance(config, list):
        for i, value in enumerate(config):
            out |= _key_paths(value, f"{path}[{i}]")
    return out


def _h5_layout(source):
    with h5py.File(source, "r") as f:
        found = set()
        f.visititems(lambda key, item: found.add((key, tuple(sorted(item.attrs)), getattr(item, "shape", None))))
        return {entry for entry in found if not any(group in entry[0] for group in _KERAS_ONLY_GROUPS)}


# Keys one side writes and the other does not, each harmless to the reader: Keras records
# the default `mask=None`/`training=False` of some calls and omits `build_config` for layers
# that build in their constructor; neuroflow's losses also record their dtype.
_TOLERATED = ("/build_config", "/kwargs/mask", "/kwargs/training", "/compile_config/loss/config/dtype")
# Keras' MultiHeadAttention holds weightless helper layers (its dropout and softmax) as sublayers.
_KERAS_ONLY_GROUPS = ("/_dropout_layer", "/_softmax")


@pytest.fixture(scope="module")
def neuroflow_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nf_files")
    _builders().main(str(folder))
    return folder


@pytest.mark.parametrize("name", NAMES)
def test_written_files_match_keras_layout(name, neuroflow_files):
    ours, theirs = zipfile.ZipFile(neuroflow_files / f"{name}.keras"), zipfile.ZipFile(FIXTURES / f"{name}.keras")
    assert ours.namelist() == theirs.namelist() == ["metadata.json", "config.json", "model.weights.h5"]
    assert json.loads(ours.read("metadata.json")).keys() == {"keras_version", "date_saved"}
    a = _key_paths(_normalized(json.loads(ours.read("config.json"))))
    b = _key_paths(_normalized(json.loads(theirs.read("config.json"))))
    assert {k for k in a ^ b if not any(t in k for t in _TOLERATED)} == set()
    assert _h5_layout(io.BytesIO(ours.read("model.weights.h5"))) == _h5_layout(io.BytesIO(theirs.read("model.weights.h5")))
    assert _h5_layout(neuroflow_files / f"{name}.weights.h5") == _h5_layout(FIXTURES / f"{name}.weights.h5")
    assert _h5_layout(neuroflow_files / f"{name}.h5") == _h5_layout(FIXTURES / f"{name}.h5")


def test_optimizer_slots_are_in_keras_order():
    for cls, slots in [(keras.optimizers.Adam, ["momentum", "velocity"]),
                       (keras.optimizers.Adadelta, ["accumulated_grad", "accumulated_delta_var"]),
                       (keras.optimizers.Adamax, ["momentum", "norm"]),
                       (keras.optimizers.Nadam, ["momentum", "velocity"])]:
        opt = cls()
        opt.build([keras.Variable(np.zeros((2, 3)), name="k"), keras.Variable(np.zeros(3), name="b")])
        names = [v.name.split(":")[0] for v in opt.variables]
        assert names[2:6] == [f"{v}_{s}" for v in ("k", "b") for s in slots], (cls, names)


# --- round trips ------------------------------------------------------------------------------------------
def _round_trip(model, path, **load_kwargs):
    model.save(path)
    return keras.models.load_model(path, **load_kwargs)


def test_round_trip_all_model_kinds_with_nested_and_shared_layers(tmp_path, neuroflow_files):
    for name in NAMES:
        model = keras.models.load_model(neuroflow_files / f"{name}.keras")
        xs, _ = _reference(name)
        for suffix in (".keras", ".h5"):
            twin = _round_trip(model, tmp_path / f"{name}{suffix}")
            for a, b in zip(_predict(twin, xs), _predict(model, xs)):
                np.testing.assert_array_equal(a, b)


@keras.saving.register_keras_serializable(package="tests")
class Residual(keras.Model):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.inner = keras.layers.Dense(units, activation="tanh")
        self.blocks = [keras.layers.Dense(units), [keras.layers.Dense(units)]]

    def call(self, x):
        return x + self.blocks[1][0](self.blocks[0](self.inner(x)))

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def test_subclassed_model_round_trip_and_keras_paths(tmp_path):
    model = Residual(units=3)
    model.compile(optimizer="adam", loss="mse")
    x = np.random.RandomState(0).normal(size=(8, 3)).astype("float32")
    model.fit(x, x, epochs=1, verbose=0)
    twin = _round_trip(model, tmp_path / "res.keras")
    assert type(twin) is Residual and twin.units == 3
    np.testing.assert_array_equal(twin.predict(x, verbose=0), model.predict(x, verbose=0))
    for a, b in zip(twin.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    model.save_weights(tmp_path / "res.weights.h5")
    with h5py.File(tmp_path / "res.weights.h5") as f:  # the paths Keras 3 writes for this model
        groups = set()
        f.visit(lambda key: groups.add(key) if key.endswith("/vars") or key == "vars" else None)
    assert groups == {"blocks/dense/vars", "blocks/container/dense/vars", "inner/vars", "optimizer/vars", "vars"}


def test_subclassed_model_without_get_config_fails_with_a_clear_message(tmp_path):
    class Opaque(keras.Model):
        def __init__(self, layer):
            super().__init__()
            self.layer = layer

        def call(self, x):
            return self.layer(x)

    model = Opaque(keras.layers.Dense(2))
    model(np.ones((1, 3), "float32"))
    with pytest.raises(NotImplementedError, match="get_config"):
        model.save(tmp_path / "opaque.keras")
    assert not (tmp_path / "opaque.keras").exists()


def test_compiled_state_round_trip_continues_training_identically(tmp_path):
    def make():
        keras.utils.set_random_seed(1)
        model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu"),
                                  keras.layers.Dense(3)])
        model.compile(optimizer=keras.optimizers.RMSprop(0.01, momentum=0.5, centered=True),
                      loss="sparse_categorical_crossentropy", metrics=["accuracy", keras.metrics.SparseTopKCategoricalAccuracy(k=2, name="top2")])
        return model
    rng = np.random.RandomState(0)
    x, y = rng.normal(size=(64, 4)).astype("float32"), rng.randint(0, 3, 64)
    model = make()
    model.fit(x, y, epochs=1, batch_size=16, verbose=0, shuffle=False)
    twin = _round_trip(model, tmp_path / "c.keras")
    assert twin.compiled and isinstance(twin.optimizer, keras.optimizers.RMSprop) and twin.optimizer.centered
    for m in (model, twin):
        m.fit(x, y, epochs=1, batch_size=16, verbose=0, shuffle=False)
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert twin.evaluate(x, y, verbose=0, return_dict=True).keys() == {"loss", "accuracy", "top2"}
    plain = keras.models.load_model(tmp_path / "c.keras", compile=False)
    assert not plain.compiled


def test_weights_only_round_trip_and_skip_mismatch(tmp_path):
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4), keras.layers.Dense(2)])
    model.save_weights(tmp_path / "w.weights.h5")
    twin = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4), keras.layers.Dense(2)])
    twin.load_weights(tmp_path / "w.weights.h5")
    for a, b in zip(model.get_weights(), twin.get_weights()):
        np.testing.assert_array_equal(a, b)
    other = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4), keras.layers.Dense(5)])
    before = other.get_weights()
    with pytest.raises(ValueError, match=r"w\.weights\.h5.*dense_1"):
        other.load_weights(tmp_path / "w.weights.h5")
    assert all((a == b).all() for a, b in zip(before, other.get_weights()))
    with pytest.warns(UserWarning, match="Skipping loading weights"):
        other.load_weights(tmp_path / "w.weights.h5", skip_mismatch=True)
    np.testing.assert_array_equal(other.get_weights()[0], model.get_weights()[0])
    np.testing.assert_array_equal(other.get_weights()[2], before[2])
    with pytest.raises(ValueError, match="must end in `.weights.h5`"):
        model.save_weights(tmp_path / "w.h5")


def test_json_and_clone():
    model = keras.models.load_model(FIXTURES / "functional.keras", compile=False)
    twin = keras.models.model_from_json(model.to_json())
    assert [layer.name for layer in twin.layers] == [layer.name for layer in model.layers]
    assert twin.count_params() == model.count_params()
    assert keras.models.clone_model(model).count_params() == model.count_params()


def _kinds():
    from neuroflow.keras import constraints, initializers, losses, metrics, optimizers, regularizers
    from neuroflow.keras.optimizers import schedules
    out = []
    for namespace in (losses, metrics, optimizers, initializers, regularizers, constraints, schedules):
        for name, obj in sorted(namespace._catalog.names.items()):
            if isinstance(obj, type) and obj.__name__ == name:
                out.append(obj)
    return out


_ARGS = {"ExponentialDecay": (0.1, 10, 0.9), "PiecewiseConstantDecay": ([10], [0.1, 0.01]),
         "CosineDecay": (0.1, 100), "CosineDecayRestarts": (0.1, 10), "PolynomialDecay": (0.1, 100),
         "InverseTimeDecay": (0.1, 10, 0.5), "Constant": (0.3,), "MeanMetricWrapper": (keras.losses.mse,),
         "SpecificityAtSensitivity": (0.5,), "SensitivityAtSpecificity": (0.5,), "PrecisionAtRecall": (0.5,),
         "RecallAtPrecision": (0.5,), "FBetaScore": (), "OneHotIoU": (3, [0, 1]), "OneHotMeanIoU": (3,),
         "IoU": (3, [0, 1]), "MeanIoU": (3,), "BinaryIoU": ()}


@pytest.mark.parametrize("cls", _kinds(), ids=lambda c: f"{c.__module__.split('.')[2]}.{c.__name__}")
def test_every_object_kind_round_trips_through_json(cls):
    if cls.__name__ in ("Loss", "Metric", "Optimizer", "Initializer", "Regularizer", "Constraint",
                        "LearningRateSchedule", "LossFunctionWrapper", "Reduce"):
        pytest.skip("abstract base")
    try:
        obj = cls(*_ARGS.get(cls.__name__, ()))
    except TypeError as error:
        pytest.skip(f"needs arguments: {error}")
    config = json.loads(json.dumps(keras.saving.serialize_keras_object(obj)))
    assert config["class_name"] == cls.__name__ and config["module"].startswith("keras.")
    revived = keras.saving.deserialize_keras_object(config)
    assert type(revived) is cls
    assert revived.get_config() == obj.get_config() or cls.__name__.endswith("Optimizer")


def test_registration_scopes_and_unknown_classes(tmp_path):
    class Scaled(keras.layers.Layer):
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return x * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    model = keras.Sequential([keras.Input(shape=(2,)), Scaled(3.0)])
    model.save(tmp_path / "s.keras")
    with pytest.raises(TypeError, match="Could not locate class 'Scaled'.*custom_objects"):
        keras.models.load_model(tmp_path / "s.keras")
    assert keras.models.load_model(tmp_path / "s.keras", custom_objects={"Scaled": Scaled}).layers[0].factor == 3.0
    with keras.saving.custom_object_scope({"Scaled": Scaled}):
        assert keras.models.load_model(tmp_path / "s.keras").layers[0].factor == 3.0
    keras.saving.register_keras_serializable("tests", "Scaled2")(Scaled)
    assert keras.saving.get_registered_name(Scaled) == "tests>Scaled2"
    assert keras.saving.get_registered_object("tests>Scaled2") is Scaled
    assert keras.utils.custom_object_scope is keras.saving.custom_object_scope


# --- safety ---------------------------------------------------------------------------------------------
def test_lambda_refused_in_safe_mode_and_loaded_only_when_unsafe(tmp_path, monkeypatch):
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Lambda(lambda x: x * 2.0 + 1.0)])
    model.save(tmp_path / "l.keras")
    import marshal

    def refuse(*args):
        raise AssertionError("bytecode from the file was unmarshalled in safe mode")
    with monkeypatch.context() as patch:
        patch.setattr(marshal, "loads", refuse)
        with pytest.raises(ValueError, match="Requested the deserialization of a `Lambda` layer.*safe_mode=False"):
            keras.models.load_model(tmp_path / "l.keras")
    loaded = keras.models.load_model(tmp_path / "l.keras", safe_mode=False)
    np.testing.assert_array_equal(loaded.predict(np.ones((1, 2), "float32"), verbose=0), [[3.0, 3.0]])
    with pytest.raises(ValueError, match="Python lambda"):
        keras.saving.deserialize_keras_object({"class_name": "__lambda__", "config": {"value": "AAAA"}})


def test_configs_never_import_modules():
    config = {"module": "os", "class_name": "system", "config": {}, "registered_name": None}
    with pytest.raises(TypeError, match="Could not locate class 'system'"):
        keras.saving.deserialize_keras_object(config)
    config = {"module": "neuroflow_no_such_module", "class_name": "function", "config": "run",
              "registered_name": "run"}
    with pytest.raises(TypeError, match="Could not locate function 'run'"):
        keras.saving.deserialize_keras_object(config)


@pytest.fixture
def saved(tmp_path):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4), keras.layers.Dense(2)])
    model.save(tmp_path / "good.keras")
    model.save_weights(tmp_path / "good.weights.h5")
    return model, tmp_path


def _rezip(source, target, replace=None, extra=None):
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            zout.writestr(name, replace.get(name, data) if replace else data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)


def _edited_weights(path, edit):
    with h5py.File(path, "r") as f:
        buffer = io.BytesIO()
        with h5py.File(buffer, "w") as g:
            for key in f:
                f.copy(f[key], g, key)
            for key, value in f.attrs.items():
                g.attrs[key] = value
            edit(g)
    return buffer.getvalue()


def _bad_files(model, folder):
    good = folder / "good.keras"
    weights = zipfile.ZipFile(good).read("model.weights.h5")
    (folder / "w.h5").write_bytes(weights)
    cases = {}

    def wrong_shape(g):
        del g["layers/dense_1/vars/0"]
        g["layers/dense_1/vars/0"] = np.zeros((4, 7), "float32")
    _rezip(good, folder / "shape.keras", {"model.weights.h5": _edited_weights(folder / "w.h5", wrong_shape)})
    cases["shape.keras"] = r"dense_1.*shape \(4, 2\).*\(4, 7\)"
    _rezip(good, folder / "missing.keras",
           {"model.weights.h5": _edited_weights(folder / "w.h5", lambda g: g.__delitem__("layers/dense_1"))})
    cases["missing.keras"] = r"dense_1.*expected 2 variables, but received 0"

    def external(g):
        del g["layers/dense_1/vars/0"]
        g["layers/dense_1/vars/0"] = h5py.ExternalLink("/etc/passwd", "/x")
    _rezip(good, folder / "link.keras", {"model.weights.h5": _edited_weights(folder / "w.h5", external)})
    cases["link.keras"] = "ExternalLink.*refusing to follow links"
    data = good.read_bytes()
    (folder / "truncated.keras").write_bytes(data[: len(data) // 2])
    cases["truncated.keras"] = "not a valid .keras file.*truncated or corrupt"
    _rezip(good, folder / "traversal.keras", extra={"assets/../../evil.txt": b"x"})
    cases["traversal.keras"] = "leaves the archive's folder"
    with zipfile.ZipFile(folder / "other.keras", "w") as z:
        z.writestr("hello.txt", "not a model")
    cases["other.keras"] = "no 'config.json'"
    with zipfile.ZipFile(folder / "bomb.keras", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("config.json", zipfile.ZipFile(good).read("config.json"))
        z.writestr("model.weights.h5", b"\0" * (65 << 20))
    cases["bomb.keras"] = "decompression bomb"
    _rezip(good, folder / "json.keras", {"config.json": b"{not json"})
    cases["json.keras"] = "not valid JSON"
    return cases


def test_malicious_and_corrupt_files_are_refused_and_the_model_is_untouched(saved):
    model, folder = saved
    before = model.get_weights()
    for name, message in _bad_files(model, folder).items():
        with pytest.raises(ValueError, match=message) as info:
            keras.models.load_model(folder / name)
        assert name in str(info.value) or name in ("missing.keras", "shape.keras", "link.keras") \
            and str(folder / name) in str(info.value), (name, str(info.value))
        if name != "json.keras":  # load_weights reads only the weights member
            with pytest.raises(ValueError, match=message):
                model.load_weights(folder / name)
        assert all((a == b).all() for a, b in zip(before, model.get_weights())), name
    assert not (folder.parent / "evil.txt").exists()


def test_weight_file_failing_midway_leaves_no_half_loaded_weights(saved):
    model, folder = saved
    trained = [w + 1.0 for w in model.get_weights()]
    model.set_weights(trained)

    def break_second(g):
        del g["layers/dense_1/vars/1"]
        g["layers/dense_1/vars/1"] = np.zeros((9,), "float32")
    (folder / "half.weights.h5").write_bytes(_edited_weights(folder / "good.weights.h5", break_second))
    with pytest.raises(ValueError, match="half.weights.h5"):
        model.load_weights(folder / "half.weights.h5")  # dense loads first, then dense_1 fails
    assert all((a == b).all() for a, b in zip(trained, model.get_weights()))
    (folder / "bad.weights.h5").write_bytes(b"\x89HDF\r\n\x1a\n" + b"\0" * 20)
    with pytest.raises(ValueError, match="bad.weights.h5 is not a readable HDF5 file"):
        model.load_weights(folder / "bad.weights.h5")


def test_atomic_write_keeps_the_previous_file_when_a_writer_fails(saved, monkeypatch):
    model, folder = saved
    from neuroflow.keras.saving import saving_lib
    original = saving_lib.save_state

    def failing(root, writer, *args):
        original(root, writer, *args)
        raise OSError("disk full")
    model.set_weights([w + 1.0 for w in model.get_weights()])
    monkeypatch.setattr(saving_lib, "save_state", failing)
    for name in ("good.keras", "good.weights.h5"):
        with pytest.raises(OSError, match="disk full"):
            (model.save if name.endswith(".keras") else model.save_weights)(folder / name)
    monkeypatch.undo()
    old = keras.models.load_model(folder / "good.keras")
    assert not any((a == b).all() for a, b in zip(old.get_weights(), model.get_weights()))
    old.load_weights(folder / "good.weights.h5")
    assert sorted(os.listdir(folder)) == ["good.keras", "good.weights.h5"]


def test_h5py_is_imported_only_when_a_file_is_used():
    import subprocess
    import sys
    code = ("import sys, neuroflow; from neuroflow import keras; keras.saving; keras.callbacks.ModelCheckpoint; "
            "print('h5py' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _keras2_file(path):
    """A model file as tf.keras 2.15 wrote it: list-style inbound nodes, `:0` weight names, Keras 2's
    optimizer config and per-output metric lists."""
    dense = {"name": "dense", "trainable": True, "dtype": "float32", "units": 2, "activation": "relu",
             "use_bias": True, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
             "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
             "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
             "bias_constraint": None}
    config = {"class_name": "Functional", "config": {"name": "model", "layers": [
        {"class_name": "InputLayer", "name": "input_1", "inbound_nodes": [],
         "config": {"batch_input_shape": [None, 3], "dtype": "float32", "sparse": False, "ragged": False,
                    "name": "input_1"}},
        {"class_name": "Dense", "config": dense, "name": "dense", "inbound_nodes": [[["input_1", 0, 0, {}]]]},
        {"class_name": "Add", "config": {"name": "add", "trainable": True, "dtype": "float32"}, "name": "add",
         "inbound_nodes": [[["dense", 0, 0, {}], ["dense", 0, 0, {}]]]}],
        "input_layers": [["input_1", 0, 0]], "output_layers": [["add", 0, 0]]}}
    training = {"loss": "mse", "metrics": [["mae"]], "weighted_metrics": None, "loss_weights": None,
                "optimizer_config": {"class_name": "Custom>Adam", "config": {
                    "name": "Adam", "learning_rate": 0.001, "decay": 0.0, "beta_1": 0.9, "beta_2": 0.999,
                    "epsilon": 1e-07, "amsgrad": False, "is_legacy_optimizer": False, "jit_compile": False}}}
    kernel, bias = np.arange(6, dtype="float32").reshape(3, 2) / 10, np.array([0.5, -0.5], "float32")
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"], f.attrs["backend"] = "2.15.0", "tensorflow"
        f.attrs["model_config"] = json.dumps(config)
        f.attrs["training_config"] = json.dumps(training)
        g = f.create_group("model_weights")
        g.attrs["layer_names"] = np.array([b"input_1", b"dense", b"add"], dtype=object)
        for name in ("input_1", "add"):
            g.create_group(name).attrs["weight_names"] = np.array([], dtype=np.float64)
        d = g.create_group("dense")
        d.attrs["weight_names"] = np.array([b"dense/kernel:0", b"dense/bias:0"], dtype=object)
        d["dense/kernel:0"], d["dense/bias:0"] = kernel, bias
    return kernel, bias


def test_keras2_model_file_loads(tmp_path):
    kernel, bias = _keras2_file(tmp_path / "keras2.h5")
    model = keras.models.load_model(tmp_path / "keras2.h5")
    x = np.array([[1.0, 2.0, -1.0]], "float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), 2 * np.maximum(x @ kernel + bias, 0), rtol=1e-6)
    assert isinstance(model.optimizer, keras.optimizers.Adam) and model.compiled
    twin = keras.models.load_model(tmp_path / "keras2.h5", compile=False)
    twin.set_weights([np.zeros_like(w) for w in twin.get_weights()])
    twin.load_weights(tmp_path / "keras2.h5")
    np.testing.assert_array_equal(twin.get_weights()[0], kernel)


class Vocabulary(keras.layers.Layer):
    """A layer whose state is a file (like TextVectorization's vocabulary), saved through the asset hooks."""

    def __init__(self, words=None, **kwargs):
        super().__init__(**kwargs)
        self.words = list(words or [])

    def call(self, x):
        return x * float(len(self.words))

    def get_config(self):
        return super().get_config()  # the words travel as an asset, not in the config

    def save_assets(self, dir_path):
        with open(os.path.join(dir_path, "vocabulary.txt"), "w") as f:
            f.write("\n".join(self.words))

    def load_assets(self, dir_path):
        with open(os.path.join(dir_path, "vocabulary.txt")) as f:
            self.words = f.read().split("\n")


def test_layer_assets_round_trip(tmp_path):
    model = keras.Sequential([keras.Input(shape=(1,)), Vocabulary(["a", "b", "c"]), keras.layers.Dense(1)])
    model.save(tmp_path / "v.keras")
    assert zipfile.ZipFile(tmp_path / "v.keras").namelist() == [
        "metadata.json", "config.json", "model.weights.h5", "assets/layers/vocabulary/vocabulary.txt"]
    loaded = keras.models.load_model(tmp_path / "v.keras", custom_objects={"Vocabulary": Vocabulary})
    assert loaded.layers[0].words == ["a", "b", "c"]


def test_weights_member_is_written_in_place_and_checked_on_reading(saved):
    model, folder = saved
    from neuroflow.keras.saving.saving_lib import HDF5_SIGNATURE, KerasArchive
    path = folder / "good.keras"
    archive = KerasArchive(path)
    info = archive.zip.getinfo("model.weights.h5")
    assert archive._weights_offset(info) is not None  # opened as HDF5 directly, no copy
    archive.close()
    data = bytearray(path.read_bytes())
    start = data.index(HDF5_SIGNATURE)
    assert start >= 512 and start & (start - 1) == 0
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:  # the member is a standalone HDF5 file
        with h5py.File(io.BytesIO(z.read("model.weights.h5")), "r") as f:
            assert f["layers/dense/vars/0"].shape == (3, 4)
    data[start + info.file_size - 100] ^= 0xFF  # flip a bit inside the weights
    (folder / "flipped.keras").write_bytes(bytes(data))
    with pytest.raises(ValueError, match=r"flipped\.keras: 'model.weights.h5' is corrupt \(bad CRC-32\)"):
        keras.models.load_model(folder / "flipped.keras")
    # the checksum is verified while the weights load: a bad one undoes the load
    trained = [w + 1.0 for w in model.get_weights()]
    model.set_weights(trained)
    with pytest.raises(ValueError, match=r"flipped\.keras: 'model.weights.h5' is corrupt \(bad CRC-32\)"):
        model.load_weights(folder / "flipped.keras")
    assert all((a == b).all() for a, b in zip(trained, model.get_weights()))
    (folder / "cut.keras").write_bytes(bytes(data[:start + info.file_size // 2]))
    with pytest.raises(ValueError, match="cut.keras"):
        model.load_weights(folder / "cut.keras")
    assert all((a == b).all() for a, b in zip(trained, model.get_weights()))


def test_optimizer_state_that_does_not_fit_is_skipped_with_a_warning(tmp_path):
    trained = keras.models.load_model(FIXTURES / "compiled.keras")
    fresh = keras.models.load_model(FIXTURES / "compiled.keras", compile=False)
    fresh.compile(optimizer="adam", loss="mse")  # not built yet: only `iteration` and `learning_rate`
    with pytest.warns(UserWarning, match="Skipping variable loading for optimizer 'adam'.*not been called/built"):
        fresh.load_weights(FIXTURES / "compiled.weights.h5")
    for a, b in zip(fresh.get_weights(), trained.get_weights()):
        np.testing.assert_array_equal(a, b)
    fresh.optimizer.build(fresh.trainable_weights)
    fresh.load_weights(FIXTURES / "compiled.weights.h5")
    assert int(fresh.optimizer.iterations) == 8


# --- what keeps saving and loading fast (benchmarks/saving.py measures it) -------------------------
def test_loaded_weights_are_the_arrays_read_from_the_file(saved):
    model, folder = saved
    before = [v._value for v in model.weights]
    model.load_weights(folder / "good.weights.h5")
    for variable, old in zip(model.weights, before):
        assert variable._value is not old and variable._value.flags.owndata  # adopted, not copied into `old`
        variable.assign_add(np.ones(variable.shape, "float32"))  # and its own, writable storage
    assert len({id(v._value) for v in model.weights}) == len(model.weights)
    store = {}
    model.layers[0].save_own_variables(store)  # a dict store (not a file): values are assigned, not adopted
    twin = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(4), keras.layers.Dense(2)])
    twin.layers[0].load_own_variables(store)
    np.testing.assert_array_equal(twin.layers[0].kernel.numpy(), model.layers[0].kernel.numpy())
    assert twin.layers[0].kernel._value is not model.layers[0].kernel._value


class InPlaceLoader(keras.layers.Dense):
    """A layer with its own `load_own_variables` that assigns in place (as user layers may)."""

    def load_own_variables(self, store):
        self.kernel.assign(store["0"])
        self.bias.assign(store["1"])


def test_a_layer_loading_in_place_is_undone_too(tmp_path):
    model = keras.Sequential([keras.Input(shape=(3,)), InPlaceLoader(4), keras.layers.Dense(2)])
    model.save_weights(tmp_path / "w.weights.h5")
    with h5py.File(tmp_path / "w.weights.h5", "a") as f:  # the second layer's kernel no longer fits
        del f["layers/dense/vars/0"]
        f["layers/dense/vars/0"] = np.zeros((4, 7), "float32")
    trained = [w + 1.0 for w in model.get_weights()]
    model.set_weights(trained)
    with pytest.raises(ValueError, match=r"shape \(4, 2\).*\(4, 7\)"):
        model.load_weights(tmp_path / "w.weights.h5")  # the InPlaceLoader assigned first, then dense failed
    assert all((a == b).all() for a, b in zip(trained, model.get_weights()))


def test_rebuilding_a_saved_model_does_not_run_layers_with_weights(tmp_path, monkeypatch):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(5,)), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(3)])
    model.save(tmp_path / "m.keras")
    x = np.random.default_rng(0).random((2, 5), dtype=np.float32)
    expected = model.predict(x, verbose=0)

    def refuse(self, *args, **kwargs):
        raise AssertionError(f"{self.name} ran while the model was rebuilt")
    with monkeypatch.context() as patch:
        patch.setattr(keras.layers.Dense, "call", refuse)
        restored = keras.models.load_model(tmp_path / "m.keras")  # output specs from compute_output_shape
    assert restored.output.shape == (None, 3) and restored.output.dtype == "float32"
    np.testing.assert_allclose(restored.predict(x, verbose=0), expected, rtol=1e-6)


def test_zero_initialized_weights_are_real_zeros_allocated_lazily():
    big = keras.Variable(initializer="zeros", shape=(512, 1024), name="big")
    small = keras.Variable(initializer="zeros", shape=(3,), dtype="int32", name="small")
    assert type(big._value.base).__name__ == "mmap" and big._value.flags.writeable  # pages the OS fills later
    assert not big.numpy().any() and small.numpy().tolist() == [0, 0, 0] and small.dtype == "int32"
    big.assign_add(np.ones((512, 1024), "float32"))
    assert big.numpy().sum() == 512 * 1024
    import copy
    import pickle
    assert copy.deepcopy(big).numpy().sum() == 512 * 1024
    assert pickle.loads(pickle.dumps(big)).numpy().sum() == 512 * 1024


def test_legacy_h5_names_optimizer_weights_as_keras_does(tmp_path):
    model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(np.ones((4, 3), "float32"), np.ones((4, 2), "float32"), verbose=0)
    with pytest.warns(UserWarning, match="legacy"):
        model.save(tmp_path / "m.h5")
    with h5py.File(tmp_path / "m.h5", "r") as f:  # as Keras 3.15.1 writes it (checked with real Keras)
        assert [getattr(n, "decode", lambda: n)() for n in f["optimizer_weights"].attrs["weight_names"]] == \
            ["sgd/iteration", "sgd/learning_rate"]


@pytest.mark.parametrize("name", ["big.keras", "big.weights.h5"])
def test_large_saves_start_the_disk_writing_as_they_go(tmp_path, monkeypatch, name):
    from neuroflow.keras.saving import h5_store
    started = []
    monkeypatch.setattr(h5_store, "start_writeback", started.append)
    model = keras.Sequential([keras.Input((512,)), keras.layers.Dense(1024), keras.layers.Dense(700)])  # 4.8 MiB
    path = tmp_path / name
    model.save(path) if name.endswith(".keras") else model.save_weights(path)
    assert len(started) == 2 and all(isinstance(fd, int) for fd in started)  # after each kernel (>= 1 MiB)
    restored = keras.models.load_model(path) if name.endswith(".keras") else keras.models.clone_model(model)
    if not name.endswith(".keras"):
        restored.load_weights(path)
    for a, b in zip(restored.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
    with h5py.File(io.BytesIO(), "w") as in_memory:  # a file in memory has no descriptor to start writing
        from neuroflow.keras.saving.h5_store import H5Writer
        started.clear()
        H5Writer(in_memory).make("dense")["0"] = np.zeros((1024, 512), "float32")
    assert started == []
