"""neuroflow.io.background: long-lived worker threads, one pool per name and process."""
import os
import threading

import pytest

from neuroflow.io.background import workers


def test_tasks_run_in_order_on_the_same_threads_and_keep_errors():
    pool = workers("neuroflow-test-order", 1)
    seen = []
    tasks = [pool.submit(lambda i=i: seen.append((i, threading.current_thread().name))) for i in range(5)]
    for task in tasks:
        task.result()
    assert [i for i, _ in seen] == list(range(5))
    assert {name for _, name in seen} == {"neuroflow-test-order_0"}
    failing = pool.submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing.result()
    assert isinstance(failing.error, ZeroDivisionError) and failing.done()
    assert pool.submit(sum, [1, 2]).result() == 3  # an error does not stop the thread
    assert workers("neuroflow-test-order", 1) is pool


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_a_forked_child_starts_pools_of_its_own():
    pool = workers("neuroflow-test-fork", 1)
    assert pool.submit(int, "7").result() == 7
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: the parent's thread does not exist here
        try:
            child_pool = workers("neuroflow-test-fork", 1)
            ok = child_pool is not pool and child_pool.submit(int, "8").result() == 8
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    assert os.read(read, 1) == b"1"
    os.waitpid(pid, 0)
    os.close(read)
