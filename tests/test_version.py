"""tf.version and tf.__version__."""
import pathlib
import re

import neuroflow as tf


def test_version_follows_tensorflow_and_names_the_package_release():
    pyproject = (pathlib.Path(__file__).resolve().parents[1] / "pyproject.toml").read_text()
    release = re.search(r'^version = "([^"]+)"', pyproject, re.M).group(1)
    assert tf.version.NEUROFLOW_VERSION == release
    assert tf.__version__ == f"{tf.version.VERSION}+neuroflow.{release}"
    major, minor = (int(p) for p in tf.__version__.split(".")[:2])
    assert (major, minor) == (2, 21)
