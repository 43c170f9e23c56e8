"""Keras layers: convolutions."""
