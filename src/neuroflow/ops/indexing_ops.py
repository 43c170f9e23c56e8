"""Indexing: `t[...]` (ints, slices with steps, `...`, `tf.newaxis`), `gather`, `boolean_mask`, ...

>>> import neuroflow as tf
>>> t = tf.constant([[1, 2, 3], [4, 5, 6]])
>>> t[1, ::-1].numpy()
array([6, 5, 4], dtype=int32)
"""
__all__ = []
