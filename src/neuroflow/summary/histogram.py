"""`tf.summary.histogram`: the distribution of a tensor's values per step, bucketed as TensorBoard does.

The tensor TensorBoard reads is `[buckets, 3]` float64: the left edge, right edge and
count of each bucket, over `buckets` equal-width buckets spanning the data's range.

>>> import numpy as np
>>> histogram_buckets(np.array([0.0, 1.0, 1.0, 3.0]), 3).tolist()
[[0.0, 1.0, 1.0], [1.0, 2.0, 2.0], [2.0, 3.0, 1.0]]
"""
import numpy as np

from .tensorboard_protos import plugin_metadata
from .write_op import is_writing, write_named

__all__ = ["histogram", "histogram_buckets"]

DEFAULT_BUCKET_COUNT = 30


def histogram_buckets(data, bucket_count=DEFAULT_BUCKET_COUNT):
    """TensorBoard's bucketing of `data` (any shape): a `[bucket_count, 3]` float64 array.

    Empty data gives all-zero rows; data of a single value puts every count in the last
    bucket, whose edges are both that value (as TensorBoard's own summary op does).
    """
    data = np.asarray(data, dtype=np.float64).reshape(-1)
    bucket_count = max(int(bucket_count), 0)
    if bucket_count == 0 or data.size == 0:
        return np.zeros((bucket_count, 3))
    low, high = data.min(), data.max()
    if low == high:
        counts = np.zeros(bucket_count)
        counts[-1] = data.size
        return np.stack([np.full(bucket_count, high), np.full(bucket_count, high), counts], axis=1)
    width = (high - low) / bucket_count
    indices = np.minimum(np.floor((data - low) / width).astype(np.int64), bucket_count - 1)
    counts = np.bincount(indices, minlength=bucket_count).astype(np.float64)
    edges = np.linspace(low, high, bucket_count + 1)
    edges[-1] = high
    return np.stack([edges[:-1], edges[1:], counts], axis=1)


def histogram(name, data, step=None, buckets=None, description=None):
    """Writes a histogram of `data`'s values under `name`.

    Args:
        name: the summary's name.
        data: a tensor of any shape with real values.
        step: the step (int, tensor or variable); default `tf.summary.experimental.get_step()`.
        buckets: the number of buckets (default 30).
        description: Markdown text shown with the chart.

    Returns:
        True if written; False without a default writer or when `record_if` is off.
    """
    if not is_writing():
        return False
    bucket_count = DEFAULT_BUCKET_COUNT if buckets is None else int(buckets)
    dtype = getattr(data, "dtype", None)
    if dtype is not None and np.dtype(getattr(dtype, "as_numpy_dtype", dtype)).kind not in "fiub":
        raise TypeError(f"tf.summary.histogram({name!r}) needs real numbers; received dtype {dtype}.")
    return write_named(name, "histogram_summary", data, lambda array: histogram_buckets(array, bucket_count),
                       step, plugin_metadata("histogram", description))
