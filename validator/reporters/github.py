"""GitHub Actions workflow commands: one annotation per finding, shown on the run and, for a
file in the repository, beside it in the pull request's diff.
https://docs.github.com/actions/reference/workflow-commands-for-github-actions"""

from __future__ import annotations

from pathlib import PurePosixPath

from validator.findings import BundleReport, Finding, Severity
from validator.reporters.base import RenderOptions, RunReport
from validator.reporters.text import counts as _counts
from validator.reporters.text import shown

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    # The escapes the runner undoes in a command's message; other control characters from a
    # client's file names are shown as escapes, as in the terminal (the log is a terminal's).
    return "%0A".join(shown(line.replace("%", "%25")) for line in text.split("\n"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(bundle: BundleReport, finding: Finding) -> str:
    properties = []
    if finding.file is not None:
        properties.append(f"file={_property(str(PurePosixPath(bundle.path, finding.file)))}")
        if finding.line is not None:
            properties.append(f"line={finding.line}")
    where = "" if finding.file is not None else f"{bundle.path}: "
    page = f" (page {finding.page})" if finding.page else ""
    properties.append(f"title={_property(finding.rule)}")
    message = f"{where}{finding.message}{page}\nFix: {finding.hint}"
    return f"::{COMMANDS[finding.severity]} {','.join(properties)}::{_data(message)}"


def render(run: RunReport, options: RenderOptions) -> str:
    """The annotations, then a plain line per bundle for the log (the runner shows lines that
    are not commands as they are)."""
    lines = [annotation(bundle, finding) for bundle in run.bundles for finding in bundle.counted]
    lines += [f"{shown(bundle.path)}: {bundle.status(run.strict)} ({_counts(bundle.summary())})" for bundle in run.bundles]
    return "".join(f"{line}\n" for line in lines)
