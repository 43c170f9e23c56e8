"""Keras layers: activations."""
