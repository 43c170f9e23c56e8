"""Keras layers: pooling."""
