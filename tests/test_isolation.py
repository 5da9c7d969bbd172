from __future__ import annotations

import os
import signal
import time

from validator.isolation import Limits, WorkerFailure, run_isolated


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _die(_: object) -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _allocate(megabytes: int) -> int:
    return len(bytearray(megabytes * 1024 * 1024))


def _raise(_: object) -> None:
    raise ValueError("boom")


def test_results_come_back_in_task_order_with_parallel_workers():
    assert run_isolated(_sleep, [0.2, 0.0, 0.1], Limits(10, 512 * 1024 * 1024), jobs=3) == [0.2, 0.0, 0.1]


def test_a_worker_past_its_deadline_is_stopped_and_the_rest_still_run():
    start = time.monotonic()
    slow, quick = run_isolated(_sleep, [30, 0], Limits(0.5, 512 * 1024 * 1024), jobs=1)
    assert time.monotonic() - start < 10
    assert isinstance(slow, WorkerFailure) and slow.kind == "timeout"
    assert "0.5 seconds" in slow.describe()
    assert quick == 0


def test_a_crashing_worker_is_a_failure_not_a_crash():
    (result,) = run_isolated(_die, [None], Limits(10, 512 * 1024 * 1024))
    assert isinstance(result, WorkerFailure) and result.kind == "crashed"


def test_memory_beyond_the_limit_is_stopped():
    big, small = run_isolated(_allocate, [2048, 1], Limits(10, 256 * 1024 * 1024))
    assert isinstance(big, WorkerFailure) and big.kind == "memory"
    assert small == 1024 * 1024


def test_an_unexpected_error_is_reported_as_a_bug():
    (result,) = run_isolated(_raise, [None], Limits(10, 512 * 1024 * 1024))
    assert isinstance(result, WorkerFailure) and result.kind == "error"
    assert "ValueError: boom" in result.describe() and "bug" in result.describe()
