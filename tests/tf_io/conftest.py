"""The fixture generators run under real TensorFlow (`python <script>`); pytest must not collect them,
but the tests import their expected values through `fixture_script`."""
import importlib.util
import pathlib

collect_ignore_glob = ["fixtures/*.py"]
FIXTURES = pathlib.Path(__file__).parent / "fixtures"


def fixture_script(name):
    """The module fixtures/<name>.py (its TensorFlow import happens only when run as a script)."""
    spec = importlib.util.spec_from_file_location(f"tf_io_fixtures_{name}", FIXTURES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
