"""examples/augmentation.py: the augmented digits, the PNG grid, and the error naming the extra without matplotlib."""
import importlib.util
import pathlib
import subprocess
import sys

import numpy as np
import pytest

_PATH = pathlib.Path(__file__).resolve().parents[2] / "examples" / "augmentation.py"


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("augmentation_example", _PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_augmented_digits_differ_but_keep_their_ink(example):
    originals, augmented = example.augment_digits(digits=3, variants=4, seed=1)
    assert originals.shape == (3, 28, 28, 1) and augmented.shape == (3, 4, 28, 28, 1)
    assert augmented.min() >= -1e-6 and augmented.max() <= 1 + 1e-6
    for row in range(3):
        for variant in augmented[row]:
            assert not np.allclose(variant, originals[row], atol=0.05)
            # a rotation/zoom of at most 36 degrees / 20% keeps most of the ink on the canvas
            assert 0.5 < variant.sum() / originals[row].sum() < 1.6


def test_missing_matplotlib_names_the_extra(example, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)   # `import matplotlib` now raises ImportError
    with pytest.raises(ImportError, match=r"pip install neuroflow\[plot\]"):
        example._pyplot()


def test_writes_a_png_grid(example, tmp_path):
    pytest.importorskip("matplotlib", reason="the plot extra (matplotlib) is not installed")
    originals, augmented = example.augment_digits(digits=2, variants=2)
    path = example.save_grid(originals, augmented, str(tmp_path / "grid.png"))
    assert pathlib.Path(path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_neuroflow_never_imports_matplotlib():
    code = ("import sys, neuroflow as tf\nfrom neuroflow import keras\ntf.image.resize\nkeras.layers.RandomFlip\n"
            "print('matplotlib' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
