"""Keras layers: normalization."""
