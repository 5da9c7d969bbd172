"""The JSON report of the bundle contract (schemas/report.schema.json)."""

from __future__ import annotations

import json
from typing import Any

from validator import TOOL_NAME, __version__
from validator.findings import Finding
from validator.reporters.base import RenderOptions, RunReport


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "category": finding.category,
        "severity": finding.severity.value,
        "file": finding.file,
        "page": finding.page,
        "message": finding.message,
        "hint": finding.hint,
        "line": finding.line,
        "region": finding.region.as_dict() if finding.region else None,
        "url": finding.url,
    }


def report_dict(run: RunReport) -> dict[str, Any]:
    return {
        "tool": {"name": TOOL_NAME, "version": __version__},
        "bundles": [
            {
                "path": bundle.path,
                "status": bundle.status(run.strict),
                "summary": bundle.summary(),
                "findings": [finding_dict(f) for f in bundle.counted],
                **({"ignored": [finding_dict(f) | {"reason": f.ignored} for f in bundle.findings if f.ignored]}
                   if len(bundle.counted) < len(bundle.findings) else {}),
            }
            for bundle in run.bundles
        ],
    }


def render(run: RunReport, options: RenderOptions) -> str:
    return json.dumps(report_dict(run), ensure_ascii=False, indent=2) + "\n"
