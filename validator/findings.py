"""Findings and what is derived from them (status, counts, exit code)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Region:
    """A rectangle on a page, in fractions (0..1) of the page's width and height, so that it
    holds at any resolution the page is shown at."""

    x: float
    y: float
    width: float
    height: float

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in vars(self).items()}


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    file: str | None
    page: int | None
    message: str
    hint: str
    region: Region | None = None
    line: int | None = None
    url: str | None = None
    # The reason given for ignoring it (bundle.yaml's `ignore:`): shown, but counted nowhere.
    ignored: str | None = None
    # The message and hint in Simplified Chinese, for reports in Chinese.
    message_zh: str = ""
    hint_zh: str = ""

    def sort_key(self) -> tuple:
        return (self.file is not None, self.file or "", self.page or 0, self.line or 0, self.rule, self.message)


@dataclass(frozen=True)
class BundleReport:
    path: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    # Pictures of the analysed pages (validator.previews.Preview), when they were asked for.
    previews: tuple = ()

    @property
    def counted(self) -> tuple[Finding, ...]:
        """The findings that count towards the status: all but those ignored with a reason."""
        return tuple(f for f in self.findings if f.ignored is None)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.counted if f.severity is severity)

    def passed(self, strict: bool = False) -> bool:
        return not any(fails(f, strict) for f in self.findings)

    def status(self, strict: bool = False) -> str:
        return "pass" if self.passed(strict) else "fail"

    def summary(self) -> dict[str, int]:
        return {
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
        }


def fails(finding: Finding, strict: bool = False) -> bool:
    """Whether the finding fails its bundle: an error, or with --strict a warning too; never one
    that bundle.yaml ignores with a reason."""
    if finding.ignored is not None:
        return False
    return finding.severity is Severity.ERROR or (strict and finding.severity is Severity.WARNING)


def printable(text: str) -> str:
    """`text` as valid Unicode. A file name whose bytes are not UTF-8 reaches Python with lone
    surrogates in it (PEP 383), which no report can encode; they become escapes such as \\xff."""
    return _LONE_SURROGATE.sub(_escape_surrogate, text)


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


EXIT_PASS = 0
EXIT_FAIL = 1
EXIT_USAGE = 2


def exit_code(reports: list[BundleReport], strict: bool = False) -> int:
    return EXIT_PASS if all(r.passed(strict) for r in reports) else EXIT_FAIL
