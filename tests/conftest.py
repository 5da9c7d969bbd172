from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest

from tests.docs_site import browser, server, site  # noqa: F401  (session fixtures of the guide site)
from validator.cli import SUBCOMMANDS
from validator.config import Settings
from validator.engine import discover, validate
from validator.findings import BundleReport
from validator.reporters import REPORTERS, RenderOptions, RunReport
from validator.resources import schema

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="session", autouse=True)
def session_ocr_cache(tmp_path_factory):
    """One OCR cache for the whole test session, never the user's: each test document is OCR'd
    once per session however many tests read it."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    previous = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = previous


def require_tool(name: str) -> None:
    """A test that needs a system tool fails in CI when it is missing, and is skipped elsewhere."""
    if shutil.which(name):
        return
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed, and CI must run this test (.ci/run installs it)")
    pytest.skip(f"{name} is not installed")


def require_ocr() -> None:
    """An OCR engine (validator.ocr.engine: Tesseract in-process, else its command), as
    require_tool demands a tool: CI must have one."""
    from validator.ocr import engine

    if engine() is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("no OCR engine is installed, and CI must run this test (.ci/run installs one)")
    pytest.skip("no OCR engine is installed")


@pytest.fixture
def tesseract():
    require_ocr()


def assert_valid_report(text: str) -> dict:
    """Every JSON report the suite produces goes through here."""
    report = json.loads(text)
    jsonschema.Draft202012Validator(schema("report")).validate(report)
    return report


def check_bundles(root: Path, **settings) -> list[BundleReport]:
    """Validate a bundle or a batch folder in-process; the JSON report is checked against the schema."""
    reports = validate(discover([str(root)]), Settings(today=TODAY, **settings))
    assert_valid_report(REPORTERS["json"](RunReport(tuple(reports)), RenderOptions()))
    return reports


def check_bundle(root: Path, **settings) -> BundleReport:
    """Validate one bundle in-process; its JSON report is checked against the schema."""
    (report,) = check_bundles(root, **settings)
    return report


def fired(report: BundleReport) -> set[str]:
    return {f.rule for f in report.findings}


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict:
        return assert_valid_report(self.stdout)


def installed_validate() -> str:
    """The `validate` installed next to this Python (the venv under test), never the source tree."""
    candidate = Path(sys.executable).with_name("validate")
    found = str(candidate) if candidate.exists() else shutil.which("validate")
    if not found:
        pytest.fail("the `validate` command is not installed: run `pip install .` first")
    return found


@pytest.fixture
def cli(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("cwd")
    command = installed_validate()

    def run(*args: str, timeout: float = 120) -> CliResult:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
        done = subprocess.run([command, *args], cwd=workdir, capture_output=True, text=True, timeout=timeout, env=env)
        assert "Traceback" not in done.stderr, done.stderr
        result = CliResult(done.returncode, done.stdout, done.stderr)
        is_report = args and args[0] not in SUBCOMMANDS and "-o" not in args
        if is_report and "--format" in args and args[args.index("--format") + 1] == "json" and done.returncode in (0, 1):
            assert_valid_report(result.stdout)
        return result

    return run
