"""`tf.image`: resizing, crops, boxes, flips, colour adjustments, quality measures and random augmentation (re-exports).

The image codecs (`decode_png`, `encode_jpeg`, ...) are `tf.io`'s, listed here too as in TensorFlow.
"""
from ..ops.image_resize_ops import *  # noqa: F401,F403
from ..ops.image_ops import *  # noqa: F401,F403
from ..ops.image_color_ops import *  # noqa: F401,F403
from ..ops.image_random_ops import *  # noqa: F401,F403
from ..ops.image_metrics_ops import *  # noqa: F401,F403
from ..ops.image_box_ops import *  # noqa: F401,F403
from ..io.image_codecs import *  # noqa: F401,F403
from ..ops.image_crop_sampling import *  # noqa: F401,F403
