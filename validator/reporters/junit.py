"""JUnit XML, for CI systems that show test results: one test suite per bundle, one test case
per file and rule. A case fails where a finding fails its bundle (an error; with --strict a
warning too); the other findings are the case's output."""

from __future__ import annotations

from itertools import groupby
from xml.etree import ElementTree as ET

from validator import TOOL_NAME
from validator.findings import BundleReport, Finding, fails
from validator.reporters.base import RenderOptions, RunReport
from validator.reporters.text import shown

WHOLE_BUNDLE = "(whole bundle)"


def _text(finding: Finding) -> str:
    page = f" (page {finding.page})" if finding.page else ""
    line = f" (bundle.yaml line {finding.line})" if finding.line else ""
    # Each field through `shown`: XML cannot carry most control characters a file name can hold.
    severity = f"ignored ({shown(finding.ignored)})" if finding.ignored is not None else finding.severity.value
    return f"{severity}: {shown(finding.message)}{page}{line}\nFix: {shown(finding.hint)}\n{finding.url or ''}".rstrip()


def _case(bundle: BundleReport, file: str | None, rule: str, findings: list[Finding], strict: bool) -> ET.Element:
    case = ET.Element("testcase", name=f"{rule} {shown(file or WHOLE_BUNDLE)}", classname=shown(bundle.path))
    failing = [f for f in findings if fails(f, strict)]
    for finding in failing:
        ET.SubElement(case, "failure", type=rule, message=shown(finding.message)).text = _text(finding)
    passing = [f for f in findings if not fails(f, strict)]
    if passing:
        ET.SubElement(case, "system-out").text = "\n\n".join(_text(f) for f in passing)
    return case


def _file_and_rule(finding: Finding) -> tuple[str, str]:
    return finding.file or "", finding.rule


def _suite(bundle: BundleReport, strict: bool) -> ET.Element:
    groups = (list(group) for _, group in groupby(sorted(bundle.findings, key=_file_and_rule), key=_file_and_rule))
    cases = [_case(bundle, group[0].file, group[0].rule, group, strict) for group in groups]
    if not cases:
        cases = [ET.Element("testcase", name="every check", classname=shown(bundle.path))]
    failures = sum(1 for case in cases if case.find("failure") is not None)
    suite = ET.Element("testsuite", name=shown(bundle.path), tests=str(len(cases)), failures=str(failures), errors="0",
                       skipped="0")
    suite.extend(cases)
    return suite


def render(run: RunReport, options: RenderOptions) -> str:
    suites = [_suite(bundle, run.strict) for bundle in run.bundles]
    root = ET.Element("testsuites", name=TOOL_NAME,
                      tests=str(sum(int(s.get("tests")) for s in suites)),
                      failures=str(sum(int(s.get("failures")) for s in suites)), errors="0")
    root.extend(suites)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
