"""`tf.version`: the TensorFlow release whose API neuroflow follows, and neuroflow's own version.

`tf.__version__` reads as TensorFlow's, with neuroflow's release as a PEP 440 local label.

>>> import neuroflow as tf
>>> tf.version.VERSION, tf.__version__
('2.21.0', '2.21.0+neuroflow.0.1.0')
>>> int(tf.__version__.split(".")[0]) >= 2
True
"""
__all__ = ["VERSION", "GIT_VERSION", "COMPILER_VERSION", "GRAPH_DEF_VERSION", "GRAPH_DEF_VERSION_MIN_CONSUMER",
           "GRAPH_DEF_VERSION_MIN_PRODUCER", "NEUROFLOW_VERSION", "FULL_VERSION"]

VERSION = "2.21.0"                      # the TensorFlow API this release matches
NEUROFLOW_VERSION = "0.1.0"             # this package's own release (as in pyproject.toml)
FULL_VERSION = f"{VERSION}+neuroflow.{NEUROFLOW_VERSION}"
GIT_VERSION = f"neuroflow-v{NEUROFLOW_VERSION}"
COMPILER_VERSION = "none (NumPy kernels)"
GRAPH_DEF_VERSION = 2474                # TensorFlow 2.21's GraphDef producer version
GRAPH_DEF_VERSION_MIN_CONSUMER = 0
GRAPH_DEF_VERSION_MIN_PRODUCER = 0
