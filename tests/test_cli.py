"""End-to-end: the installed `validate` command, run from a directory outside the project."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

from tests.conftest import assert_valid_report
from tests.bundles import expired_passport, contract_bundle, passport_bundle, passport_jpeg, write_bundle
from tests.rules.test_schema_rules import BILLION_LAUGHS


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "", p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*")) if not p.is_symlink()
    }


_expired = expired_passport("2020-01-31")


def test_exit_status_pass_fail_and_usage(tmp_path, cli):
    good = contract_bundle(tmp_path / "good")
    bad = passport_bundle(tmp_path / "bad", _expired)
    assert cli(str(good)).code == 0
    assert cli(str(bad)).code == 1
    assert cli(str(good), str(bad)).code == 1
    assert cli(str(tmp_path / "nowhere")).code == 2
    assert cli(str(good / "bundle.yaml")).code == 2
    assert cli("--jobs", "0", str(good)).code == 2
    assert cli().code == 2


def test_text_report_groups_by_bundle_and_file_with_a_summary(tmp_path, cli):
    bundle = passport_bundle(tmp_path / "anna", _expired)
    result = cli("--color", "never", str(bundle))
    lines = result.stdout.splitlines()
    assert lines[0] == f"{bundle}  FAIL  1 error, 0 warnings, 0 infos"
    assert lines[1] == "  identity/passport.jpg"
    assert "IPP-EXPIRY-001" in lines[2] and "expired on 2020-01-31" in lines[2]
    assert "fix:" in lines[3]
    assert lines[-1] == "1 bundle checked: 0 passed, 1 failed; 1 error, 0 warnings, 0 infos"
    assert "\033[" not in result.stdout
    assert "\033[31m" in cli("--color", "always", str(bundle)).stdout


def test_batch_folder_validates_each_sub_folder_in_a_stable_order(tmp_path, cli):
    batch = tmp_path / "clients"
    contract_bundle(batch / "client-b")
    passport_bundle(batch / "client-a", _expired)
    (batch / "client-c").mkdir()
    one = cli("--format", "json", str(batch))
    two = cli("--format", "json", "--jobs", "2", str(batch))
    assert one.stdout == two.stdout
    paths = [b["path"] for b in one.json["bundles"]]
    assert paths == [str(batch / name) for name in ("client-a", "client-b", "client-c")]
    statuses = [b["status"] for b in one.json["bundles"]]
    # A sub-folder without bundle.yaml is named as skipped, not failed.
    assert statuses == ["fail", "pass", "pass"]
    assert [f["rule"] for f in one.json["bundles"][2]["findings"]] == ["IPP-FILE-013"]


def test_strict_makes_warnings_fail(tmp_path, cli):
    bundle = contract_bundle(tmp_path / "b", lambda manifest, files: manifest["complainant"].pop("address"))
    assert cli(str(bundle)).code == 0
    strict = cli("--strict", "--format", "json", str(bundle))
    assert strict.code == 1
    assert strict.json["bundles"][0]["status"] == "fail"


def test_ignore_leaves_a_rule_out(tmp_path, cli):
    bundle = passport_bundle(tmp_path / "b", _expired)
    assert cli("--ignore", "ipp-expiry-001", str(bundle)).code == 0
    assert cli("--ignore", "IPP-NOPE-001", str(bundle)).code == 2


def test_report_file_is_written_but_never_into_a_bundle(tmp_path, cli):
    bundle = contract_bundle(tmp_path / "b")
    before = snapshot(bundle)
    assert cli("-o", str(bundle / "report.json"), "--format", "json", str(bundle)).code == 2
    assert snapshot(bundle) == before
    out = tmp_path / "report.json"
    assert cli("-o", str(out), "--format", "json", str(bundle)).code == 0
    assert assert_valid_report(out.read_text(encoding="utf-8"))["bundles"][0]["status"] == "pass"


def test_rules_and_explain(cli):
    listing = cli("rules", "--format", "json")
    rules = json.loads(listing.stdout)
    assert all({"id", "category", "severity", "title"} <= set(rule) for rule in rules)
    assert "IPP-FILE-003" in {rule["id"] for rule in rules}
    text = cli("rules").stdout
    assert len(text.splitlines()) == len(rules)
    explained = cli("explain", "ipp-file-003")
    assert explained.code == 0 and explained.stdout.startswith("IPP-FILE-003: ")
    assert "reference/rules/#ipp-file-003" in explained.stdout
    assert json.loads(cli("explain", "IPP-FILE-003", "--format", "json").stdout)["category"] == "file"
    assert cli("explain", "IPP-NOPE-001").code == 2


def test_init_writes_a_template_for_each_account_kind_and_never_overwrites(tmp_path, cli):
    for holder in ("individual", "company"):
        for region in ("mainland_china", "outside_mainland_china"):
            folder = tmp_path / f"{holder}-{region}"
            assert cli("init", str(folder), "--holder-type", holder, "--region", region).code == 0
            manifest = yaml.safe_load((folder / "bundle.yaml").read_text(encoding="utf-8"))
            assert manifest["account"] == {"holder_type": holder, "region": region, "role": "rights_holder"}
            report = cli("--format", "json", str(folder)).json["bundles"][0]
            assert not [f for f in report["findings"] if f["category"] == "schema"], report["findings"]
            before = (folder / "bundle.yaml").read_bytes()
            again = cli("init", str(folder), "--holder-type", holder, "--region", region)
            assert again.code == 2 and "already exists" in again.stderr
            assert (folder / "bundle.yaml").read_bytes() == before


def test_hostile_inputs_are_findings_and_leave_the_bundle_untouched(tmp_path, cli):
    laughs = write_bundle(tmp_path / "laughs", BILLION_LAUGHS, {})
    truncated = passport_bundle(tmp_path / "cut", lambda m, files: files.update(
        {"identity/passport.jpg": passport_jpeg()[:20000]}))
    escape = passport_bundle(tmp_path / "escape", lambda m, files: m["documents"][0].update(file="../../etc/passwd"))
    for bundle, rule in ((laughs, "IPP-SCHEMA-003"), (truncated, "IPP-FILE-004"), (escape, "IPP-FILE-002")):
        before = snapshot(bundle)
        result = cli("--format", "json", str(bundle))
        assert result.code == 1
        assert rule in {f["rule"] for f in result.json["bundles"][0]["findings"]}
        assert snapshot(bundle) == before


def test_progress_bar_goes_to_a_terminal_on_stderr_only(tmp_path):
    import os
    import pty
    import subprocess

    from tests.conftest import installed_validate

    def many_files(manifest, files):
        for index in range(8):
            files[f"scans/page-{index}.jpg"] = passport_jpeg()
            manifest["documents"].append({"file": f"scans/page-{index}.jpg", "type": "other", "language": "en"})

    bundle = passport_bundle(tmp_path / "many", many_files)
    leader, follower = pty.openpty()
    done = subprocess.run([installed_validate(), "--format", "json", str(bundle)], stdout=subprocess.PIPE,
                          stderr=follower, timeout=120, cwd=tmp_path)
    os.close(follower)
    progress = os.read(leader, 65536).decode()
    os.close(leader)
    assert "9/9 files" in progress
    assert "files" not in done.stdout.decode().split("\n")[0]
    assert_valid_report(done.stdout.decode())
