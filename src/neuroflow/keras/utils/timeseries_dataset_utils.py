"""`timeseries_dataset_from_array`: sliding windows over a sequence, as batches.

>>> import numpy as np
>>> from neuroflow.keras import utils
>>> ds = utils.timeseries_dataset_from_array(np.arange(10), np.arange(10) * 10, sequence_length=3,
...                                          sampling_rate=2, batch_size=2)
>>> x, y = next(iter(ds))
>>> x.numpy().tolist(), y.numpy().tolist()
([[0, 2, 4], [1, 3, 5]], [0, 10])
"""
import numpy as np

from ... import data as tf_data
from ...data.dataset import AUTOTUNE
from ...data.parallel import python_map
from ...data.structure import from_value
from ...graph.tensor_spec import TensorSpec

__all__ = ["timeseries_dataset_from_array"]


def timeseries_dataset_from_array(data, targets, sequence_length, sequence_stride=1, sampling_rate=1,
                                  batch_size=128, shuffle=False, seed=None, start_index=None, end_index=None):
    """Batches of windows `data[i : i + sequence_length * sampling_rate : sampling_rate]`.

    Windows start every `sequence_stride` steps in `data[start_index:end_index]`; with
    `targets`, window `i` is paired with `targets[i]` (relative to `start_index`).
    """
    if start_index:
        if start_index < 0:
            raise ValueError(f"`start_index` must be 0 or greater. Received: start_index={start_index}")
        if start_index >= len(data):
            raise ValueError(f"`start_index` must be lower than the length of the data. Received: "
                             f"start_index={start_index}, for data of length {len(data)}")
    if end_index:
        if start_index and end_index <= start_index:
            raise ValueError(f"`end_index` must be higher than `start_index`. Received: start_index={start_index}, "
                             f"and end_index={end_index} ")
        if end_index >= len(data):
            raise ValueError(f"`end_index` must be lower than the length of the data. Received: "
                             f"end_index={end_index}, for data of length {len(data)}")
        if end_index <= 0:
            raise ValueError(f"`end_index` must be higher than 0. Received: end_index={end_index}")
    for name, value in (("sampling_rate", sampling_rate), ("sequence_stride", sequence_stride)):
        if value <= 0:
            raise ValueError(f"`{name}` must be higher than 0. Received: {name}={value}")
        if value >= len(data):
            raise ValueError(f"`{name}` must be lower than the length of the data. Received: {name}={value}, "
                             f"for data of length {len(data)}")
    start_index = start_index or 0
    end_index = len(data) if end_index is None else end_index
    _, (data_array,) = from_value(data)
    data_array = data_array[start_index:end_index]
    count = end_index - start_index - (sequence_length - 1) * sampling_rate
    if targets is not None:
        _, (target_array,) = from_value(targets)
        target_array = target_array[start_index:end_index]
        count = min(count, len(target_array))
    starts = np.arange(0, max(count, 0), sequence_stride, dtype="int64")
    if shuffle:
        np.random.RandomState(np.random.randint(1e6) if seed is None else seed).shuffle(starts)
    offsets = np.arange(sequence_length) * sampling_rate
    spec_in, _ = from_value(data_array[:1])
    window_spec = TensorSpec([sequence_length] + spec_in.shape.as_list()[1:], spec_in.dtype)

    if targets is None:
        def window(flat):
            return (data_array[int(flat[0]) + offsets],)
        spec = window_spec
    else:
        target_spec, _ = from_value(target_array[:1])

        def window(flat):
            start = int(flat[0])
            return data_array[start + offsets], target_array[start]
        spec = (window_spec, TensorSpec(target_spec.shape[1:], target_spec.dtype))
    dataset = python_map(tf_data.Dataset.from_tensor_slices(starts), window, spec).prefetch(AUTOTUNE)
    if batch_size is not None:
        if shuffle:
            dataset = dataset.shuffle(buffer_size=batch_size * 8, seed=seed)
        dataset = dataset.batch(batch_size)
    elif shuffle:
        dataset = dataset.shuffle(buffer_size=1024, seed=seed)
    return dataset
