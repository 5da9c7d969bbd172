"""Document numbers (passport, ID card, unified social credit code) never appear in full in
any report format. Three guards: every reporter, given findings that carry a masked number,
prints only the masked form; no finding message in the code interpolates a document number
unmasked; and the installed command, run on documents that print their numbers, never prints
them in any format."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests import docgen, hostile
from tests.installed import run_validate
from validator.findings import BundleReport
from validator.privacy import mask_number
from validator.reporters import REPORTERS, RenderOptions, RunReport
from validator.rules import RULES

PASSPORT = docgen.Person()
COMPANY = docgen.Company()
NUMBERS = (PASSPORT.number, COMPANY.credit_code, docgen.td3_mrz(PASSPORT)[1][:10])
SOURCE = Path(__file__).resolve().parent.parent / "validator"
# Names under which the code holds a document's number once OCR or the MRZ has read it (a
# right's registration number is public, and printed).
SENSITIVE = re.compile(r"(document|passport|id|card|licen[cs]e)_?(number|no)|credit_code|personal_number", re.I)


def test_mask_number_hides_all_but_the_last_characters() -> None:
    assert mask_number("AB1234567") == "******567"
    assert mask_number(" 91440300MA5F8XYZ1K ") == "*" * 15 + "Z1K"
    assert mask_number("1234") == "**34"


@pytest.mark.parametrize("report_format", sorted(REPORTERS))
def test_every_reporter_prints_the_masked_number_only(report_format: str) -> None:
    rule = next(iter(RULES.values()))
    findings = tuple(
        rule.finding(f"The number {mask_number(number)} was read from the document.", file="identity/doc.jpg",
                     hint=f"Check the document numbered {mask_number(number)}.")
        for number in NUMBERS
    )
    for color in (False, True):
        output = REPORTERS[report_format](RunReport((BundleReport("bundle", findings),)), RenderOptions(color=color))
        for number in NUMBERS:
            assert number not in output
            assert mask_number(number) in output


def _unmasked_number_interpolations(tree: ast.AST) -> list[str]:
    """f-string parts naming a document number, inside a call to `.finding(...)`, that are not
    wrapped in mask_number(...)."""
    found = []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "finding"):
            continue
        for value in ast.walk(call):
            if isinstance(value, ast.FormattedValue) and isinstance(value.value, (ast.Name, ast.Attribute)):
                expression = ast.unparse(value.value)
                if SENSITIVE.fullmatch(expression.rsplit(".", 1)[-1]):
                    found.append(f"line {call.lineno}: {{{expression}}}")
    return found


def test_the_guard_sees_an_unmasked_number() -> None:
    tree = ast.parse('RULE.finding(f"passport {mrz.document_number}, {mask_number(mrz.document_number)}, '
                     '{credit_code}, page {page.number}, right {right.number}")')
    assert _unmasked_number_interpolations(tree) == ["line 1: {mrz.document_number}", "line 1: {credit_code}"]


def test_no_finding_message_interpolates_a_document_number_unmasked() -> None:
    offending = {
        str(path.relative_to(SOURCE)): found
        for path in sorted(SOURCE.rglob("*.py"))
        if (found := _unmasked_number_interpolations(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offending == {}


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("privacy")
    person = root / "person"
    (person / "identity").mkdir(parents=True)
    (person / "identity" / "passport.jpg").write_bytes(docgen.jpeg_bytes(docgen.passport(PASSPORT)))
    manifest = hostile.base_manifest([{"file": "identity/passport.jpg", "type": "passport",
                                       "name_on_document": PASSPORT.display_name, "language": "en",
                                       "expires_on": "2032-04-15"}])
    manifest["account"]["region"] = "outside_mainland_china"
    manifest["complainant"]["name"] = PASSPORT.display_name
    (person / "bundle.yaml").write_text(hostile.manifest_yaml(manifest), encoding="utf-8")
    company = root / "company"
    (company / "identity").mkdir(parents=True)
    (company / "identity" / "licence.jpg").write_bytes(docgen.jpeg_bytes(docgen.business_license(COMPANY)))
    manifest = hostile.base_manifest([{"file": "identity/licence.jpg", "type": "business_registration",
                                       "name_on_document": COMPANY.name, "language": "zh"}])
    manifest["account"]["holder_type"] = "company"
    manifest["complainant"]["name"] = COMPANY.name
    (company / "bundle.yaml").write_text(hostile.manifest_yaml(manifest), encoding="utf-8")
    return [person, company]


@pytest.mark.parametrize("report_format", sorted(REPORTERS))
def test_reports_on_identity_documents_never_print_their_numbers(bundles: list[Path], tmp_path: Path,
                                                                  report_format: str) -> None:
    run = run_validate("--format", report_format, "--jobs", "2", *bundles, cwd=tmp_path)
    assert "Traceback" not in run.stderr
    assert bundles[0].name in run.stdout  # the report is there, not an error message
    for number in NUMBERS:
        assert number not in run.stdout
        assert number not in run.stderr
    if report_format == "json":
        # Both documents were decoded and checked, not set aside as unreadable.
        assert not [f for b in run.report()["bundles"] for f in b["findings"] if f["category"] == "file"]
