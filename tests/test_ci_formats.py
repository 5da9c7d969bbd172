"""The CI formats (--format github, sarif, junit), each checked on one shared set of findings
and against its published schema: SARIF 2.1.0's JSON schema (OASIS) and the JUnit XSD of
Jenkins' xunit plugin, both kept in tests/schemas/ (the README there says where from)."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from tests.bundles import contract_bundle
from validator.findings import BundleReport, Region
from validator.reporters import REPORTERS, RenderOptions, RunReport
from validator.rules import RULES

SCHEMAS = Path(__file__).parent / "schemas"

# A finding of every shape a report must carry: on the manifest with a line, on a PDF page with
# a region, on the bundle as a whole, and on files whose names hold what each format must escape.
FILE_NAMES = ("rights/tm 商标,1%:a.pdf", "id/\x1b[31mred\x07.jpg", "id/line\nbreak\ufffe.png")
FINDINGS = (
    RULES["IPP-CONTACT-001"].finding("'ip@@x' is not a valid email address: two @.", file="bundle.yaml", line=5),
    RULES["IPP-LEGIBILITY-005"].finding("A burnt-out patch covers 4% of the image.", file="scan.pdf", page=2,
                                        region=Region(0.1, 0.2, 0.3, 0.1)),
    RULES["IPP-IDENTITY-001"].finding("A company must provide a business registration; none is listed."),
    RULES["IPP-TRANSLATION-003"].finding("The translation is not marked notarized: true.", file=FILE_NAMES[0]),
    RULES["IPP-NAME-007"].finding("Whether this document shows 'X' is unknown.", file=FILE_NAMES[1]),
    RULES["IPP-FILE-008"].finding("Not listed:\n100%", file=FILE_NAMES[2]),
)
RUN = RunReport((BundleReport("clients/a b", tuple(sorted(FINDINGS, key=lambda f: f.sort_key()))),
                 BundleReport("/abs/clean", ())))


def render(name: str, run: RunReport = RUN) -> str:
    return REPORTERS[name](run, RenderOptions())


@cache
def junit_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "junit-10.xsd")))


def valid_sarif(text: str) -> dict:
    report = json.loads(text)
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(report)
    return report


def valid_junit(text: str) -> etree._Element:
    root = etree.fromstring(text.encode("utf-8"))
    junit_schema().assertValid(root)
    return root


def test_the_shared_findings_cover_every_severity():
    assert {f.severity.value for f in FINDINGS} == {"error", "warning", "info"}


def test_sarif_is_valid_sarif_2_1_0_with_the_catalogue_as_its_rule_table():
    report = valid_sarif(render("sarif"))
    (run,) = report["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == list(RULES)
    assert len(run["results"]) == len(FINDINGS)
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    by_rule = {result["ruleId"]: result for result in run["results"]}
    manifest = by_rule["IPP-CONTACT-001"]
    assert manifest["level"] == "error"
    assert manifest["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "clients/a%20b/bundle.yaml"},
                                                            "region": {"startLine": 5}}
    assert by_rule["IPP-NAME-007"]["level"] == "note" and by_rule["IPP-LEGIBILITY-005"]["properties"]["page"] == 2
    assert by_rule["IPP-IDENTITY-001"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "clients/a%20b"


def test_sarif_of_a_clean_run_has_no_results():
    report = valid_sarif(render("sarif", RunReport((BundleReport("/abs/clean", ()),))))
    assert report["runs"][0]["results"] == []


def test_junit_is_valid_one_suite_per_bundle_one_case_per_file_and_rule():
    root = valid_junit(render("junit"))
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["clients/a b", "/abs/clean"]
    cases = suites[0].findall("testcase")
    assert len(cases) == len(FINDINGS)
    # Errors fail their case; a warning or a note is the case's output, unless --strict.
    failed = {case.get("name").split()[0] for case in cases if case.find("failure") is not None}
    assert failed == {"IPP-CONTACT-001", "IPP-IDENTITY-001", "IPP-LEGIBILITY-005"}
    assert suites[0].get("failures") == "3" and root.get("failures") == "3"
    assert [case.get("name") for case in suites[1].findall("testcase")] == ["every check"]
    strict = valid_junit(render("junit", RunReport(RUN.bundles, strict=True)))
    assert strict.findall("testsuite")[0].get("failures") == str(sum(f.severity.value != "info" for f in FINDINGS))


def test_junit_carries_file_names_xml_cannot_hold_as_escapes():
    text = render("junit")
    assert "\\x1b[31mred\\x07.jpg" in text and "\\ufffe" in text and "\x1b" not in text


ANNOTATION = re.compile(r"^::(error|warning|notice) (?:file=([^,:]+),)?(?:line=(\d+),)?title=([A-Z0-9-]+)::(.+)$")


def test_github_annotations_one_line_per_finding_with_file_line_and_escapes():
    lines = render("github").splitlines()
    assert lines[len(FINDINGS):] == ["clients/a b: fail (3 errors, 1 warning, 2 infos)", "/abs/clean: pass (0 errors, 0 warnings, 0 infos)"]
    lines = lines[:len(FINDINGS)]
    parsed = [ANNOTATION.match(line) for line in lines]
    assert all(parsed), lines
    by_rule = {match.group(4): match for match in parsed}
    assert by_rule["IPP-CONTACT-001"].groups()[:3] == ("error", "clients/a b/bundle.yaml", "5")
    assert by_rule["IPP-NAME-007"].group(1) == "notice" and by_rule["IPP-TRANSLATION-003"].group(1) == "warning"
    assert by_rule["IPP-TRANSLATION-003"].group(2) == "clients/a b/rights/tm 商标%2C1%25%3Aa.pdf"
    assert "(page 2)" in by_rule["IPP-LEGIBILITY-005"].group(5)
    assert by_rule["IPP-IDENTITY-001"].group(2) is None and by_rule["IPP-IDENTITY-001"].group(5).startswith("clients/a b: ")
    assert "Not listed:%0A100%25%0AFix: " in by_rule["IPP-FILE-008"].group(5)
    assert "\x1b" not in "".join(lines)


def test_the_installed_command_writes_each_format(tmp_path, cli):
    bundle = contract_bundle(tmp_path / "brightstar", lambda manifest, files: manifest["complainant"].pop("phone"))
    for name, check in (("sarif", valid_sarif), ("junit", valid_junit)):
        done = cli("--format", name, "--no-ocr", str(bundle))
        assert done.code == 0, done.stderr
        check(done.stdout)
    done = cli("--format", "github", "--no-ocr", str(bundle))
    assert done.code == 0 and any(line.startswith("::warning ") and "title=IPP-CONTACT-002" in line
                                  for line in done.stdout.splitlines())


def test_the_schemas_refuse_a_broken_report():
    """The vendored schemas have teeth: what the reporters must never write is refused."""
    report = json.loads(render("sarif"))
    report["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        valid_sarif(json.dumps(report))
    with pytest.raises(etree.DocumentInvalid):
        valid_junit(render("junit").replace(' errors="0" skipped="0"', "", 1))
