"""The terminal report: grouped by bundle and file, a one-line summary at the end."""

from __future__ import annotations

import re
from itertools import groupby

from validator.findings import Finding, Severity
from validator.reporters.base import RenderOptions, RunReport

_COLORS = {
    Severity.ERROR: "\033[31m",
    Severity.WARNING: "\033[33m",
    Severity.INFO: "\033[36m",
    "pass": "\033[32m",
    "fail": "\033[31m",
    "dim": "\033[2m",
    "bold": "\033[1m",
}
_RESET = "\033[0m"
# Control characters, and the marks that reverse the direction of text, in a client's file name
# or manifest would act on the terminal (clear it, recolour it, make "gpj.exe" read "exe.jpg"):
# they are shown as escapes instead. So are the noncharacters U+FFFE and U+FFFF, which XML (the
# JUnit report) cannot carry.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


def shown(text: str) -> str:
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def counts(summary: dict[str, int]) -> str:
    return ", ".join((_plural(summary["errors"], "error"), _plural(summary["warnings"], "warning"),
                      _plural(summary["infos"], "info")))


def render(run: RunReport, options: RenderOptions) -> str:
    bundles, strict = run.bundles, run.strict

    def paint(text: str, style: object) -> str:
        return f"{_COLORS[style]}{text}{_RESET}" if options.color else text

    lines: list[str] = []
    for bundle in bundles:
        status = bundle.status(strict)
        lines.append(f"{paint(shown(bundle.path), 'bold')}  {paint(status.upper(), status)}  "
                     f"{counts(bundle.summary())}")
        listed = [f for f in bundle.findings if not options.quiet or (f.severity is Severity.ERROR and not f.ignored)]
        for file, group in groupby(listed, key=lambda f: f.file):
            lines.append(f"  {shown(file) if file else '(whole bundle)'}")
            for finding in group:
                lines.extend(_finding_lines(finding, paint, options.verbose))
        lines.append("")
    passed = sum(1 for b in bundles if b.passed(strict))
    totals = {key: sum(b.summary()[key] for b in bundles) for key in ("errors", "warnings", "infos")}
    lines.append(
        f"{_plural(len(bundles), 'bundle')} checked: {passed} passed, {len(bundles) - passed} failed; "
        f"{counts(totals)}"
    )
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding, paint, verbose: bool) -> list[str]:
    where = f" (page {finding.page})" if finding.page else ""
    severity = paint(f"{'ignored' if finding.ignored else finding.severity.value:<7}",
                     "dim" if finding.ignored else finding.severity)
    head = f"    {severity} {finding.rule:<17} {shown(finding.message)}{where}"
    if finding.ignored:
        return [head, paint(f"{'':30}ignored in bundle.yaml: {shown(finding.ignored)}", "dim")]
    lines = [head, paint(f"{'':30}fix: {shown(finding.hint)}", "dim")]
    if verbose and finding.url:
        lines.append(paint(f"{'':30}more: {finding.url}", "dim"))
    return lines
