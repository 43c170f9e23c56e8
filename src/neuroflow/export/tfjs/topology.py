"""Keras 3 model configs in the dialect TensorFlow.js' layers loader reads, and back.

TF.js reads the Keras 2 form `tensorflowjs_converter` writes: a serialized object is
`{"class_name", "config"}` (no `module`/`registered_name`/`build_config`), an input layer
states `batch_input_shape`, a functional layer's `inbound_nodes` are lists of
`[layer_name, node_index, tensor_index, kwargs]`, and dtypes are plain names. The Keras 3
config itself comes from `keras.saving.serialize_keras_object`; reading goes back through
the Keras 2 upgrade the legacy `.h5` loader uses, then `deserialize_keras_object`.
"""
from ...keras.saving.legacy_h5_format import _upgrade_keras2

__all__ = ["TFJS_LAYERS", "TFJS_WEIGHT_NAMES", "to_tfjs_topology", "from_tfjs_topology"]

# The layer classes TensorFlow.js 4.22 registers (tf.serialization's class map).
TFJS_LAYERS = frozenset("""
    Activation Add AlphaDropout Average AveragePooling1D AveragePooling2D AveragePooling3D BatchNormalization
    Bidirectional CategoryEncoding CenterCrop Concatenate Conv1D Conv2D Conv2DTranspose Conv3D Conv3DTranspose
    ConvLSTM2D Cropping2D Dense DepthwiseConv2D Dot Dropout ELU Embedding Flatten Functional GRU
    GaussianDropout GaussianNoise GlobalAveragePooling1D GlobalAveragePooling2D GlobalMaxPooling1D
    GlobalMaxPooling2D InputLayer LSTM LayerNormalization LeakyReLU Masking MaxPooling1D MaxPooling2D
    MaxPooling3D Maximum Minimum Model Multiply PReLU Permute RNN ReLU RepeatVector Rescaling Reshape Resizing
    SeparableConv2D Sequential SimpleRNN Softmax SpatialDropout1D ThresholdedReLU TimeDistributed UpSampling2D
    ZeroPadding2D
""".split())
# Weights Keras 3 names differently from TF.js (which kept Keras 2's names): class -> {Keras: TF.js}.
TFJS_WEIGHT_NAMES = {"DepthwiseConv2D": {"kernel": "depthwise_kernel"}}
_DROPPED_KEYS = ("module", "registered_name", "build_config", "compile_config")


def _unsupported(entry, path):
    name = entry.get("config", {}).get("name", "?")
    return ValueError(
        f"TF.js export: layer '{name}' ({entry['class_name']}) at {path} has no TensorFlow.js counterpart: "
        f"TF.js 4.22 registers {', '.join(sorted(TFJS_LAYERS - {'Functional', 'Model', 'Sequential'}))}. "
        "Replace the layer, or export to ONNX with model.export(path, format='onnx').")


# Layers TF.js registers but cannot run as Keras configures them: class -> why.
_TFJS_FAILS = {
    "Resizing": "TF.js 4.22's Resizing layer fails on batched inputs (resizeBilinear receives a rank-1 tensor)",
    "CenterCrop": "TF.js 4.22's CenterCrop layer rewrites the model's input shape to the crop's",
}


def _check_layer(class_name, config, path):
    if class_name in _TFJS_FAILS:
        raise ValueError(f"TF.js export: layer '{config.get('name')}' ({class_name}) at {path}: "
                         f"{_TFJS_FAILS[class_name]}. Apply it to the data before the model, or export to ONNX.")
    if class_name in ("Conv1D", "Conv2D", "Conv3D") and config.get("padding") == "causal":
        raise ValueError(f"TF.js export: layer '{config.get('name')}' ({class_name}) at {path} uses "
                         "padding='causal', which TensorFlow.js does not implement. Pad the sequence with "
                         "ZeroPadding1D((kernel_size - 1, 0)) and use padding='valid', or export to ONNX.")
    if class_name == "GRU" and config.get("reset_after", True):
        raise ValueError(f"TF.js export: layer '{config.get('name')}' (GRU) at {path} uses reset_after=True, which "
                         "TensorFlow.js' GRU does not implement. Build it with keras.layers.GRU(..., "
                         "reset_after=False) to run it in TF.js, or export to ONNX.")
    if class_name == "Bidirectional":
        # TF.js rebuilds the backward layer from the forward one and prefixes both names itself.
        config.pop("backward_layer", None)
        inner = config["layer"] = dict(config["layer"], config=dict(config["layer"]["config"]))
        name = inner["config"].get("name", "")
        inner["config"]["name"] = name[len("forward_"):] if name.startswith("forward_") else name


def _inbound_node(node):
    """A Keras 3 node `{"args": [...], "kwargs": {...}}` as a Keras 2 list of `[layer, node, tensor, kwargs]`."""
    tensors = []

    def collect(value):
        if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
            tensors.append(list(value["config"]["keras_history"]))
        elif isinstance(value, (list, tuple)):
            for v in value:
                collect(v)
    collect(node.get("args", []))
    kwargs = {k: v for k, v in node.get("kwargs", {}).items()
              if not (isinstance(v, dict) and v.get("class_name") == "__keras_tensor__")}
    return [history + [kwargs] for history in tensors]


def _convert(value, path):
    if isinstance(value, list):
        return [_convert(v, path) for v in value]
    if not isinstance(value, dict):
        return value
    if "class_name" in value and "config" in value and isinstance(value["config"], dict):
        return _convert_object(value, path)
    return {k: _convert(v, f"{path}/{k}") for k, v in value.items()}


def _convert_object(entry, path, is_layer=False):
    class_name, config = entry["class_name"], dict(entry["config"])
    if class_name == "DTypePolicy":
        return config.get("name", "float32")
    if is_layer and class_name not in TFJS_LAYERS:
        raise _unsupported(entry, path)
    if is_layer:
        _check_layer(class_name, config, path)
    if class_name == "InputLayer" and "batch_shape" in config:
        config["batch_input_shape"] = config.pop("batch_shape")
    if isinstance(config.get("dtype"), dict):
        config["dtype"] = _convert(config["dtype"], path)
    out = {"class_name": class_name, "config": {}}
    for key, value in config.items():
        if key == "layers" and isinstance(value, list):
            out["config"][key] = [_convert_object(v, f"{path}/layers", True) for v in value]
        elif key in ("layer", "backward_layer") and isinstance(value, dict):
            out["config"][key] = _convert_object(value, f"{path}/{key}", True)
        elif key in ("input_layers", "output_layers") and _is_tensor_triple(value):
            out["config"][key] = [value]  # Keras 3 writes one input as a bare triple; Keras 2 lists them
        else:
            out["config"][key] = _convert(value, f"{path}/{key}")
    for key, value in entry.items():
        if key == "inbound_nodes":
            out[key] = [_inbound_node(node) for node in value]
        elif key not in ("class_name", "config") + _DROPPED_KEYS:
            out[key] = value
    return out


def _is_tensor_triple(value):
    return isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)


def to_tfjs_topology(model_config):
    """`serialize_keras_object(model)` in TF.js' (Keras 2) dialect; raises naming an unsupported layer."""
    return _convert_object(model_config, model_config.get("config", {}).get("name", "model"), True)


def _input_layer_shapes(value):
    if isinstance(value, list):
        return [_input_layer_shapes(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _input_layer_shapes(v) for k, v in value.items()}
    if out.get("class_name") == "InputLayer" and isinstance(out.get("config"), dict):
        config = dict(out["config"])
        if "batch_input_shape" in config:
            config["batch_shape"] = config.pop("batch_input_shape")
        out["config"] = config
    return out


def from_tfjs_topology(topology):
    """A TF.js `modelTopology` (converter- or TF.js-written) as a Keras 3 config for `deserialize_keras_object`."""
    model_config = topology.get("model_config", topology)
    if not isinstance(model_config, dict) or "class_name" not in model_config:
        raise ValueError("TF.js model: `modelTopology` holds no model config (no `class_name`). "
                         "Is this a graph model (format 'graph-model')? Only Layers models load into Keras.")
    config = _input_layer_shapes(_upgrade_keras2(model_config))
    layers = config.get("config", {}).get("layers") if config["class_name"] == "Sequential" else None
    if layers and layers[0]["class_name"] != "InputLayer" and "batch_input_shape" in layers[0]["config"]:
        # TF.js states the input on the first layer; Keras 3 wants an InputLayer in front.
        first = dict(layers[0], config=dict(layers[0]["config"]))
        shape = first["config"].pop("batch_input_shape")
        entry = {"class_name": "InputLayer", "config": {"batch_shape": shape, "dtype": first["config"].get("dtype")}}
        config = dict(config, config=dict(config["config"], layers=[entry, first] + layers[1:]))
    return config
