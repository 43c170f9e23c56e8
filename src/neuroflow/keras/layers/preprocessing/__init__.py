"""Keras layers: preprocessing."""
