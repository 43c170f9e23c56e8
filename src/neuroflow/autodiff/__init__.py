"""Layer 4: `GradientTape`, `custom_gradient`, `stop_gradient`."""
