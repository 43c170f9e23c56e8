"""`keras.utils`: progress bar, data helpers, seeding, downloads.

>>> from neuroflow.keras import utils
>>> utils.to_categorical([1], 2).tolist()
[[0.0, 1.0]]
"""
from .file_utils import get_file
from .model_visualization import model_to_dot, plot_model
from .numerical_utils import normalize, to_categorical
from .progbar import Progbar
from .py_dataset import PyDataset, Sequence
from .rng_utils import set_random_seed
from ..saving.object_registration import (CustomObjectScope, custom_object_scope, get_custom_objects,
                                          get_registered_name, get_registered_object, register_keras_serializable)
from ..saving.serialization_lib import deserialize_keras_object, serialize_keras_object
from .dataset_utils import split_dataset
from .image_dataset_utils import image_dataset_from_directory
from .image_utils import array_to_img, img_to_array, load_img, save_img
from .text_dataset_utils import text_dataset_from_directory
from .timeseries_dataset_utils import timeseries_dataset_from_array
from .sequence_utils import pad_sequences

__all__ = ["get_file", "model_to_dot", "plot_model", "normalize", "to_categorical", "Progbar", "PyDataset",
           "Sequence", "set_random_seed", "CustomObjectScope", "custom_object_scope", "get_custom_objects",
           "get_registered_name", "get_registered_object", "register_keras_serializable",
           "deserialize_keras_object", "serialize_keras_object", "split_dataset",
           "image_dataset_from_directory", "array_to_img", "img_to_array", "load_img", "save_img",
           "text_dataset_from_directory", "timeseries_dataset_from_array", "pad_sequences"]
