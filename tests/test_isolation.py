"""run_isolated: each task in a worker of its own; a worker that hangs, exhausts its memory,
dies or raises becomes a WorkerFailure for its task alone, and the other tasks' results come
back in order."""

from __future__ import annotations

import os
import signal
import time

from validator.isolation import Limits, WorkerFailure, run_isolated

LIMITS = Limits(seconds=2, memory_bytes=64 * 1024 * 1024)


def _behave(task: str) -> str:
    if task == "hang":
        time.sleep(60)
    elif task == "hog":
        return "x" * (512 * 1024 * 1024)
    elif task == "die":  # as a decoder does on a fatal error (SIGKILL: no core dump, no faulthandler noise)
        os.kill(os.getpid(), signal.SIGKILL)
    elif task == "raise":
        raise RuntimeError("a bug")
    return task.upper()


def test_each_failure_is_its_own_and_the_rest_come_back_in_order() -> None:
    started = time.monotonic()
    results = run_isolated(_behave, ["a", "hang", "b", "hog", "die", "raise", "c"], LIMITS, jobs=2)
    assert time.monotonic() - started < 20
    assert results[0] == "A" and results[2] == "B" and results[6] == "C"
    kinds = {index: result.kind for index, result in enumerate(results) if isinstance(result, WorkerFailure)}
    assert kinds == {1: "timeout", 3: "memory", 4: "crashed", 5: "error"}


def test_failures_are_described_with_their_limit() -> None:
    assert WorkerFailure("timeout", limits=LIMITS).describe() == (
        "Analysing the file took longer than 2 seconds and was stopped.")
    assert "more than 64 MB of memory" in WorkerFailure("memory", limits=LIMITS).describe()
    crashed = run_isolated(_behave, ["die"], LIMITS)[0]
    assert "killed by SIGKILL" in crashed.describe() and "64 MB" in crashed.describe()
    assert "report this as a bug" in WorkerFailure("error", "RuntimeError: a bug", LIMITS).describe()
