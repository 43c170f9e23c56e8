"""`BatchNormalization`: normalize each channel by the batch's statistics, and track their moving averages.

In training (`training=True`, e.g. inside `fit`) the layer normalizes with the batch's mean
and variance and updates `moving_mean`/`moving_variance`
(`moving = moving * momentum + batch * (1 - momentum)`); in inference (`predict`,
`evaluate`, a plain call) it normalizes with the moving statistics. A frozen layer
(`trainable = False`) always runs in inference mode, as in Keras 3 (fine-tuning).

>>> import neuroflow as tf
>>> from neuroflow import keras
>>> layer = keras.layers.BatchNormalization(momentum=0.5, name="bn")
>>> y = layer(tf.constant([[0.0], [2.0]]), training=True)
>>> y.numpy().round(3).ravel(), layer.moving_mean.numpy(), layer.moving_variance.numpy()
(array([-1.,  1.], dtype=float32), array([0.5], dtype=float32), array([1.], dtype=float32))
>>> [w.path for w in layer.weights]
['bn/gamma', 'bn/beta', 'bn/moving_mean', 'bn/moving_variance']
"""
from ....ops.array_ops import expand_dims, reshape
from ....ops.creation_ops import ones_like
from ....ops.math_ops import cast
from ....ops.nn_ops import batch_normalization, moments
from ....ops.reduction_ops import reduce_sum
from ..input_spec import InputSpec
from ..layer import Layer, _context
from ..weight_options import set_weight_options, weight_options_config

__all__ = ["BatchNormalization"]


class BatchNormalization(Layer):
    """`gamma * (x - mean) / sqrt(variance + epsilon) + beta`, per feature along `axis`.

    Args:
        axis: the feature (channel) axis; -1 for channels-last images.
        momentum: the moving averages' decay (0.99).
        epsilon: added to the variance (1e-3).
        center, scale: whether to learn `beta` and `gamma`.
        *_initializer, *_regularizer, *_constraint: for gamma, beta and the moving statistics.
        synchronized: accepted for TensorFlow compatibility (one process: nothing to synchronize).

    Call arguments:
        training: True to normalize by the batch's statistics and update the moving ones.
        mask: optional `(batch, steps)` mask: masked steps do not count in the batch statistics.
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm=False, renorm_clipping=None, renorm_momentum=0.99, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if renorm:
            raise NotImplementedError("BatchNormalization: batch renormalization (`renorm=True`) is not supported by "
                                      "neuroflow. Use renorm=False.")
        self.axis = int(axis)
        self.momentum, self.epsilon = float(momentum), float(epsilon)
        self.center, self.scale = center, scale
        set_weight_options(self, beta_initializer=beta_initializer, gamma_initializer=gamma_initializer,
                           moving_mean_initializer=moving_mean_initializer,
                           moving_variance_initializer=moving_variance_initializer, beta_regularizer=beta_regularizer,
                           gamma_regularizer=gamma_regularizer, beta_constraint=beta_constraint,
                           gamma_constraint=gamma_constraint)
        self.renorm, self.renorm_clipping, self.renorm_momentum = renorm, renorm_clipping, renorm_momentum
        self.synchronized = synchronized
        self.supports_masking = True
        self.gamma = self.beta = self.moving_mean = self.moving_variance = None

    def build(self, input_shape):
        rank = len(input_shape)
        if not -rank <= self.axis < rank:
            raise ValueError(f"Layer '{self.name}': axis {self.axis} is out of bounds for input shape "
                             f"{tuple(input_shape)}. Received: axis={self.axis}")
        features = input_shape[self.axis]
        if features is None:
            raise ValueError(f"Layer '{self.name}': the feature axis {self.axis} of the input must be defined. "
                             f"Received input shape {tuple(input_shape)}.")
        shape = (features,)
        if self.scale:
            self.gamma = self.add_weight(shape=shape, name="gamma", initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight(shape=shape, name="beta", initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        self.moving_mean = self.add_weight(shape=shape, name="moving_mean", initializer=self.moving_mean_initializer,
                                           trainable=False)
        self.moving_variance = self.add_weight(shape=shape, name="moving_variance",
                                               initializer=self.moving_variance_initializer, trainable=False)
        self.input_spec = InputSpec(ndim=rank, axes={self.axis: features})
        axis = self.axis % rank
        self._reduction_axes = [a for a in range(rank) if a != axis]
        self._broadcast_shape = None if axis == rank - 1 else [-1 if a == axis else 1 for a in range(rank)]

    def _moments(self, inputs, mask):
        if mask is None:
            return moments(inputs, axes=self._reduction_axes)
        if len(mask.shape) != len(inputs.shape) - 1:
            raise ValueError("The mask provided should be one dimension less than the inputs. Received: "
                             f"mask.shape={tuple(mask.shape)}, inputs.shape={tuple(inputs.shape)}")
        weights = expand_dims(cast(mask, inputs.dtype), -1)
        count = reduce_sum(ones_like(inputs) * weights, axis=self._reduction_axes)
        mean = reduce_sum(inputs * weights, axis=self._reduction_axes) / count
        centered = (inputs - self._broadcast(mean)) * weights
        return mean, reduce_sum(centered * centered, axis=self._reduction_axes) / count

    def _broadcast(self, value):
        return value if value is None or self._broadcast_shape is None else reshape(value, self._broadcast_shape)

    def call(self, inputs, training=None, mask=None):
        if training and self.trainable:
            mean, variance = self._moments(inputs, mask)
            if not _context.probing:  # not while Keras infers shapes on zeros
                m = self.momentum
                self.moving_mean.assign(self.moving_mean * m + mean * (1.0 - m))
                self.moving_variance.assign(self.moving_variance * m + variance * (1.0 - m))
        else:
            mean, variance = self.moving_mean, self.moving_variance
        return batch_normalization(inputs, self._broadcast(mean), self._broadcast(variance), self._broadcast(self.beta),
                                   self._broadcast(self.gamma), self.epsilon)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        return {**super().get_config(), "axis": self.axis, "momentum": self.momentum, "epsilon": self.epsilon,
                "center": self.center, "scale": self.scale, **weight_options_config(self, _OPTIONS),
                "synchronized": self.synchronized, "renorm": self.renorm, "renorm_clipping": self.renorm_clipping,
                "renorm_momentum": self.renorm_momentum}


_OPTIONS = ("beta_initializer", "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
            "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint")
