"""Running tasks in worker processes, under a time and a memory limit per task.

A hostile file can make a decoder loop, allocate without bound or crash outright. Files are
therefore analysed in worker processes, one file at a time in each: past its deadline a worker
is killed, its address space is capped before every task, and whatever happens to it, the run
goes on with the next file. A worker takes another task only when its last one finished cleanly
(and, for files, decoded without a complaint): a fresh process per file cost about 30 ms of CPU
a file (docs/validator/performance.md), but a worker that has failed, or whose decoder rejected
a file, is replaced, so nothing a bad file leaves behind meets the next one.

Workers die with the run: the parent kills them, each with its process group (and so whatever
it started, such as a Tesseract run), when their task is over or out of time and when the run
stops (also on Ctrl-C or SIGTERM, which `interrupted` turns into an exception); should the parent be killed outright, Linux's
parent-death signal kills them, and elsewhere an idle worker sees the end of its task pipe (a
worker holds no other process's end of any pipe)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import faulthandler
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TypeVar

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
class _Worker:
    process: multiprocessing.process.BaseProcess
    # Two one-way pipes, not a socket pair: the validator opens no socket of any kind.
    tasks: Connection
    results: Connection
    # The task it is working on, and when it must be done.
    index: int = -1
    deadline: float = 0.0


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class Interrupted(BaseException):  # like KeyboardInterrupt: no `except Exception` may swallow it
    """The run was stopped by a signal (Ctrl-C or SIGTERM); `exit_status` is the shell's 128 + N."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.exit_status = 128 + signum


@contextlib.contextmanager
def interrupted() -> Iterator[None]:
    """SIGINT and SIGTERM raise `Interrupted` inside the block, so that whatever is running
    cleans up (kills its workers) on the way out. Only the main thread can set handlers:
    elsewhere (validate called from a thread) the caller's own handling stays."""
    def stop(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """SIGKILL to this process when `parent` ends (Linux's prctl; elsewhere the task pipe's end
    tells an idle worker). The worker leads a process group of its own, so that the parent can
    kill it together with whatever it started (a Tesseract run) and a Ctrl-C at the terminal
    reaches the parent alone, which decides what becomes of its workers."""
    if hasattr(os, "setpgid"):
        os.setpgid(0, 0)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    # The parent may have died before the signal was asked for.
    if os.getppid() != parent:
        os._exit(1)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
# glibc's largest mmap threshold on 64-bit systems: blocks this large still go back to the system
# when freed (a photo decoded at full size), smaller ones are reused.
_MMAP_THRESHOLD = 32 * 1024 * 1024
_TRIM_THRESHOLD = 1024 * 1024 * 1024


def _reuse_freed_memory() -> None:
    """glibc's allocator keeps the memory a page's arrays free for the next page's, instead of
    giving it back to the system and faulting it in again, zeroed, page by page: with glibc's own
    thresholds the workers spent 0.4 s of a 2.8 s `--no-ocr` run of the benchmark in the kernel
    (150,000 page faults), with these 0.16 s (55,000) (docs/validator/performance.md). What a
    worker keeps stays within its memory cap, which counts its address space. Elsewhere than
    glibc, nothing changes."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
        libc.mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD)
    except (OSError, AttributeError):
        pass


def _cap_memory(memory_bytes: int) -> None:
    """The address space capped at what the worker uses now plus `memory_bytes`: the soft limit
    only, so that it can be re-armed for the next task."""
    try:
        import resource
    except ImportError:  # not POSIX: only the time limit applies
        return
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            in_use = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    except (OSError, StopIteration, ValueError):
        in_use = 0
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = in_use + memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _serve(function: Callable[[T], R], tasks: Connection, results: Connection, memory_bytes: int, parent: int,
           inherited: tuple[int, ...]) -> None:
    """A worker's life: tasks one at a time, until the parent closes their pipe, dies or kills it.
    `inherited`: the parent's ends of the pipes, which a forked worker holds copies of; were they
    kept, the task pipe could never end (the worker would hold its writing end itself)."""
    _die_with(parent)
    for descriptor in inherited:
        os.close(descriptor)
    # Libraries that start thread pools (OCR, BLAS) must not multiply the workers' threads.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    # A decoder that crashes is reported as a finding; a crash dump would only add noise.
    faulthandler.disable()
    _reuse_freed_memory()
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            return
        try:
            _cap_memory(memory_bytes)
            outcome = ("ok", function(task))
        except MemoryError:
            outcome = ("memory", "")
        except BaseException as exc:  # noqa: BLE001 - any failure must reach the parent as a finding
            outcome = ("error", f"{type(exc).__name__}: {exc}")
        try:
            results.send(outcome)
        except MemoryError:
            results.send(("memory", ""))
        except OSError:  # the parent is gone: nobody wants the result
            return


def _exit_detail(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            pass
    return f"exit status {exitcode}"


def _retire(worker: _Worker) -> None:
    """A retired worker has nothing left to do (its result, if any, has been received). Its
    process group goes with it; a worker killed before it made its group has started nothing."""
    try:
        os.killpg(worker.process.pid, signal.SIGKILL)
    except (AttributeError, ProcessLookupError, PermissionError):
        worker.process.kill()
    worker.process.join()
    worker.tasks.close()
    worker.results.close()


def run_isolated(
    function: Callable[[T], R],
    tasks: Sequence[T],
    limits: Limits,
    jobs: int = 1,
    on_done: Callable[[int], None] | None = None,
    reusable: Callable[[R], bool] = lambda result: True,
    settle: Callable[[int, R], R] | None = None,
) -> list[R | WorkerFailure]:
    """`function(task)` for every task in worker processes, at most `jobs` at a time, each task
    under `limits`. A worker whose task failed, ran out of time or memory, or whose result
    `reusable` rejects is replaced by a fresh one; a worker is let go as soon as no task is left
    for it, so that its memory is free for what follows. Results come back in the order of `tasks`.

    `settle(index, result)`: the caller's own further work on a task's result (not on a
    failure), done in this process once every task is assigned and a worker has been let go: it
    then runs beside the last workers on the core they no longer use, where otherwise it would
    wait for them, and never keeps a task from a worker, nor adds to the memory of a full set
    of workers."""
    context = _context()
    forks = context.get_start_method() == "fork"
    results: list[R | WorkerFailure | None] = [None] * len(tasks)
    pending = list(range(len(tasks)))
    pending.reverse()
    idle: list[_Worker] = []
    busy: dict[Connection, _Worker] = {}
    # Indices of results received and not yet settled, in the order they arrived.
    unsettled: list[int] = []

    def start() -> _Worker:
        task_reader, task_writer = context.Pipe(duplex=False)
        result_reader, result_writer = context.Pipe(duplex=False)
        # A forked worker inherits every descriptor the parent holds: its own pipes' other ends
        # and those of the workers started before it.
        held = [task_writer, result_reader] + [c for w in idle + list(busy.values()) for c in (w.tasks, w.results)]
        inherited = tuple(connection.fileno() for connection in held) if forks else ()
        process = context.Process(target=_serve, args=(function, task_reader, result_writer, limits.memory_bytes,
                                                       os.getpid(), inherited), daemon=True)
        process.start()
        task_reader.close()
        result_writer.close()
        return _Worker(process, task_writer, result_reader)

    def assign(index: int) -> None:
        worker = idle.pop() if idle else start()
        try:
            worker.tasks.send(tasks[index])
        except OSError:  # the idle worker is gone (killed from outside): a fresh one takes the task
            _retire(worker)
            worker = start()
            worker.tasks.send(tasks[index])
        worker.index, worker.deadline = index, time.monotonic() + limits.seconds
        busy[worker.results] = worker

    def finish(worker: _Worker, outcome: R | WorkerFailure, reuse: bool) -> None:
        del busy[worker.results]
        results[worker.index] = outcome
        if settle and not isinstance(outcome, WorkerFailure):
            unsettled.append(worker.index)
        if reuse and pending:
            idle.append(worker)
        else:
            _retire(worker)
        if on_done:
            on_done(worker.index)

    def settle_arrived() -> None:
        for index in unsettled:
            results[index] = settle(index, results[index])  # type: ignore[misc, arg-type]
        unsettled.clear()

    try:
        while pending or busy:
            while pending and len(busy) < max(1, jobs):
                assign(pending.pop())
            soonest = min(worker.deadline for worker in busy.values())
            for connection in wait(list(busy), timeout=max(0.0, soonest - time.monotonic())):
                worker = busy[connection]
                try:
                    kind, payload = connection.recv()
                except (EOFError, OSError):
                    worker.process.join(timeout=5)
                    finish(worker, WorkerFailure("crashed", _exit_detail(worker.process.exitcode), limits), reuse=False)
                    continue
                if kind == "ok":
                    finish(worker, payload, reuse=reusable(payload))
                else:
                    finish(worker, WorkerFailure(kind, payload, limits), reuse=False)
            now = time.monotonic()
            for worker in [worker for worker in busy.values() if worker.deadline <= now]:
                finish(worker, WorkerFailure("timeout", limits=limits), reuse=False)
            if settle and not pending and len(busy) < max(1, jobs):
                settle_arrived()
    finally:
        for worker in idle + list(busy.values()):
            _retire(worker)
    return results  # type: ignore[return-value]
