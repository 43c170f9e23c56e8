"""examples/transformer_block.py trains offline on its generated reviews."""
import importlib.util
import os

EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "transformer_block.py")


def test_transformer_example_learns():
    spec = importlib.util.spec_from_file_location("transformer_block", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--epochs", "2", "--samples", "1000"]) > 0.7  # 0.5 is chance
