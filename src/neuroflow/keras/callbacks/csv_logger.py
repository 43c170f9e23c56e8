"""`CSVLogger`: writes one row per epoch (epoch number, then the sorted log keys) to a CSV file."""
import collections.abc
import csv
import os

import numpy as np

from ...framework import replicas
from .callback import Callback

__all__ = ["CSVLogger"]


def _cell(value):
    if isinstance(value, str) or (isinstance(value, np.ndarray) and value.ndim == 0):
        return value
    if isinstance(value, collections.abc.Iterable):
        return f'"[{", ".join(map(str, value))}]"'
    return value


class CSVLogger(Callback):
    """Streams epoch results to a CSV file.

    Args:
        filename: the CSV file, e.g. "run/log.csv".
        separator: the field separator.
        append: append to an existing file (continuing a run) instead of overwriting it.
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename = os.fspath(filename)
        self.sep = separator
        self.append = append
        self.csv_file = self.writer = self.keys = None

    def on_train_begin(self, logs=None):
        if not replicas.is_chief():  # tf.distribute: only rank 0 writes the file
            return
        write_header = True
        if self.append and os.path.exists(self.filename):
            with open(self.filename) as f:
                write_header = not f.readline()
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        self.csv_file = open(self.filename, "a" if self.append else "w", newline="")
        self._write_header = write_header
        self.writer = self.keys = None

    def on_epoch_end(self, epoch, logs=None):
        if self.csv_file is None:  # not the chief of a tf.distribute job
            return
        logs = logs or {}
        if self.keys is None:
            self.keys = sorted(logs)
        if self.writer is None:
            self.writer = csv.DictWriter(self.csv_file, fieldnames=["epoch"] + self.keys, delimiter=self.sep)
            if self._write_header:
                self.writer.writeheader()
        row = {"epoch": epoch}
        row.update((key, _cell(logs.get(key, "NA"))) for key in self.keys)
        self.writer.writerow(row)
        self.csv_file.flush()

    def on_train_end(self, logs=None):
        if self.csv_file and not self.csv_file.closed:
            self.csv_file.close()
        self.writer = None
