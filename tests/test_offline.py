"""The validator makes no network connection. The installed command runs with every socket
outside the machine's own pipes refused (a sitecustomize that records each attempt), and, where
the system allows it, in a network namespace of its own with no network at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import docgen, hostile
from tests.installed import run_validate, validate_command

GUARD = '''
import os
import socket

_RECORD = os.environ["IPP_NETWORK_RECORD"]


def _note(line):
    with open(_RECORD, "a", encoding="utf-8") as record:
        record.write(line + "\\n")


def _refuse(what):
    def refuse(*args, **kwargs):
        _note(f"attempt {what} {args!r}")
        raise OSError(f"network blocked by the test: {what}")
    return refuse


class _GuardedSocket(socket.socket):
    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        if fileno is None and family != socket.AF_UNIX:
            _refuse("socket")(family, type)
        super().__init__(family, type, proto, fileno)


socket.socket = _GuardedSocket
for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
             "socketpair", "fromfd"):
    setattr(socket, name, _refuse(name))
_note(f"loaded {os.getpid()}")
'''


@pytest.fixture(scope="module")
def guard(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("guard")
    (folder / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Documents that invite a fetch: a PDF with a web link and a script that opens one, a web
    page, an SVG with a remote image, next to an ordinary photo."""
    root = tmp_path_factory.mktemp("offline")
    (root / "photo.jpg").write_bytes(docgen.jpeg_bytes(hostile.image()))
    (root / "linked.pdf").write_bytes(hostile.one_page_pdf(extra=[
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /A << /S /URI /URI (http://example.com/x) >> >>",
        b"<< /S /JavaScript /JS (app.launchURL('http://example.com/y');) >>",
    ]).replace(b"/Pages 2 0 R >>", b"/Pages 2 0 R /OpenAction 6 0 R >>", 1))
    (root / "page.pdf").write_bytes(b"<!DOCTYPE html><html><img src='http://example.com/z.png'></html>")
    (root / "drawing.png").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'><image href='http://example.com/a'/></svg>")
    documents = [{"file": name, "type": "other"} for name in ("photo.jpg", "linked.pdf", "page.pdf", "drawing.png")]
    (root / "bundle.yaml").write_text(hostile.manifest_yaml(hostile.base_manifest(documents)), encoding="utf-8")
    return root


def _guarded_env(guard: Path, record: Path) -> dict[str, str]:
    return {"PYTHONPATH": str(guard), "IPP_NETWORK_RECORD": str(record)}


def test_the_guard_catches_a_connection(guard: Path, tmp_path: Path) -> None:
    """Without this, a guard that never loaded would pass every test below."""
    record = tmp_path / "record"
    subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
                   env={**os.environ, **_guarded_env(guard, record)}, capture_output=True)
    assert "attempt create_connection" in record.read_text(encoding="utf-8")


def test_validate_makes_no_network_connection(guard: Path, bundle: Path, tmp_path: Path) -> None:
    record = tmp_path / "record"
    for report_format in ("json", "text"):
        run = run_validate("--format", report_format, "--jobs", "2", bundle, cwd=tmp_path,
                           env=_guarded_env(guard, record))
        assert "Traceback" not in run.stderr
        assert run.returncode == 1  # the web page and the SVG are refused
    lines = record.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("loaded") for line in lines)
    assert [line for line in lines if line.startswith("attempt")] == []


def test_validate_runs_without_any_network(bundle: Path, tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    if not unshare and os.environ.get("CI"):
        pytest.fail("unshare is missing: install Debian's util-linux")
    if not unshare or subprocess.run([unshare, "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("this system does not allow a network namespace (unshare -n); the socket guard still runs")
    completed = subprocess.run([unshare, "-n", validate_command(), "--format", "json", str(bundle)], cwd=tmp_path,
                               capture_output=True, timeout=120)
    assert completed.returncode == 1
    assert b"Traceback" not in completed.stderr
    assert b'"IPP-FILE-003"' in completed.stdout
