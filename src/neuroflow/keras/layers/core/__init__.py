"""Keras layers: core."""
