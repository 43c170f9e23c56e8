"""Keras layers: recurrent layers, their cells and wrappers."""
