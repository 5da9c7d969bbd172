"""SARIF 2.1.0 (OASIS), for code-scanning dashboards: the rule table is the catalogue, each
finding one result."""

from __future__ import annotations

import json
from pathlib import PurePath, PurePosixPath
from typing import Any
from urllib.parse import quote

from validator import TOOL_NAME, __version__
from validator.catalogue import DOCS_URL, Rule
from validator.findings import BundleReport, Finding, Severity
from validator.reporters.base import RenderOptions, RunReport
from validator.rules import RULES

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_RULE_INDEX = {rule_id: index for index, rule_id in enumerate(RULES)}


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": rule.hint},
        "helpUri": rule.url,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category},
    }


def _uri(path: str) -> str:
    if PurePath(path).is_absolute():
        return PurePath(path).as_uri()
    return quote(PurePath(path).as_posix())


def _result(bundle: BundleReport, finding: Finding) -> dict[str, Any]:
    target = bundle.path if finding.file is None else str(PurePosixPath(bundle.path, finding.file))
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": _uri(target)}}}
    if finding.line is not None:
        location["physicalLocation"]["region"] = {"startLine": finding.line}
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "properties": {"bundle": bundle.path, "category": finding.category, "hint": finding.hint,
                       "page": finding.page},
    }
    if finding.rule in _RULE_INDEX:
        result["ruleIndex"] = _RULE_INDEX[finding.rule]
    if finding.ignored is not None:
        result["suppressions"] = [{"kind": "external", "justification": finding.ignored}]
    return result


def report_dict(run: RunReport) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": TOOL_NAME, "version": __version__, "informationUri": DOCS_URL,
                                "rules": [_rule(rule) for rule in RULES.values()]}},
            "results": [_result(bundle, finding) for bundle in run.bundles for finding in bundle.findings],
        }],
    }


def render(run: RunReport, options: RenderOptions) -> str:
    return json.dumps(report_dict(run), ensure_ascii=False, indent=2) + "\n"
