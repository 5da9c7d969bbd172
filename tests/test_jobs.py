"""How many files are analysed at once: one per CPU the process may use by default, and never
more than those CPUs nor than the run's memory budget holds at the memory allowed per file."""

from __future__ import annotations

import os

import pytest

from tests.bundles import passport_bundle
from validator import config, engine
from validator.cli import main
from validator.config import MB, Settings


def run(*args: str) -> int:
    try:
        return main(["--no-ocr", "--no-progress", "--color", "never", *args])
    except SystemExit as stop:
        return stop.code


def test_by_default_one_worker_per_cpu_the_process_may_use() -> None:
    assert config.available_cpus() == len(os.sched_getaffinity(0))
    defaults = Settings()
    assert defaults.jobs is None
    assert defaults.run_memory_bytes // defaults.file_memory_bytes >= 2
    assert defaults.worker_count() == min(config.available_cpus(), 2)


def test_more_jobs_than_cpus_start_no_more_workers_than_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "available_cpus", lambda: 2)
    assert Settings(jobs=1000).worker_count() == 2
    assert Settings(jobs=1).worker_count() == 1
    assert Settings().worker_count() == 2


def test_the_memory_budget_bounds_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "available_cpus", lambda: 16)
    assert Settings().worker_count() == 2  # 4096 MB at 1536 MB per file
    assert Settings(run_memory_bytes=3 * 1536 * MB).worker_count() == 3
    assert Settings(file_memory_bytes=512 * MB).worker_count() == 8
    # A budget smaller than one file's allowance still analyses the files, one at a time.
    assert Settings(run_memory_bytes=100 * MB).worker_count() == 1


def test_validate_runs_the_bounded_number_of_workers(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = passport_bundle(tmp_path / "anna")
    monkeypatch.setattr(config, "available_cpus", lambda: 2)
    asked = []
    real = engine.run_isolated

    def counting(*args, jobs, **kwargs):
        asked.append(jobs)
        return real(*args, jobs=jobs, **kwargs)

    monkeypatch.setattr(engine, "run_isolated", counting)
    engine.validate(engine.discover([str(bundle)]), Settings(jobs=64, ocr=False))
    engine.validate(engine.discover([str(bundle)]), Settings(jobs=64, ocr=False, run_memory_bytes=1536 * MB))
    assert asked == [2, 1]


def test_jobs_beyond_the_bound_are_refused_and_the_budget_is_an_option_and_a_key(tmp_path, capsys) -> None:
    bundle = passport_bundle(tmp_path / "anna")
    assert run("--jobs", "1000", str(bundle)) == 2
    assert "--jobs" in capsys.readouterr().err
    assert run("-v", "--jobs", "64", "--run-memory", "1536", str(bundle)) == 0
    assert "files analysed at once: 1 (" in capsys.readouterr().err
    (tmp_path / "ipp-preflight.toml").write_text("run-memory = 3072\nfile-memory = 1024\n", encoding="utf-8")
    assert run("-v", str(bundle)) == 0
    stated = capsys.readouterr().err
    assert "--run-memory 3072 MB holds 3 at --file-memory 1024 MB" in stated
    assert f"files analysed at once: {min(config.available_cpus(), 3)} (" in stated
