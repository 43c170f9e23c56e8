"""`tf.queue`: FIFO, padding, random-shuffle and priority queues of tensor tuples (re-exports).

>>> import neuroflow as tf
>>> q = tf.queue.FIFOQueue(capacity=10, dtypes=tf.int32)
>>> q.size()
<tf.Tensor: shape=(), dtype=int32, numpy=0>
"""
from .queues import QueueBase, FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue, PriorityQueue

__all__ = ["QueueBase", "FIFOQueue", "PaddingFIFOQueue", "RandomShuffleQueue", "PriorityQueue"]
