"""`tf.data.Options`: settings attached to a dataset with `with_options`.

>>> import neuroflow as tf
>>> options = tf.data.Options()
>>> options.deterministic = False
>>> tf.data.Dataset.range(3).with_options(options).options().deterministic
False
"""

__all__ = ["Options"]


class _Group:
    """A group of options (e.g. `options.threading`), set by attribute."""

    def __init__(self, **defaults):
        self.__dict__.update(defaults)

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.__dict__.items())})"


class Options:
    """Dataset options. `deterministic` (None: each transformation's own default) is read by
    parallel `map` and `interleave`; the other groups are accepted and kept for compatibility."""

    def __init__(self):
        self.deterministic = None
        self.experimental_optimization = _Group(apply_default_optimizations=None, map_parallelization=None)
        self.threading = _Group(max_intra_op_parallelism=None, private_threadpool_size=None)
        self.experimental_distribute = _Group(auto_shard_policy=None)
        self.autotune = _Group(enabled=None, cpu_budget=None, ram_budget=None)
        self.experimental_slack = False

    def merge(self, options):
        """These options overridden by the ones `options` sets."""
        merged = Options()
        merged.__dict__.update(self.__dict__)
        merged.__dict__.update({k: v for k, v in options.__dict__.items() if v is not None})
        return merged

    def __repr__(self):
        return f"Options(deterministic={self.deterministic!r})"
