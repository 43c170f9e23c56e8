"""Child process for test_checkpoint_callbacks: trains with BackupAndRestore and SIGKILLs itself at a step.

Arguments: backup_dir out.npz kill_at phase save_freq. `phase` is "begin" (before the step),
"end" (after its backup), "during" (inside the backup write, before its rename) or "none".
"""
import os
import signal
import sys

import numpy as np

from neuroflow import keras

backup, out, kill_at, phase, save_freq = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
save_freq = save_freq if save_freq == "epoch" else int(save_freq)
keras.utils.set_random_seed(42)
rng = np.random.RandomState(0)
x, y = rng.normal(size=(200, 8)).astype("float32"), rng.randint(0, 3, 200)
model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dropout(0.25), keras.layers.Dense(3)])
model.compile(keras.optimizers.Adam(0.01), keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
steps = [0]
def kill():
    os.kill(os.getpid(), signal.SIGKILL)
if phase == "during":  # die inside the backup write, before its atomic rename
    from neuroflow.keras.saving import saving_lib
    original = saving_lib.save_state
    def dying(*args, **kwargs):
        original(*args, **kwargs)
        if steps[0] - 1 == kill_at:
            kill()
    saving_lib.save_state = dying
class Kill(keras.callbacks.Callback):
    def on_train_batch_begin(self, batch, logs=None):
        if phase == "begin" and steps[0] == kill_at:
            kill()
    def on_train_batch_end(self, batch, logs=None):
        steps[0] += 1
        if phase == "end" and steps[0] - 1 == kill_at:
            kill()
callbacks = [Kill(), keras.callbacks.BackupAndRestore(backup, save_freq=save_freq)] if phase == "during" else \
    [keras.callbacks.BackupAndRestore(backup, save_freq=save_freq), Kill()]
model.fit(x, y, batch_size=32, epochs=3, verbose=0, callbacks=callbacks)
np.savez(out, *model.get_weights(), steps_run=steps[0])
