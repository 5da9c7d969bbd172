"""The hostile corpus against the installed command: every broken, lying or malicious input
gets its finding and the right exit status, with no traceback, within its time limit, and the
bundle is left exactly as it was."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import hostile
from tests.installed import Run, run_validate, snapshot
from validator.findings import EXIT_FAIL, EXIT_PASS
from validator.rules import RULES

FILES = hostile.hostile_files()
MANIFESTS = hostile.hostile_manifests()
# The whole corpus bundle, analysed two files at a time; a generous bound for a loaded machine.
CORPUS_SECONDS = 120
FACE_SCAN_NOTE = "IPP-IDENTITY-002"


def _case_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._/-]", "?", text)[:60]


@dataclass(frozen=True)
class CorpusRun:
    bundle: Path
    run: Run
    report: dict
    before: dict
    after: dict

    def findings_on(self, file: str) -> list[dict]:
        return [f for f in self.report["bundles"][0]["findings"] if f["file"] == file]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    workspace = tmp_path_factory.mktemp("hostile")
    (workspace / hostile.OUTSIDE_FILE).write_bytes(hostile.encoded(hostile.image(), "JPEG"))
    bundle = workspace / "bundle"
    bundle.mkdir()
    for case in FILES:
        case.build(bundle)
    documents = [{"file": case.listed, "type": "other"} for case in FILES if case.in_manifest]
    (bundle / "bundle.yaml").write_text(hostile.manifest_yaml(hostile.base_manifest(documents)), encoding="utf-8")
    cwd = tmp_path_factory.mktemp("cwd")
    before = snapshot(workspace)
    run = run_validate("--format", "json", "--jobs", "2", bundle, cwd=cwd, timeout=CORPUS_SECONDS)
    return CorpusRun(bundle, run, run.report(), before, snapshot(workspace))


def test_the_corpus_covers_every_threat_class() -> None:
    assert len(FILES) + len(MANIFESTS) >= 40
    threats = Counter(case.threat for case in FILES + MANIFESTS)
    for threat in ("path escape", "link", "decompression bomb", "YAML bomb", "malformed PDF", "encrypted PDF",
                   "looping PDF", "recursive PDF", "huge file", "huge page count", "lying extension",
                   "odd Unicode", "non-UTF-8 manifest", "non-UTF-8 name", "very many files", "special file",
                   "truncated", "YAML tags", "active content", "polyglot"):
        assert threats[threat], threat


def test_the_corpus_run_fails_cleanly(corpus: CorpusRun) -> None:
    assert corpus.run.returncode == EXIT_FAIL
    assert "Traceback" not in corpus.run.stderr
    assert corpus.run.seconds < CORPUS_SECONDS


def test_the_text_report_shows_hostile_names_inert(corpus: CorpusRun, tmp_path: Path) -> None:
    run = run_validate("--format", "text", "--color", "never", "--jobs", "2", corpus.bundle, cwd=tmp_path,
                       timeout=CORPUS_SECONDS)
    assert run.returncode == EXIT_FAIL
    assert "Traceback" not in run.stderr
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout
    assert hostile.TERMINAL_ESCAPE_NAME.encode("unicode_escape").decode() in run.stdout
    assert hostile.UNDECODABLE_SHOWN in run.stdout


def test_a_report_is_never_written_into_the_bundle(corpus: CorpusRun, tmp_path: Path) -> None:
    before = snapshot(corpus.bundle)
    for target in (corpus.bundle / "report.json", corpus.bundle / "images" / "report.json"):
        run = run_validate("--format", "json", "--output", target, corpus.bundle, cwd=tmp_path)
        assert run.returncode == 2 and "may not be written into a bundle" in run.stderr
    assert snapshot(corpus.bundle) == before


def test_the_corpus_bundle_and_its_surroundings_are_unchanged(corpus: CorpusRun) -> None:
    assert corpus.after == corpus.before


@pytest.mark.parametrize("case", FILES, ids=[_case_id(case.listed) for case in FILES])
def test_each_hostile_file_gets_its_finding(corpus: CorpusRun, case: hostile.HostileFile) -> None:
    found = corpus.findings_on(case.listed)
    file_rules = {f["rule"] for f in found if f["category"] == "file"}
    assert file_rules == ({case.rule} if case.rule else set()), found
    # A worker that fails on a bug (not a limit) says so; none may.
    assert not any("report this as a bug" in f["message"] for f in found), found
    if case.rule:
        expected = next(f for f in found if f["rule"] == case.rule)
        assert expected["severity"] == RULES[case.rule].severity.value
    for file, rule in case.also:
        assert rule in {f["rule"] for f in corpus.findings_on(file)}


def test_no_finding_comes_from_outside_the_corpus(corpus: CorpusRun) -> None:
    expected = {(case.listed, case.rule) for case in FILES} | {pair for case in FILES for pair in case.also}
    for finding in corpus.report["bundles"][0]["findings"]:
        if finding["category"] != "file":
            continue
        assert (finding["file"], finding["rule"]) in expected, finding


@pytest.mark.parametrize("case", MANIFESTS, ids=[case.name for case in MANIFESTS])
def test_each_hostile_manifest_gets_its_finding(tmp_path: Path, case: hostile.HostileManifest) -> None:
    bundle = tmp_path / case.name
    bundle.mkdir()
    case.build(bundle)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    before = snapshot(tmp_path)
    run = run_validate("--format", "json", bundle, cwd=cwd, timeout=60)
    assert "Traceback" not in run.stderr
    findings = run.report()["bundles"][0]["findings"]
    assert case.rule in {f["rule"] for f in findings}, findings
    severity = RULES[case.rule].severity.value
    assert run.returncode == (EXIT_FAIL if severity == "error" else EXIT_PASS)
    assert snapshot(tmp_path) == before
    assert not os.path.exists("/tmp/ipp-preflight-pwned")


def test_a_folder_of_very_many_files_is_listed_up_to_the_cap(tmp_path: Path) -> None:
    bundle = tmp_path / "many"
    bundle.mkdir()
    next(case for case in MANIFESTS if case.name == "many-files").build(bundle)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    findings = run_validate("--format", "json", bundle, cwd=cwd).report()["bundles"][0]["findings"]
    unlisted = [f for f in findings if f["rule"] == hostile.UNLISTED]
    assert len(unlisted) == 2_001
    assert any("more than 2000 files" in f["message"] for f in unlisted)


def test_a_batch_folder_with_hostile_sub_folders(tmp_path: Path) -> None:
    """A sub-folder whose name is not UTF-8 is validated and shown escaped; a link to a bundle
    outside the batch folder is not followed, only named as skipped."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "bundle.yaml").write_text(hostile.manifest_yaml(hostile.base_manifest()), encoding="utf-8")
    batch = tmp_path / "batch"
    client = os.path.join(os.fsencode(batch), b"client-\xff")
    os.makedirs(client)
    with open(os.path.join(client, b"bundle.yaml"), "w", encoding="utf-8") as handle:
        handle.write(hostile.manifest_yaml(hostile.base_manifest()))
    os.symlink(outside, batch / "linked")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    run = run_validate("--format", "json", batch, cwd=cwd)
    assert run.returncode == EXIT_PASS
    bundles = run.report()["bundles"]
    assert [bundle["path"] for bundle in bundles] == [f"{batch}/client-\\xff", f"{batch}/linked"]
    assert [f["rule"] for f in bundles[1]["findings"]] == ["IPP-FILE-013"]


def test_folders_nested_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    bundle = tmp_path / "deep"
    bundle.mkdir()
    (bundle / "bundle.yaml").write_text(hostile.manifest_yaml(hostile.base_manifest()), encoding="utf-8")
    levels = [bundle]
    for _ in range(1_200):  # os.walk and os.makedirs would recurse once per level
        levels.append(levels[-1] / "d")
        levels[-1].mkdir()
    (levels[-1] / "scan.jpg").write_bytes(b"")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    try:
        run = run_validate("--format", "json", bundle, cwd=cwd)
        assert "Traceback" not in run.stderr
        unlisted = [f["file"] for f in run.report()["bundles"][0]["findings"] if f["rule"] == hostile.UNLISTED]
        assert unlisted == ["d/" * 1_200 + "scan.jpg"]
    finally:
        (levels[-1] / "scan.jpg").unlink()
        for level in reversed(levels[1:]):
            level.rmdir()
