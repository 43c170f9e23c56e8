"""`Progbar`: Keras 3's progress bar, as `fit` prints it.

With `verbose=1` the bar redraws in place (`\\r`) and ends with a line like::

    1875/1875 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - accuracy: 0.9100 - loss: 0.2900

(step counts in bold, the done part of the bar green, as Keras' ANSI codes draw it);
`verbose=2` prints only that final line, in plain text.

>>> from neuroflow.keras.utils import Progbar
>>> bar = Progbar(2, verbose=2)
>>> bar.update(1, [("loss", 0.75)])
>>> bar.update(2, [("loss", 0.5)])
2/2 - 0s - ...s/step - loss: 0.5000
"""
import math
import os
import sys
import time

import numpy as np

__all__ = ["Progbar"]

_BOLD, _GREEN, _WHITE, _RESET = "\x1b[1m", "\x1b[32m", "\x1b[37m", "\x1b[0m"


def _format_time(seconds_per_unit, unit_name):
    """' 12ms/step': seconds, milliseconds or microseconds, whichever reads best."""
    if seconds_per_unit >= 1 or seconds_per_unit == 0:
        return f" {seconds_per_unit:.0f}s/{unit_name}"
    if seconds_per_unit >= 1e-3:
        return f" {seconds_per_unit * 1e3:.0f}ms/{unit_name}"
    return f" {seconds_per_unit * 1e6:.0f}us/{unit_name}"


def _format_eta(eta):
    if eta > 3600:
        return "%d:%02d:%02d" % (eta // 3600, (eta % 3600) // 60, eta % 60)
    if eta > 60:
        return "%d:%02d" % (eta // 60, eta % 60)
    return "%ds" % eta


class Progbar:
    """Displays a progress bar.

    Args:
        target: total number of steps expected, None if unknown.
        width: the bar's width in characters.
        verbose: 0 (silent), 1 (live bar), 2 (one line when done).
        interval: minimum seconds between two redraws of the live bar.
        stateful_metrics: names of values shown as given; all others are averaged
            over the steps seen so far.
        unit_name: what a step is called in the timing ("step" or "sample").
    """

    def __init__(self, target, width=20, verbose=1, interval=0.05, stateful_metrics=None,
                 unit_name="step"):
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.unit_name = unit_name
        self.stateful_metrics = set(stateful_metrics or ())
        # Keras redraws in place whenever it may: on a terminal, in notebooks, on any POSIX system.
        self._dynamic_display = (getattr(sys.stdout, "isatty", lambda: False)() or "ipykernel" in sys.modules
                                 or os.name == "posix" or "PYCHARM_HOSTED" in os.environ)
        self._seen_so_far = 0
        self._values = {}   # name -> [weighted sum, weight]; insertion order is display order
        self._start = time.time()
        self._last_update = 0.0
        self._time_after_first_step = None
        self._prev_total_width = 0

    def update(self, current, values=None, finalize=None):
        """Moves the bar to step `current`.

        Args:
            current: index of the current step (1-based count of steps done).
            values: list of `(name, value)` pairs for this step.
            finalize: whether this is the last update; defaults to `current >= target`.
        """
        if finalize is None:
            finalize = self.target is not None and current >= self.target
        for name, value in values or ():
            self._record(name, value, current, finalize)
        self._seen_so_far = current
        now = time.time()
        per_unit = self._step_duration(current, now)
        if self.verbose == 1:
            if now - self._last_update < self.interval and not finalize:
                return
            self._draw(current, now, per_unit, finalize)
        elif self.verbose == 2 and finalize and self.target:
            digits = int(math.log10(self.target)) + 1
            line = f"{current:{digits}d}/{self.target} - {now - self._start:.0f}s -"
            line += _format_time(per_unit, self.unit_name)
            for name in self._values:
                line += f" - {name}: {self._average(name, lambda v: v > 1e-3)}"
            _write(line + "\n")
        self._last_update = now

    def add(self, n, values=None):
        """Advances the bar by `n` steps."""
        self.update(self._seen_so_far + n, values)

    # --- internals -----------------------------------------------------------------------
    def _record(self, name, value, current, finalize):
        if name in self.stateful_metrics or finalize:
            self._values[name] = [value, 1]
            return
        weight = max(current - self._seen_so_far, 1)
        total = self._values.setdefault(name, [0.0, 0])
        total[0] += value * weight
        total[1] += weight

    def _average(self, name, use_fixed):
        total, count = self._values[name]
        if not isinstance(total, float):
            total = np.mean(total)
        avg = total / max(1, count)
        return f"{avg:.4f}" if use_fixed(avg) else f"{avg:.4e}"

    def _draw(self, current, now, per_unit, finalize):
        message = "\b" * self._prev_total_width + "\r" if self._dynamic_display else "\n"
        hidden = 0  # characters of ANSI codes, which take no width on screen
        if self.target:
            digits = int(math.log10(self.target)) + 1
            bar = f"{_BOLD}{current:{digits}d}/{self.target}{_RESET} "
            done = int(self.width * current / self.target)
            if done > 0:
                bar += f"{_GREEN}{'━' * done}{_RESET}"
                hidden += 9
            bar += f"{_WHITE}{'━' * (self.width - done)}{_RESET}"
            hidden += 17
        else:
            bar = "%7d/Unknown" % current
        if self.target and not finalize:
            info = f" {_BOLD}{_format_eta(per_unit * (self.target - current))}{_RESET}"
        else:
            info = f" {_BOLD}{now - self._start:.0f}s{_RESET}"
        hidden += 8
        info += _format_time(per_unit, self.unit_name)
        for name in self._values:
            info += f" - {name}: {self._average(name, lambda v: abs(v) > 1e-3)}"
        total_width = len(bar) + len(info) - hidden
        message += bar + info + " " * max(self._prev_total_width - total_width, 0)
        if finalize:
            message += "\n"
        _write(message)
        self._prev_total_width = total_width

    def _step_duration(self, current, now):
        """Seconds per step, ignoring the (slow, warming-up) first step once there are more."""
        if not current:
            return 0
        if self._time_after_first_step is not None and current > 1:
            per_unit = (now - self._time_after_first_step) / (current - 1)
        else:
            per_unit = (now - self._start) / current
        if current == 1:
            self._time_after_first_step = now
        return per_unit


def _write(message):
    sys.stdout.write(message)
    sys.stdout.flush()
