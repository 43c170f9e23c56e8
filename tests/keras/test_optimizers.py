"""Optimizers against their update formulas (NumPy references, several steps), schedules, config."""
import math
import warnings

import numpy as np
import pytest

import neuroflow as tf
from neuroflow import keras

optimizers = keras.optimizers
schedules = optimizers.schedules
GRADS = [np.array([0.5, -1.0, 2.0]), np.array([-0.3, 0.8, 1.5]), np.array([1.0, 0.0, -0.7]),
         np.array([0.2, -0.4, 0.1])]
W0 = np.array([1.0, -2.0, 0.5])


def run(optimizer, grads=GRADS, w0=W0, dtype="float32"):
    w = tf.Variable(w0.astype(dtype))
    for g in grads:
        optimizer.apply_gradients([(tf.constant(g.astype(dtype)), w)])
    return w.numpy().astype(np.float64)


# --- NumPy references: each rule as written in its paper / the Keras docs -------------------
def sgd(lr=0.01, momentum=0.0, nesterov=False):
    w, v = W0.copy(), np.zeros(3)
    for g in GRADS:
        if momentum:
            v = momentum * v - lr * g
            w = w + (momentum * v - lr * g if nesterov else v)
        else:
            w = w - lr * g
    return w


def adam(lr=0.001, b1=0.9, b2=0.999, eps=1e-7, amsgrad=False, wd=0.0):
    w, m, v, vmax = W0.copy(), np.zeros(3), np.zeros(3), np.zeros(3)
    for t, g in enumerate(GRADS, 1):
        w = w - lr * wd * w
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        vmax = np.maximum(vmax, v)
        step_size = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
        w = w - step_size * m / (np.sqrt(vmax if amsgrad else v) + eps)
    return w


def rmsprop(lr=0.001, rho=0.9, momentum=0.0, eps=1e-7, centered=False):
    w, v, mg, mom = W0.copy(), np.zeros(3), np.zeros(3), np.zeros(3)
    for g in GRADS:
        v = rho * v + (1 - rho) * g * g
        mg = rho * mg + (1 - rho) * g
        denom = v - mg * mg + eps if centered else v + eps
        step = lr * g / np.sqrt(denom)
        mom = momentum * mom + step
        w = w - (mom if momentum else step)
    return w


def adagrad(lr=0.001, init=0.1, eps=1e-7):
    w, acc = W0.copy(), np.full(3, init)
    for g in GRADS:
        acc = acc + g * g
        w = w - lr * g / np.sqrt(acc + eps)
    return w


def adadelta(lr=0.001, rho=0.95, eps=1e-7):
    w, eg, ed = W0.copy(), np.zeros(3), np.zeros(3)
    for g in GRADS:
        eg = rho * eg + (1 - rho) * g * g
        delta = -np.sqrt(ed + eps) / np.sqrt(eg + eps) * g
        ed = rho * ed + (1 - rho) * delta * delta
        w = w + lr * delta
    return w


def adamax(lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    w, m, u = W0.copy(), np.zeros(3), np.zeros(3)
    for t, g in enumerate(GRADS, 1):
        m = b1 * m + (1 - b1) * g
        u = np.maximum(b2 * u, np.abs(g))
        w = w - lr / (1 - b1 ** t) * m / (u + eps)
    return w


def nadam(lr=0.001, b1=0.9, b2=0.999, eps=1e-7):
    w, m, v, product = W0.copy(), np.zeros(3), np.zeros(3), 1.0
    for t, g in enumerate(GRADS, 1):
        mu_t, mu_next = b1 * (1 - 0.5 * 0.96 ** t), b1 * (1 - 0.5 * 0.96 ** (t + 1))
        product *= mu_t
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        m_hat = mu_next * m / (1 - product * mu_next) + (1 - mu_t) * g / (1 - product)
        w = w - lr * m_hat / (np.sqrt(v / (1 - b2 ** t)) + eps)
    return w


def lion(lr=0.001, b1=0.9, b2=0.99):
    w, m = W0.copy(), np.zeros(3)
    for g in GRADS:
        w = w - lr * np.sign(b1 * m + (1 - b1) * g)
        m = b2 * m + (1 - b2) * g
    return w


CASES = [
    ("sgd", optimizers.SGD(), sgd()),
    ("sgd lr", optimizers.SGD(learning_rate=0.1), sgd(lr=0.1)),
    ("momentum", optimizers.SGD(0.1, momentum=0.9), sgd(0.1, 0.9)),
    ("nesterov", optimizers.SGD(0.1, momentum=0.9, nesterov=True), sgd(0.1, 0.9, True)),
    ("adam", optimizers.Adam(), adam()),
    ("adam lr betas", optimizers.Adam(0.05, beta_1=0.8, beta_2=0.9), adam(0.05, 0.8, 0.9)),
    ("amsgrad", optimizers.Adam(0.05, amsgrad=True), adam(0.05, amsgrad=True)),
    ("adamw", optimizers.AdamW(0.05), adam(0.05, wd=0.004)),
    ("adamw wd", optimizers.AdamW(0.05, weight_decay=0.1), adam(0.05, wd=0.1)),
    ("rmsprop", optimizers.RMSprop(0.01), rmsprop(0.01)),
    ("rmsprop momentum", optimizers.RMSprop(0.01, momentum=0.5), rmsprop(0.01, momentum=0.5)),
    ("rmsprop centered", optimizers.RMSprop(0.01, centered=True), rmsprop(0.01, centered=True)),
    ("adagrad", optimizers.Adagrad(0.1), adagrad(0.1)),
    ("adadelta", optimizers.Adadelta(1.0), adadelta(1.0)),
    ("adamax", optimizers.Adamax(0.05), adamax(0.05)),
    ("nadam", optimizers.Nadam(0.05), nadam(0.05)),
    ("lion", optimizers.Lion(0.05), lion(0.05)),
]


@pytest.mark.parametrize("optimizer,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_updates_follow_the_formula_over_several_steps(optimizer, expected):
    np.testing.assert_allclose(run(optimizer), expected, rtol=1e-5, atol=1e-6)
    assert int(optimizer.iterations) == len(GRADS)


def test_float64_variables_stay_float64_and_match_closely():
    w = tf.Variable(W0)
    opt = optimizers.Adam(0.05)
    for g in GRADS:
        opt.apply_gradients([(tf.constant(g), w)])
    assert w.dtype == tf.float64
    np.testing.assert_allclose(w.numpy(), adam(0.05), rtol=1e-7)


def test_hand_computed_momentum_steps():
    w = tf.Variable(1.0)
    opt = optimizers.SGD(learning_rate=0.1, momentum=0.9)
    for _ in range(3):  # velocities -0.1, -0.19, -0.271
        opt.apply_gradients([(tf.constant(1.0), w)])
    assert float(w) == pytest.approx(1 - 0.1 - 0.19 - 0.271)


def test_defaults_match_keras():
    assert float(optimizers.SGD().learning_rate) == pytest.approx(0.01)
    adam_config = optimizers.Adam().get_config()
    assert adam_config["learning_rate"] == pytest.approx(0.001) and adam_config["epsilon"] == 1e-7
    assert (adam_config["beta_1"], adam_config["beta_2"], adam_config["amsgrad"]) == (0.9, 0.999, False)
    assert optimizers.AdamW().weight_decay == 0.004
    assert optimizers.SGD().name == "sgd" and optimizers.Adam().name == "adam"  # Keras 3's names (snake case)
    assert optimizers.RMSprop().name == "rm_sprop" and optimizers.AdamW().name == "adam_w"


# --- the base class's bookkeeping -----------------------------------------------------------------
def test_updates_are_in_place():
    w = tf.Variable([1.0, 2.0])
    buffer = w._value
    opt = optimizers.Adam()
    opt.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    slots = [v._value for v in opt.variables]
    opt.apply_gradients([(tf.constant([1.0, 1.0]), w)])
    assert w._value is buffer and all(v._value is s for v, s in zip(opt.variables, slots))


def test_slots_are_built_once_and_listed_in_variables():
    w, b = tf.Variable(tf.zeros([2, 3])), tf.Variable(tf.zeros([3]))
    opt = optimizers.Adam()
    opt.build([w, b])
    names = [v.name for v in opt.variables]
    assert len(names) == 2 + 4  # iterations, learning rate, (m, v) per variable
    opt.build([w, b])
    opt.apply_gradients([(tf.ones([2, 3]), w), (tf.ones([3]), b)])
    assert len(opt.variables) == 6 and opt.variables[0] is opt.iterations


def test_apply_without_variables_uses_the_built_ones():
    w = tf.Variable([1.0])
    opt = optimizers.SGD(1.0)
    opt.build([w])
    opt.apply([tf.constant([0.5])])
    assert float(w[0]) == pytest.approx(0.5)


def test_unknown_variable_after_build_is_an_error():
    opt = optimizers.SGD()
    opt.apply_gradients([(tf.constant(1.0), tf.Variable(1.0))])
    with pytest.raises(ValueError, match="Unknown variable.*recreate a new optimizer"):
        opt.apply_gradients([(tf.constant(1.0), tf.Variable(2.0))])


def test_missing_gradients_are_skipped_with_a_warning_and_all_missing_is_an_error():
    a, b = tf.Variable(1.0, name="a"), tf.Variable(1.0, name="b")
    opt = optimizers.SGD(0.5)
    with pytest.warns(UserWarning, match="Gradients do not exist for variables"):
        opt.apply_gradients([(tf.constant(1.0), a), (None, b)])
    assert (float(a), float(b)) == (0.5, 1.0)
    with pytest.raises(ValueError, match="No gradients provided for any variable"):
        opt.apply_gradients([(None, a), (None, b)])


def test_clipnorm_clipvalue_and_global_clipnorm():
    g = np.array([3.0, 4.0])  # norm 5
    assert np.allclose(run(optimizers.SGD(1.0, clipnorm=1.0), [g], np.zeros(2)), [-0.6, -0.8])
    assert np.allclose(run(optimizers.SGD(1.0, clipnorm=10.0), [g], np.zeros(2)), [-3.0, -4.0])
    assert np.allclose(run(optimizers.SGD(1.0, clipvalue=3.5), [g], np.zeros(2)), [-3.0, -3.5])
    a, b = tf.Variable([0.0]), tf.Variable([0.0])  # joint norm of (3, 4) is 5
    optimizers.SGD(1.0, global_clipnorm=2.5).apply_gradients([(tf.constant([3.0]), a), (tf.constant([4.0]), b)])
    assert (float(a[0]), float(b[0])) == pytest.approx((-1.5, -2.0))
    with pytest.raises(ValueError, match="Only one of `clipnorm`, `clipvalue` and `global_clipnorm`"):
        optimizers.SGD(clipnorm=1.0, clipvalue=1.0)


def test_weight_decay_and_exclusion():
    w, b = tf.Variable([1.0], name="kernel"), tf.Variable([1.0], name="bias")
    opt = optimizers.SGD(0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_names=["bias"])
    opt.apply_gradients([(tf.constant([0.0]), w), (tf.constant([0.0]), b)])
    assert float(w[0]) == pytest.approx(1 - 0.1 * 0.5) and float(b[0]) == 1.0


def test_constraint_is_applied_after_the_update():
    w = tf.Variable([0.5, -0.5], constraint=keras.constraints.NonNeg())
    optimizers.SGD(1.0).apply_gradients([(tf.constant([1.0, 1.0]), w)])
    np.testing.assert_allclose(w.numpy(), [0.0, 0.0])


def test_moving_average_of_weights():
    w = tf.Variable(1.0)
    opt = optimizers.SGD(1.0, use_ema=True, ema_momentum=0.5)
    opt.apply_gradients([(tf.constant(1.0), w)])  # w = 0, average = 0.5 * 1 + 0.5 * 0
    opt.apply_gradients([(tf.constant(1.0), w)])  # w = -1, average = 0.25 - 0.5
    assert float(w) == -1.0
    opt.finalize_variable_values([w])
    assert float(w) == pytest.approx(-0.25)
    v = tf.Variable(1.0)
    opt = optimizers.SGD(1.0, use_ema=True, ema_momentum=0.5, ema_overwrite_frequency=2)
    opt.apply_gradients([(tf.constant(1.0), v)])
    assert float(v) == 0.0
    opt.apply_gradients([(tf.constant(1.0), v)])  # second step: the average replaces the weight
    assert float(v) == pytest.approx(-0.25)


def test_loss_scale_factor_and_minimize():
    w = tf.Variable(2.0)
    opt = optimizers.SGD(0.1, loss_scale_factor=4.0)
    assert float(opt.scale_loss(tf.constant(1.5))) == 6.0
    opt.minimize(lambda: opt.scale_loss(w * w), [w])  # gradient 4 * 2w, unscaled to 2w = 4
    assert float(w) == pytest.approx(2.0 - 0.4)


def test_learning_rate_can_be_set_unless_it_is_a_schedule():
    opt = optimizers.Adam(0.01)
    opt.learning_rate = 0.5
    assert float(opt.learning_rate) == 0.5 and opt.get_config()["learning_rate"] == 0.5
    opt = optimizers.SGD(schedules.ExponentialDecay(0.1, 10, 0.5))
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.5


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match=r"`momentum` must be a float between \[0, 1\]"):
        optimizers.SGD(momentum=1.5)
    with pytest.raises(ValueError, match="Argument `learning_rate` should be float"):
        optimizers.SGD(learning_rate="fast")
    with pytest.raises(ValueError, match=r"Argument\(s\) not recognized: \{'lr': 0.1\}"):
        optimizers.SGD(lr=0.1)
    with pytest.raises(ValueError, match="`beta_1` must be in the"):
        optimizers.Lion(beta_1=0.0)
    with pytest.raises(ValueError, match="`weight_decay` must be a float"):
        optimizers.AdamW(weight_decay=None)


# --- schedules ----------------------------------------------------------------------------------
def test_schedule_values():
    exp = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert float(exp(5)) == pytest.approx(0.1 * 0.5 ** 0.5)
    stair = schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True)
    assert float(stair(19)) == pytest.approx(0.05)
    piece = schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    assert [float(piece(s)) for s in (0, 10, 11, 20, 21)] == pytest.approx([1.0, 1.0, 0.5, 0.5, 0.1])
    poly = schedules.PolynomialDecay(0.1, 10, end_learning_rate=0.01, power=2.0)
    assert float(poly(5)) == pytest.approx(0.09 * 0.25 + 0.01)
    assert float(poly(50)) == pytest.approx(0.01)
    cycle = schedules.PolynomialDecay(0.1, 10, end_learning_rate=0.0, cycle=True)
    assert float(cycle(15)) == pytest.approx(0.1 * (1 - 15 / 20))
    inv = schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.5)
    assert float(inv(2)) == pytest.approx(0.05)
    cosine = schedules.CosineDecay(0.1, decay_steps=10, alpha=0.1)
    assert float(cosine(5)) == pytest.approx(0.1 * (0.9 * 0.5 + 0.1))
    assert float(cosine(100)) == pytest.approx(0.01)
    warm = schedules.CosineDecay(0.0, decay_steps=10, warmup_target=0.2, warmup_steps=4)
    assert float(warm(2)) == pytest.approx(0.1) and float(warm(4)) == pytest.approx(0.2)
    assert float(warm(9)) == pytest.approx(0.2 * 0.5 * (1 + math.cos(math.pi * 0.5)))


def test_optimizer_follows_its_schedule():
    opt = optimizers.SGD(schedules.PiecewiseConstantDecay([1], [1.0, 0.1]))
    w = tf.Variable(0.0)
    for _ in range(3):  # steps 0 and 1 use 1.0, step 2 uses 0.1
        opt.apply_gradients([(tf.constant(1.0), w)])
    assert float(w) == pytest.approx(-2.1)
    assert float(opt.learning_rate) == pytest.approx(0.1)


@pytest.mark.parametrize("schedule", [
    schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True),
    schedules.PiecewiseConstantDecay([10], [0.1, 0.01]),
    schedules.PolynomialDecay(0.1, 10, cycle=True),
    schedules.InverseTimeDecay(0.1, 10, 0.5),
    schedules.CosineDecay(0.1, 10, warmup_target=0.2, warmup_steps=3)], ids=lambda s: type(s).__name__)
def test_schedule_config_round_trip(schedule):
    clone = schedules.deserialize(schedules.serialize(schedule))
    assert type(clone) is type(schedule) and clone.get_config() == schedule.get_config()
    assert float(clone(7)) == pytest.approx(float(schedule(7)))


# --- names, get, serialize -------------------------------------------------------------------------
@pytest.mark.parametrize("name,cls", [("sgd", optimizers.SGD), ("adam", optimizers.Adam),
                                      ("AdamW", optimizers.AdamW), ("rmsprop", optimizers.RMSprop),
                                      ("adagrad", optimizers.Adagrad), ("adadelta", optimizers.Adadelta),
                                      ("adamax", optimizers.Adamax), ("nadam", optimizers.Nadam),
                                      ("lion", optimizers.Lion)])
def test_get_by_name_and_config_round_trip(name, cls):
    opt = optimizers.get(name)
    assert type(opt) is cls
    configured = cls(learning_rate=0.5, clipnorm=2.0, name="mine")
    clone = optimizers.deserialize(optimizers.serialize(configured))
    assert type(clone) is cls and clone.get_config() == configured.get_config()


def test_config_round_trip_with_a_schedule_and_arguments():
    opt = optimizers.SGD(schedules.ExponentialDecay(0.1, 10, 0.5), momentum=0.9, nesterov=True)
    clone = optimizers.SGD.from_config(opt.get_config())
    assert isinstance(clone._learning_rate, schedules.ExponentialDecay)
    assert clone.momentum == 0.9 and clone.nesterov is True
    assert optimizers.serialize(opt)["config"]["learning_rate"]["class_name"] == "ExponentialDecay"


def test_get_passes_instances_through_and_rejects_unknown_names():
    opt = optimizers.Adam()
    assert optimizers.get(opt) is opt
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier: sgdd"):
        optimizers.get("sgdd")
    with pytest.raises(ValueError, match="Could not interpret optimizer identifier"):
        optimizers.get(keras.losses.mean_squared_error)


def test_save_and_load_own_variables():
    w = tf.Variable([1.0, 2.0])
    opt = optimizers.Adam(0.1)
    opt.apply_gradients([(tf.constant([1.0, -1.0]), w)])
    store = {}
    opt.save_own_variables(store)
    other = optimizers.Adam(0.1)
    other.build([tf.Variable([0.0, 0.0])])
    other.load_own_variables(store)
    for a, b in zip(opt.variables, other.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert int(other.iterations) == 1


@pytest.mark.parametrize("name", ["SGD", "Adam", "Nadam", "RMSprop"])
def test_steps_traced_by_tf_function_match_eager_steps(name):
    schedule = schedules.CosineDecay(0.1, 10, warmup_target=0.2, warmup_steps=2)

    def make():
        w = tf.Variable([1.0, -2.0])
        opt = optimizers.get({"class_name": name, "config": {"learning_rate": schedules.serialize(schedule),
                                                             "global_clipnorm": 1.0}})
        return w, opt

    def step(w, opt):
        with tf.GradientTape() as tape:
            loss = tf.reduce_sum(w * w * w)
        opt.apply_gradients(zip(tape.gradient(loss, [w]), [w]))

    (w1, opt1), (w2, opt2) = make(), make()
    traced = tf.function(lambda: step(w1, opt1))
    for _ in range(4):
        traced()
        step(w2, opt2)
    np.testing.assert_allclose(w1.numpy(), w2.numpy(), rtol=1e-6)
    assert int(opt1.iterations) == 4


@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop", "Lion"])
def test_eager_updates_compile_after_the_first_step_and_match_op_by_op(name):
    def train(op_by_op):
        w = tf.Variable([1.0, -2.0, 0.5])
        opt = optimizers.get({"class_name": name, "config": {"learning_rate": lambda: 0.05}})
        tf.config.run_functions_eagerly(op_by_op)
        try:
            for g in GRADS:
                opt.apply_gradients([(tf.constant(g.astype("float32")), w)])
        finally:
            tf.config.run_functions_eagerly(False)
        return w.numpy(), opt

    compiled, opt = train(False)
    np.testing.assert_array_equal(compiled, train(True)[0])
    assert opt._compiled_update.experimental_get_tracing_count() == 1  # a Python-float rate: no retrace


def test_update_rules_written_in_a_subclass_run_as_written():
    class Halving(optimizers.SGD):
        def update_step(self, gradient, variable, learning_rate):
            self.seen = getattr(self, "seen", 0) + 1   # Python side effects happen every step
            variable.assign(variable / 2.0)

    opt, w = Halving(), tf.Variable(8.0)
    for _ in range(3):
        opt.apply_gradients([(tf.constant(1.0), w)])
    assert float(w) == 1.0 and opt.seen == 3 and opt._compiled_update is None


def test_optimizers_with_a_compiled_update_copy_and_pickle():
    import copy
    import pickle
    w = tf.Variable([1.0, 2.0])
    opt = optimizers.Adam(0.1)
    for _ in range(3):
        opt.apply_gradients([(tf.constant([0.5, -0.5]), w)])
    assert opt._compiled_update is not None
    for other in (copy.deepcopy(opt), pickle.loads(pickle.dumps(opt))):
        assert other._compiled_update is None and int(other.iterations) == 3


def test_changing_a_hyperparameter_between_eager_steps_takes_effect():
    def train(op_by_op):
        w, opt = tf.Variable([1.0, 2.0]), optimizers.SGD(0.1, momentum=0.5)
        tf.config.run_functions_eagerly(op_by_op)
        try:
            for step in range(6):
                if step == 3:
                    opt.momentum = 0.9   # e.g. a callback's momentum schedule
                opt.apply_gradients([(tf.constant([0.5, -0.5]), w)])
        finally:
            tf.config.run_functions_eagerly(False)
        return w.numpy()

    np.testing.assert_array_equal(train(False), train(True))
