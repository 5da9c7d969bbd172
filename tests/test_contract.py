"""The contract's own example bundle passes, and its JSON report has every contract field."""

from tests.bundles import contract_bundle, passport_bundle
from tests.conftest import check_bundle


def test_contract_example_bundle_has_no_error(tmp_path):
    report = check_bundle(contract_bundle(tmp_path / "brightstar"))
    assert report.status() == "pass", report.findings
    assert report.summary()["errors"] == 0


def test_contract_passport_example_has_no_error(tmp_path):
    report = check_bundle(passport_bundle(tmp_path / "eriksson"))
    assert report.status() == "pass", report.findings


def test_json_report_carries_every_contract_field(tmp_path, cli):
    bundle = contract_bundle(tmp_path / "brightstar", lambda manifest, files: manifest["complainant"].pop("phone"))
    result = cli("--format", "json", str(bundle))
    report = result.json
    assert set(report["tool"]) >= {"name", "version"}
    (entry,) = report["bundles"]
    assert entry["path"] == str(bundle)
    assert entry["status"] == "pass"
    # The one info: where the red official seal was found on the licence (IPP-SEAL-003).
    assert entry["summary"] == {"errors": 0, "warnings": 1, "infos": 1}
    (finding,) = [f for f in entry["findings"] if f["severity"] != "info"]
    assert set(finding) >= {"rule", "category", "severity", "file", "page", "message", "hint"}
    assert (finding["rule"], finding["category"], finding["severity"]) == ("IPP-CONTACT-002", "contact", "warning")
    assert result.code == 0
