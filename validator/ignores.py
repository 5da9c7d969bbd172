"""bundle.yaml's `ignore:` entries applied to a bundle's findings: a matching finding stays in
the report, marked with the reason, and no longer counts towards the status. The entries that
cannot be applied are findings of their own (rules/schema.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from validator.findings import Finding
from validator.model import Ignore
from validator.rules import rule_id


def unknown_rule(entry: Ignore) -> str | None:
    """Why the entry's rule is not one, or None when it is."""
    try:
        rule_id(entry.rule)
    except KeyError as exc:
        return exc.args[0]
    return None


def _applied(entries: Sequence[Ignore]) -> list[tuple[str, Ignore]]:
    return [(rule_id(entry.rule), entry) for entry in entries
            if (entry.reason or "").strip() and unknown_rule(entry) is None]


def apply(findings: Iterable[Finding], entries: Sequence[Ignore]) -> list[Finding]:
    applied = _applied(entries)
    marked = []
    for finding in findings:
        match = next((entry for rule, entry in applied
                      if rule == finding.rule and entry.file in (None, finding.file)), None)
        marked.append(dataclasses.replace(finding, ignored=match.reason.strip()) if match else finding)
    return marked
