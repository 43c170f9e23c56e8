"""Models built with operators on KerasTensors move between Keras 3 and neuroflow
(tests/fixtures/applications/operators.keras and keras_operator_configs.json.gz, written by the real Keras
with make_keras_operator_files.py)."""
import gzip
import json
import os
import zipfile

import numpy as np
import pytest

from neuroflow import keras
from neuroflow.keras import applications

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "applications")
with gzip.open(os.path.join(FIXTURES, "keras_operator_configs.json.gz"), "rt") as f:
    KERAS_CONFIGS = json.load(f)
BUILDERS = {
    "MobileNetV3Small": applications.MobileNetV3Small, "MobileNetV3Large": applications.MobileNetV3Large,
    "ConvNeXtNarrow": lambda **kwargs: applications.convnext.ConvNeXt(
        depths=(1, 1, 2, 1), projection_dims=(8, 16, 24, 32), name="convnext_narrow", **kwargs),
}
# Config details neuroflow writes its own way (Keras reads both): the dtype as a policy dict or a name,
# build_config on weightless layers, `mask=None`/`training=False` call arguments.
SKIPPED_KEYS = {"dtype", "build_config", "mask", "training"}


def stored_config(path):
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("config.json"))["config"]


def comparable(structure):
    """`structure` without the keys neuroflow is allowed to write differently."""
    if isinstance(structure, dict):
        return {k: comparable(v) for k, v in structure.items() if k not in SKIPPED_KEYS}
    if isinstance(structure, (list, tuple)):
        return [comparable(v) for v in structure]
    return structure


def predictions(model, x):
    return [np.asarray(y) for y in model(x)]


def test_keras_file_with_operators_loads_and_predicts_as_keras():
    path = os.path.join(FIXTURES, "operators.keras")
    reference = np.load(os.path.join(FIXTURES, "operators.npz"))
    model = keras.saving.load_model(path)
    kinds = {type(op).__name__ for op in model.operations}
    assert {"Add", "Subtract", "Multiply", "TrueDivide", "FloorDivide", "Mod", "Power", "Matmul", "Negative",
            "Absolute", "GetItem", "Round", "Less", "LessEqual", "GreaterEqual", "NotEqual", "LogicalNot",
            "LogicalAnd", "LogicalOr", "LogicalXor", "LayerScale", "CustomScaleLayer"} <= kinds
    assert [layer.name for layer in model.layers] == ["x", "dense", "layer_scale", "custom_scale"]
    expected = [reference[key] for key in sorted(reference) if key.startswith("y")]
    outputs = predictions(model, reference["x"])
    assert len(outputs) == len(expected)
    for ours, theirs in zip(outputs, expected):
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_neuroflow_writes_operators_as_keras_does(tmp_path):
    keras_file = os.path.join(FIXTURES, "operators.keras")
    model = keras.saving.load_model(keras_file)
    path = str(tmp_path / "operators.keras")
    model.save(path)
    assert comparable(stored_config(path)) == comparable(stored_config(keras_file))
    x = np.load(os.path.join(FIXTURES, "operators.npz"))["x"]
    for a, b in zip(predictions(keras.saving.load_model(path), x), predictions(model, x)):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_architecture_config_matches_keras(name):
    """Built here, the architecture writes Keras' config (operations included); Keras' config builds it here."""
    reference = KERAS_CONFIGS[name]
    size = reference["input_size"]
    keras.backend.clear_session()
    model = BUILDERS[name](weights=None, input_shape=(size, size, 3), classes=10)
    ours = json.loads(json.dumps(model.get_config()))
    assert comparable(ours) == comparable(reference["config"])
    operations = [entry for entry in ours["layers"] if entry["module"] == "keras.src.ops.numpy"]
    assert operations, "the architecture records its operators as operations"
    keras.backend.clear_session()
    rebuilt = keras.Model.from_config(reference["config"])
    assert rebuilt.count_params() == model.count_params() == reference["params"]
    assert [op.name for op in rebuilt.operations] == [op.name for op in model.operations]
