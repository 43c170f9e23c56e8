"""Framework semantics against TensorFlow: printing, conversion, dtypes, shapes, Variable, nest, errors."""
import pickle

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import neuroflow as tf


# --- printing: byte-identical to TensorFlow ---------------------------------------------
@pytest.mark.parametrize("make, text", [
    (lambda: tf.constant(4), "tf.Tensor(4, shape=(), dtype=int32)"),
    (lambda: tf.constant([2.0, 3.0, 4.0]), "tf.Tensor([2. 3. 4.], shape=(3,), dtype=float32)"),
    (lambda: tf.constant([[1, 2], [3, 4], [5, 6]], dtype=tf.float16),
     "tf.Tensor(\n[[1. 2.]\n [3. 4.]\n [5. 6.]], shape=(3, 2), dtype=float16)"),
    (lambda: tf.constant(True), "tf.Tensor(True, shape=(), dtype=bool)"),
    (lambda: tf.constant("hello"), "tf.Tensor(b'hello', shape=(), dtype=string)"),
    (lambda: tf.constant(["a", "bc"]), "tf.Tensor([b'a' b'bc'], shape=(2,), dtype=string)"),
    (lambda: tf.constant(11.0), "tf.Tensor(11.0, shape=(), dtype=float32)"),
    (lambda: tf.zeros([0, 2]), "tf.Tensor([], shape=(0, 2), dtype=float32)"),
])
def test_print_tensor(make, text):
    assert str(make()) == text


@pytest.mark.parametrize("make, text", [
    (lambda: tf.constant(4), "<tf.Tensor: shape=(), dtype=int32, numpy=4>"),
    (lambda: tf.constant(1.5, tf.float64), "<tf.Tensor: shape=(), dtype=float64, numpy=1.5>"),
    (lambda: tf.constant([1.0, 2.0]),
     "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>"),
    (lambda: tf.constant([[1, 2], [3, 4]]),
     "<tf.Tensor: shape=(2, 2), dtype=int32, numpy=\narray([[1, 2],\n       [3, 4]], dtype=int32)>"),
    (lambda: tf.constant(np.array([1, 2], np.int64)),
     "<tf.Tensor: shape=(2,), dtype=int64, numpy=array([1, 2])>"),
    (lambda: tf.constant(b"xy"), "<tf.Tensor: shape=(), dtype=string, numpy=b'xy'>"),
    (lambda: tf.constant([True, False]),
     "<tf.Tensor: shape=(2,), dtype=bool, numpy=array([ True, False])>"),
])
def test_repr_tensor(make, text):
    assert repr(make()) == text


def test_print_variable():
    assert repr(tf.Variable(3.0)) == "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=3.0>"
    v = tf.Variable([[1, 2], [3, 4]], name="w")
    text = ("<tf.Variable 'w:0' shape=(2, 2) dtype=int32, numpy=\n"
            "array([[1, 2],\n       [3, 4]], dtype=int32)>")
    assert repr(v) == text and str(v) == text


def test_print_dtype_and_shape():
    assert repr(tf.float32) == "tf.float32" and str(tf.float32) == "<dtype: 'float32'>"
    assert str(tf.bool) == "<dtype: 'bool'>" and repr(tf.string) == "tf.string"
    cases = {(): ("()", "TensorShape([])"), (3,): ("(3,)", "TensorShape([3])"),
             (None,): ("(None,)", "TensorShape([None])"),
             (None, 3): ("(None, 3)", "TensorShape([None, 3])"), None: ("<unknown>", "TensorShape(None)")}
    for dims, (s, r) in cases.items():
        shape = tf.TensorShape(dims if dims is None else list(dims))
        assert (str(shape), repr(shape)) == (s, r)
    assert repr(tf.constant([[1.0]]).shape) == "TensorShape([1, 1])"


# --- conversion rules ----------------------------------------------------------------
@pytest.mark.parametrize("value, dtype", [
    (1, tf.int32), (2**31, tf.int64), (-2**31, tf.int32), (1.5, tf.float32), (True, tf.bool),
    ("s", tf.string), (b"s", tf.string), (3 + 4j, tf.complex128), ([1, 2.5], tf.float32),
    ([[1, 2], [3, 4]], tf.int32), ((1, 2), tf.int32), ([], tf.float32),
    (np.zeros(2), tf.float64), (np.zeros(2, np.uint8), tf.uint8), (np.float16(1), tf.float16),
    (np.int64(3), tf.int64), (np.array(["a"]), tf.string),
    ([tf.constant(1), tf.constant(2)], tf.int32),
])
def test_conversion_dtypes(value, dtype):
    assert tf.constant(value).dtype == dtype
    assert tf.convert_to_tensor(value).dtype == dtype


def test_conversion_keeps_values():
    np.testing.assert_array_equal(tf.constant([[1, 2], [3, 4]]).numpy(), [[1, 2], [3, 4]])
    assert tf.constant("héllo").numpy() == "héllo".encode()
    assert tf.constant(2**40).numpy() == 2**40


def test_conversion_errors():
    with pytest.raises(ValueError, match=r"^Can't convert non-rectangular Python sequence to Tensor\.$"):
        tf.constant([[1, 2], [3]])
    for value in (None, object(), {"a": 1}):
        with pytest.raises(ValueError, match="Attempt to convert a value .* with an unsupported type"):
            tf.constant(value)
    with pytest.raises(TypeError, match="Cannot convert 1.5 to EagerTensor of dtype int32"):
        tf.constant(1.5, dtype=tf.int32)
    with pytest.raises(ValueError, match="requested dtype float32 for Tensor with dtype int32"):
        tf.convert_to_tensor(tf.constant(1), dtype=tf.float32)


def test_conversion_with_dtype_and_hint():
    assert tf.constant(1, dtype=tf.float64).numpy() == 1.0
    assert tf.constant([1.0, 2.0], dtype="float16").dtype == tf.float16
    assert tf.convert_to_tensor(1, dtype_hint=tf.float32).dtype == tf.float32
    assert tf.convert_to_tensor(1.5, dtype_hint=tf.int32).dtype == tf.float32   # a hint, not an order


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.integers(-2**31, 2**31 - 1), min_size=2, max_size=2), min_size=1, max_size=4))
def test_python_int_matrices_become_int32(rows):
    t = tf.constant(rows)
    assert t.dtype == tf.int32 and t.shape == (len(rows), 2)
    np.testing.assert_array_equal(t.numpy(), np.array(rows))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, width=32), min_size=1, max_size=5))
def test_python_floats_become_float32_exactly(values):
    t = tf.constant(values)
    assert t.dtype == tf.float32
    np.testing.assert_array_equal(t.numpy(), np.array(values, np.float32))


# --- dtypes ----------------------------------------------------------------------------
def test_dtype_attributes():
    assert tf.float16.is_floating and not tf.int32.is_floating and tf.bfloat16.is_floating
    assert tf.uint8.is_integer and tf.uint8.is_unsigned and not tf.int8.is_unsigned
    assert tf.complex64.is_complex and tf.bool.is_bool and not tf.float32.is_quantized
    assert tf.float32.as_numpy_dtype is np.float32 and tf.string.as_numpy_dtype is np.object_
    assert (tf.float64.size, tf.int16.size, tf.bool.size) == (8, 2, 1)
    assert tf.float32.name == "float32" and tf.half is tf.float16 and tf.double is tf.float64
    assert tf.complex128.real_dtype is tf.float64 and tf.float32.base_dtype is tf.float32
    assert tf.float32.as_datatype_enum == 1 and tf.int32.as_datatype_enum == 3


def test_dtype_min_max_limits():
    assert (tf.int8.min, tf.int8.max, tf.uint16.max) == (-128, 127, 65535)
    assert tf.float32.max == np.finfo(np.float32).max and type(tf.float32.max) is np.float32
    assert tf.float16.min == np.float16(-65504)
    for dtype in (tf.bool, tf.string, tf.complex64):
        with pytest.raises(TypeError, match="Cannot find minimum value of"):
            dtype.min
    assert tf.int8.limits == (0, 127) and tf.float32.limits == (0, 1)


def test_dtype_equality_and_as_dtype():
    assert tf.float32 == np.float32 and tf.float32 == "float32" and tf.float32 != tf.float64
    assert tf.float32 != None and tf.float32 != "nonsense"    # noqa: E711
    assert tf.as_dtype(np.dtype("int64")) is tf.int64 and tf.as_dtype("float") is tf.float32
    assert tf.as_dtype(float) is tf.float32 and tf.as_dtype(bool) is tf.bool
    assert tf.as_dtype(3) is tf.int32 and tf.as_dtype(tf.int8) is tf.int8
    assert {tf.float32: 1}[tf.as_dtype("float32")] == 1
    assert pickle.loads(pickle.dumps(tf.uint8)) is tf.uint8
    assert tf.int32.is_compatible_with("int32") and not tf.int32.is_compatible_with(tf.int64)
    for bad in (None, "float31", [1]):
        with pytest.raises(TypeError, match="Cannot convert the argument `type_value`"):
            tf.as_dtype(bad)


def test_bfloat16_without_ml_dtypes_explains_itself():
    try:
        import ml_dtypes  # noqa: F401
    except ImportError:
        with pytest.raises(TypeError, match="ml_dtypes"):
            tf.constant(1.0, dtype=tf.bfloat16)
    else:
        assert tf.constant(1.0, dtype=tf.bfloat16).dtype == tf.bfloat16


# --- TensorShape ------------------------------------------------------------------------
def test_tensor_shape_basics():
    s = tf.TensorShape([2, None, 3])
    assert s.rank == s.ndims == len(s) == 3 and s.as_list() == [2, None, 3] and list(s) == [2, None, 3]
    assert s[0] == 2 and s[1] is None and s[1:] == tf.TensorShape([None, 3])
    assert s.num_elements() is None and tf.TensorShape([2, 3]).num_elements() == 6
    assert not s.is_fully_defined() and tf.TensorShape([]).is_fully_defined()
    assert s == [2, None, 3] and s != [2, 1, 3] and tf.TensorShape([2]) + [3] == [2, 3]
    assert tf.TensorShape(4) == [4] and tf.TensorShape(np.array([1, 2])) == [1, 2]
    assert repr(s.dims) == "[Dimension(2), Dimension(None), Dimension(3)]"
    assert hash(tf.TensorShape([1, 2])) == hash(tf.TensorShape((1, 2)))
    assert pickle.loads(pickle.dumps(s)) == s


def test_unknown_rank_shape():
    s = tf.TensorShape(None)
    assert s.rank is None and s[0] is None and s[1:3] == tf.TensorShape([None, None])
    assert not bool(s) and bool(tf.TensorShape([]))
    for call in (lambda: len(s), lambda: list(s), s.as_list):
        with pytest.raises(ValueError, match="unknown"):
            call()
    assert s.is_compatible_with([1, 2, 3]) and s.merge_with([1, None]) == [1, None]
    assert s.with_rank(2) == tf.TensorShape([None, None])


def test_tensor_shape_errors_follow_tensorflow():
    with pytest.raises(ValueError, match="Dimension -1 must be >= 0"):
        tf.TensorShape([-1, 3])
    with pytest.raises(TypeError):
        tf.TensorShape([1.5])
    with pytest.raises(ValueError, match=r"Shapes \(2, 3\) and \(2, 4\) are not compatible"):
        tf.TensorShape([2, 3]).merge_with([2, 4])
    with pytest.raises(ValueError, match=r"Shape \(2, 3\) must have rank 3"):
        tf.TensorShape([2, 3]).with_rank(3)
    with pytest.raises(ValueError, match="must have rank at least 3"):
        tf.TensorShape([2, 3]).with_rank_at_least(3)
    with pytest.raises(ValueError, match=r"Shape \(None,\) is not fully defined"):
        tf.TensorShape([None]).assert_is_fully_defined()


def test_dimension():
    d = tf.Dimension(None)
    assert str(d) == "?" and repr(d) == "Dimension(None)" and (d == 3) is None
    assert tf.Dimension(3) == 3 and tf.Dimension(3) != 4 and int(tf.Dimension(5)) == 5
    assert tf.Dimension(None).merge_with(4).value == 4
    with pytest.raises(ValueError, match="not compatible"):
        tf.Dimension(3).merge_with(4)


dims = st.one_of(st.none(), st.integers(0, 4))
shapes = st.one_of(st.none(), st.lists(dims, max_size=3))


@settings(max_examples=60, deadline=None)
@given(shapes, shapes)
def test_shape_compatibility_properties(a, b):
    sa, sb = tf.TensorShape(a), tf.TensorShape(b)
    assert sa.is_compatible_with(sb) == sb.is_compatible_with(sa)
    common = sa.most_specific_compatible_shape(sb)
    assert sa.is_subtype_of(common) and sb.is_subtype_of(common)
    assert sa.most_specific_common_supertype([sb]) == common
    if sa.is_compatible_with(sb):
        merged = sa.merge_with(sb)
        assert merged.is_compatible_with(sa) and merged.is_compatible_with(sb)
        assert merged.is_subtype_of(sa) and merged.is_subtype_of(sb)
    else:
        with pytest.raises(ValueError):
            sa.merge_with(sb)
    assert eval(repr(sa), {"TensorShape": tf.TensorShape}) == sa


# --- Variable ---------------------------------------------------------------------------
def test_variable_basics():
    v = tf.Variable([1.0, 2.0], name="w")
    assert v.name == "w:0" and v.trainable and v.dtype == tf.float32 and v.shape == (2,)
    assert tf.Variable(1).dtype == tf.int32
    assert not tf.Variable(1.0, trainable=False).trainable
    snapshot = v.read_value()
    assert v.assign([3.0, 4.0]) is v
    v.assign_add([1.0, 1.0])
    v.assign_sub([0.5, 0.5])
    np.testing.assert_array_equal(v.numpy(), [3.5, 4.5])
    np.testing.assert_array_equal(snapshot.numpy(), [1.0, 2.0])
    np.testing.assert_array_equal((v * 2).numpy(), [7.0, 9.0])
    with pytest.raises(ValueError):
        v.assign([1.0, 2.0, 3.0])
    assert tf.Variable(lambda: tf.ones([2])).shape == (2,)
    assert tf.Variable(1.0, dtype=tf.float64).dtype == tf.float64


def test_variables_in_name_scopes():
    with tf.name_scope("outer"):
        with tf.name_scope("inner"):
            assert tf.Variable(1.0, name="v").name == "outer/inner/v:0"
        assert tf.Variable(1.0).name == "outer/Variable:0"
    assert tf.Variable(1.0, name="v").name == "v:0"
    with pytest.raises(ValueError, match="name for name_scope must be a string"):
        tf.name_scope(3)


# --- nest and errors ---------------------------------------------------------------------
def test_nest_order_and_round_trip():
    structure = {"b": [1, (2, 3)], "a": 4, "c": {"z": 5, "y": 6}}
    assert tf.nest.flatten(structure) == [4, 1, 2, 3, 6, 5]
    rebuilt = tf.nest.pack_sequence_as(structure, [40, 10, 20, 30, 60, 50])
    assert rebuilt == {"b": [10, (20, 30)], "a": 40, "c": {"z": 50, "y": 60}}
    assert tf.nest.map_structure(lambda x, y: x + y, [1, (2,)], [10, (20,)]) == [11, (22,)]
    assert tf.nest.flatten(None) == [None] and not tf.nest.is_nested("abc")
    with pytest.raises(ValueError):
        tf.nest.pack_sequence_as([0, 0], [1])
    with pytest.raises((ValueError, TypeError)):
        tf.nest.assert_same_structure([1, [2]], [1, 2])


def test_error_types():
    e = tf.errors.InvalidArgumentError(None, "MatMul", "shapes differ")
    assert str(e) == "shapes differ" and e.message == "shapes differ" and e.op == "MatMul"
    assert isinstance(e, tf.errors.OpError) and isinstance(e, ValueError)
    assert e.error_code == tf.errors.INVALID_ARGUMENT == 3
    assert tf.errors.NotFoundError.error_code == tf.errors.NOT_FOUND
    assert isinstance(pickle.loads(pickle.dumps(e)), tf.errors.InvalidArgumentError)


def test_import_neuroflow_leaves_heavy_optional_packages_unloaded():
    # ml_dtypes alone takes most of a second to import; bfloat16 loads it on first use.
    import subprocess
    import sys
    code = ("import sys, neuroflow as tf; tf.constant([1.0]) + 1.0; "
            "print(sorted(m for m in ('ml_dtypes', 'h5py', 'matplotlib', 'tensorboard', 'onnx', 'mpi4py', 'PIL') "
            "if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
