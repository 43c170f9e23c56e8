"""Running the Node scripts beside these tests against examples/web's npm packages."""
import json
import os
import shutil
import subprocess

import numpy as np
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WEB = os.path.join(ROOT, "examples", "web")
NODE_MODULES = os.path.join(WEB, "node_modules")
HERE = os.path.dirname(os.path.abspath(__file__))

requires_node = pytest.mark.skipif(
    shutil.which("node") is None or not os.path.isdir(os.path.join(NODE_MODULES, "@tensorflow", "tfjs")),
    reason="needs Node.js and @tensorflow/tfjs: `apt-get install nodejs npm && (cd examples/web && npm ci)` "
           "(.ci/run does this)")


def run_node(script, *args, timeout=120):
    """Runs tests/export/<script> with NODE_PATH at examples/web/node_modules; returns its JSON output."""
    result = subprocess.run(["node", os.path.join(HERE, script), *map(str, args)], capture_output=True, text=True,
                            timeout=timeout, env={**os.environ, "NODE_PATH": NODE_MODULES})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def tfjs_predict(folder, inputs, tmp_path):
    """The predictions TF.js in Node makes with the model in `folder` for the arrays `inputs`."""
    spec = [{"shape": list(x.shape), "dtype": "int32" if x.dtype.kind in "iu" else "float32",
             "data": x.ravel().tolist()} for x in inputs]
    (tmp_path / "inputs.json").write_text(json.dumps(spec))
    out = run_node("tfjs_predict.js", folder, tmp_path / "inputs.json")
    return [np.asarray(y["data"], np.float32).reshape(y["shape"]) for y in out["outputs"]]
