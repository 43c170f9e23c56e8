"""Layer 2: dtypes, shapes, tensors, variables, conversion and errors. No math."""
