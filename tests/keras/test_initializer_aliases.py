"""Keras 3's lower-case initializer names are the classes themselves."""
import numpy as np

from neuroflow import keras


def test_lower_case_names_are_the_classes():
    init = keras.initializers
    pairs = [(init.zeros, init.Zeros), (init.ones, init.Ones), (init.constant, init.Constant),
             (init.glorot_uniform, init.GlorotUniform), (init.he_normal, init.HeNormal),
             (init.lecun_uniform, init.LecunUniform), (init.truncated_normal, init.TruncatedNormal),
             (init.variance_scaling, init.VarianceScaling), (init.orthogonal, init.Orthogonal)]
    for alias, cls in pairs:
        assert alias is cls
    np.testing.assert_array_equal(init.ones()((2, 1)).numpy(), [[1.0], [1.0]])
    assert isinstance(init.get("ones"), init.ones)
