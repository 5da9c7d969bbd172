"""run_isolated: a worker that hangs, exhausts its memory, dies or raises becomes a
WorkerFailure for its task alone, and the other tasks' results come back in order; a worker
takes another task only after a clean one, under a memory limit re-armed for each task."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

from validator.context import FileFacts, FileResult
from validator.engine import _decoded_cleanly
from validator.isolation import Limits, WorkerFailure, run_isolated

LIMITS = Limits(seconds=2, memory_bytes=64 * 1024 * 1024)
# What a task leaves behind in its worker: a later task in the same worker still sees it.
_kept: list[bytes] = []


def _behave(task: str) -> str:
    if task == "hang":
        time.sleep(60)
    elif task == "hog":
        return "x" * (512 * 1024 * 1024)
    elif task == "die":  # as a decoder does on a fatal error (SIGKILL: no core dump, no faulthandler noise)
        os.kill(os.getpid(), signal.SIGKILL)
    elif task == "raise":
        raise RuntimeError("a bug")
    elif task == "pid":
        return os.getpid()
    elif task == "nap":
        time.sleep(0.5)
    elif task == "vanish":  # the worker dies while idle, after its result went back
        threading.Timer(0.2, os._exit, (0,)).start()
        return os.getpid()
    elif task == "keep":  # 48 MB held on to: three of them exceed one 64 MB limit together
        _kept.append(os.urandom(1024) * (48 * 1024))
        return len(_kept)
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


def test_a_worker_takes_the_next_task_after_a_clean_one() -> None:
    pids = run_isolated(_behave, ["pid", "pid", "pid"], LIMITS, jobs=1)
    assert len(set(pids)) == 1 and os.getpid() not in pids


def test_a_fresh_worker_follows_a_failure_or_a_rejected_result() -> None:
    after_failure = run_isolated(_behave, ["pid", "raise", "pid"], LIMITS, jobs=1)
    assert after_failure[0] != after_failure[2]
    after_timeout = run_isolated(_behave, ["pid", "hang", "pid"], Limits(0.5, LIMITS.memory_bytes), jobs=1)
    assert after_timeout[1].kind == "timeout" and after_timeout[0] != after_timeout[2]
    never_reused = run_isolated(_behave, ["pid", "pid", "pid"], LIMITS, jobs=1, reusable=lambda result: False)
    assert len(set(never_reused)) == 3


def test_a_worker_that_died_while_idle_is_replaced() -> None:
    results = run_isolated(_behave, ["vanish", "pid"], LIMITS, jobs=1, on_done=lambda index: time.sleep(0.8))
    assert isinstance(results[1], int) and results[1] != results[0]


def test_results_are_settled_beside_the_last_worker_once_every_task_is_assigned() -> None:
    """`settle` runs in this process on each result that came back (not on a failure), once no task
    waits for a worker and a worker has been let go: the others' results while the last task still
    runs, and never with every worker alive (their memory and a task kept waiting)."""
    done: list[int] = []
    settled: list[tuple[int, bool, int]] = []

    def settle(index: int, result: str) -> str:
        settled.append((index, 5 in done, len(multiprocessing.active_children())))
        return f"settled {result}"

    results = run_isolated(_behave, ["a", "b", "raise", "c", "d", "nap"], LIMITS, jobs=2, on_done=done.append,
                           settle=settle)
    assert results[:2] == ["settled A", "settled B"] and results[3:] == ["settled C", "settled D", "settled NAP"]
    assert isinstance(results[2], WorkerFailure)
    # In the order the results came back: the quick ones in any order, the nap last.
    assert sorted(index for index, _, _ in settled[:4]) == [0, 1, 3, 4] and settled[4][0] == 5
    # All but the last settled while the last task ran, in one worker; the last once it was done.
    assert [nap_done for _, nap_done, _ in settled] == [False] * 4 + [True]
    assert [alive for _, _, alive in settled] == [1] * 4 + [0]


def test_the_memory_limit_is_re_armed_for_each_task() -> None:
    """Each task may use the limit over what its worker holds when it starts."""
    assert run_isolated(_behave, ["keep", "keep", "keep"], LIMITS, jobs=1) == [1, 2, 3]


def test_the_validator_reuses_a_worker_only_after_a_file_its_decoders_read() -> None:
    assert _decoded_cleanly(FileResult((), FileFacts("JPEG", 1000, 1, decoded=True)))
    assert not _decoded_cleanly(FileResult((), FileFacts("JPEG", 1000, 0, decoded=False)))
    assert not _decoded_cleanly(FileResult(()))
