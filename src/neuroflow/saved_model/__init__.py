"""`tf.saved_model`: TensorFlow's SavedModel folders, which TensorFlow loads and serves.

>>> import neuroflow as tf
>>> tf.saved_model.SERVING
'serve'
"""
from .asset import Asset
from .load import load
from .save import save

SERVING = "serve"
DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default"
