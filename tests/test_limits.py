"""Every file is analysed in a worker under a time and a memory limit: a file that exceeds one
is an IPP-FILE-010 finding, and the rest of the bundle is still checked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from tests import hostile
from tests.installed import Run, run_validate, snapshot
from validator.findings import EXIT_FAIL


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("limits")
    (root / "bomb.pdf").write_bytes(hostile.content_bomb_pdf())
    # 49 megapixels, just under the pixel limit: 150 MB once decoded, from 160 KB of PNG.
    (root / "blank.png").write_bytes(hostile.encoded(Image.new("RGB", (7_000, 7_000), "white"), "PNG"))
    (root / "cut.jpg").write_bytes(hostile.cut(hostile.encoded(hostile.image(), "JPEG"), 0.6))
    documents = [{"file": name, "type": "other"} for name in ("bomb.pdf", "blank.png", "cut.jpg")]
    (root / "bundle.yaml").write_text(hostile.manifest_yaml(hostile.base_manifest(documents)), encoding="utf-8")
    return root


def _file_findings(run: Run) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for finding in run.report()["bundles"][0]["findings"]:
        if finding["category"] == "file":
            found.setdefault(finding["file"], []).append(finding)
    return found


def _assert_stopped_alone(run: Run, stopped: str, message: str) -> None:
    """`stopped` is reported as not analysed, with `message`; the truncated photo beside it was
    still analysed and reported."""
    found = _file_findings(run)
    assert [f["rule"] for f in found[stopped]] == [hostile.NOT_ANALYSED]
    assert message in found[stopped][0]["message"]
    assert [f["rule"] for f in found["cut.jpg"]] == [hostile.CORRUPT]
    assert run.returncode == EXIT_FAIL
    assert "Traceback" not in run.stderr


def test_a_file_past_its_time_limit_is_stopped_and_the_rest_still_checked(bundle: Path, tmp_path: Path) -> None:
    before = snapshot(bundle)
    run = run_validate("--format", "json", "--file-timeout", "1", bundle, cwd=tmp_path, timeout=60)
    _assert_stopped_alone(run, "bomb.pdf", "longer than 1 second and was stopped")
    # Three files, one stopped at 1 s: far less than the bomb's own rendering time.
    assert run.seconds < 20
    assert snapshot(bundle) == before


def test_a_file_past_its_memory_limit_is_stopped_and_the_rest_still_checked(bundle: Path, tmp_path: Path) -> None:
    run = run_validate("--format", "json", "--file-memory", "64", "--file-timeout", "20", bundle, cwd=tmp_path,
                       timeout=90)
    _assert_stopped_alone(run, "blank.png", "more than 64 MB of memory")


def test_within_the_default_limits_the_same_files_are_analysed(bundle: Path, tmp_path: Path) -> None:
    """The findings above come from the limits, not from the files being unreadable."""
    run = run_validate("--format", "json", "--file-timeout", "60", bundle, cwd=tmp_path, timeout=120)
    found = _file_findings(run)
    assert "blank.png" not in found
    assert "bomb.pdf" not in found


def test_a_file_too_large_to_analyse_is_still_reported_too_large(tmp_path: Path) -> None:
    """A file far over the size limit exhausts the memory limit before its size is judged in the
    worker; the size found when it was located is reported with the failure."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    with open(bundle / "huge.pdf", "wb") as handle:  # sparse: 200 MB that take no disk space
        handle.write(hostile.one_page_pdf()[:-6])
        handle.truncate(200 * 1024 * 1024)
        handle.seek(0, os.SEEK_END)
        handle.write(b"\n%%EOF\n")
    manifest = hostile.base_manifest([{"file": "huge.pdf", "type": "other"}])
    (bundle / "bundle.yaml").write_text(hostile.manifest_yaml(manifest), encoding="utf-8")
    run = run_validate("--format", "json", "--file-memory", "64", bundle, cwd=tmp_path, timeout=60)
    assert sorted(f["rule"] for f in _file_findings(run)["huge.pdf"]) == [hostile.TOO_LARGE, hostile.NOT_ANALYSED]
    assert run.returncode == EXIT_FAIL
