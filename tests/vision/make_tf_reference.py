"""Records TensorFlow's outputs and gradients for `reference_cases.py` into `tf_reference.npz`.

Run with a TensorFlow install (not a dependency of neuroflow or its tests):
    /work/tfvenv/bin/python tests/vision/make_tf_reference.py
"""
import os
import sys

import numpy as np



def main():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import tensorflow as tf
    sys.path.insert(0, os.path.dirname(__file__))
    from reference_cases import cases, run
    record = {}
    for name, (fn, arrays) in cases(tf).items():
        outs, grads = run(tf, fn, arrays)
        record.update({f"{name}|out{i}": o for i, o in enumerate(outs)})
        record.update({f"{name}|grad{i}": g for i, g in enumerate(grads)})
    path = os.path.join(os.path.dirname(__file__), "tf_reference.npz")
    np.savez_compressed(path, **{k: v.astype(np.float32) if v.dtype == np.float64 else v for k, v in record.items()})
    print(f"{len(record)} arrays from TensorFlow {tf.__version__} -> {path}")


if __name__ == "__main__":
    main()
