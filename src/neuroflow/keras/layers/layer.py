"""`Layer`: the base class of every Keras layer and model.

A layer owns weights and computes `call(inputs)`. Its weights are created by `build(input_shape)`
the first time it is called, once the input shape is known:

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> class Linear(keras.layers.Layer):
...     def __init__(self, units=2, **kwargs):
...         super().__init__(**kwargs)
...         self.units = units
...     def build(self, input_shape):
...         self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones")
...     def call(self, inputs):
...         return tf.matmul(inputs, self.w)
>>> layer = Linear()
>>> layer.built
False
>>> layer(tf.ones([1, 3])).numpy()
array([[3., 3.]], dtype=float32)
>>> [w.shape for w in layer.weights], layer.built
([TensorShape([3, 2])], True)
"""
import contextlib
import functools
import inspect
import warnings

import numpy as np

from ...framework import nest, restore_hooks
from ...framework.context import state as _execution
from ...framework.convert import convert_to_tensor, is_tensor_like
from ...framework.dtypes import as_dtype
from ...framework.name_scope import name_scope
from ...framework.tensor import Tensor
from ...framework.variable import Variable as TFVariable
from ...ops.creation_ops import zeros
from ...ops.math_ops import cast
from .. import backend, constraints, initializers, regularizers
from ..backend.naming import to_snake_case, unique_name
from .input_spec import assert_input_compatibility, shape_of
from .keras_tensor import KerasTensor
from .node import Node

__all__ = ["Layer"]


class _CallContext:
    """State shared by nested layer calls: the `training` flag flows from outer calls to inner ones."""

    __slots__ = ("depth", "training", "probing", "lossy")

    def __init__(self):
        self.depth = 0          # how many layer calls are running
        self.training = None    # the `training` value of the enclosing call
        self.probing = False    # True while layers run on zeros to infer symbolic shapes
        self.lossy = []         # layers holding activity losses from the last outermost call


_context = _CallContext()


class _Structure:
    """A counter bumped whenever any layer's structure changes; caches of layer trees check it."""

    version = 0

    @classmethod
    def changed(cls):
        cls.version += 1


_structure = _Structure


class _Loading:
    """While a saved model is rebuilt, its weights start as zeros (not random draws): the file's
    values replace them next. See `weights_from_file`."""

    active = False


@contextlib.contextmanager
def weights_from_file():
    """Inside the block, `add_weight` skips initializers (loading overwrites every weight)."""
    saved, _Loading.active = _Loading.active, True
    try:
        yield
    finally:
        _Loading.active = saved


def _is_python_data(value):
    """True for (nested) lists of plain numbers: one tensor's worth of data, not a list of inputs."""
    return all(isinstance(x, (int, float, bool)) for x in nest.flatten(value))


def _has_keras_tensor(structure):
    if isinstance(structure, KerasTensor):
        return True
    if isinstance(structure, dict):
        structure = structure.values()
    elif not isinstance(structure, (list, tuple)):
        return False
    for x in structure:
        if _has_keras_tensor(x):
            return True
    return False


def _is_shape(value):
    return isinstance(value, (tuple, list)) and all(d is None or isinstance(d, int) for d in value)


def _map_shapes(fn, shapes):
    """Applies `fn` to each shape tuple in a (possibly nested) structure of shapes."""
    if _is_shape(shapes):
        return fn(tuple(shapes))
    if isinstance(shapes, dict):
        return {k: _map_shapes(fn, v) for k, v in shapes.items()}
    return type(shapes)(_map_shapes(fn, s) for s in shapes)


def _wrap_build(build):
    """Makes any `build` open the layer's name scope, remember the shape and mark the layer built."""
    @functools.wraps(build)
    def wrapper(self, *args, **kwargs):
        if self._building:  # a subclass's build calling super().build(...)
            return build(self, *args, **kwargs)
        self._building = True
        try:
            with self._name_scope():
                build(self, *args, **kwargs)
        finally:
            self._building = False
        self._build_input_shape = args[0] if args else next(iter(kwargs.values()), None)
        if len(args) + len(kwargs) > 1:  # e.g. build(query_shape, value_shape): saved as Keras' shapes_dict
            bound = inspect.signature(build).bind(self, *args, **kwargs).arguments
            self._build_shapes_dict = {k: v for k, v in list(bound.items())[1:] if v is not None}
        self.built = True
    return wrapper


class Layer:
    """The base class of layers: weights (`add_weight`), `build`, `call` and their bookkeeping.

    Subclasses implement `call(inputs, training=None, mask=None)` and, when they own
    weights, `build(input_shape)`; `get_config` returns the constructor arguments.

    Args:
        activity_regularizer: a regularizer applied to the outputs; its value joins `losses`.
        trainable: whether the layer's weights are updated by training.
        dtype: the dtype of weights and computations (default `keras.backend.floatx()`).
        autocast: cast floating inputs to the layer's dtype.
        name: the layer's name (default: the class name in snake_case, made unique).
    """

    _call_has_training_arg = _call_has_mask_arg = _computes_mask = False
    _training_position = None  # index of `training` among call's positional arguments after `inputs`
    _init_signature = None
    _UNTRACKED = frozenset()  # attributes that hold layers this layer does not own (e.g. a shadow model)
    _reports_tracking = True  # every attribute set is reported (see restore_hooks)

    def __new__(cls, *args, **kwargs):
        obj = super().__new__(cls)
        object.__setattr__(obj, "_auto_config", _auto_config(cls, args, kwargs))
        return obj

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _wrap_build(cls.__dict__["build"])
        params = inspect.signature(cls.call).parameters
        cls._call_has_training_arg = "training" in params
        positional = [name for name, p in params.items() if p.kind is p.POSITIONAL_OR_KEYWORD][2:]  # after self, inputs
        cls._training_position = positional.index("training") if "training" in positional else None
        cls._call_has_mask_arg = "mask" in params
        cls._computes_mask = cls.compute_mask is not Layer.compute_mask
        cls._init_signature = inspect.signature(cls.__init__)

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None, autocast=True, name=None,
                 **kwargs):
        if kwargs.get("quantization_config", 0) is None:  # Keras 3 configs carry it; None means a plain layer
            del kwargs["quantization_config"]
        if isinstance(dtype, dict):  # a Keras 3 DTypePolicy config
            dtype = (dtype.get("config") or {}).get("name")
        input_dim = kwargs.pop("input_dim", None)
        input_shape = (input_dim,) if input_dim is not None else kwargs.pop("input_shape", None)
        batch_input_shape = kwargs.pop("batch_input_shape", None)
        if input_shape is None and batch_input_shape is not None:
            input_shape = tuple(batch_input_shape)[1:]
        kwargs.pop("batch_size", None)
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments passed to {type(self).__name__}: {kwargs}. "
                             "Check the argument names against the layer's documentation.")
        if name is None:
            name = unique_name(to_snake_case(type(self).__name__))
        elif not isinstance(name, str) or "/" in name:
            raise ValueError("Argument `name` must be a string and cannot contain character `/`. "
                             f"Received: name={name!r} (of type {type(name)})")
        state = {
            "name": name, "_dtype": as_dtype(dtype or backend.floatx()), "autocast": autocast,
            "_trainable": bool(trainable), "built": False, "_building": False, "_in_scope": False,
            "_input_spec": None, "supports_masking": False, "_build_input_shape": None,
            "_trainable_weights": [], "_non_trainable_weights": [], "_losses": [], "_inbound_nodes": [],
            "_tracked": self.__dict__.get("_tracked", []),
            "activity_regularizer": regularizers.get(activity_regularizer),
            "_input_shape_arg": None if input_shape is None else tuple(input_shape),
        }
        self.__dict__.update(state)
        if input_shape is not None:
            warnings.warn("Do not pass an `input_shape`/`input_dim` argument to a layer. When using "
                          "Sequential models, prefer using an `Input(shape)` object as the first layer "
                          "in the model instead.", UserWarning, stacklevel=3)

    # --- attribute tracking ----------------------------------------------------------------
    def __setattr__(self, name, value):
        if isinstance(value, TFVariable):
            self._track_variables([value])
        elif isinstance(value, (Layer, list, tuple, dict)) and name not in self._UNTRACKED:
            tracked = self.__dict__.setdefault("_tracked", [])
            if name not in tracked:
                tracked.append(name)
            if _holds_layers(value) or _holds_layers(self.__dict__.get(name)):
                _structure.changed()
            if not isinstance(value, Layer):
                self._track_variables(v for v in nest.flatten(value) if isinstance(v, TFVariable))
        object.__setattr__(self, name, value)
        restore_hooks.object_tracked(self)  # a checkpoint restored earlier may hold this attribute's values

    def _trackable_children(self):
        """What `tf.train.Checkpoint` saves of this layer, named as Keras 3 on TensorFlow names it."""
        from ..saving.checkpoint_tracking import layer_children
        return layer_children(self)

    def _track_variables(self, variables):
        if "_trainable_weights" not in self.__dict__:  # before Layer.__init__ (e.g. in Trainer.__init__)
            return
        own = self._trainable_weights + self._non_trainable_weights
        for v in variables:
            if not any(v is w for w in own):
                (self._trainable_weights if v.trainable else self._non_trainable_weights).append(v)
                _structure.changed()

    def _sublayers(self):
        """The layers assigned to this layer's attributes (directly or in lists/dicts), in order."""
        found = []
        attributes = self.__dict__
        for name in attributes.get("_tracked", ()):
            _collect_layers(attributes.get(name), found)
        if len(found) > 1:
            seen = set()
            found = [layer for layer in found if not (id(layer) in seen or seen.add(id(layer)))]
        return [layer for layer in found if layer is not self]

    def _flatten_layers(self, include_self=True):
        """This layer (optionally) and every layer nested in it, each once, depth first.

        The result is cached until the structure of some layer changes (an attribute holding
        layers is set, a weight is created, `trainable` flips, a Sequential gains a layer).
        """
        cache = self.__dict__.get("_flat_cache")
        if cache is None or cache[0] != _structure.version:
            out, seen = [], set()

            def visit(layer):
                if id(layer) in seen:
                    return
                seen.add(id(layer))
                out.append(layer)
                for sub in layer._sublayers():
                    visit(sub)
            visit(self)
            cache = self.__dict__["_flat_cache"] = (_structure.version, out, {})
        return cache[1] if include_self else cache[1][1:]

    # --- naming and dtypes ------------------------------------------------------------------
    @contextlib.contextmanager
    def _name_scope(self):
        """Variables created inside get paths like 'dense/kernel' (entered once per layer)."""
        if self._in_scope:
            yield
            return
        self._in_scope = True
        try:
            with name_scope(self.name):
                yield
        finally:
            self._in_scope = False

    @property
    def dtype(self):
        """The dtype of the layer's weights, as a name ('float32')."""
        return self._dtype.name

    compute_dtype = variable_dtype = dtype

    @property
    def input_spec(self):
        return self._input_spec

    @input_spec.setter
    def input_spec(self, value):
        self._input_spec = value

    # --- trainable state and weights --------------------------------------------------------------
    @property
    def trainable(self):
        return self._trainable

    @trainable.setter
    def trainable(self, value):
        for layer in self._flatten_layers():
            layer._trainable = bool(value)
        _structure.changed()

    def _collect_weights(self, trainable):
        """Own weights then sublayers' (each once); `trainable` True/False filters, None takes all."""
        layers = self._flatten_layers()
        cached = self.__dict__["_flat_cache"][2]
        if trainable in cached:
            return list(cached[trainable])
        out, seen = [], set()
        for layer in layers:
            if trainable is None:
                candidates = layer._trainable_weights + layer._non_trainable_weights
            elif trainable:
                candidates = layer._trainable_weights if layer._trainable else ()
            else:
                candidates = layer._non_trainable_weights if layer._trainable else \
                    layer._trainable_weights + layer._non_trainable_weights
            for w in candidates:
                if id(w) not in seen:
                    seen.add(id(w))
                    out.append(w)
        cached[trainable] = out
        return list(out)

    @property
    def weights(self):
        """All weights: this layer's own, then its sublayers', each once."""
        return self._collect_weights(None)

    @property
    def trainable_weights(self):
        """The weights training updates (none when the layer is frozen with `trainable = False`)."""
        return self._collect_weights(True) if self._trainable else []

    @property
    def non_trainable_weights(self):
        """Weights training leaves alone: non-trainable ones, and all weights of frozen layers."""
        return self._collect_weights(False) if self._trainable else self.weights

    variables = weights
    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True, autocast=True,
                   regularizer=None, constraint=None, aggregation="none", overwrite_with_gradient=False,
                   name=None):
        """Creates a weight variable of this layer.

        Args:
            shape: the weight's shape (default: a scalar).
            initializer: an initializer or its name (default 'glorot_uniform' for floats, else 'zeros').
            dtype: the weight's dtype (default: the layer's dtype).
            trainable: whether training updates it.
            regularizer: a regularizer whose penalty joins `layer.losses`.
            constraint: a function applied to the weight after each optimizer update.
            name: the weight's name; its `path` adds the layer's name ('dense/kernel').

        Returns:
            The new `keras.Variable`.
        """
        shape = () if shape is None else tuple(shape)
        if not all(isinstance(d, (int, np.integer)) and d >= 0 for d in shape):
            raise ValueError(f"Layer '{self.name}': cannot create weight {name!r} of shape {shape}: every "
                             "dimension must be a known non-negative int. Build the layer with a fully "
                             "known input shape (except the batch axis).")
        dtype = as_dtype(dtype or self._dtype)
        if initializer is None or _Loading.active:
            initializer = "zeros" if _Loading.active or not dtype.is_floating else "glorot_uniform"
        with self._name_scope():
            variable = backend.Variable(initializer=initializers.get(initializer), shape=shape,
                                        dtype=dtype.name, trainable=trainable, name=name)
        variable.regularizer = regularizers.get(regularizer)
        variable._constraint = constraints.get(constraint)
        (self._trainable_weights if trainable else self._non_trainable_weights).append(variable)
        _structure.changed()
        return variable

    def get_weights(self):
        """The weights' values as a list of NumPy arrays (in `weights` order)."""
        return [np.array(w) for w in self.weights]

    def set_weights(self, weights):
        """Sets the weights from a list of arrays shaped like `get_weights()`'s."""
        own = self.weights
        if len(weights) != len(own):
            raise ValueError(f"You called `set_weights(weights)` on layer '{self.name}' with a weight list of "
                             f"length {len(weights)}, but the layer was expecting {len(own)} weights. "
                             "Pass one array per weight, in the order of `layer.get_weights()`.")
        for w, value in zip(own, weights):
            value = np.asarray(value)
            if tuple(w.shape) != value.shape:
                raise ValueError(f"Layer {self.name} weight shape {tuple(w.shape)} is not compatible with "
                                 f"provided weight shape {value.shape}. Pass arrays shaped like "
                                 "`layer.get_weights()`.")
        for w, value in zip(own, weights):
            w.assign(np.asarray(value, dtype=w.dtype.as_numpy_dtype))

    def count_params(self):
        """The number of scalars in all weights."""
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on layer '{self.name}', but the layer isn't "
                             "built. You can build it manually via: `layer.build(input_shape)`.")
        return int(sum(np.prod(w.shape) for w in self.weights))

    # --- losses ------------------------------------------------------------------------------
    def add_loss(self, loss):
        """Adds a loss tensor (e.g. an activity penalty computed in `call`) to `layer.losses`."""
        if _context.probing:
            return
        if not self._losses:
            _context.lossy.append(self)
        self._losses.extend(convert_to_tensor(x) if not is_tensor_like(x) else x for x in nest.flatten(loss))

    @property
    def losses(self):
        """Losses added during the last call plus the weight regularization penalties, as tensors."""
        out = [loss for layer in self._flatten_layers() for loss in layer._losses]
        for w in self.trainable_weights:
            regularizer = getattr(w, "regularizer", None)
            if regularizer is not None:
                out.append(regularizer(w))
        return out

    # --- build and call -------------------------------------------------------------------
    def build(self, input_shape):
        """Creates the layer's weights for inputs of `input_shape` (override in subclasses)."""

    def call(self, inputs, *args, **kwargs):
        """The layer's computation (override in subclasses); the base layer returns its inputs."""
        return inputs

    def __call__(self, inputs, *args, **kwargs):
        if type(inputs) is KerasTensor or (type(inputs) in (list, tuple, dict) and _has_keras_tensor(inputs)) \
                or (args and _has_keras_tensor(args)) or (kwargs and _has_keras_tensor(kwargs)):
            return self._symbolic_call(inputs, args, kwargs)
        inputs = self._convert_inputs(inputs)
        if not self.built:
            self._check_inputs(inputs)
            self.build(_map_structure_shapes(inputs))
        self._check_inputs(inputs)
        context = _context
        position = self._training_position
        if position is not None and len(args) > position:  # call(inputs, True)
            training = args[position]
        else:
            training = kwargs.get("training")
            if training is None:
                training = context.training
            if self._call_has_training_arg:
                if training is not None:
                    kwargs["training"] = training
            elif "training" in kwargs:
                del kwargs["training"]
        previous_mask = getattr(inputs, "_keras_mask", None)
        if previous_mask is None and type(inputs) in (list, tuple):  # [query, value]: one mask per input
            masks = [getattr(x, "_keras_mask", None) for x in inputs]
            previous_mask = masks if any(m is not None for m in masks) else None
        if not self._call_has_mask_arg:
            kwargs.pop("mask", None)
        elif previous_mask is not None and "mask" not in kwargs:
            kwargs["mask"] = previous_mask
        outer_training, depth = context.training, context.depth
        if depth == 0 and context.lossy and not context.probing:
            for layer in context.lossy:
                layer._losses.clear()
            context.lossy.clear()
        context.training, context.depth = training, depth + 1
        try:
            if _execution.graph is None:
                outputs = self.call(inputs, *args, **kwargs)
            else:  # tracing: the layer's ops get its name scope, so graph views group them by layer
                from ...autograph.conversion import convert  # AutoGraph converts user layers' `call`, as Keras does
                with self._name_scope():
                    outputs = convert(self.call)(inputs, *args, **kwargs)
        finally:
            context.training, context.depth = outer_training, depth
        if self.activity_regularizer is not None:
            for output in nest.flatten(outputs):
                self.add_loss(self.activity_regularizer(output))
        if self._computes_mask or (previous_mask is not None and self.supports_masking):
            mask = self.compute_mask(inputs, previous_mask)
            if isinstance(mask, Tensor) and isinstance(outputs, Tensor):
                outputs._keras_mask = mask
            elif isinstance(mask, (list, tuple)) and isinstance(outputs, (list, tuple)):  # e.g. [sequence, *states]
                for output, output_mask in zip(outputs, mask):
                    if output_mask is not None and isinstance(output, Tensor):
                        output._keras_mask = output_mask
        return outputs

    def _check_inputs(self, inputs):
        spec = self.input_spec
        if spec is not None:
            assert_input_compatibility(spec, inputs, self.name)

    def _convert_inputs(self, inputs):
        """Inputs as tensors; floating ones cast to the layer's dtype (unless `autocast=False`)."""
        if type(inputs) is Tensor:
            dtype = inputs._dtype
            if dtype is self._dtype or dtype.kind != "f" or not self.autocast:
                return inputs
            return cast(inputs, self._dtype)
        if nest.is_nested(inputs) and not _is_python_data(inputs):
            return nest.map_structure(self._convert_one, inputs)
        return self._convert_one(inputs)

    def _convert_one(self, x):
        if x is None:
            return None
        if not is_tensor_like(x):
            x = convert_to_tensor(x)
        if self.autocast and x.dtype.is_floating and x.dtype is not self._dtype:
            x = cast(x, self._dtype)
        return x

    # --- symbolic calls (Functional models) ----------------------------------------------------
    def _symbolic_call(self, inputs, args, kwargs):
        self._check_inputs(inputs)
        if not self.built:
            self.build(_map_structure_shapes(inputs))
            self._check_inputs(inputs)
        outputs = self.compute_output_spec(inputs, *args, **kwargs)
        Node(self, (inputs,) + tuple(args), kwargs, outputs)
        return outputs

    def compute_output_spec(self, *args, **kwargs):
        """KerasTensors describing the outputs for KerasTensor arguments.

        A layer with weights that describes its output shape (overrides `compute_output_shape`),
        called on one tensor of its compute dtype, gets its spec from that shape, as in Keras:
        running it would touch all its weights (e.g. while a saved model is rebuilt). Otherwise
        the layer runs on zeros twice, with unknown sizes set to 2 and to 3; output sizes that
        differ between the runs are unknown (None).
        """
        if len(args) == 1 and type(args[0]) is KerasTensor and not _has_keras_tensor(kwargs) and self.weights \
                and args[0].dtype == self.compute_dtype \
                and type(self).compute_output_shape is not Layer.compute_output_shape:
            shape = self.compute_output_shape(tuple(args[0].shape))
            if _is_shape(shape):
                return KerasTensor(shape, dtype=self.compute_dtype)
        runs = []
        for size in (2, 3):
            def stand_in(x):
                if not isinstance(x, KerasTensor):
                    return x
                return zeros([size if d is None else d for d in x.shape], dtype=x.dtype)
            saved, _context.probing = _context.probing, True
            try:
                with np.errstate(all="ignore"):
                    runs.append(self(*nest.map_structure(stand_in, args), **nest.map_structure(stand_in, kwargs)))
            finally:
                _context.probing = saved
        return nest.map_structure(
            lambda a, b: KerasTensor([p if p == q else None for p, q in zip(shape_of(a), shape_of(b))],
                                     dtype=a.dtype), *runs)

    def compute_output_shape(self, input_shape):
        """The output shape for inputs of `input_shape` (a tuple, or a list of tuples)."""
        if not self.built:
            self.build(input_shape)
        specs = _map_shapes(lambda s: KerasTensor(s, self.dtype), input_shape)
        return nest.map_structure(lambda t: t.shape, self.compute_output_spec(specs))

    def compute_mask(self, inputs, previous_mask):
        """The mask of the outputs: the input mask passes through layers that support masking."""
        return previous_mask if self.supports_masking else None

    # --- connectivity --------------------------------------------------------------------------
    def _node_attribute(self, attribute):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer '{self.name}' has never been called on a symbolic input "
                                 f"(keras.Input), so it has no defined {attribute}.")
        if len(self._inbound_nodes) > 1:
            raise AttributeError(f"Layer '{self.name}' has multiple inbound nodes, so its {attribute} is "
                                 "ill-defined. Use the model's inputs/outputs instead.")
        node = self._inbound_nodes[0]
        tensors = node.input_tensors if attribute == "input" else node.output_tensors
        return tensors[0] if len(tensors) == 1 else tensors

    input = property(lambda self: self._node_attribute("input"))
    output = property(lambda self: self._node_attribute("output"))

    # --- configuration -------------------------------------------------------------------------
    def get_config(self):
        """The constructor arguments that recreate this layer (`from_config(get_config())`)."""
        config = {"name": self.name, "trainable": self.trainable, "dtype": self.dtype}
        if self.activity_regularizer is not None:
            config["activity_regularizer"] = regularizers.serialize(self.activity_regularizer)
        auto = self._auto_config
        if auto is not None and type(self).get_config is Layer.get_config:
            if auto is _NOT_PLAIN:
                raise NotImplementedError(
                    f"Layer {type(self).__name__} was created with arguments that are not plain Python "
                    "values, so it must override `get_config()` to be serializable. Implement "
                    "`get_config()` returning the constructor arguments.")
            accepted = self._init_signature.parameters
            if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in accepted.values()):
                config = {k: v for k, v in config.items() if k in accepted}
            config.update(auto)
        return config

    @classmethod
    def from_config(cls, config):
        """A new layer built from `get_config()`'s dict."""
        return cls(**config)

    def get_build_config(self):
        """What `build_from_config` needs to recreate the weights on loading: `{"input_shape": ...}`,
        or `{"shapes_dict": {"query_shape": ..., ...}}` when `build` took several shapes (as Keras)."""
        def saved(shape):
            if hasattr(shape, "as_list"):  # a TensorShape
                shape = shape.as_list()
            return _map_shapes(list, shape) if isinstance(shape, (list, tuple)) else shape
        shapes = self.__dict__.get("_build_shapes_dict")
        if self.built and shapes:
            return {"shapes_dict": {name: saved(shape) for name, shape in shapes.items()}}
        if not self.built or self._build_input_shape is None:
            return None
        return {"input_shape": saved(self._build_input_shape)}

    def build_from_config(self, config):
        """Builds the layer from `get_build_config()`'s dict (called when a saved model is loaded):
        `build(input_shape)`, or `build(**shapes_dict)` for layers built from several shapes."""
        config = config or {}
        if self.built:
            return
        if config.get("input_shape") is not None:
            self.build(_map_shapes(tuple, config["input_shape"]))
        elif config.get("shapes_dict"):
            self.build(**{name: _map_shapes(tuple, shape) for name, shape in config["shapes_dict"].items()})

    # --- saving hooks: what the .keras / .weights.h5 files hold for this layer -------------------
    def save_own_variables(self, store):
        """Writes this layer's own weights (not its sublayers') into `store` as "0", "1", ... (Keras' order:
        trainable first, then non-trainable, each in creation order)."""
        for i, variable in enumerate(self._trainable_weights + self._non_trainable_weights):
            store[str(i)] = variable  # as Keras: the store reads the value (a file store without a copy)

    def load_own_variables(self, store):
        """Assigns the weights `save_own_variables` wrote; checks every count and shape before assigning any
        (while a file loads, the arrays read from it become the weights: see `saving.load_transaction`)."""
        from ..saving.load_transaction import install
        own = self._trainable_weights + self._non_trainable_weights
        if len(store.keys()) != len(own):
            if not own and not self.built:
                raise ValueError(
                    f"Layer '{self.name}' was never built and thus it doesn't have any variables. However the "
                    f"weights file lists {len(store.keys())} variables for this layer. Implement "
                    "`build_from_config` (and `get_build_config`) so that loading can build it, or build it "
                    "in the parent layer's `build()`.")
            raise ValueError(f"Layer '{self.name}' expected {len(own)} variables, but received {len(store.keys())} "
                             f"variables during loading. Expected: {[v.name for v in own]}")
        values = []
        for i, variable in enumerate(own):
            value = store[str(i)]
            if tuple(value.shape) != tuple(variable.shape):
                raise ValueError(f"Layer '{self.name}': weight '{variable.name}' has shape {tuple(variable.shape)}, "
                                 f"but the saved value has shape {tuple(value.shape)}.")
            values.append(np.asarray(value))
        for variable, value in zip(own, values):
            install(variable, value.astype(variable.dtype.as_numpy_dtype, copy=False))

    def save_assets(self, dir_path):
        """Writes files this layer needs besides weights (e.g. a vocabulary) into the folder `dir_path`."""

    def load_assets(self, dir_path):
        """Reads the files `save_assets` wrote into `dir_path`."""

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"


Layer.build = _wrap_build(Layer.build)


def _collect_layers(value, found):
    if isinstance(value, Layer):
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect_layers(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _collect_layers(item, found)


def _holds_layers(value):
    found = []
    _collect_layers(value, found)
    return bool(found)


def _map_structure_shapes(inputs):
    return nest.map_structure(lambda x: tuple(shape_of(x)), inputs) if nest.is_nested(inputs) \
        else tuple(shape_of(inputs))


_PLAIN = (str, int, float, bool, type(None))
_NOT_PLAIN = object()


def _auto_config(cls, args, kwargs):
    """A user layer's constructor arguments, for the default `get_config`.

    None for neuroflow's own layers (they implement `get_config`), `_NOT_PLAIN` when some
    argument is not a plain Python value.
    """
    if cls.__module__.startswith("neuroflow.keras"):
        return None
    signature = cls._init_signature
    try:
        bound = signature.bind(None, *args, **kwargs)
    except TypeError:
        return _NOT_PLAIN
    config = {}
    for name, value in list(bound.arguments.items())[1:]:
        if signature.parameters[name].kind is inspect.Parameter.VAR_KEYWORD:
            config.update(value)
        elif signature.parameters[name].kind is not inspect.Parameter.VAR_POSITIONAL:
            config[name] = value
    if not all(isinstance(v, _PLAIN) for v in nest.flatten(config)):
        return _NOT_PLAIN
    return config
