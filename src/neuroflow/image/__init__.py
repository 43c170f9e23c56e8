"""`tf.image`: resizing, crops, flips, colour adjustments and random augmentation (re-exports)."""
from ..ops.image_resize_ops import *  # noqa: F401,F403
from ..ops.image_ops import *  # noqa: F401,F403
from ..ops.image_color_ops import *  # noqa: F401,F403
from ..ops.image_random_ops import *  # noqa: F401,F403
from ..ops.image_metrics_ops import *  # noqa: F401,F403
