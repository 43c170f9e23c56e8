"""`tf.io`: reading and writing files.

The shared file helpers live here too: `atomic` (write a file all at once, or not at all)
and `safe_pickle` (read the pickled NumPy data some dataset files hold, refusing anything
else). Keras files, checkpoints, exports and logs all write through `atomic`.
"""
