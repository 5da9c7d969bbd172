"""Running the installed `validate` command as a user would: a subprocess, from a folder of
its own, with nothing of the source checkout on its path."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from validator.resources import schema


def validate_command() -> str:
    command = Path(sys.executable).with_name("validate")
    if not command.exists():
        raise RuntimeError(f"{command} is missing: install the project (pip install .) before running the tests")
    return str(command)


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def report(self) -> dict[str, Any]:
        """The JSON report, checked against the report schema."""
        assert self.stdout, f"no report; exit status {self.returncode}, standard error:\n{self.stderr}"
        report = json.loads(self.stdout)
        report_validator().validate(report)
        return report


@cache
def report_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema("report"))


def run_validate(*args: str | Path, cwd: Path, timeout: float = 120, env: dict[str, str] | None = None) -> Run:
    started = time.monotonic()
    completed = subprocess.run(
        [validate_command(), *map(str, args)], cwd=cwd, capture_output=True, timeout=timeout,
        env={**os.environ, "PYTHONPATH": "", **(env or {})},
    )
    # Reports are UTF-8 by the contract: decoding strictly is part of the check.
    return Run(completed.returncode, completed.stdout.decode("utf-8"), completed.stderr.decode("utf-8"),
               time.monotonic() - started)


def snapshot(root: Path) -> dict[bytes, tuple]:
    """Every entry below `root` with its type, content and times, without following a link or
    opening a special file: comparing two snapshots shows any write, touch or new file."""
    entries: dict[bytes, tuple] = {}
    base = os.fsencode(root)
    for folder, folders, files in os.walk(base, followlinks=False):
        for name in folders + files:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                detail: object = os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                with open(path, "rb") as handle:
                    detail = hashlib.sha256(handle.read()).hexdigest()
            else:
                detail = None
            entries[os.path.relpath(path, base)] = (stat.S_IFMT(info.st_mode), info.st_mode, info.st_size,
                                                    info.st_mtime_ns, detail)
    return entries
