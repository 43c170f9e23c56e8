"""The reference generator runs under the side TensorFlow install only, never under pytest."""
collect_ignore = ["make_tf_reference.py"]
