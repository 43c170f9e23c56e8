"""TensorFlow's own docstring examples, run against neuroflow: the share whose output matches.

Run: .venv/bin/python benchmarks/tf_docstrings.py [--namespace tf.math ...] [--failures FILE]

Step 1 (a subprocess of the TensorFlow side venv, `$TF_PYTHON`, default /work/tfvenv/bin/python):
the docstrings of every public function, class, method and property in the namespaces below are
read from the installed TensorFlow and cached outside the repository (`$NEUROFLOW_TF_DOCS_CACHE`,
default ~/.cache/neuroflow/tf_docstrings-<version>.json); no TensorFlow text is stored here.
Step 2: each docstring runs as a doctest with `tf` bound to neuroflow (and `np`, `os`), each in a
forked child (so a docstring that disables eager execution or hangs cannot disturb the others),
tf.print's output (stderr) counted as printed output, compared with TensorFlow's own output checker (`tensorflow/tools/docs/tf_doctest_lib.py`,
loaded from the side venv: floats compared with rtol=atol=1e-3, tensors by their numpy values,
ELLIPSIS and NORMALIZE_WHITESPACE as TensorFlow's doctest run uses).

TensorFlow runs each docstring with its defining module's globals, so examples may name module-level
objects (`RaggedTensor.from_row_splits(...)` in ragged_tensor.py). The extraction records, for each
such name an example uses, the object's public TensorFlow name (`tf.RaggedTensor`) when it has one;
the child binds the name to neuroflow's object of that public name, if neuroflow has it. Names of
private helpers and internal modules stay unbound, as they have no public counterpart.

An example counts when it shows expected output; it matches when neuroflow prints it too.
`--failures FILE` writes each failing example with what neuroflow printed.
"""
import argparse
import collections
import doctest
import importlib.util
import json
import os
import pathlib
import signal
import subprocess
import sys

import numpy as np

TF_PYTHON = os.environ.get("TF_PYTHON", "/work/tfvenv/bin/python")
NAMESPACES = [
    "tf", "tf.math", "tf.linalg", "tf.random", "tf.random.experimental", "tf.nn", "tf.dtypes",
    "tf.debugging", "tf.config", "tf.config.experimental", "tf.autograph", "tf.data",
    "tf.data.experimental", "tf.io", "tf.io.gfile", "tf.image", "tf.strings", "tf.sparse",
    "tf.ragged", "tf.train", "tf.saved_model", "tf.summary", "tf.signal", "tf.bitwise",
    "tf.compat.v1", "tf.distribute", "tf.experimental", "tf.nest", "tf.types.experimental",
]
TIMEOUT_S = 20

# Runs inside the TensorFlow venv: writes {qualified name: docstring} for the namespaces.
EXTRACT = r"""
import builtins, inspect, json, os, re, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import tensorflow as tf
namespaces, out = json.loads(sys.argv[1]), sys.argv[2]
docs, module_globals, seen = {}, {}, set()

def public_globals(obj, doc):
    # {name: 'tf.public.name'} for the defining module's globals that the examples use.
    module = inspect.getmodule(obj)
    if module is None:
        return {}
    code = "\n".join(line.strip()[4:] for line in doc.splitlines() if line.strip()[:4] in (">>> ", "... "))
    found = {}
    for ident in set(re.findall(r"(?<![\w.])[A-Za-z_]\w*", code)) - {"tf", "np", "os"}:
        value, api = vars(module).get(ident), None
        while value is not None and not api:  # decorators keep the API names on a wrapped layer
            api = getattr(value, "__dict__", {}).get("_tf_api_names")
            value = getattr(value, "__wrapped__", None)
        if api and not hasattr(builtins, ident):
            found[ident] = "tf." + api[0]
    return found

def add(name, obj):
    doc = getattr(obj, "__doc__", None)
    if not isinstance(doc, str) or ">>>" not in doc:
        return
    key = (id(obj), doc)
    if key in seen:
        return
    seen.add(key)
    docs[name] = inspect.cleandoc(doc)
    names = public_globals(obj, docs[name])
    if names:
        module_globals[name] = names

for ns in namespaces:
    module = tf
    for part in ns.split(".")[1:]:
        module = getattr(module, part)
    add(ns, module)
    for attr in sorted(dir(module)):
        if attr.startswith("_"):
            continue
        obj = getattr(module, attr, None)
        if inspect.ismodule(obj):
            continue
        add(f"{ns}.{attr}", obj)
        if inspect.isclass(obj):
            for member, value in sorted(vars(obj).items()):
                if member.startswith("_") and member != "__init__":
                    continue
                add(f"{ns}.{attr}.{member}", getattr(value, "__func__", getattr(value, "fget", value)))
json.dump({"version": tf.__version__, "docs": docs, "globals": module_globals}, open(out, "w"))
"""


def cache_path(version_hint="2.21"):
    root = pathlib.Path(os.environ.get("NEUROFLOW_TF_DOCS_CACHE", pathlib.Path.home() / ".cache" / "neuroflow"))
    return root / f"tf_docstrings-{version_hint}-globals.json"


def extract(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([TF_PYTHON, "-c", EXTRACT, json.dumps(NAMESPACES), str(path)], check=True,
                   stderr=subprocess.DEVNULL)


def tf_checker():
    """TensorFlow's doctest output checker, loaded from the side venv's installed file."""
    site = subprocess.run([TF_PYTHON, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    spec = importlib.util.spec_from_file_location(
        "tf_doctest_lib", pathlib.Path(site) / "tensorflow" / "tools" / "docs" / "tf_doctest_lib.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TfDoctestOutputChecker()


FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.IGNORE_EXCEPTION_DETAIL | \
    doctest.DONT_ACCEPT_BLANKLINE


class _StderrToStdout:
    """Sends writes to sys.stderr (where tf.print writes) to the current sys.stdout, which doctest
    captures: TensorFlow's docstrings show tf.print's output among the expected output."""

    def write(self, text):
        return sys.stdout.write(text)

    def flush(self):
        sys.stdout.flush()


class _Recorder(doctest.DocTestRunner):
    """Records, per example with expected output, whether it matched and what was printed."""

    def __init__(self, checker):
        super().__init__(checker=checker, optionflags=FLAGS, verbose=False)
        self.results = []

    def report_success(self, out, test, example, got):
        if example.want.strip():
            self.results.append((example.source, True, ""))

    def report_failure(self, out, test, example, got):
        self.results.append((example.source, False, got))

    def report_unexpected_exception(self, out, test, example, exc_info):
        if example.want.strip():
            self.results.append((example.source, False,
                                 "".join(doctest.traceback.format_exception_only(*exc_info[:2]))))


def neuroflow_globals(neuroflow, public_names):
    """Binds each module-level name to neuroflow's object of the same public TensorFlow name."""
    globs = {}
    for ident, path in public_names.items():
        obj = neuroflow
        try:
            for part in path.split(".")[1:]:
                obj = getattr(obj, part)
        except AttributeError:
            continue
        globs[ident] = obj
    return globs


def run_one(name, text, checker, public_names):
    """Runs one docstring in a forked child; returns [(source, matched, got)] per checked example."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read)
        results = []
        try:
            signal.alarm(TIMEOUT_S)
            sys.stderr = _StderrToStdout()
            import neuroflow
            globs = {**neuroflow_globals(neuroflow, public_names), "tf": neuroflow, "np": np, "os": os}
            test = doctest.DocTestParser().get_doctest(text, globs, name, None, 0)
            runner = _Recorder(checker)
            with open(os.devnull, "w") as sink:
                runner.run(test, out=sink.write, clear_globs=True)
            results = runner.results
        except BaseException as error:  # noqa: BLE001 - reported as the docstring's failure
            results = [("<docstring>", False, f"{type(error).__name__}: {error}")]
        with os.fdopen(write, "w") as pipe:
            json.dump(results, pipe)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    if not data:
        expected = [e for e in doctest.DocTestParser().get_examples(text) if e.want.strip()]
        return [(e.source, False, "timed out or crashed") for e in expected]
    return json.loads(data)


def namespace_of(name, docs):
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        if ".".join(parts[:cut]) in NAMESPACES:
            return ".".join(parts[:cut])
    return "tf"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--namespace", action="append", help="only these namespaces (repeatable)")
    parser.add_argument("--name", help="only docstrings whose qualified name contains this")
    parser.add_argument("--failures", help="write failing examples to this file")
    parser.add_argument("--refresh", action="store_true", help="re-extract the docstrings")
    args = parser.parse_args()
    path = cache_path()
    if args.refresh or not path.exists():
        extract(path)
    data = json.loads(path.read_text())
    checker = tf_checker()
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "src"))
    import neuroflow  # noqa: F401 - loaded once before forking, so each child starts warm
    counts = collections.defaultdict(lambda: [0, 0])
    failures = []
    for name, text in sorted(data["docs"].items()):
        ns = namespace_of(name, data["docs"])
        if args.namespace and ns not in args.namespace or args.name and args.name not in name:
            continue
        for source, matched, got in run_one(name, text, checker, data["globals"].get(name, {})):
            counts[ns][0] += matched
            counts[ns][1] += 1
            if not matched:
                failures.append((name, source, got))
    total = [sum(c[0] for c in counts.values()), sum(c[1] for c in counts.values())]
    print(f"TensorFlow {data['version']} docstring examples with expected output, run on neuroflow:")
    for ns, (good, n) in sorted(counts.items(), key=lambda item: -item[1][1]):
        print(f"  {ns:24s} {good:5d} / {n:5d}  {100 * good / max(n, 1):5.1f}%")
    print(f"  {'all':24s} {total[0]:5d} / {total[1]:5d}  {100 * total[0] / max(total[1], 1):5.1f}%")
    if args.failures:
        with open(args.failures, "w") as f:
            for name, source, got in failures:
                f.write(f"### {name}\n>>> {source.rstrip()}\n{got.rstrip()}\n\n")


if __name__ == "__main__":
    main()
