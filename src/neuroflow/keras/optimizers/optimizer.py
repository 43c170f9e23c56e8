"""`Optimizer`: the base class of Keras optimizers.

An optimizer turns gradients into variable updates. The base class does the
bookkeeping once for all of them: slot variables created in `build`, dropping
missing gradients, clipping (`clipnorm`, `clipvalue`, `global_clipnorm`), decoupled
weight decay, the learning rate (a float or a schedule of `iterations`), the step
counter, variable constraints and an optional moving average of the weights.
Subclasses only write `update_step(gradient, variable, learning_rate)`, the textbook rule.

Run eagerly, each op of a rule would allocate a temporary array and cost a Python
dispatch, for every variable and step. So from the second eager step on, the built-in
rules run as one program compiled with `neuroflow.function` that updates the variables
in place (Keras 2's optimizers likewise compiled their update step, `jit_compile`). The
result is the same, bit for bit; changing a hyperparameter such as `momentum` retraces;
`tf.config.run_functions_eagerly(True)` runs the rules op by op, and rules written in a
subclass always run as written.

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> w = tf.Variable([1.0, 2.0])
>>> opt = keras.optimizers.SGD(learning_rate=0.1)
>>> _ = opt.apply_gradients([(tf.constant([1.0, -1.0]), w)])
>>> w.numpy(), int(opt.iterations)
(array([0.9, 2.1], dtype=float32), 1)
"""
import functools
import warnings

import neuroflow as tf
from ...framework import replicas, restore_hooks
from ...framework.convert import is_tensor_like
from ...framework.module import is_trackable
from ...framework.name_scope import name_scope
from ...framework.variable import Variable
from ...ops.registry import state
from .. import initializers
from ..backend.naming import to_snake_case
from .schedules import LearningRateSchedule, serialize as _serialize_schedule, \
    deserialize as _deserialize_schedule

__all__ = ["Optimizer"]


def _reporting_build(build):
    """Wraps a subclass's `build` to report its new slot variables to pending checkpoint restores."""
    @functools.wraps(build)
    def wrapper(self, *args, **kwargs):
        result = build(self, *args, **kwargs)
        restore_hooks.object_tracked(self)
        return result
    return wrapper


def _check_positive(name, value):
    if value is not None and not (isinstance(value, (int, float)) and value > 0):
        raise ValueError(f"Argument `{name}` must be a positive float. Received: {name}={value!r}")


def _clip_by_norm(gradient, clip_norm):
    """`gradient` rescaled so that its L2 norm is at most `clip_norm`."""
    norm = tf.sqrt(tf.reduce_sum(tf.square(gradient)))
    return gradient * (clip_norm / tf.maximum(norm, clip_norm))


class Optimizer:
    """Base class for optimizers; subclasses implement `build` (slots) and `update_step`.

    Args:
        learning_rate: a float, a `LearningRateSchedule`, or a callable of no arguments.
        weight_decay: if set, each step first shrinks variables by `lr * weight_decay`
            (decoupled weight decay).
        clipnorm: clip each gradient to this L2 norm.
        clipvalue: clip each gradient element to `[-clipvalue, clipvalue]`.
        global_clipnorm: clip all gradients together so their joint L2 norm is at most this.
        use_ema: keep an exponential moving average of the variables.
        ema_momentum: the average's momentum (`average = m * average + (1 - m) * variable`).
        ema_overwrite_frequency: every this many steps, copy the average into the variables;
            None copies it only in `finalize_variable_values` (called at the end of `fit`).
        loss_scale_factor: `scale_loss` multiplies the loss by it and gradients are divided by it.
        gradient_accumulation_steps: not supported; must be None.
        name: the optimizer's name.
    """

    _reports_tracking = True  # (see restore_hooks; lists it holds are still compared at each save)

    def __setattr__(self, name, value):
        tracked = is_trackable(value) or is_trackable(self.__dict__.get(name))
        object.__setattr__(self, name, value)
        if tracked:
            restore_hooks.object_tracked(self)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "build" in cls.__dict__:
            cls.build = _reporting_build(cls.__dict__["build"])

    def _trackable_children(self):
        """What `tf.train.Checkpoint` saves of this optimizer, named as Keras 3 on TensorFlow names it."""
        from ..saving.checkpoint_tracking import optimizer_children
        return optimizer_children(self)

    def __init__(self, learning_rate, weight_decay=None, clipnorm=None, clipvalue=None,
                 global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None,
                 loss_scale_factor=None, gradient_accumulation_steps=None, name=None, **kwargs):
        if kwargs.pop("decay", None) is not None:
            warnings.warn("Argument `decay` is no longer supported and will be ignored. "
                          "Use a learning-rate schedule such as keras.optimizers.schedules.InverseTimeDecay.")
        if kwargs:
            raise ValueError(f"Argument(s) not recognized: {kwargs}")
        if sum(arg is not None for arg in (clipnorm, clipvalue, global_clipnorm)) > 1:
            raise ValueError(
                "Only one of `clipnorm`, `clipvalue` and `global_clipnorm` can be set. Received: "
                f"clipnorm={clipnorm}, clipvalue={clipvalue}, global_clipnorm={global_clipnorm}")
        for arg, value in (("clipnorm", clipnorm), ("clipvalue", clipvalue),
                           ("global_clipnorm", global_clipnorm)):
            _check_positive(arg, value)
        if weight_decay is not None and not isinstance(weight_decay, (int, float)):
            raise ValueError(f"Argument `weight_decay` must be a float. Received: weight_decay={weight_decay!r}")
        if use_ema and not 0 <= ema_momentum <= 1:
            raise ValueError(f"`ema_momentum` must be in the range [0, 1]. Received: ema_momentum={ema_momentum}")
        if gradient_accumulation_steps is not None:
            raise NotImplementedError(
                "neuroflow optimizers do not support `gradient_accumulation_steps` yet; "
                "use a larger batch size instead.")
        self.name = name or to_snake_case(type(self).__name__)
        self.weight_decay, self.clipnorm = weight_decay, clipnorm
        self.clipvalue, self.global_clipnorm = clipvalue, global_clipnorm
        self.use_ema, self.ema_momentum = use_ema, ema_momentum
        self.ema_overwrite_frequency = ema_overwrite_frequency
        self.loss_scale_factor = loss_scale_factor
        self.gradient_accumulation_steps = gradient_accumulation_steps
        self.built = False
        self._variables = []
        self._index = {}
        self._exclude_ids, self._exclude_names = set(), ()
        self._eager_updates, self._compiled_update = 0, None
        self._builtin_rule = all(getattr(type(self), method).__module__.startswith("neuroflow.")
                                 for method in ("update_step", "_backend_update_step"))
        self._iterations = self._own_variable(tf.constant(0, "int64"), "iteration")
        self._learning_rate = self._as_learning_rate(learning_rate)

    # --- state ------------------------------------------------------------------------
    def _own_variable(self, value, name):
        variable = Variable(value, trainable=False, name=name)
        self._variables.append(variable)
        return variable

    def _as_learning_rate(self, value):
        if isinstance(value, LearningRateSchedule) or callable(value):
            return value
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(
                "Argument `learning_rate` should be float, or an instance of LearningRateSchedule, "
                "or a callable (that takes in the current iteration value and returns the "
                f"corresponding learning rate value). Received instead: learning_rate={value!r}") from None
        return self._own_variable(tf.constant(value, "float32"), "learning_rate")

    @property
    def iterations(self):
        """How many steps have been applied (an int64 variable)."""
        return self._iterations

    @property
    def variables(self):
        """All the optimizer's state: iterations, the learning rate and the slot variables."""
        return list(self._variables)

    @property
    def learning_rate(self):
        """The current learning rate: the variable, or the schedule's value at `iterations`."""
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            return lr(self._iterations)
        return lr() if callable(lr) else lr

    @learning_rate.setter
    def learning_rate(self, value):
        if isinstance(value, LearningRateSchedule) or callable(value):
            self._learning_rate = value
        elif isinstance(self._learning_rate, Variable):
            self._learning_rate.assign(tf.cast(value, "float32"))
        else:
            raise TypeError(
                "This optimizer was created with a `LearningRateSchedule` object as its "
                "`learning_rate` constructor argument, hence its learning rate is not settable. If "
                "you need the learning rate to be settable, you should instantiate the optimizer "
                "with a float `learning_rate` argument.")

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none", name=None):
        """Creates an optimizer state variable of `shape`."""
        value = initializers.get(initializer)(tuple(shape), dtype=dtype or "float32")
        return self._own_variable(value, name or "variable")

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """Creates a slot variable shaped like `reference_variable`, e.g. its momentum."""
        value = initializers.get(initializer)(tuple(reference_variable.shape),
                                              dtype=reference_variable.dtype)
        path = getattr(reference_variable, "path", reference_variable.name.split(":")[0])
        base = path.replace("/", "_")
        return self._own_variable(value, f"{base}_{name}")

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """Slot variables shaped like each of `trainable_variables`, one per name in `name`.

        With several names the slots of one variable are created together (Keras' order,
        which the saved files follow: `k_momentum, k_velocity, b_momentum, b_velocity`);
        returns one list per name (a single list for a single name).
        """
        names = [name] if isinstance(name, str) else list(name)
        initializers_ = initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(names)
        slots = [[] for _ in names]
        for variable in trainable_variables:
            for slot, slot_name, init in zip(slots, names, initializers_):
                slot.append(self.add_variable_from_reference(variable, slot_name, initializer=init))
        return slots[0] if isinstance(name, str) else tuple(slots)

    def build(self, var_list):
        """Registers the variables this optimizer updates; subclasses add their slots after this."""
        self._trainable_variables = list(var_list)
        self._index = {id(v): i for i, v in enumerate(self._trainable_variables)}
        if self.use_ema:
            self._averages = [self.add_variable_from_reference(v, "average") for v in var_list]
            for average, v in zip(self._averages, var_list):
                average.assign(v)
        self.built = True
        restore_hooks.object_tracked(self)

    def _get_variable_index(self, variable):
        index = self._index.get(id(variable))
        if index is None:
            raise ValueError(
                f"Unknown variable: {variable}. This optimizer can only be called for the variables "
                "it was originally built with. When working with a new set of variables, you "
                "should recreate a new optimizer instance.")
        return index

    # --- one step -----------------------------------------------------------------------
    def apply_gradients(self, grads_and_vars):
        """Applies `(gradient, variable)` pairs; returns `iterations`."""
        grads, variables = zip(*grads_and_vars) if grads_and_vars else ((), ())
        self.apply(grads, variables)
        return self._iterations

    def apply(self, grads, trainable_variables=None):
        """One optimization step: update each variable from its gradient.

        Args:
            grads: one gradient (or None) per variable.
            trainable_variables: the variables; defaults to those the optimizer was built with.
        """
        if trainable_variables is None:
            if not self.built:
                raise ValueError("When passing `grads` without `variables`, the optimizer must "
                                 "already be built on a list of variables. Call `build(variables)` first.")
            trainable_variables = self._trainable_variables
        trainable_variables = list(trainable_variables)
        if not self.built:
            self.build(trainable_variables)
        for v in trainable_variables:
            self._get_variable_index(v)
        strategy = replicas.current_strategy()
        if strategy is not None and strategy.num_replicas_in_sync > 1:  # tf.distribute: sum over replicas
            grads = strategy.extended._aggregate_gradients(list(grads), trainable_variables)
        if state.graph is not None:  # traced: the update's ops go under the optimizer's name scope
            with name_scope(self.name):
                return self._apply_built(grads, trainable_variables)
        return self._apply_built(grads, trainable_variables)

    def _apply_built(self, grads, trainable_variables):
        grads, trainable_variables = self._filter_empty_gradients(list(grads), trainable_variables)
        if self.loss_scale_factor is not None:
            grads = [g / self.loss_scale_factor for g in grads]
        grads = self._clip_gradients(grads)
        learning_rate = self.learning_rate
        self._apply_weight_decay(trainable_variables, learning_rate)
        self._update(grads, trainable_variables, learning_rate)
        for variable in trainable_variables:
            if variable.constraint is not None:
                variable.assign(variable.constraint(variable))
        if self.use_ema:
            self._update_model_variables_moving_average(trainable_variables)
        self._iterations.assign_add(1)

    def _update(self, grads, trainable_variables, learning_rate):
        """`_backend_update_step`, eagerly as one compiled in-place program (see the module docstring)."""
        if state.graph is not None or state.tapes or not self._builtin_rule:
            return self._backend_update_step(grads, trainable_variables, learning_rate)
        self._eager_updates += 1
        if self._eager_updates == 1:  # the step that built the slots; a traced `fit` never comes back
            return self._backend_update_step(grads, trainable_variables, learning_rate)
        if self._compiled_update is None:
            from ...graph import function  # layer 5, loaded when first needed
            self._compiled_update = function(
                lambda grads, variables, learning_rate, hyperparameters:
                self._backend_update_step(grads, variables, learning_rate))
            # Python hyperparameters (beta_1, momentum...) are traced as constants: a changed one retraces.
            self._hyperparameter_names = [name for name, value in vars(self).items()
                                          if name[0] != "_" and type(value) in (float, int, bool)]
        if not is_tensor_like(learning_rate):  # a callable's Python float: a tensor, not a retrace per value
            learning_rate = tf.convert_to_tensor(learning_rate)
        hyperparameters = tuple([getattr(self, name) for name in self._hyperparameter_names])
        self._compiled_update(list(grads), list(trainable_variables), learning_rate, hyperparameters)

    def __getstate__(self):  # copies and pickles recompile their own update (a program is bound to its optimizer)
        return {**self.__dict__, "_compiled_update": None}

    def _backend_update_step(self, grads, trainable_variables, learning_rate):
        for gradient, variable in zip(grads, trainable_variables):
            self.update_step(gradient, variable, learning_rate)

    def update_step(self, gradient, variable, learning_rate):
        """Updates `variable` in place from `gradient`: each optimizer's own rule."""
        raise NotImplementedError(f"{type(self).__name__} must implement `update_step`.")

    def _filter_empty_gradients(self, grads, variables):
        kept = [(g, v) for g, v in zip(grads, variables) if g is not None]
        if not kept:
            raise ValueError(
                f"No gradients provided for any variable: {[v.name for v in variables]}. Check that "
                "the loss depends on the variables (and that the tape watched them).")
        if len(kept) < len(variables):
            missing = [v.name for g, v in zip(grads, variables) if g is None]
            warnings.warn(f"Gradients do not exist for variables {missing} when minimizing the loss. "
                          "If using `model.compile()`, did you forget to provide a `loss` argument?")
        return [g for g, _ in kept], [v for _, v in kept]

    def _clip_gradients(self, grads):
        if self.clipnorm is not None:
            return [_clip_by_norm(g, self.clipnorm) for g in grads]
        if self.clipvalue is not None:
            return [tf.minimum(tf.maximum(g, -self.clipvalue), self.clipvalue) for g in grads]
        if self.global_clipnorm is not None:
            return tf.clip_by_global_norm(grads, self.global_clipnorm)[0]
        return grads

    # --- weight decay ---------------------------------------------------------------------
    def exclude_from_weight_decay(self, var_list=None, var_names=None):
        """Exempts variables (or those whose name contains one of `var_names`) from weight decay."""
        self._exclude_ids |= {id(v) for v in var_list or ()}
        self._exclude_names += tuple(var_names or ())

    def _use_weight_decay(self, variable):
        return id(variable) not in self._exclude_ids and \
            not any(name in variable.name for name in self._exclude_names)

    def _apply_weight_decay(self, variables, learning_rate):
        if not self.weight_decay:
            return
        for variable in variables:
            if self._use_weight_decay(variable):
                lr = tf.cast(learning_rate, variable.dtype)
                variable.assign_sub(variable * (lr * self.weight_decay))

    # --- moving average of the weights -------------------------------------------------------
    def _update_model_variables_moving_average(self, variables):
        for variable in variables:
            average = self._averages[self._get_variable_index(variable)]
            average.assign(self.ema_momentum * average + (1 - self.ema_momentum) * variable)
        if self.ema_overwrite_frequency:
            overwrite = tf.equal((self._iterations + 1) % self.ema_overwrite_frequency, 0)
            for variable in variables:
                average = self._averages[self._get_variable_index(variable)]
                variable.assign(tf.where(overwrite, average, variable))

    def finalize_variable_values(self, var_list):
        """With `use_ema`, copies the moving averages into the variables (end of training)."""
        if self.use_ema and self.built:
            for variable in var_list:
                variable.assign(self._averages[self._get_variable_index(variable)])

    # --- helpers for training loops ----------------------------------------------------------
    def scale_loss(self, loss):
        """The loss multiplied by `loss_scale_factor` (unchanged when it is None)."""
        return loss if self.loss_scale_factor is None else loss * self.loss_scale_factor

    def minimize(self, loss, var_list, tape=None):
        """Computes gradients of `loss` (a tensor recorded on `tape`, or a callable) and applies them."""
        if callable(loss):
            with tf.GradientTape() as tape:
                loss = loss()
        elif tape is None:
            raise ValueError("`tape` is required when `loss` is a tensor; pass a callable or the "
                             "GradientTape that recorded the loss.")
        var_list = list(var_list)
        self.apply_gradients(zip(tape.gradient(loss, var_list), var_list))

    # --- config and saving ----------------------------------------------------------------
    def get_config(self):
        lr = self._learning_rate
        if isinstance(lr, LearningRateSchedule):
            lr = _serialize_schedule(lr)
        elif isinstance(lr, Variable):
            lr = float(lr.numpy())
        return {"name": self.name, "learning_rate": lr, "weight_decay": self.weight_decay,
                "clipnorm": self.clipnorm, "global_clipnorm": self.global_clipnorm,
                "clipvalue": self.clipvalue, "use_ema": self.use_ema, "ema_momentum": self.ema_momentum,
                "ema_overwrite_frequency": self.ema_overwrite_frequency,
                "loss_scale_factor": self.loss_scale_factor,
                "gradient_accumulation_steps": self.gradient_accumulation_steps}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        config = dict(config)
        if isinstance(config.get("learning_rate"), dict):
            config["learning_rate"] = _deserialize_schedule(config["learning_rate"], custom_objects)
        return cls(**config)

    def save_own_variables(self, store):
        """Writes the optimizer's variables into `store` ("0", "1", ... -> arrays)."""
        for i, variable in enumerate(self._variables):
            store[str(i)] = variable  # the store reads the value (a file store without a copy)

    def load_own_variables(self, store):
        """Restores variables written by `save_own_variables`. As in Keras, a state that does not
        match (e.g. an optimizer not built yet) is skipped with a warning; shapes are checked first."""
        if len(store.keys()) != len(self._variables):
            hint = " This is likely because the optimizer has not been called/built yet." if not self.built else ""
            warnings.warn(f"Skipping variable loading for optimizer '{self.name}', because it has "
                          f"{len(self._variables)} variables whereas the saved optimizer has {len(store.keys())} "
                          f"variables.{hint}", stacklevel=2)
            return
        values = [store[str(i)] for i in range(len(self._variables))]
        for variable, value in zip(self._variables, values):
            if tuple(value.shape) != tuple(variable.shape):
                raise ValueError(f"Optimizer '{self.name}': variable '{variable.name}' has shape "
                                 f"{tuple(variable.shape)}, but the saved value has shape {tuple(value.shape)}.")
        from ..saving.load_transaction import install
        for variable, value in zip(self._variables, values):
            install(variable, value)

    def __repr__(self):
        return f"<{type(self).__name__} name={self.name!r} learning_rate={self.get_config()['learning_rate']!r}>"
