"""`keras.models`: `Model`, `Sequential`, `clone_model`.

>>> from neuroflow.keras.models import Sequential
>>> from neuroflow.keras.layers import Dense
>>> model = Sequential()
>>> model.add(Dense(units=64, activation="relu"))
>>> model.add(Dense(units=10, activation="softmax"))
>>> model.built, len(model.layers)
(False, 2)
"""
from .model import Model
from .functional import Functional
from .sequential import Sequential
from .cloning import clone_model
from .model_from_json import model_from_json
from ..saving.saving_api import load_model, save_model

__all__ = ["Model", "Functional", "Sequential", "clone_model", "model_from_json", "load_model", "save_model"]
