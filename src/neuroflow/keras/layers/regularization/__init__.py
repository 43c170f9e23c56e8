"""Keras layers: regularization."""
