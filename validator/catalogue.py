"""The rule record. Every check the validator makes is one `Rule`; the registry in
`validator.rules` is the single source for the CLI, the reports, the site and the checklists."""

from __future__ import annotations

import os
from dataclasses import dataclass

from validator.findings import Finding, Region, Severity, printable

CATEGORIES = (
    "schema",
    "file",
    "identity",
    "legibility",
    "seal",
    "name",
    "translation",
    "expiry",
    "contact",
)

# The guide site's address; every finding links to its rule's section of the rule reference.
DOCS_URL = os.environ.get("IPP_PREFLIGHT_DOCS_URL", "https://ipp-preflight.github.io/")
RULE_REFERENCE_PAGE = "reference/rules/"


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: Severity
    title: str
    rationale: str
    hint: str
    # Simplified Chinese, for the site, the checklists and reports in Chinese.
    title_zh: str = ""
    rationale_zh: str = ""
    hint_zh: str = ""

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"{self.id}: unknown category {self.category!r}")
        if not self.id.startswith(f"IPP-{self.category.upper()}-"):
            raise ValueError(f"{self.id}: the ID must start with IPP-{self.category.upper()}-")

    @property
    def anchor(self) -> str:
        return self.id.lower()

    @property
    def url(self) -> str:
        return self.url_in("en")

    def url_in(self, lang: str) -> str:
        """The rule's section of the rule reference in English, or in the Chinese site (zh/)."""
        prefix = "" if lang == "en" else f"{lang}/"
        return f"{DOCS_URL.rstrip('/')}/{prefix}{RULE_REFERENCE_PAGE}#{self.anchor}"

    def finding(
        self,
        message: str,
        *,
        file: str | None = None,
        page: int | None = None,
        hint: str | None = None,
        region: Region | None = None,
        line: int | None = None,
        message_zh: str = "",
        hint_zh: str | None = None,
    ) -> Finding:
        """A finding of this rule. `message_zh` says the message in Chinese, and `hint_zh` the
        hint when `hint` replaces the rule's (tests/test_zh_messages.py checks every call)."""
        return Finding(
            rule=self.id,
            category=self.category,
            severity=self.severity,
            file=None if file is None else printable(file),
            page=page,
            message=printable(message),
            hint=printable(hint or self.hint),
            region=region,
            line=line,
            url=self.url,
            message_zh=printable(message_zh),
            hint_zh=printable(hint_zh or self.hint_zh),
        )

    def as_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "category": self.category,
            "severity": self.severity.value,
            "title": self.title,
            "rationale": self.rationale,
            "hint": self.hint,
            "title_zh": self.title_zh,
            "rationale_zh": self.rationale_zh,
            "hint_zh": self.hint_zh,
            "url": self.url,
        }
