"""Bad input: AutoGraph's errors point at the user's line and say what to write instead."""
import inspect
import traceback

import pytest

import neuroflow as tf

_FILE = __file__


def _line_of(function, text):
    """The file line number of the first line of `function` containing `text`."""
    lines, start = inspect.getsourcelines(function)
    return start + next(i for i, line in enumerate(lines) if text in line)


def _located(error, function, text):
    """Whether the message shows the user's line, as TensorFlow's "in user code" frames do."""
    line = _line_of(function, text)
    return f'File "{_FILE}", line {line}, in {function.__name__}  *' in str(error) and text in str(error)


def one_branch(x):
    if x > 0:
        y = x * 2
    return y




def break_in_python_list(x):
    for v in [1.0, 2.0, 3.0]:
        if x > v:
            break
        x = x + v
    return x


@pytest.mark.parametrize("function, error, message, line, advice", [
    (one_branch, ValueError, "'y' must also be initialized in the else branch", "if x > 0",
     "give it a value in the other branch"),
    (break_in_python_list, NotImplementedError, "not supported in Python for loops", "for v in", "tf.range"),
], ids=["variable in one branch", "break in a Python loop on a tensor condition"])
def test_errors_at_the_users_line(function, error, message, line, advice):
    with pytest.raises(error, match=message) as info:
        tf.function(function)(tf.constant(1.0))
    assert _located(info.value, function, line)
    assert advice in str(info.value)


def factorial(n):
    if n <= 1:
        return tf.constant(1)
    return n * factorial(n - 1)


def test_recursion_on_a_tensor_condition():
    @tf.function
    def f(n):
        return factorial(n)
    assert f(5).numpy() == 120   # a Python argument: the recursion unrolls while tracing
    with pytest.raises(RecursionError, match="Write it as a loop") as info:
        f(tf.constant(5))
    assert f"{_FILE}:{_line_of(factorial, 'def factorial')}: factorial calls itself" in str(info.value)


def generator(x):
    yield x


def test_generators_are_rejected_at_the_yield():
    with pytest.raises(SyntaxError, match="generator function 'generator'") as info:
        tf.function(generator)(tf.constant(1.0))
    assert info.value.lineno == _line_of(generator, "yield x")
    assert "do_not_convert" in str(info.value)


def try_around_cond(x):
    try:
        if x > 0:
            x = x * 2
    except ValueError:
        x = -x
    return x


def test_try_around_tensor_control_flow():
    with pytest.raises(NotImplementedError, match="inside a `try` block") as info:
        tf.function(try_around_cond)(tf.constant(1.0))
    assert _located(info.value, try_around_cond, "if x > 0")
    assert tf.function(try_around_cond)(2.0) == 4.0   # Python values: the try stays Python


def changing_shape(n):
    x = tf.constant([1.0])
    for _ in tf.range(n):
        x = tf.concat([x, x], 0)
    return x


def changing_dtype(n):
    x = tf.constant(0)
    for i in tf.range(n):
        x = tf.cast(x, tf.float32) + 0.5
    return x


def test_loop_variables_that_change_shape_or_dtype():
    with pytest.raises(ValueError, match=r"'x' has shape \(1,\) before the loop, but shape \(2,\) after one "
                                         r"iteration.*set_loop_options.*shape_invariants") as info:
        tf.function(changing_shape)(tf.constant(3))
    assert _located(info.value, changing_shape, "for _ in")
    with pytest.raises(TypeError, match="'x' has dtype int32 before the loop, but dtype float32 after one "
                                        "iteration") as info:
        tf.function(changing_dtype)(tf.constant(3))
    assert _located(info.value, changing_dtype, "for i in")


def return_in_tensor_loop(n):
    i = 0
    while i < n:
        if i * i > 10:
            return i
        i += 1
    return -1


def test_return_inside_a_tensor_loop():
    with pytest.raises(ValueError, match="the else branch must also have a return statement") as info:
        tf.function(return_in_tensor_loop)(tf.constant(100))
    assert "assign the result to a variable" in str(info.value)
    assert return_in_tensor_loop.__name__ and tf.function(return_in_tensor_loop)(100) == 4   # Python: fine


def runtime_failure(x):
    y = x * 2.0
    if tf.reduce_sum(y) > 0:
        y = tf.reshape(y, [7])
    return y


def test_tracebacks_show_the_users_lines():
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.function(runtime_failure)(tf.constant([1.0, 2.0]))
    frames = [(f.filename, f.lineno) for f in traceback.extract_tb(info.value.__traceback__)]
    assert (_FILE, _line_of(runtime_failure, "tf.reshape(y, [7])")) in frames
    text = "".join(traceback.format_tb(info.value.__traceback__))
    assert "y = tf.reshape(y, [7])" in text   # the user's source line, as written


def test_undefined_variable_after_a_tensor_loop():
    def defined_only_inside(n):
        for i in tf.range(n):
            last = i
        return last + 1

    with pytest.raises(UnboundLocalError, match="'last' is used before it is assigned"):
        tf.function(defined_only_inside)(tf.constant(3))


def loop_until_break(x):
    while True:
        x = x * 2.0
        if x > 10.0:
            break
    return x


def test_python_loop_whose_condition_becomes_a_tensor():
    with pytest.raises(ValueError, match="became a tensor after an iteration") as info:
        tf.function(loop_until_break)(tf.constant(1.0))
    assert _located(info.value, loop_until_break, "while True")
