"""`tf.io`: reading and writing files.

The shared file helpers live here too: `atomic` (write a file all at once, or not at all)
and `safe_pickle` (read the pickled NumPy data some dataset files hold, refusing anything
else). Keras files, checkpoints, exports and logs all write through `atomic`.
"""
from .tfrecord import TFRecordOptions, TFRecordWriter
from .parsing import (FixedLenFeature, FixedLenSequenceFeature, VarLenFeature, parse_example,
                      parse_single_example)
from .ragged_feature import RaggedFeature
from . import gfile
from .file_ops import matching_files, read_file, write_file
from .csv_decoding import decode_csv
from .image_codecs import (decode_bmp, decode_gif, decode_image, decode_jpeg, decode_png, encode_jpeg,
                           encode_png, is_jpeg)
from .byte_decoding import decode_compressed, decode_raw
from .tensor_proto import parse_tensor, serialize_tensor
from .json_example import decode_json_example
