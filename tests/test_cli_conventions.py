"""What users of ruff, yamllint and check-jsonschema expect of a command line: -q, -v,
--exit-zero, --statistics, --ignore A,B, and a configuration file found upward from the bundle
whose keys are the long options, the command line winning over it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.bundles import passport_bundle
from tests.conftest import assert_valid_report
from validator.cli import main
from validator.rules import RULES

# One error (IPP-CONTACT-001), one warning (IPP-CONTACT-002) and, without OCR, one info.
ERROR, WARNING = "IPP-CONTACT-001", "IPP-CONTACT-002"


def _contact_mistakes(manifest, files):
    manifest["complainant"]["email"] = "anna-at-example"
    manifest["complainant"].pop("phone")


@pytest.fixture
def bundle(tmp_path) -> Path:
    return passport_bundle(tmp_path / "clients" / "anna", _contact_mistakes)


def run(*args: str) -> int:
    try:
        return main(["--no-ocr", "--no-progress", "--color", "never", *args])
    except SystemExit as stop:
        return stop.code


def test_quiet_lists_errors_only_and_verbose_adds_links(bundle, capsys):
    assert run("-q", str(bundle)) == 1
    quiet = capsys.readouterr().out
    assert ERROR in quiet and WARNING not in quiet and "IPP-NAME-008" not in quiet
    assert "1 error, 1 warning, 1 info" in quiet  # the counts still count everything
    assert run("-v", str(bundle)) == 1
    verbose = capsys.readouterr()
    assert WARNING in verbose.out and "more: https://" in verbose.out
    assert "configuration: none found" in verbose.err


def test_exit_zero_passes_the_exit_status_but_not_the_report(bundle, capsys):
    assert run("--exit-zero", "--format", "json", str(bundle)) == 0
    assert json.loads(capsys.readouterr().out)["bundles"][0]["status"] == "fail"
    assert run("--exit-zero", str(bundle.parent / "missing")) == 2


def test_statistics_counts_findings_per_rule(bundle, capsys):
    assert run("--statistics", str(bundle), str(bundle)) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [["2", "IPP-CONTACT-001"], ["2", "IPP-CONTACT-002"],
                                                    ["2", "IPP-NAME-008"]]
    assert run("--statistics", "--format", "json", str(bundle)) == 1
    assert json.loads(capsys.readouterr().out)[0] == {
        "rule": ERROR, "count": 1, "severity": "error", "title": RULES[ERROR].title}


def test_ignore_takes_a_comma_separated_list_in_any_spelling(bundle, capsys):
    assert run("--ignore", "contact-001,ipp-contact-002", "--format", "json", str(bundle)) == 0
    rules = {f["rule"] for f in json.loads(capsys.readouterr().out)["bundles"][0]["findings"]}
    assert rules == {"IPP-NAME-008"}
    assert run("--ignore", "contact-001,contakt-002", str(bundle)) == 2
    assert "did you mean IPP-CONTACT-002?" in capsys.readouterr().err


# --- the configuration file -----------------------------------------------------------------------

def test_a_pyproject_table_above_the_bundle_applies_and_the_command_line_wins(bundle, capsys):
    (bundle.parent.parent / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.ipp-preflight]\nignore = ["contact-001"]\nformat = "json"\nstrict = true\n',
        encoding="utf-8")
    assert run(str(bundle)) == 1  # strict: the warning fails the bundle
    findings = json.loads(capsys.readouterr().out)["bundles"][0]["findings"]
    assert ERROR not in {f["rule"] for f in findings}
    assert run("--format", "text", "--ignore", WARNING, str(bundle)) == 0
    assert capsys.readouterr().out.startswith(f"{bundle}  PASS")


def test_the_nearest_configuration_wins_and_a_pyproject_without_the_table_is_passed_over(bundle, capsys):
    (bundle.parent.parent / "ipp-preflight.toml").write_text('format = "json"\n', encoding="utf-8")
    (bundle.parent / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    (bundle / "ipp-preflight.toml").write_text("exit-zero = true\n", encoding="utf-8")
    assert run("-v", str(bundle)) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"{bundle}  FAIL")  # the top file's json is not used: only the nearest applies
    assert f"configuration: {bundle / 'ipp-preflight.toml'}" in err


@pytest.mark.parametrize("content, words", [
    ("max-file-sise = 4\n", ["unknown key 'max-file-sise'", "did you mean max-file-size?"]),
    ("max_file_size = 4\n", ["unknown key 'max_file_size'", "did you mean max-file-size?"]),
    ("max-file-size = inf\n", ["max-file-size", "must be more than 0 and at most 1024"]),
    ('max-file-size = "lots"\n', ["max-file-size", "expected a number"]),
    ("strict = 1\n", ["strict", "must be true or false"]),
    ("jobs = true\n", ["jobs", "must be a number"]),
    ('format = "jsn"\n', ["format", "'jsn' is not one of", "did you mean json?"]),
    ('ignore = ["contact-01"]\n', ["ignore", "did you mean IPP-CONTACT-001?"]),
    ('output = "r.json"\n', ["unknown key 'output'"]),
    ("format = \n", ["not valid TOML"]),
])
def test_a_bad_configuration_names_its_file_and_key(bundle, capsys, content, words):
    config = bundle / "ipp-preflight.toml"
    config.write_text(content, encoding="utf-8")
    assert run(str(bundle)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"validate: error: {config}") and len(err.strip().splitlines()) == 1, err
    assert all(word in err for word in words), err


def test_a_bad_pyproject_table_is_named_with_its_table(bundle, capsys):
    (bundle / "pyproject.toml").write_text("[tool.ipp-preflight]\nlang = \"fr\"\n", encoding="utf-8")
    assert run(str(bundle)) == 2
    assert f"{bundle / 'pyproject.toml'} [tool.ipp-preflight]: lang" in capsys.readouterr().err


def test_config_names_a_file_and_paths_with_different_files_are_refused(bundle, tmp_path, capsys):
    other = passport_bundle(tmp_path / "elsewhere" / "bob", _contact_mistakes)
    (bundle / "ipp-preflight.toml").write_text("exit-zero = true\n", encoding="utf-8")
    (other / "ipp-preflight.toml").write_text("strict = true\n", encoding="utf-8")
    assert run(str(bundle), str(other)) == 2
    assert "different configuration files" in capsys.readouterr().err
    chosen = tmp_path / "ci.toml"
    chosen.write_text("exit-zero = true\n", encoding="utf-8")
    assert run("--config", str(chosen), str(bundle), str(other)) == 0
    assert run("--config", str(tmp_path / "none.toml"), str(bundle)) == 2
    assert "none.toml: no such file" in capsys.readouterr().err


# --- bundle.yaml's ignore: ------------------------------------------------------------------------

def _ignoring(*entries: dict):
    def change(manifest, files):
        _contact_mistakes(manifest, files)
        manifest["ignore"] = list(entries)
    return change


def test_an_ignore_with_a_reason_is_shown_with_it_and_counts_nowhere(tmp_path, capsys):
    reason = "The client answers by email only."
    bundle = passport_bundle(tmp_path / "b", _ignoring(
        {"rule": "contact-002", "file": "bundle.yaml", "reason": reason},
        {"rule": "IPP-CONTACT-001", "reason": "A test of an entry without a file."}))
    assert run("--strict", "--format", "json", str(bundle)) == 0  # strict: the ignored warning would fail it
    report = assert_valid_report(capsys.readouterr().out)["bundles"][0]
    assert report["summary"] == {"errors": 0, "warnings": 0, "infos": 1}
    assert {ERROR, WARNING} & {f["rule"] for f in report["findings"]} == set()
    assert sorted((f["rule"], f["reason"]) for f in report["ignored"]) == [
        (ERROR, "A test of an entry without a file."), (WARNING, reason)]
    run(str(bundle))
    text = capsys.readouterr().out
    assert f"ignored {WARNING}" in text and f"ignored in bundle.yaml: {reason}" in text
    assert run("--statistics", str(bundle)) == 0
    assert WARNING not in capsys.readouterr().out


def test_an_ignore_for_another_file_or_without_a_reason_ignores_nothing(tmp_path, capsys):
    bundle = passport_bundle(tmp_path / "b", _ignoring(
        {"rule": "IPP-CONTACT-002", "file": "identity/passport.jpg", "reason": "Wrong file"},
        {"rule": "IPP-CONTACT-001"}))
    assert run("--format", "json", str(bundle)) == 1
    report = assert_valid_report(capsys.readouterr().out)["bundles"][0]
    assert {ERROR, WARNING, "IPP-SCHEMA-011"} <= {f["rule"] for f in report["findings"]}
    assert "ignored" not in report



@pytest.mark.parametrize("args", [["--version"], ["rules"]])
def test_a_reader_that_has_gone_gets_no_traceback(args):
    """`validate --version | head -1`: the reader may close the pipe before the output is written."""
    import os
    import subprocess

    from tests.conftest import installed_validate
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([installed_validate(), *args], stdout=write_end, stderr=subprocess.PIPE, text=True,
                              timeout=60, check=False)
    finally:
        os.close(write_end)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
