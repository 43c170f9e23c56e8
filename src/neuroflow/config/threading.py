"""`tf.config.threading`: how many threads the math libraries use.

neuroflow's kernels are NumPy calls, so intra-op parallelism is the BLAS thread pool's
size; it is set through `threadpoolctl` when that package is installed. Small matrices
(a 784-128-10 MLP at batch 32) run faster on one BLAS thread than on several.

>>> import neuroflow as tf
>>> tf.config.threading.get_intra_op_parallelism_threads()
0
"""
__all__ = ["get_intra_op_parallelism_threads", "set_intra_op_parallelism_threads",
           "get_inter_op_parallelism_threads", "set_inter_op_parallelism_threads"]

_threads = {"intra": 0, "inter": 0, "limiter": None}


def get_intra_op_parallelism_threads():
    """Threads per op (0: the libraries' default)."""
    return _threads["intra"]


def set_intra_op_parallelism_threads(num_threads):
    """Limits BLAS (and OpenMP) to `num_threads` threads per op; 0 restores the default."""
    _threads["intra"] = int(num_threads)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    if _threads["limiter"] is not None:
        _threads["limiter"].restore_original_limits()
        _threads["limiter"] = None
    if num_threads:
        _threads["limiter"] = threadpool_limits(limits=int(num_threads))


def get_inter_op_parallelism_threads():
    """Ops run one at a time here; the setting is kept for compatibility."""
    return _threads["inter"]


def set_inter_op_parallelism_threads(num_threads):
    _threads["inter"] = int(num_threads)
