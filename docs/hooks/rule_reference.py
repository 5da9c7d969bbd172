"""MkDocs hook: writes the rule reference from the validator's rule catalogue at build time.

The page named by `validator.catalogue.RULE_REFERENCE_PAGE` (in each language) holds the marker
below; this hook replaces it with one section per rule, anchored at `rule.anchor`, so the link
every finding carries (`rule.url`) lands on that rule. Nothing here is hand-copied rule text."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# The validator of this source tree, even when an installed copy is also importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from validator.catalogue import CATEGORIES, RULE_REFERENCE_PAGE, Rule  # noqa: E402
from validator.rules import RULES  # noqa: E402

MARKER = "<!-- rule-reference -->"
PAGE_SOURCES = {
    f"{RULE_REFERENCE_PAGE.rstrip('/')}.md": "en",
    f"{RULE_REFERENCE_PAGE.rstrip('/')}.zh.md": "zh",
}

LABELS = {
    "en": {
        "colon": ": ", "severity": "Severity", "category": "Category", "why": "Why", "fix": "How to fix",
        "explain": "In a terminal", "rule": "Rule", "title": "What it finds",
        "empty": "This version of the validator has no rule in this category.",
        "error": "error", "warning": "warning", "info": "info",
    },
    "zh": {
        "colon": "：", "severity": "级别", "category": "类别", "why": "原因", "fix": "如何修正",
        "explain": "在终端中", "rule": "规则", "title": "检查内容",
        "empty": "当前版本的校验器在此类别下没有规则。",
        "error": "错误", "warning": "警告", "info": "提示",
    },
}
CATEGORY_NAMES = {
    "en": {
        "schema": "The manifest (schema)", "file": "Files (file)", "identity": "Identity documents (identity)",
        "legibility": "Legibility (legibility)", "seal": "Official seals (seal)", "name": "Names (name)",
        "translation": "Translations (translation)", "expiry": "Expiry (expiry)", "contact": "Contact details (contact)",
    },
    "zh": {
        "schema": "清单格式（schema）", "file": "文件（file）", "identity": "身份材料（identity）",
        "legibility": "清晰度（legibility）", "seal": "公章（seal）", "name": "名称（name）",
        "translation": "翻译（translation）", "expiry": "有效期（expiry）", "contact": "联系方式（contact）",
    },
}

_CODE_SPAN = re.compile(r"(`[^`]+`)")
_MARKDOWN_SPECIAL = re.compile(r"([\\*_\[\]#|{}])")


def inline(text: str) -> str:
    """Rule text as Markdown: `code spans` stay code, everything else is literal text."""
    parts = _CODE_SPAN.split(text)
    return "".join(
        part if part.startswith("`") else _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(part, quote=False))
        for part in parts
    )


def _text(rule: Rule, field: str, language: str) -> str:
    # A rule not yet translated shows its English text rather than nothing.
    return (language == "zh" and getattr(rule, f"{field}_zh")) or getattr(rule, field)


def render_reference(language: str) -> str:
    labels, names = LABELS[language], CATEGORY_NAMES[language]
    colon = labels["colon"]
    lines = [
        f"| {labels['rule']} | {labels['severity']} | {labels['title']} |",
        "| --- | --- | --- |",
    ]
    lines += [
        f"| [{rule.id}](#{rule.anchor}) | {labels[rule.severity.value]} | {inline(_text(rule, 'title', language))} |"
        for rule in RULES.values()
    ]
    # Every category keeps its section, and so its anchor, even while it has no rule.
    for category in CATEGORIES:
        rules = [rule for rule in RULES.values() if rule.category == category]
        lines += ["", f"## {names[category]} {{#category-{category}}}"]
        if not rules:
            lines += ["", labels["empty"]]
        for rule in rules:
            lines += [
                "",
                f"### {rule.id}{colon}{inline(_text(rule, 'title', language))} {{#{rule.anchor}}}",
                "",
                f"**{labels['severity']}**{colon}{labels[rule.severity.value]} · "
                f"**{labels['category']}**{colon}`{rule.category}`",
                "",
                f"**{labels['why']}**{colon}{inline(_text(rule, 'rationale', language))}",
                "",
                f"**{labels['fix']}**{colon}{inline(_text(rule, 'hint', language))}",
                "",
                f"{labels['explain']}{colon}`validate explain {rule.id}`",
            ]
    return "\n".join(lines) + "\n"


def on_page_markdown(markdown: str, page, config, files) -> str:
    language = PAGE_SOURCES.get(page.file.src_uri)
    if language is None:
        return markdown
    if MARKER not in markdown:
        raise PluginError(f"{page.file.src_uri} must contain {MARKER} where the rule reference goes")
    return markdown.replace(MARKER, render_reference(language))

