"""`keras.export.ExportArchive`: a SavedModel of chosen endpoints of Keras objects, as in Keras 3.

>>> import os, tempfile
>>> import neuroflow as tf
>>> from neuroflow import keras
>>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
>>> archive = keras.export.ExportArchive()
>>> archive.track(model)
>>> _ = archive.add_endpoint("serve", model.__call__, input_signature=[tf.TensorSpec([None, 3], tf.float32)])
>>> folder = os.path.join(tempfile.mkdtemp(), "exported")
>>> archive.write_out(folder, verbose=False)
>>> reloaded = tf.saved_model.load(folder)
>>> sorted(reloaded.signatures)
['serve', 'serving_default']
>>> reloaded.serve(tf.ones([1, 3])).shape == model(tf.ones([1, 3])).shape
True
"""
from ...framework.variable import Variable
from ...graph.function import Function, function
from ...saved_model.save import save
from ...train.trackable import attribute_children

__all__ = ["ExportArchive"]


class _Root:
    """The saved object: its variable lists (and added variable collections) and endpoints (functions
    TensorFlow reloads as callable attributes: `tf.saved_model.load(path).serve(x)`), by attribute name."""

    _saves_functions = True

    def __init__(self):
        self.variables, self.trainable_variables, self.non_trainable_variables = [], [], []

    def _trackable_children(self):
        return attribute_children(self)


class ExportArchive:
    """Collects endpoints (functions with input signatures) and the variables they use, then
    writes them as a SavedModel: each endpoint a signature, the first also `serving_default`."""

    def __init__(self):
        self._root = _Root()
        self._endpoints = {}

    @property
    def variables(self):
        return list(self._root.variables)

    @property
    def trainable_variables(self):
        return list(self._root.trainable_variables)

    @property
    def non_trainable_variables(self):
        return list(self._root.non_trainable_variables)

    def track(self, resource):
        """Tracks the variables of `resource` (a Keras layer or model, or a `tf.Module`)."""
        if not hasattr(resource, "variables"):
            raise ValueError(f"Invalid resource type. Expected a Keras layer or model (or an object with "
                             f"`variables`). Received: {resource!r} of type {type(resource).__name__}")
        if hasattr(resource, "built") and not resource.built:
            raise ValueError("The layer provided has not yet been built. It must be built before export.")
        known = {id(v) for v in self._root.variables}
        for variable in resource.variables:
            if id(variable) not in known:
                known.add(id(variable))
                self._root.variables.append(variable)
                (self._root.trainable_variables if variable.trainable
                 else self._root.non_trainable_variables).append(variable)

    def add_endpoint(self, name, fn=None, input_signature=None, **kwargs):
        """Adds the endpoint `name`: `fn` traced for `input_signature` (or a `tf.function` with one).

        Returns:
            The `tf.function` of the endpoint.
        """
        if name in self._endpoints:
            raise ValueError(f"Endpoint name '{name}' is already taken.")
        if not isinstance(fn, Function):
            if input_signature is None:
                raise ValueError("The `input_signature` argument must be provided when `fn` is not a "
                                 "tf.function with an input signature. Example: "
                                 "input_signature=[tf.TensorSpec([None, 3], tf.float32)]")
            fn = function(fn, input_signature=input_signature)
        elif fn.input_signature is None and input_signature is None:
            raise ValueError(f"The tf.function for endpoint '{name}' has no input_signature; pass one.")
        elif fn.input_signature is None:
            fn = function(fn.python_function, input_signature=input_signature)
        self._endpoints[name] = fn
        setattr(self._root, name, fn)
        return fn

    def add_variable_collection(self, name, variables):
        """Saves `variables` (a list of variables) as the attribute `name` of the SavedModel's root."""
        variables = list(variables)
        if not all(isinstance(v, Variable) for v in variables):
            raise ValueError(f"Expected all elements of `variables` to be tf.Variables; received {variables!r}.")
        setattr(self._root, name, variables)

    def write_out(self, filepath, options=None, verbose=True):
        """Writes the SavedModel to `filepath` (TensorFlow's `tf.saved_model.load` reads it)."""
        if not self._endpoints:
            raise ValueError("No endpoints have been set yet. Call add_endpoint().")
        signatures = dict(self._endpoints)
        signatures.setdefault("serving_default", next(iter(self._endpoints.values())))
        save(self._root, filepath, signatures=signatures, options=options)
        if verbose:
            print(f"Saved artifact at '{filepath}'. The following endpoints are available:")
            for name, fn in self._endpoints.items():
                print(f"\n* Endpoint '{name}'\n  Inputs: {list(fn.input_signature)}")
