"""tf.saved_model.save/load and Keras export: TensorFlow-written folders, round trips, errors."""
import importlib.util
import os

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras
from neuroflow.framework.errors import UnimplementedError
from neuroflow.saved_model.saved_model_proto import FingerprintDef, SavedModel

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "tf_checkpoint")
REF = np.load(os.path.join(FIXTURES, "reference.npz"))


def _generator():
    """The fixture generator (its model factories take the `tf` module: TensorFlow there, neuroflow here)."""
    spec = importlib.util.spec_from_file_location("generate", os.path.join(FIXTURES, "generate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TwoSignatures = _generator().two_signatures_class(tf)  # the model TensorFlow saved in saved_module/


def _read(folder):
    with open(os.path.join(folder, "saved_model.pb"), "rb") as f:
        return SavedModel.FromString(f.read())


# --- folders written by TensorFlow 2.21 --------------------------------------------------------
def test_loads_tensorflow_module_with_two_signatures():
    loaded = tf.saved_model.load(os.path.join(FIXTURES, "saved_module"))
    assert sorted(loaded.signatures) == ["affine", "serving_default"]
    np.testing.assert_allclose(loaded.signatures["affine"](x=REF["saved_x"])["y"].numpy(), REF["saved_affine"])
    np.testing.assert_allclose(loaded.signatures["serving_default"](x=REF["saved_x"])["output_0"].numpy(),
                               REF["saved_total"])
    np.testing.assert_array_equal(loaded.w.numpy(), [[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(loaded.affine(REF["saved_x"])["y"].numpy(), REF["saved_affine"])  # a tf.function


def test_loads_tensorflow_keras_export():
    loaded = tf.saved_model.load(os.path.join(FIXTURES, "saved_mlp"))
    assert {"serve", "serving_default"} <= set(loaded.signatures)
    out = loaded.signatures["serve"](features=REF["x"])["output_0"].numpy()
    np.testing.assert_allclose(out, REF["saved_mlp_output"], atol=1e-6)
    with pytest.raises(TypeError, match="features"):
        loaded.signatures["serve"](inputs=REF["x"])


# --- what neuroflow writes ---------------------------------------------------------------------
def test_module_with_two_signatures_round_trip(tmp_path):
    module = TwoSignatures()
    tf.saved_model.save(module, str(tmp_path), signatures={"affine": module.affine, "serving_default": module.total})
    assert sorted(os.listdir(tmp_path)) == ["assets", "fingerprint.pb", "saved_model.pb", "variables"]
    loaded = tf.saved_model.load(str(tmp_path))
    np.testing.assert_allclose(loaded.signatures["affine"](x=REF["saved_x"])["y"].numpy(), REF["saved_affine"])
    np.testing.assert_allclose(loaded.signatures["serving_default"](x=REF["saved_x"])["output_0"].numpy(),
                               REF["saved_total"])


def test_written_folder_has_tensorflow_fields(tmp_path):
    module = TwoSignatures()
    tf.saved_model.save(module, str(tmp_path), signatures={"affine": module.affine, "serving_default": module.total})
    meta = _read(str(tmp_path)).meta_graphs[0]
    assert list(meta.meta_info_def.tags) == ["serve"]
    signature = meta.signature_def["affine"]
    assert signature.method_name == "tensorflow/serving/predict"
    assert signature.inputs["x"].name == "affine_x:0" and list(signature.outputs) == ["y"]
    functions = {f.signature.name: f for f in meta.graph_def.library.function}
    affine = next(f for name, f in functions.items() if "affine" in name)
    assert [n.op for n in affine.node_def] == ["ReadVariableOp", "MatMul", "ReadVariableOp", "AddV2"]
    assert any(i.endswith(":product:0") for n in affine.node_def for i in n.input)
    assert [a.type for a in affine.signature.input_arg] == [1, 20, 20]  # x, then two resources
    total = next(f for name, f in functions.items() if "serving_default" in name)
    mean = next(n for n in total.node_def if n.op == "Sum")
    assert mean.input[1].startswith(mean.name + "/reduction_indices")  # an axis attribute became an input
    objects = meta.object_graph_def
    assert [c.local_name for c in objects.nodes[0].children] == ["w", "b", "affine", "total", "signatures"]
    assert objects.nodes[1].variable.shape.dim[0].size == 2
    assert meta.saver_def.filename_tensor_name == "saver_filename:0"  # the restore program Serving runs
    restore = functions["__inference__traced_restore"]
    assert [n.op for n in restore.node_def].count("AssignVariableOp") == 2
    assert list(restore.node_def[0].attr["value"].tensor.string_val) == [b"w/.ATTRIBUTES/VARIABLE_VALUE",
                                                                         b"b/.ATTRIBUTES/VARIABLE_VALUE"]
    keys = dict(tf.train.list_variables(str(tmp_path / "variables" / "variables")))
    assert keys["w/.ATTRIBUTES/VARIABLE_VALUE"] == [2, 2]
    with open(tmp_path / "fingerprint.pb", "rb") as f:
        assert FingerprintDef.FromString(f.read()).saved_model_checksum != 0


def test_default_signature_is_the_one_function_with_input_signature(tmp_path):
    class Scale(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(3.0)

        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def __call__(self, x):
            return x * self.w

    tf.saved_model.save(Scale(), str(tmp_path))
    loaded = tf.saved_model.load(str(tmp_path))
    assert loaded.signatures["serving_default"](x=[1.0, 2.0])["output_0"].numpy().tolist() == [3.0, 6.0]


def test_keras_export_and_export_archive(tmp_path):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((3,), name="features"), keras.layers.Dense(4, activation="relu"),
                              keras.layers.Dense(2, activation="softmax")])
    model.export(str(tmp_path / "m"), verbose=False)
    loaded = tf.saved_model.load(str(tmp_path / "m"))
    assert sorted(loaded.signatures) == ["serve", "serving_default"]
    np.testing.assert_allclose(loaded.signatures["serve"](features=REF["x"])["output_0"].numpy(),
                               model(REF["x"]).numpy(), atol=1e-6)
    assert len(loaded.variables) == 4
    archive = keras.export.ExportArchive()
    archive.track(model)
    archive.add_endpoint("probabilities", model.__call__, [tf.TensorSpec([None, 3], tf.float32, name="x")])
    archive.add_endpoint("top", lambda x: tf.argmax(model(x), axis=1), [tf.TensorSpec([None, 3], tf.float32)])
    archive.add_variable_collection("kernels", [model.layers[0].kernel])
    archive.write_out(str(tmp_path / "a"), verbose=False)
    loaded = tf.saved_model.load(str(tmp_path / "a"))
    assert sorted(loaded.signatures) == ["probabilities", "serving_default", "top"]
    np.testing.assert_array_equal(loaded.signatures["top"](x=REF["x"])["output_0"].numpy(),
                                  np.argmax(model(REF["x"]).numpy(), axis=1))
    np.testing.assert_array_equal(loaded.kernels[0].numpy(), model.layers[0].kernel.numpy())
    with pytest.raises(ValueError, match="unknown format"):
        model.export(str(tmp_path / "x"), format="nope")
    with pytest.raises(ValueError, match="already taken"):
        archive.add_endpoint("top", lambda x: x, [tf.TensorSpec([None], tf.float32)])


def test_keras_cnn_export_round_trip_with_tensorflow_conv_attributes(tmp_path):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((8, 8, 1), name="image"),
                              keras.layers.Conv2D(4, 3, padding="same", activation="relu"),
                              keras.layers.MaxPooling2D(), keras.layers.BatchNormalization(),
                              keras.layers.Conv2D(2, 3, strides=2), keras.layers.Flatten(),
                              keras.layers.Dense(3, activation="softmax")])
    images = np.random.default_rng(0).standard_normal((2, 8, 8, 1)).astype(np.float32)
    model.export(str(tmp_path), verbose=False)
    loaded = tf.saved_model.load(str(tmp_path))
    np.testing.assert_allclose(loaded.signatures["serve"](image=images)["output_0"].numpy(), model(images).numpy(),
                               atol=1e-6)
    function = next(f for f in _read(str(tmp_path)).meta_graphs[0].graph_def.library.function
                    if "serve_" in f.signature.name)
    convs = [n for n in function.node_def if n.op == "Conv2D"]
    assert [c.attr["padding"].s for c in convs] == [b"EXPLICIT", b"VALID"]
    assert list(convs[0].attr["explicit_paddings"].list.i) == [0, 0, 1, 1, 1, 1, 0, 0]
    assert list(convs[1].attr["strides"].list.i) == [1, 2, 2, 1]
    pool = next(n for n in function.node_def if n.op == "MaxPool")
    assert list(pool.attr["ksize"].list.i) == [1, 2, 2, 1] and pool.attr["padding"].s == b"VALID"


# --- errors ------------------------------------------------------------------------------------
def test_op_without_tensorflow_equivalent_fails_at_save_naming_it(tmp_path):
    class Soft(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None, 3], tf.float32)])
        def __call__(self, x):
            return tf.reduce_logsumexp(x, axis=1)

    with pytest.raises(ValueError, match="LogSumExp"):
        tf.saved_model.save(Soft(), str(tmp_path))
    assert not os.path.exists(tmp_path / "saved_model.pb")


def test_softmax_on_another_axis_fails_at_save(tmp_path):
    class Soft(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None, 3, 4], tf.float32)])
        def __call__(self, x):
            return tf.nn.softmax(x, axis=1)

    with pytest.raises(ValueError, match="Softmax.*axis=1"):
        tf.saved_model.save(Soft(), str(tmp_path))


def test_unknown_op_in_loaded_graph_fails_clearly(tmp_path):
    module = TwoSignatures()
    tf.saved_model.save(module, str(tmp_path), signatures=module.affine)
    model = _read(str(tmp_path))
    for function in model.meta_graphs[0].graph_def.library.function:
        for node in function.node_def:
            if node.op == "MatMul":
                node.op = "FancyMatMul"
    with open(tmp_path / "saved_model.pb", "wb") as f:
        f.write(model.SerializeToString())
    with pytest.raises(UnimplementedError, match="FancyMatMul"):
        tf.saved_model.load(str(tmp_path))


def test_signature_variables_must_be_tracked(tmp_path):
    hidden = tf.Variable(2.0)

    class Leaky(tf.Module):
        @tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
        def __call__(self, x):
            return x * hidden

    with pytest.raises(ValueError, match="does not track"):
        tf.saved_model.save(Leaky(), str(tmp_path))


def test_missing_folder():
    with pytest.raises(OSError, match="SavedModel file does not exist"):
        tf.saved_model.load("/nonexistent/saved")
