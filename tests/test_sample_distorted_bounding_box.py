"""tf.image.(stateless_)sample_distorted_bounding_box give TensorFlow's crops.

The expected boxes were drawn by real TensorFlow 2.21 (tests/fixtures/random/generate.py, whose
`sdbb_cases` table the tests read back).
"""
import pathlib

import numpy as np
import pytest

import neuroflow as tf

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "random"
REF = np.load(FIXTURES / "reference.npz")
SEEDS = {"s12": [1, 2], "s00": [0, 0], "sbig": [123456789, -5]}


def _cases():
    source = (FIXTURES / "generate.py").read_text()
    namespace = {}
    exec(source[source.index("sdbb_cases = "):source.index("for cname, (size, boxes")], namespace)
    for cname, (size, boxes, kwargs) in namespace["sdbb_cases"].items():
        size = tf.constant(size, tf.int64 if cname == "int64" else tf.int32)
        yield cname, size, tf.reshape(tf.constant(boxes, tf.float32), [1, -1, 4]), kwargs


def _flat(result):
    return np.concatenate([np.ravel(r.numpy()).astype(np.float64) for r in result])


@pytest.mark.parametrize("sname", sorted(SEEDS))
def test_stateless_boxes_match_tensorflow(sname):
    for cname, size, boxes, kwargs in _cases():
        result = tf.image.stateless_sample_distorted_bounding_box(size, boxes, SEEDS[sname], **kwargs)
        assert type(result).__name__ == "StatelessSampleDistortedBoundingBox"
        assert result.begin.dtype == size.dtype and result.bboxes.shape == (1, 1, 4)
        np.testing.assert_array_equal(_flat(result), REF[f"sdbb_{cname}_{sname}"], err_msg=cname)


def test_stateful_boxes_continue_tensorflows_stream():
    tf.random.set_seed(None)
    for cname, size, boxes, kwargs in _cases():
        calls = [_flat(tf.image.sample_distorted_bounding_box(size, boxes, seed=11, **kwargs)) for _ in range(3)]
        np.testing.assert_array_equal(np.stack(calls), REF[f"sdbb_stateful_{cname}"], err_msg=cname)
    tf.random.set_seed(4)
    try:
        result = tf.image.sample_distorted_bounding_box([90, 60, 3], tf.zeros([1, 0, 4]), seed=2,
                                                        use_image_if_no_bounding_boxes=True)
        np.testing.assert_array_equal(_flat(result), REF["sdbb_global_seed"])
    finally:
        tf.random.set_seed(None)


def test_boxes_inside_tf_function_equal_eager_ones():
    image = tf.reshape(tf.range(64 * 48 * 3), [64, 48, 3])
    boxes = tf.constant([[[0.1, 0.1, 0.9, 0.9]]])

    @tf.function
    def stateless(seed):
        return tf.image.stateless_sample_distorted_bounding_box(tf.shape(image), boxes, seed, min_object_covered=0.3)

    @tf.function
    def stateful():
        return tf.image.sample_distorted_bounding_box(tf.shape(image), boxes, seed=3, min_object_covered=0.3)

    eager = tf.image.stateless_sample_distorted_bounding_box(tf.shape(image), boxes, [5, 5], min_object_covered=0.3)
    np.testing.assert_array_equal(_flat(stateless(tf.constant([5, 5]))), _flat(eager))
    begin, size, _ = eager
    assert tf.slice(image, begin, size).shape == tuple(size.numpy()[:2]) + (3,)
    tf.random.set_seed(None)
    traced = [_flat(stateful()) for _ in range(2)]
    tf.random.set_seed(None)
    eager_calls = [_flat(tf.image.sample_distorted_bounding_box(tf.shape(image), boxes, seed=3, min_object_covered=0.3))
                   for _ in range(2)]
    np.testing.assert_array_equal(traced, eager_calls)  # the stream continues across calls, traced or not
    assert not np.array_equal(*traced)


def test_unseeded_crops_vary_and_stay_inside():
    sizes = {tuple(tf.image.sample_distorted_bounding_box([100, 100, 3], tf.constant([[[0.0, 0.0, 1.0, 1.0]]]),
                                                          area_range=[0.05, 0.5])[1].numpy()) for _ in range(8)}
    assert len(sizes) > 1 and all(0 < h <= 100 and 0 < w <= 100 for h, w, _ in sizes)


@pytest.mark.parametrize("kwargs, match", [
    ({"bounding_boxes": [[[0.1, 0.2, 1.5, 0.9]]]}, "must be in \\[0.0, 1.0\\]"),
    ({"bounding_boxes": tf.zeros([1, 0, 4])}, "No bounding boxes provided"),
    ({"bounding_boxes": [[0.1, 0.2, 0.5, 0.9]]}, "must be 3-D"),
    ({"image_size": [64, 64]}, "3 elements"),
    ({"area_range": [0.0, 1.0]}, "area_range"),
    ({"area_range": [0.5, 1.5]}, "area_range"),
    ({"aspect_ratio_range": [-1.0, 1.0]}, "aspect_ratio_range"),
    ({"max_attempts": 0}, "max_attempts"),
    ({"min_object_covered": -0.1}, "min_object_covered"),
])
def test_bad_arguments_raise_tensorflows_errors(kwargs, match):
    args = {"image_size": [64, 64, 3], "bounding_boxes": [[[0.1, 0.2, 0.5, 0.9]]], "seed": [1, 2]}
    args.update(kwargs)
    with pytest.raises(tf.errors.InvalidArgumentError, match=match):
        tf.image.stateless_sample_distorted_bounding_box(**args)
