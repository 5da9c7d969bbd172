"""Faults around the tool rather than inside files: signals, output paths, option values, names
that collide with subcommands, configuration. Each runs the installed `validate` as a user would
and expects a one-line message and the contract's exit status, never a traceback or a process
left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.bundles import passport_bundle
from tests.conftest import installed_validate
from tests.hostile import content_bomb_pdf

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


# --- signals ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def slow_bundle(tmp_path_factory) -> Path:
    """A bundle whose one big file keeps a worker busy for seconds."""
    def add_bomb(manifest, files):
        files["scans/bomb.pdf"] = content_bomb_pdf(4_000_000)
        manifest["documents"].append({"file": "scans/bomb.pdf", "type": "other", "language": "en"})

    return passport_bundle(tmp_path_factory.mktemp("slow") / "bundle", add_bomb)


def _processes() -> dict[int, tuple[str, int, int]]:
    """Every live process: pid -> (state, ppid, process group)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path("/proc", entry, "stat").read_text()
        except OSError:
            continue
        state, ppid, group = stat.rsplit(")", 1)[1].split()[:3]
        found[int(entry)] = (state, int(ppid), int(group))
    return found


def _group(pgid: int) -> list[int]:
    return [pid for pid, (state, _, group) in _processes().items() if group == pgid and state != "Z"]


def _descendants(ancestor: int) -> set[int]:
    processes = _processes()
    found, frontier = set(), {ancestor}
    while frontier:
        frontier = {pid for pid, (_, ppid, _) in processes.items() if ppid in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    processes = _processes()
    return {pid for pid in pids if pid in processes and processes[pid][0] != "Z"}


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture
def busy_run(slow_bundle, tmp_path):
    """`validate` started in a session of its own, returned with its processes (itself, its workers)
    once a worker is analysing the slow file; whatever is left of them is killed afterwards."""
    started: list[tuple[subprocess.Popen, set[int]]] = []

    def start() -> subprocess.Popen:
        process = subprocess.Popen(
            [installed_validate(), "--no-ocr", "--no-progress", "--file-timeout", "60", str(slow_bundle)],
            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
            env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})
        has_worker = _wait_for(lambda: _descendants(process.pid), 30)
        assert has_worker, "no worker was started"
        time.sleep(0.3)
        family = {process.pid} | _descendants(process.pid)
        started.append((process, family))
        return process, family

    yield start
    for process, family in started:
        process.kill()
        process.wait()
        for pid in _alive(family):
            os.kill(pid, signal.SIGKILL)


@linux_only
@pytest.mark.parametrize("signum, status, to_group", [
    (signal.SIGINT, 130, True),    # Ctrl-C: the terminal signals the whole foreground group
    (signal.SIGTERM, 143, False),  # kill PID
])
def test_a_signal_stops_the_run_with_one_line_and_no_process_left(busy_run, signum, status, to_group):
    process, family = busy_run()
    if to_group:
        os.killpg(process.pid, signum)
    else:
        os.kill(process.pid, signum)
    stdout, stderr = process.communicate(timeout=20)
    assert process.returncode == status, stderr
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert signal.Signals(signum).name in stderr
    assert stdout == ""
    assert _wait_for(lambda: not _alive(family), 5), f"left running: {_alive(family)}"


@linux_only
def test_workers_die_with_a_main_process_killed_outright(busy_run):
    process, family = busy_run()
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=20)
    assert _wait_for(lambda: not _alive(family), 5), f"left running: {_alive(family)}"


def _start_a_program_and_hang(record: str) -> None:
    helper = subprocess.Popen(["sleep", "60"])  # as a worker starts Tesseract
    Path(record).write_text(str(helper.pid))
    time.sleep(60)


@linux_only
def test_what_a_worker_started_dies_with_it_when_its_time_is_up(tmp_path):
    from validator.isolation import Limits, WorkerFailure, run_isolated

    record = tmp_path / "helper"
    (result,) = run_isolated(_start_a_program_and_hang, [str(record)], Limits(seconds=1, memory_bytes=256 * 1024 * 1024))
    assert isinstance(result, WorkerFailure) and result.kind == "timeout"
    helper = int(record.read_text())
    gone = _wait_for(lambda: not _alive({helper}), 2)
    if not gone:
        os.kill(helper, signal.SIGKILL)
    assert gone, "the program the worker started outlived it"


_ORPHANING_PARENT = """
import os, signal, sys, time
from pathlib import Path
from validator import isolation

isolation._PR_SET_PDEATHSIG = 0  # an invalid prctl option: no parent-death signal, as off Linux
record = Path(sys.argv[1])

def task(name):
    with record.open("a") as handle:
        handle.write(f"{name} {os.getpid()}\\n")
    if name == "killer":  # once the other worker is idle, the parent dies without cleaning up
        time.sleep(0.5)
        os.kill(os.getppid(), signal.SIGKILL)
        time.sleep(60)
    return name

isolation.run_isolated(task, ["idle", "killer"], isolation.Limits(60, 512 * 1024 * 1024), jobs=2)
"""


@linux_only
def test_an_idle_worker_ends_with_its_task_pipe_when_the_parent_dies_without_a_signal(tmp_path):
    """Off Linux there is no parent-death signal: a worker waiting for a task must see its task
    pipe end, which it can only if no process but the parent holds the pipe's writing end (a
    forked worker inherits its own and every earlier worker's)."""
    record = tmp_path / "workers"
    parent = subprocess.Popen([sys.executable, "-c", _ORPHANING_PARENT, str(record)], start_new_session=True)
    try:
        assert parent.wait(timeout=30) == -signal.SIGKILL
        workers = dict(line.split() for line in record.read_text().splitlines())
        idle = int(workers["idle"])
        assert _wait_for(lambda: idle not in _processes() or _processes()[idle][0] == "Z", 5), "the idle worker lives on"
    finally:
        for pid in _group(parent.pid):
            os.kill(pid, signal.SIGKILL)


# --- the output path ------------------------------------------------------------------------------

def _run(*args: str, cwd: Path, preexec_fn=None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([installed_validate(), *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=preexec_fn, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"})


def _one_line_error(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("validate: error: "), done.stderr
    assert all(word in lines[0] for word in words), lines[0]


@pytest.fixture(scope="module")
def good_bundle(tmp_path_factory) -> Path:
    return passport_bundle(tmp_path_factory.mktemp("good") / "anna")


@pytest.mark.parametrize("where, words", [
    ("missing/report.json", ("missing", "does not exist")),
    (".", ("is a folder",)),
])
def test_an_impossible_output_path_is_refused_before_any_work(good_bundle, slow_bundle, tmp_path, where, words):
    # The slow bundle would take seconds: refusing at once shows that nothing was analysed.
    started = time.monotonic()
    done = _run("-o", where, "--no-ocr", str(slow_bundle), cwd=tmp_path)
    assert time.monotonic() - started < 5
    _one_line_error(done, *words)
    assert sorted(tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_device_is_one_line_and_exit_2(good_bundle, tmp_path):
    _one_line_error(_run("-o", "/dev/full", "--no-ocr", str(good_bundle), cwd=tmp_path), "/dev/full", "space")
    _one_line_error(_run("checklist", "individual-outside", "-o", "/dev/full", cwd=tmp_path), "/dev/full")


def _file_size_limit(limit: int):
    def apply() -> None:
        import resource
        # Past the limit a write fails (EFBIG) as on a full disk, instead of killing the process.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_a_failed_write_leaves_the_previous_report_whole(good_bundle, tmp_path):
    report = tmp_path / "report.json"
    assert _run("--format", "json", "-o", str(report), "--no-ocr", str(good_bundle), cwd=tmp_path).returncode == 0
    before = report.read_bytes()
    done = _run("--format", "json", "-o", str(report), "--no-ocr", "--no-cache", str(good_bundle), cwd=tmp_path,
                preexec_fn=_file_size_limit(200))
    _one_line_error(done, "report.json", "could not be written")
    assert report.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_a_report_is_written_with_the_usual_permissions(good_bundle, tmp_path):
    report = tmp_path / "report.txt"
    assert _run("-o", str(report), "--no-ocr", str(good_bundle), cwd=tmp_path).returncode == 0
    assert report.stat().st_mode & 0o777 == 0o666 & ~_current_umask()


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# --- option values --------------------------------------------------------------------------------

def _main(*args: str) -> int:
    from validator.cli import main
    try:
        return main(list(args))
    except SystemExit as stop:  # argparse refuses by exiting
        return stop.code


@pytest.mark.parametrize("option", ["--max-file-size", "--max-megapixels", "--file-timeout", "--ocr-timeout",
                                    "--max-pdf-pages", "--file-memory", "--run-memory", "--jobs"])
@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "0", "-3", "1e400", "1e12", "eight"])
def test_a_limit_must_be_a_finite_positive_bounded_number(option, value, capsys, tmp_path):
    # The folder is missing: only the option's own check may refuse first, by naming it.
    assert _main(option, value, str(tmp_path / "nowhere")) == 2
    error = capsys.readouterr().err
    assert f"argument {option}" in error and ("must be" in error or "expected" in error), error
    assert "Traceback" not in error


# --- names: commands, folders, options, rules -----------------------------------------------------

@pytest.mark.parametrize("command, its_output", [("rules", "IPP-FILE-003"), ("checklist", "register")])
def test_a_folder_named_like_a_command_is_checked_as_a_bundle(command, its_output, tmp_path, monkeypatch, capsys):
    passport_bundle(tmp_path / command)
    monkeypatch.chdir(tmp_path)
    status = _main(command, "--no-ocr", "--format", "json")
    out, err = capsys.readouterr()
    assert status == 0, err
    assert f'"path": "{command}"' in out
    assert f"'{command}' is checked as the folder ./{command}" in err
    monkeypatch.chdir(tmp_path / command)
    assert _main(command) == 0
    assert its_output in capsys.readouterr().out  # no folder of that name here: the command


@pytest.mark.parametrize("typed, suggested", [("rule", "rules"), ("explian", "explain"), ("checklists", "checklist")])
def test_a_mistyped_command_suggests_the_command(typed, suggested, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert _main(typed) == 2
    assert f"did you mean {suggested}?" in capsys.readouterr().err


@pytest.mark.parametrize("args, suggested", [
    (("--max-fle-size", "3", "."), "--max-file-size"),
    (("--statistcs", "."), "--statistics"),
    (("rules", "--fromat", "json"), "--format"),
    (("checklist", "register", "--langg", "zh"), "--lang"),
])
def test_a_mistyped_option_suggests_the_option(args, suggested, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert _main(*args) == 2
    assert f"did you mean {suggested}?" in capsys.readouterr().err


@pytest.mark.parametrize("typed", ["IPP-FILE-003", "ipp-file-003", "file-003", "FILE-003"])
def test_explain_takes_a_rule_id_in_any_case_with_or_without_prefix(typed, capsys):
    assert _main("explain", typed) == 0
    assert capsys.readouterr().out.startswith("IPP-FILE-003: ")


def test_explain_suggests_the_closest_rule_and_speaks_chinese(capsys):
    assert _main("explain", "fle-003") == 2
    assert "did you mean IPP-FILE-003?" in capsys.readouterr().err
    assert _main("explain", "file-003", "--lang", "zh") == 0
    out = capsys.readouterr().out
    assert out.startswith("IPP-FILE-003：文件格式") and "严重程度：错误" in out
    assert "/zh/reference/rules/#ipp-file-003" in out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_is_one_line_and_exit_2(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run([installed_validate(), "rules"], stdout=full, stderr=subprocess.PIPE, text=True,
                              cwd=tmp_path, timeout=60)
    _one_line_error(done, "standard output", "space")


def test_a_reader_that_goes_away_is_no_error(tmp_path):
    process = subprocess.Popen([installed_validate(), "rules"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=tmp_path)
    process.stdout.close()  # as `validate rules | head -0` does, before anything was written
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0 and stderr == b""


def test_validate_called_from_a_thread_leaves_signal_handling_to_its_caller(capsys):
    import threading

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    statuses = []
    worker = threading.Thread(target=lambda: statuses.append(_main("explain", "file-003")))
    worker.start()
    worker.join(timeout=60)
    assert statuses == [0]  # signal.signal would have raised ValueError outside the main thread
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
