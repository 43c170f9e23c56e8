"""Layer 3: every primitive op, forward and gradient side by side (see `registry`)."""
from . import operators  # noqa: F401 - installs Python operators on Tensor and Variable
