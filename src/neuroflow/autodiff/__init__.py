"""Layer 4: `GradientTape`, `custom_gradient`, `stop_gradient`."""
from ..ops.array_ops import stop_gradient
from .custom_gradient import custom_gradient
from .tape import GradientTape, UnconnectedGradients

__all__ = ["GradientTape", "UnconnectedGradients", "custom_gradient", "stop_gradient"]
