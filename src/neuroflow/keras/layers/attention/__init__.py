"""Keras layers: attention."""
