"""examples/imdb_lstm.py runs end to end on its generated stand-in (the real IMDB is not available offline)."""
import os
import subprocess
import sys

_EXAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "imdb_lstm.py")


def test_imdb_lstm_example_on_the_stand_in():
    done = subprocess.run([sys.executable, _EXAMPLE, "--stand-in", "--samples", "64", "--epochs", "1"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "GENERATED stand-in" in done.stdout and "Validation accuracy" in done.stdout
    assert "Bidirectional" in done.stdout and "Total params: 2,757,761" in done.stdout  # keras.io's model
