"""MkDocs hook: the seller's four cases (docs/hooks/cases.yaml), one path through the guide each.

- In a case's page, `<!-- case: KIND -->` becomes that case's steps (its path, as a numbered list
  of links titled with each page's heading in the page's language) and the next-step box
  (`!!! next`): its checklist, the checklist's printable A4 handout, and what to send a
  consultant. The checklist's title comes from checklists/KIND.yaml. A guide page that only one
  or two cases need (the face recognition page, the seal page, the companies' page) ends with
  the same box for those cases.
- "Previous" and "Next" at the foot of a page on a case's path never lead to another case's
  page. On a page of one case only (the case's page, the mainland individual's face recognition
  page, the seal page, a case's checklist) they follow that case's path; on a page several cases
  share they follow the menu, skipping the pages that one of those cases does not need.

Wired in mkdocs.yml with `hooks: [docs/hooks/cases.py]`."""

from __future__ import annotations

import html
import posixpath
import re
import sys
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from site_languages import language_of, prefixes  # noqa: E402

from validator.checklist import KINDS  # noqa: E402
from validator.checklist import load as load_checklist  # noqa: E402

DOCS = Path(__file__).resolve().parents[1]
CASES: dict[str, list[str]] = yaml.safe_load((Path(__file__).resolve().parent / "cases.yaml").read_text(encoding="utf-8"))
START = "guide/which-case/"
MARKER = re.compile(r"<!--\s*case:\s*([a-z-]+)\s*-->")
# A guide page on the paths of this many cases or fewer ends with their next-step box; one that
# more cases share would list most checklists.
MAX_READERS_FOR_A_BOX = 2
HEADING = re.compile(r"^#\s+(.+?)\s*$", re.M)

LABELS = {
    "en": {
        "next": "Next step",
        "check": "**Check:** [{title}]({link}), the checklist for your case; tick it on screen as you go.",
        "print": "**Print:** {link}, to tick by hand.",
        "handout": "the same checklist as an A4 handout (PDF)",
        "consultant": ("**Working with a consultant?** Send them the ticked handout and your prepared documents; "
                       "they can check the documents with the validator and send you its report "
                       "([batch use for consultants]({batch}), [the HTML report for clients]({report}))."),
    },
    "zh": {
        "next": "下一步",
        "check": "**核对：**[{title}]({link})，即适用于您这种情况的核对清单，可在屏幕上边做边勾选。",
        "print": "**打印：**{link}，可以手工勾选。",
        "handout": "同一份清单的 A4 讲义（PDF）",
        "consultant": ("**请顾问协助？**把勾选好的讲义和准备好的材料发给顾问；顾问可以用校验器检查这些材料，"
                       "再把检查报告发给您（参见[顾问的批量使用]({batch})、[发给客户的 HTML 报告]({report})）。"),
    },
}


def case_page(kind: str) -> str:
    return f"guide/cases/{kind}/"


def full_path(kind: str) -> list[str]:
    """The pages of a case in reading order: the start, the case's own page, then its path."""
    return [START, case_page(kind), *CASES[kind]]


def _source(address: str, lang: str) -> Path:
    """The Markdown file of a page address ("guide/register/") in a language."""
    suffix = ".zh.md" if lang == "zh" else ".md"
    stem = address.rstrip("/") or "index"
    folder = DOCS / stem / f"index{suffix}"
    return folder if folder.is_file() else DOCS / f"{stem}{suffix}"


def _source_path(address: str) -> str:
    """The address's Markdown path relative to docs/, in the default language, as links name pages."""
    return _source(address, "en").relative_to(DOCS).as_posix()


def _title(address: str, lang: str) -> str:
    match = HEADING.search(_source(address, lang).read_text(encoding="utf-8"))
    if match is None:
        raise PluginError(f"cases hook: {_source(address, lang)} has no heading")
    return match[1]


def _links_from(page):
    here = posixpath.dirname(page.file.src_uri)
    return lambda address: posixpath.relpath(_source_path(address), here)


def _steps(kind: str, page, lang: str) -> str:
    link = _links_from(page)
    return "\n".join(f"{number}. [{_title(address, lang)}]({link(address)})"
                     for number, address in enumerate(CASES[kind], 1))


def _next_step(kinds: list[str], page, lang: str) -> str:
    """The next-step box: each case's checklist and its handout, and what to send a consultant."""
    link = _links_from(page)
    labels = LABELS[lang]
    site_root = "../" * page.url.count("/")
    lines = []
    for kind in kinds:
        handout = f'<a href="{site_root}handouts/{kind}.{lang}.pdf">{html.escape(labels["handout"])}</a>'
        lines += [labels["check"].format(title=load_checklist(kind).title(lang), link=link(f"checklists/{kind}/")),
                  labels["print"].format(link=handout)]
    lines.append(labels["consultant"].format(batch=link("validator/batch/"), report=link("validator/html-report/")))
    return f'!!! next "{labels["next"]}"\n' + "".join(f"    - {line}\n" for line in lines)


def _cases_of() -> dict[str, set[str]]:
    """Each page on a case's path, and the cases whose path it is on."""
    cases_of: dict[str, set[str]] = {}
    for kind in CASES:
        for address in full_path(kind):
            cases_of.setdefault(address, set()).add(kind)
    return cases_of


def on_config(config):
    unknown = set(CASES) - set(KINDS)
    if unknown:
        raise PluginError(f"cases.yaml: {', '.join(sorted(unknown))} has no checklist (checklists/KIND.yaml)")
    for kind in CASES:
        for address in full_path(kind):
            if not _source(address, "en").is_file():
                raise PluginError(f"cases.yaml: {kind} names {address}, which is no page of the guide")
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:
    by_locale = prefixes(config)
    lang = language_of(page.url, by_locale)
    address = page.url[len(by_locale[lang]):]
    if MARKER.search(markdown):
        return MARKER.sub(lambda match: _steps(match[1], page, lang) + "\n\n" + _next_step([match[1]], page, lang),
                          markdown)
    # Any other guide page that one or two cases need (and not every case) ends with their next step.
    readers = _cases_of().get(address, set())
    if address.startswith("guide/") and 0 < len(readers) <= MAX_READERS_FOR_A_BOX:
        markdown = markdown.rstrip() + "\n\n" + _next_step(sorted(readers), page, lang)
    return markdown


def _neighbour(menu: list[str], position: int, step: int, readers: set[str], cases_of: dict[str, set[str]]) -> str | None:
    """The nearest page before (step -1) or after (+1) in the menu that every one of `readers`
    (the cases that read the page) needs, or that no case's path names."""
    position += step
    while 0 <= position < len(menu):
        cases = cases_of.get(menu[position])
        if not cases or readers <= cases:
            return menu[position]
        position += step
    return None


# After mkdocs-static-i18n (-100) has built each language's navigation and linked its pages.
@event_priority(-200)
def on_nav(nav, config, files):
    by_locale = prefixes(config)
    pages = {page.url[len(by_locale[language_of(page.url, by_locale)]):]: page for page in nav.pages}
    menu = list(pages)
    cases_of = _cases_of()
    for address, readers in cases_of.items():
        page = pages[address]
        if len(readers) == 1:
            # A page of one case: its neighbours on that case's path.
            path = full_path(next(iter(readers)))
            position = path.index(address)
            page.previous_page = pages[path[position - 1]] if position else None
            page.next_page = pages[path[position + 1]] if position + 1 < len(path) else None
        else:
            # A page several cases share: the menu's order, skipping pages one of them does not need.
            position = menu.index(address)
            previous, following = (_neighbour(menu, position, step, readers, cases_of) for step in (-1, 1))
            page.previous_page = None if previous is None else pages[previous]
            page.next_page = None if following is None else pages[following]
    return nav
