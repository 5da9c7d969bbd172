"""MkDocs hook: the guide's sources, cited as footnotes, from docs/sources.yaml.

In a page, a marker `[^ID]` (ID a source in docs/sources.yaml) becomes a footnote that names the
source and links to it, in the page's language; every marker of one source shares its footnote,
and Material shows it as a tooltip. `<!-- sources: KIND -->` becomes the table of that kind's
sources with their links (the Sources page). A marker that names no source stops the build, so a
citation can never point nowhere. tests/test_guide_sources.py checks that every factual passage of
the seller's pages carries a marker or is marked as the guide's own advice. Wired in mkdocs.yml."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

SOURCES_FILE = Path(__file__).resolve().parents[1] / "sources.yaml"
KINDS = ("seed", "official", "secondary", "validator")
MARKER = re.compile(r"\[\^([A-Za-z0-9_-]+)\](?!:)")
DEFINITION = re.compile(r"^\[\^([A-Za-z0-9_-]+)\]:", re.MULTILINE)
TABLE = re.compile(r"<!--\s*sources:\s*([a-z]+)\s*-->")
HEADERS = {
    "en": ("Source", "What it gives"),
    "zh": ("来源", "提供的内容"),
}
NO_ADDRESS = {"en": "address not recorded", "zh": "未记录地址"}


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    url: str | None
    title: dict[str, str]
    gives: dict[str, str]

    @property
    def internal(self) -> bool:
        """A page of this site (a docs path), not an address elsewhere."""
        return self.url is not None and not self.url.startswith(("https://", "http://"))


@cache
def load_sources() -> dict[str, Source]:
    data = yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))
    sources = {}
    for raw in data["sources"]:
        source = Source(raw["id"], raw["kind"], raw["url"], raw["title"], raw["gives"])
        if source.kind not in KINDS or source.id in sources:
            raise ValueError(f"{SOURCES_FILE}: source {source.id!r} is repeated or has an unknown kind {source.kind!r}")
        sources[source.id] = source
    return sources


def page_language(page) -> str:
    return "zh" if page.file.src_uri.endswith(".zh.md") or page.url.startswith("zh/") else "en"


def _link(source: Source, page, lang: str) -> str:
    title = source.title[lang]
    if source.url is None:
        return f"{title} ({NO_ADDRESS[lang]})"
    if source.internal:
        target = posixpath.relpath(source.url, posixpath.dirname(page.file.src_uri) or ".")
        return f"[{title}]({target})"
    return f"[{title}]({source.url})"


def _table(kind: str, page, lang: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"{page.file.src_uri}: unknown kind of source {kind!r}; the kinds are {', '.join(KINDS)}")
    source_header, gives_header = HEADERS[lang]
    rows = [f"| {source_header} | {gives_header} |", "| --- | --- |"]
    rows += [f"| {_link(source, page, lang)} | {source.gives[lang]} |"
             for source in load_sources().values() if source.kind == kind]
    return "\n".join(rows) + "\n"


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    lang = page_language(page)
    sources = load_sources()
    markdown = TABLE.sub(lambda match: _table(match.group(1), page, lang), markdown)
    defined = set(DEFINITION.findall(markdown))
    cited = []
    for name in MARKER.findall(markdown):
        if name in defined:
            continue
        if name not in sources:
            raise ValueError(f"{page.file.src_uri}: [^{name}] names no source in {SOURCES_FILE.name}")
        if name not in cited:
            cited.append(name)
    if not cited:
        return markdown
    notes = "\n".join(f"[^{name}]: {_link(sources[name], page, lang)}" for name in cited)
    return f"{markdown.rstrip()}\n\n{notes}\n"
