"""Counter-based random numbers equal TensorFlow's: stateless ops, Generator, split/fold_in.

The expected values were drawn by real TensorFlow 2.21 (tests/fixtures/random/generate.py).
Float32 normals may differ from TensorFlow's in the last bit where C's sinf/logf round
differently from NumPy; everything else is bit-exact.
"""
import pathlib

import numpy as np
import pytest

import neuroflow as tf

REF = np.load(pathlib.Path(__file__).parent / "fixtures" / "random" / "reference.npz")
SEEDS = {"s12": [1, 2], "s00": [0, 0], "sbig": [123456789, -5]}


def check(name, got):
    ref = REF[name]
    got = np.asarray(got.numpy() if hasattr(got, "numpy") else got)
    if ref.dtype.kind == "f":
        np.testing.assert_allclose(got.astype(np.float64).reshape(ref.shape), ref, rtol=3e-7, atol=1e-7,
                                   err_msg=name)
    else:
        np.testing.assert_array_equal(got.reshape(ref.shape), ref, err_msg=name)


def _bfloat16_available():
    try:
        import ml_dtypes  # noqa: F401
        return True
    except ImportError:
        return False


@pytest.mark.parametrize("sname", sorted(SEEDS))
def test_stateless_ops_match_tensorflow(sname):
    seed = SEEDS[sname]
    for dt in ["float32", "float64", "float16"] + (["bfloat16"] if _bfloat16_available() else []):
        check(f"uniform_{sname}_{dt}", tf.random.stateless_uniform([3, 5], seed, dtype=dt))
        check(f"normal_{sname}_{dt}", tf.random.stateless_normal([7], seed, dtype=dt))
        check(f"truncated_{sname}_{dt}", tf.random.stateless_truncated_normal([9], seed, dtype=dt))
    check(f"uniform_{sname}_range", tf.random.stateless_uniform([6], seed, minval=-2.0, maxval=3.0))
    check(f"normal_{sname}_affine", tf.random.stateless_normal([5], seed, mean=1.0, stddev=0.5))
    for dt in ("int32", "int64"):
        check(f"uniform_{sname}_{dt}", tf.random.stateless_uniform([10], seed, minval=-3, maxval=1000, dtype=dt))
        check(f"fullint_{sname}_{dt}", tf.random.stateless_uniform([5], seed, minval=None, maxval=None, dtype=dt))
        check(f"uint_{sname}_u{dt}", tf.random.stateless_uniform([5], seed, minval=None, maxval=None,
                                                                 dtype="u" + dt))
    check(f"split_{sname}", tf.random.experimental.stateless_split(seed, num=3))
    check(f"fold_in_{sname}", tf.random.experimental.stateless_fold_in(seed, 7))


def test_long_truncated_normal_and_int64_seeds_match_tensorflow():
    check("truncated_long", tf.random.stateless_truncated_normal([1030], [4, 5]))
    check("truncated_long64", tf.random.stateless_truncated_normal([301], [4, 5], dtype="float64"))
    assert (tf.random.stateless_truncated_normal([1030], [4, 5]).numpy() ==
            REF["truncated_long"].astype(np.float32)).mean() > 0.97  # nearly all bit-exact
    check("int64_seed", tf.random.stateless_normal([4], tf.constant([2 ** 40 + 3, -(2 ** 35)], tf.int64)))


@pytest.mark.parametrize("gname,seed", [("g7", 7), ("glist", [1, 2]), ("gbig", 2 ** 70 + 11)])
def test_generator_matches_tensorflow(gname, seed):
    g = tf.random.Generator.from_seed(seed)
    check(f"{gname}_init_state", g.state)
    check(f"{gname}_normal", g.normal([5]))
    check(f"{gname}_after_normal_state", g.state)
    check(f"{gname}_uniform", g.uniform([2, 3], minval=1.0, maxval=2.0))
    check(f"{gname}_after_uniform_state", g.state)
    check(f"{gname}_normal64", g.normal([3], dtype="float64"))
    check(f"{gname}_truncated", g.truncated_normal([6]))
    check(f"{gname}_after_truncated_state", g.state)
    check(f"{gname}_uniform_int", g.uniform([8], minval=0, maxval=10, dtype="int32"))
    check(f"{gname}_uniform_int64", g.uniform([3], minval=-5, maxval=5, dtype="int64"))
    check(f"{gname}_full_int", g.uniform_full_int([3], dtype="int64"))
    check(f"{gname}_make_seeds", g.make_seeds(2))
    check(f"{gname}_after_seeds_state", g.state)
    for i, child in enumerate(g.split(2)):
        check(f"{gname}_split{i}_state", child.state)
        check(f"{gname}_split{i}_normal", child.normal([3]))
    check(f"{gname}_final_state", g.state)
    check(f"{gname}_big_normal", g.normal([1001]).numpy()[-4:])
    check(f"{gname}_after_big_state", g.state)
    g.reset_from_seed(3)
    check(f"{gname}_reset_normal", g.normal([2]))
    g.skip(10)
    check(f"{gname}_skip_state", g.state)


def test_generator_state_api_and_errors():
    g = tf.random.Generator.from_seed(5)
    copy = tf.random.Generator(copy_from=g)
    np.testing.assert_array_equal(copy.normal([3]).numpy(), g.normal([3]).numpy())
    same = tf.random.Generator.from_key_counter(key=[0], counter=[5, 0], alg="philox")
    np.testing.assert_array_equal(same.state.numpy(), [5, 0, 0])
    assert tf.random.Generator.from_state(g.state, alg=tf.random.Algorithm.PHILOX).algorithm == 1
    with pytest.raises(ValueError, match="threefry"):
        tf.random.Generator.from_seed(1, alg="threefry")
    with pytest.raises(ValueError, match="minval and maxval must be both"):
        g.uniform([2], maxval=3, minval=None, dtype=tf.int32)
    with pytest.raises(ValueError, match="unsigned"):
        tf.random.stateless_uniform([2], [1, 2], minval=0, maxval=3, dtype=tf.uint32)
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"seed must have shape \[2\]"):
        tf.random.stateless_uniform([2], [1.5, 2.0])


def test_stateless_ops_trace_with_a_seed_argument():
    f = tf.function(lambda seed: tf.random.stateless_normal([3], seed))
    np.testing.assert_array_equal(f(tf.constant([1, 2])).numpy(),
                                  tf.random.stateless_normal([3], [1, 2]).numpy())
    g = tf.random.Generator.from_seed(1)
    step = tf.function(lambda: g.normal([2]))
    first, second = step().numpy(), step().numpy()
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(g.state.numpy(), [1 + 4 * 256, 0, 0])


def test_stateless_dropout_matches_tensorflow():
    check("stateless_dropout", tf.nn.experimental.stateless_dropout(
        tf.reshape(tf.range(12.0), [3, 4]), rate=0.3, seed=[5, 6], noise_shape=[3, 1]))
    check("stateless_dropout_full", tf.nn.experimental.stateless_dropout(tf.ones([50]), rate=0.6, seed=[9, 1]))
    with pytest.raises(ValueError, match="range \\[0, 1\\)"):
        tf.nn.experimental.stateless_dropout(tf.ones([2]), rate=1.5, seed=[1, 2])


def test_op_seeded_stateful_ops_match_tensorflow():
    """With an op seed, each kernel continues TensorFlow's Philox stream call after call."""
    tf.random.set_seed(None)
    check("op_seed_normal", [tf.random.normal([2, 2], 0, 1, tf.float32, seed=1).numpy() for _ in range(2)])
    tf.random.set_seed(5)
    check("global_op_uniform", [tf.random.uniform([2], seed=3).numpy() for _ in range(2)])
    check("global_int", tf.random.uniform([4], maxval=10, dtype=tf.int32, seed=2))
    check("global_truncated", tf.random.truncated_normal([5], seed=4))
    check("global_dropout", tf.nn.dropout(tf.ones([8]), 0.5, seed=1))
    tf.random.set_seed(5)
    check("global_op_uniform", [tf.random.uniform([2], seed=3).numpy() for _ in range(2)])
    tf.random.set_seed(None)


def test_seeded_image_flips_match_tensorflow():
    """One image flips on a draw below 1/2, a batch's images on draws above it, as in TensorFlow."""
    tf.random.set_seed(None)
    image3, image4 = tf.reshape(tf.range(1, 5), [2, 2, 1]), tf.reshape(tf.range(1, 17), [4, 2, 2, 1])
    check("flip_lr_3", [tf.image.random_flip_left_right(image3, 5).numpy() for _ in range(4)])
    check("flip_lr_4", [tf.image.random_flip_left_right(image4, 6).numpy() for _ in range(2)])
    check("flip_ud_4", tf.image.random_flip_up_down(image4, 4))
    check("stateless_flip_ud_4", tf.image.stateless_random_flip_up_down(image4, [3, 4]))


def test_index_shuffle_matches_tensorflow():
    check("index_shuffle_small", tf.random.experimental.index_shuffle(tf.range(10), [5, 8], 9))
    check("index_shuffle_big", tf.random.experimental.index_shuffle(
        tf.constant([0, 1, 77777, 2 ** 40], tf.int64), tf.constant([-3, 2 ** 33 + 7], tf.int64),
        tf.constant(2 ** 41, tf.int64)))
    check("index_shuffle_batch", tf.random.experimental.index_shuffle(
        tf.constant([0, 1, 2]), [3, 4], tf.constant([3, 100000, 5])))
    permutation = tf.random.experimental.index_shuffle(tf.range(1000), [1, 2], 999).numpy()
    assert sorted(permutation.tolist()) == list(range(1000))
    with pytest.raises(ValueError, match="seed must be"):
        tf.random.experimental.index_shuffle(0, [1, 2, 3], 5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="outside \\[0, max_index=2\\]"):
        tf.random.experimental.index_shuffle(3, [1, 2], 2)


@pytest.mark.parametrize("sname", sorted(SEEDS))
def test_stateless_shuffle_matches_tensorflow(sname):
    seed = SEEDS[sname]
    shuffle = tf.random.experimental.stateless_shuffle
    check(f"shuffle_{sname}", shuffle(tf.range(10), seed))
    check(f"shuffle2d_{sname}", shuffle(tf.reshape(tf.range(15.0), [5, 3]), seed))


def test_stateless_shuffle_long_int64_seed_and_trivial_inputs():
    shuffle = tf.random.experimental.stateless_shuffle
    check("shuffle_long", shuffle(tf.range(1000, dtype=tf.int64), [7, 8]))
    check("shuffle_int64_seed", shuffle(tf.range(6), tf.constant([2 ** 40 + 3, -9], tf.int64)))
    check("shuffle_pair", shuffle(tf.constant([[1, 2]]), [1, 2]))
    assert shuffle(tf.constant(5), [1, 2]).numpy() == 5
    with pytest.raises(tf.errors.InvalidArgumentError, match="seed must have shape"):
        shuffle(tf.range(3), [1, 2, 3])
    with pytest.raises(ValueError, match="not supported"):
        shuffle(tf.range(3), [1, 2], alg="threefry")


def _ptn_cases():
    source = (pathlib.Path(__file__).parent / "fixtures" / "random" / "generate.py").read_text()
    namespace = {}
    exec(source[source.index("ptn_cases = "):source.index("for cname, (shape")], namespace)
    return namespace["ptn_cases"]


@pytest.mark.parametrize("dt", ["float32", "float64", "float16"])
def test_stateless_parameterized_truncated_normal_matches_tensorflow(dt):
    for cname, (shape, *params) in _ptn_cases().items():
        got = tf.random.stateless_parameterized_truncated_normal(
            shape, [5, 6], *[tf.constant(p, dt) for p in params])
        assert got.dtype == dt and got.shape == shape
        np.testing.assert_array_equal(got.numpy().astype(np.float64), REF[f"ptn_{cname}_{dt}"], err_msg=cname)
    check("ptn_seed_s12", tf.random.stateless_parameterized_truncated_normal([5], [1, 2], 0.0, 1.0, 0.5, 0.7))


def test_stateless_parameterized_truncated_normal_bounds_and_errors():
    ptn = tf.random.stateless_parameterized_truncated_normal
    x = ptn([2000, 2], [3, 4], means=[0.0, 5.0], minvals=[-1.0, 6.0], maxvals=[1.0, np.inf]).numpy()
    assert (abs(x[:, 0]) <= 1).all() and (x[:, 1] >= 6).all() and abs(x[:, 0].mean()) < 0.05
    with pytest.raises(tf.errors.InvalidArgumentError, match="must end with broadcasted shape"):
        ptn([3, 2], [1, 2], means=[0.0, 1.0, 2.0])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid parameters"):
        ptn([3], [1, 2], stddevs=-1.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid parameters"):
        ptn([3], [1, 2], minvals=2.0, maxvals=1.0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="must be float16"):
        ptn([3], [1, 2], means=tf.constant(0))
    assert ptn([0, 3], [1, 2], means=[0.0, 1.0, 2.0]).shape == (0, 3)
