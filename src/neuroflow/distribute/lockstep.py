"""The replicas of one process, run in lockstep: one thread per replica, one running at a time.

`Lockstep(n).run(call)` runs `call(i)` for the replicas `i = 0..n-1`, each in its own thread,
but only one at a time (the others wait for their turn), so the execution state of the library
(recording tapes, the graph being traced) stays that of the running replica. A replica that
reaches a collective (`exchange`) hands its turn on; the last one to arrive combines the values
of all, and each replica resumes with them in turn. This gives `ReplicaContext.all_reduce` and
`all_gather` to the replicas of `MirroredStrategy(["GPU:0", "GPU:1"])` on one CPU.

>>> Lockstep(2).run(lambda i, exchange: sum(exchange(i, 10 * (i + 1))))
[30, 30]
"""
import threading

from ..framework.context import state

__all__ = ["Lockstep"]


class Lockstep:
    """Runs a function once per replica, one replica at a time (see the module docstring)."""

    def __init__(self, count):
        self.count = int(count)
        self._turn = threading.Condition()
        self._running = 0
        self._finished = [False] * self.count
        self._waiting = [False] * self.count  # in an exchange that lacks other replicas' values
        self._deposits = {}  # this exchange's values, by replica
        self._exchanged = []  # the values of every completed exchange, in order
        self._error = None

    def run(self, call):
        """`[call(i, exchange) for i in range(count)]`, the calls interleaved at their exchanges;
        `exchange(i, value)` returns every replica's `value` (a list indexed by replica)."""
        outer = (state.tapes, state.graph)
        results, errors = [None] * self.count, [None] * self.count

        def replica(i):
            with self._turn:
                self._turn.wait_for(lambda: self._running == i)
                state.tapes, state.graph = list(outer[0]), None
                try:
                    results[i] = call(i, self._exchange_in(i))
                except BaseException as error:  # noqa: B902 - re-raised by the caller
                    errors[i] = error
                self._finished[i] = True
                self._pass_turn(i)
        threads = [threading.Thread(target=replica, args=(i,), name=f"neuroflow-replica-{i}", daemon=True)
                   for i in range(self.count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        state.tapes, state.graph = outer
        error = next((e for e in errors if e is not None), None) or self._error
        if error is not None:
            raise error
        return results

    def _exchange_in(self, i):
        done = [0]  # the exchanges replica i has completed

        def exchange(_, value):
            """Called by replica i while it runs (holding the condition's lock)."""
            if state.graph is not None:
                raise NotImplementedError(
                    "A collective inside a tf.function traced in a replica of a strategy with several replicas in "
                    "one process is not supported; call it eagerly (strategy.run runs a tf.function's Python "
                    "function on each replica).")
            self._deposits[i] = value
            if len(self._deposits) == self.count:  # the last to arrive: combine, and go on
                self._exchanged.append([self._deposits[r] for r in range(self.count)])
                self._deposits = {}
                for r in range(self.count):
                    self._waiting[r] = False
            else:
                self._waiting[i] = True
                saved = (state.tapes, state.graph)
                self._pass_turn(i)
                self._turn.wait_for(lambda: self._running == i or self._error is not None)
                if self._error is not None:
                    raise self._error
                state.tapes, state.graph = saved
            done[0] += 1
            return self._exchanged[done[0] - 1]
        return exchange

    def _pass_turn(self, i):
        """Hands the turn to the next replica after `i` that can run (not finished, not waiting)."""
        for step in range(1, self.count + 1):
            r = (i + step) % self.count
            if not self._finished[r] and not self._waiting[r]:
                self._running = r
                break
        else:
            self._running = None
            if any(self._waiting):
                self._error = RuntimeError(
                    "The replicas of this process made different collectives: some finished while others wait in "
                    "an all_reduce/all_gather. Every replica must make the same collectives in the same order.")
        self._turn.notify_all()
