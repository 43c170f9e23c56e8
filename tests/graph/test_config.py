"""tf.config: devices, threading and graph-compiler options."""
import neuroflow as tf


def test_devices():
    cpus = tf.config.list_physical_devices("CPU")
    assert cpus == [tf.config.PhysicalDevice("/physical_device:CPU:0", "CPU")]
    assert tf.config.list_logical_devices("CPU")[0].name == "/device:CPU:0"
    assert all(d.device_type == "GPU" for d in tf.config.list_physical_devices("GPU"))
    assert tf.config.get_visible_devices("CPU") == cpus
    assert tf.config.experimental.get_memory_growth(cpus[0]) is False


def test_threading_settings_round_trip():
    tf.config.threading.set_inter_op_parallelism_threads(2)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    try:
        assert tf.config.threading.get_inter_op_parallelism_threads() == 2
        assert tf.config.threading.get_intra_op_parallelism_threads() == 1
    finally:
        tf.config.threading.set_intra_op_parallelism_threads(0)
        tf.config.threading.set_inter_op_parallelism_threads(0)
    assert tf.config.threading.get_intra_op_parallelism_threads() == 0


def test_compat_v2_is_the_tf2_namespace():
    assert tf.compat.v2.function is tf.function and tf.compat.v1.Session is not None
