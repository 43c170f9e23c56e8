"""`tf.nn.experimental`: dropout with given randomness (re-exports)."""
from ...ops.dropout_variants import general_dropout, stateless_dropout  # noqa: F401
