"""Running one task per worker process, under a time and a memory limit.

A hostile file can make a decoder loop, allocate without bound or crash outright. Each file is
therefore analysed in its own short-lived process: past its deadline the process is killed, its
address space is capped, and whatever happens to it, the run goes on with the next file."""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Limits:
    seconds: float
    memory_bytes: int


@dataclass(frozen=True)
class WorkerFailure:
    """`kind`: timeout, memory, crashed, error."""

    kind: str
    detail: str = ""
    limits: Limits | None = None

    def describe(self) -> str:
        if self.kind == "timeout" and self.limits:
            unit = "second" if self.limits.seconds == 1 else "seconds"
            return f"Analysing the file took longer than {self.limits.seconds:g} {unit} and was stopped."
        if self.kind == "memory" and self.limits:
            return f"Analysing the file needed more than {self.limits.memory_bytes // (1024 * 1024)} MB of memory and was stopped."
        if self.kind == "crashed" and self.limits:
            return (f"The decoder stopped abruptly on this file ({self.detail}); decoders do so when a file makes "
                    f"them exceed the {self.limits.memory_bytes // (1024 * 1024)} MB of memory allowed, or trips a "
                    "fault in them.")
        return f"The validator failed on this file ({self.detail}); please report this as a bug."


@dataclass
class _Running(Generic[T]):
    index: int
    process: multiprocessing.process.BaseProcess
    deadline: float


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _cap_memory(memory_bytes: int) -> None:
    try:
        import resource
    except ImportError:  # not POSIX: only the time limit applies
        return
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            in_use = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        in_use = 0
    limit = in_use + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child(function: Callable[[T], R], task: T, connection: Connection, memory_bytes: int) -> None:
    # Libraries that start thread pools (OCR, BLAS) must not multiply the workers' threads.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    # A decoder that crashes is reported as a finding; a crash dump would only add noise.
    faulthandler.disable()
    try:
        _cap_memory(memory_bytes)
        outcome = ("ok", function(task))
    except MemoryError:
        outcome = ("memory", "")
    except BaseException as exc:  # noqa: BLE001 - any failure must reach the parent as a finding
        outcome = ("error", f"{type(exc).__name__}: {exc}")
    try:
        connection.send(outcome)
    except MemoryError:
        connection.send(("memory", ""))
    finally:
        connection.close()


def _exit_detail(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            pass
    return f"exit status {exitcode}"


def run_isolated(
    function: Callable[[T], R],
    tasks: Sequence[T],
    limits: Limits,
    jobs: int = 1,
    on_done: Callable[[int], None] | None = None,
) -> list[R | WorkerFailure]:
    """`function(task)` for every task, each in its own process, at most `jobs` at a time.
    Results come back in the order of `tasks`."""
    context = _context()
    results: list[R | WorkerFailure | None] = [None] * len(tasks)
    pending = list(range(len(tasks)))
    pending.reverse()
    running: dict[Connection, _Running] = {}

    def finish(connection: Connection, outcome: R | WorkerFailure) -> None:
        slot = running.pop(connection)
        results[slot.index] = outcome
        connection.close()
        slot.process.join(timeout=5)
        if slot.process.is_alive():
            slot.process.kill()
            slot.process.join()
        if on_done:
            on_done(slot.index)

    while pending or running:
        while pending and len(running) < max(1, jobs):
            index = pending.pop()
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(function, tasks[index], sender, limits.memory_bytes),
                                      daemon=True)
            process.start()
            sender.close()
            running[receiver] = _Running(index, process, time.monotonic() + limits.seconds)
        soonest = min(slot.deadline for slot in running.values())
        for connection in wait(list(running), timeout=max(0.0, soonest - time.monotonic())):
            try:
                kind, payload = connection.recv()
            except (EOFError, OSError):
                slot = running[connection]
                slot.process.join(timeout=5)
                outcome: R | WorkerFailure = WorkerFailure("crashed", _exit_detail(slot.process.exitcode), limits)
            else:
                outcome = payload if kind == "ok" else WorkerFailure(kind, payload, limits)
            finish(connection, outcome)
        now = time.monotonic()
        for connection, slot in list(running.items()):
            if slot.deadline <= now:
                slot.process.kill()
                finish(connection, WorkerFailure("timeout", limits=limits))
    return results  # type: ignore[return-value]
