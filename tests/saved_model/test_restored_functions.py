"""Saved tf.functions reload as callable functions (TensorFlow's restored functions), and assets."""
import importlib.util
import os
import shutil

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.saved_model.saved_model_proto import SavedModel

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "tf_checkpoint")
REF = np.load(os.path.join(FIXTURES, "functions_reference.npz"))


def _generator():
    spec = importlib.util.spec_from_file_location("generate_functions",
                                                  os.path.join(FIXTURES, "generate_functions.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()
Functions = GENERATOR.functions_class(tf)  # the module TensorFlow saved in saved_functions/


def check_loaded(loaded, folder):
    np.testing.assert_allclose(loaded.project(REF["points"]).numpy(), REF["project"])
    np.testing.assert_allclose(loaded.scale(tf.constant(REF["vector"])).numpy(), REF["scale_vector"])
    np.testing.assert_allclose(loaded.scale(REF["matrix"], times=3.0).numpy(), REF["scale_matrix"])
    np.testing.assert_allclose(loaded.scale(x=REF["matrix"], times=3.0).numpy(), REF["scale_matrix"])
    assert float(loaded(tf.constant(1.5)).numpy()) == REF["call"]
    assert loaded.read_vocab().numpy() == REF["vocab"].tobytes()
    assert loaded.vocab.asset_path.numpy().decode() == os.path.join(folder, "assets", "vocab.txt")
    assert len(loaded.scale.concrete_functions) == 2
    with pytest.raises(ValueError, match="Could not find matching concrete function") as error:
        loaded.scale(tf.constant([1, 2, 3]))  # int32: no trace takes it
    assert "2 option(s)" in str(error.value) and "Option 2" in str(error.value)
    with pytest.raises(ValueError, match="Could not find matching"):
        loaded.scale(REF["matrix"], times=5.0)  # a Python value no trace was made for
    with pytest.raises(ValueError, match="Could not find matching"):
        loaded.project(np.ones((2, 3), np.float32))  # outside the input_signature


def test_loads_tensorflow_restored_functions_and_asset():
    folder = os.path.abspath(os.path.join(FIXTURES, "saved_functions"))
    check_loaded(tf.saved_model.load(folder), folder)


def test_tensorflow_keras_export_serve_endpoint_is_callable():
    ref = np.load(os.path.join(FIXTURES, "reference.npz"))
    loaded = tf.saved_model.load(os.path.join(FIXTURES, "saved_mlp"))  # keras 3 model.export() by TensorFlow
    np.testing.assert_allclose(loaded.serve(ref["x"]).numpy(), ref["saved_mlp_output"], atol=1e-6)


def _saved_module(tmp_path):
    vocab = tmp_path / "source" / "vocab.txt"
    vocab.parent.mkdir()
    vocab.write_bytes(GENERATOR.VOCAB)
    module = Functions(str(vocab))
    outputs = GENERATOR.calls(module)  # traces scale twice, as the fixture did
    folder = str(tmp_path / "saved")
    tf.saved_model.save(module, folder)
    return module, outputs, folder


def test_round_trip_of_restored_functions_and_moved_folder(tmp_path):
    module, outputs, folder = _saved_module(tmp_path)
    for key in ("project", "scale_vector", "scale_matrix", "call"):
        np.testing.assert_allclose(outputs[key], REF[key], rtol=1e-6)  # neuroflow computes what TF did
    shutil.rmtree(tmp_path / "source")  # the SavedModel is hermetic: its copy of the asset is used
    moved = str(tmp_path / "moved")
    os.rename(folder, moved)
    check_loaded(tf.saved_model.load(moved), moved)


def test_written_functions_and_assets_have_tensorflow_fields(tmp_path):
    _, _, folder = _saved_module(tmp_path)
    with open(os.path.join(folder, "saved_model.pb"), "rb") as f:
        meta = SavedModel.FromString(f.read()).meta_graphs[0]
    assert os.listdir(os.path.join(folder, "assets")) == ["vocab.txt"]
    assert [a.filename for a in meta.asset_file_def] == ["vocab.txt"]
    assert meta.asset_file_def[0].tensor_info.name == "asset_path_initializer:0"
    graph = meta.object_graph_def
    children = {c.local_name: c.node_id for c in graph.nodes[0].children}
    assert list(children) == ["w", "vocab", "__call__", "project", "read_vocab", "scale", "signatures"]
    assert graph.nodes[children["vocab"]].WhichOneof("kind") == "asset"
    scale = graph.nodes[children["scale"]]
    assert scale.WhichOneof("kind") == "function" and len(scale.function.concrete_functions) == 2
    assert [c.local_name for c in scale.children] == ["trace_0", "trace_1"]
    assert scale.function.function_spec.fullargspec.named_tuple_value.name == "FullArgSpec"
    traces = [graph.concrete_functions[name] for name in scale.function.concrete_functions]
    defaults = [t.canonicalized_input_signature.tuple_value.values[0].tuple_value.values[1].float64_value
                for t in traces]
    assert sorted(defaults) == [2.0, 3.0]  # the default filled in, as TensorFlow canonicalizes calls
    read = graph.nodes[children["read_vocab"]].function.concrete_functions[0]
    assert list(graph.concrete_functions[read].bound_inputs) == [children["vocab"]]
    library = {f.signature.name: f for f in meta.graph_def.library.function}
    assert [a.type for a in library[read].signature.input_arg] == [tf.string.as_datatype_enum]
    assert list(graph.nodes[children["signatures"]].children) == []  # several input signatures: no default


def test_functions_without_traces_and_concrete_function_attributes(tmp_path):
    module = tf.Module()
    module.v = tf.Variable(2.0)
    module.untraced = tf.function(lambda x: x * module.v)
    module.concrete = tf.function(lambda x: x + module.v).get_concrete_function(tf.TensorSpec([2], tf.float32))
    tf.saved_model.save(module, str(tmp_path))
    loaded = tf.saved_model.load(str(tmp_path))
    with pytest.raises(ValueError, match="Found zero restored functions"):
        loaded.untraced(1.0)
    np.testing.assert_array_equal(loaded.concrete(tf.constant([1.0, 2.0])).numpy(), [3.0, 4.0])


def test_export_archive_endpoints_are_callable_attributes(tmp_path):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint("serve", model.__call__, input_signature=[tf.TensorSpec([None, 3], tf.float32)])
    archive.write_out(str(tmp_path), verbose=False)
    x = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    np.testing.assert_allclose(tf.saved_model.load(str(tmp_path)).serve(x).numpy(), model(x).numpy(), rtol=1e-6)


def test_asset_errors(tmp_path):
    module = tf.Module()
    module.missing = tf.saved_model.Asset(str(tmp_path / "absent.txt"))
    with pytest.raises(ValueError, match="absent.txt"):
        tf.saved_model.save(module, str(tmp_path / "out"))
    with pytest.raises(ValueError, match="scalar"):
        tf.saved_model.Asset(tf.constant(["a", "b"]))
