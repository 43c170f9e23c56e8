"""Long-lived background threads for file work: checksums, checkpoint writes.

`workers(name, count)` is the process's pool of `count` daemon threads of that name. They
start at the first task and then wait idle for the next, so work handed off often (a
checkpoint every few hundred milliseconds) pays no thread start each time. `submit`
returns a `Task` to wait for. A forked child gets pools of its own (the parent's threads do
not exist there). The threads are daemons: whoever hands over work that must be finished
before the interpreter exits waits for its task (an `atexit` hook at the latest). A task must
not wait for another task of its own pool (with one thread, that one would never run).

>>> task = workers("neuroflow-example", 1).submit(sum, [1, 2, 3])
>>> task.result()
6
>>> workers("neuroflow-example", 1) is workers("neuroflow-example", 1)
True
>>> workers("neuroflow-example", 1).submit(int, "x").wait().error
ValueError("invalid literal for int() with base 10: 'x'")
"""
import os
import queue
import threading

__all__ = ["workers", "Workers", "Task"]

_pools = {}  # (name, process id) -> Workers
_lock = threading.Lock()


class Task:
    """`fn(*args)` handed to a pool: `done()`, `wait()`, `error` (the exception it raised) and `result()`."""

    def __init__(self, fn, args):
        self._call = (fn, args)
        self._finished = threading.Event()
        self._value = self.error = None

    def run(self):
        fn, args = self._call
        try:
            self._value = fn(*args)
        except BaseException as e:  # kept for whoever waits
            self.error = e
        finally:
            self._call = None
            self._finished.set()

    def done(self):
        return self._finished.is_set()

    def wait(self):
        """Waits until the task has run; returns it."""
        self._finished.wait()
        return self

    def result(self):
        """Waits, then returns the function's value or raises its error."""
        if self.wait().error is not None:
            raise self.error
        return self._value


class Workers:
    """`count` daemon threads named `name_0`, ... running submitted tasks in order of submission."""

    def __init__(self, name, count):
        self.name = name
        self._tasks = queue.SimpleQueue()
        for i in range(count):
            threading.Thread(target=self._serve, name=f"{name}_{i}", daemon=True).start()

    def _serve(self):
        while True:
            self._tasks.get().run()

    def submit(self, fn, *args):
        """Hands `fn(*args)` to the threads; returns its `Task`."""
        task = Task(fn, args)
        self._tasks.put(task)
        return task


def workers(name, count):
    """The process's pool called `name`, started with `count` threads on first use."""
    key = (name, os.getpid())
    pool = _pools.get(key)
    if pool is None:
        with _lock:
            pool = _pools.get(key)
            if pool is None:
                pool = _pools[key] = Workers(name, count)
    return pool
