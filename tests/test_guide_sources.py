"""Every factual passage of the seller's pages names its source.

A seller's page is a guide page (docs/guide/), the FAQ or a checklist page, in both languages. Its
factual passages are its paragraphs, list items, block quotes and tables, in the page or inside an
admonition. Each must carry a marker `[^ID]` naming a source in docs/sources.yaml (the published
guide, an official page, a reported third party, or the validator's own rule reference), except:

- the guide's own advice, inside `!!! advice` (shown as "Our advice"), and next-step boxes
  (`!!! next`): they say what we suggest, not what the platform requires;
- headings, figures and their captions, code, HTML and the generated placeholders;
- a passage that only points elsewhere ("See [the official seal](...).", or a list item that is
  only a link): navigation, not a claim.

A table counts as sourced when its header row carries a marker (for the whole table) or every
row does. The footnotes themselves are drawn by docs/hooks/sources.py."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
SELLER_PAGES = sorted([*DOCS.glob("guide/*.md"), *DOCS.glob("faq*.md"), *DOCS.glob("checklists/*.md")])
EXEMPT_ADMONITIONS = {"advice", "next"}
MARKER = re.compile(r"\[\^([A-Za-z0-9_-]+)\]")
ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)\s+([A-Za-z-]+)")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
# Sentences that only send the reader elsewhere.
POINTER = re.compile(r"(?:^|(?<=[.。:：)）]))\s*(?:[Ss]ee|参见|详见|请参阅|示例见)\s*[^.。]*[.。]?")
LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def _hook():
    spec = importlib.util.spec_from_file_location("sources_hook", DOCS / "hooks" / "sources.py")
    module = importlib.util.module_from_spec(spec)
    # Registered first: the hook's dataclass looks its module up while it is being defined.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


SOURCES = _hook().load_sources()


def passages(markdown: str) -> list[str]:
    """The page's factual passages, each as its text (see the module docstring)."""
    lines = _without_exempt_blocks(markdown.splitlines())
    units: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", "<", "![", "[^")):
            current = None
            continue
        if stripped.startswith("|"):
            if current is None or not current[0].lstrip().startswith("|"):
                current = []
                units.append(current)
            current.append(stripped)
            continue
        if LIST_ITEM.match(line) or current is None or current[0].lstrip().startswith("|"):
            current = []
            units.append(current)
        current.append(stripped)
    return ["\n".join(unit) for unit in units]


def _without_exempt_blocks(lines: list[str]) -> list[str]:
    """Drops code, HTML blocks and the bodies of exempt admonitions."""
    kept: list[str] = []
    skip_indent: int | None = None
    in_code = False
    in_html = 0
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None:
            if not line.strip() or indent > skip_indent:
                continue
            skip_indent = None
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        if indent >= 8 and not LIST_ITEM.match(line) and (not kept or not kept[-1].strip()):
            # An indented code block (inside a list item): a command, not a claim.
            continue
        if re.match(r"\s*<(figure|div|details)", line):
            in_html += 1
        if in_html:
            if re.search(r"</(figure|div|details)>", line):
                in_html -= 1
            continue
        match = ADMONITION.match(line.lstrip())
        if match:
            if match.group(1) in EXEMPT_ADMONITIONS:
                skip_indent = indent
            kept.append("")
            continue
        # An admonition's indented body is read like the page: passages are compared stripped.
        kept.append(line)
    return kept


def _is_navigation(passage: str) -> bool:
    def empty(text: str) -> bool:
        return not re.sub(r"[\W_]+", "", re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "", text))

    # Only links (a list of pages), or only "See ..." sentences.
    return empty(LINK.sub("", passage)) or empty(POINTER.sub("", LINK.sub(r"\1", passage)))


def _is_table(passage: str) -> bool:
    return passage.startswith("|")


def sourced(passage: str) -> bool:
    if _is_table(passage):
        rows = [row for row in passage.splitlines() if not re.fullmatch(r"[|\s:-]+", row)]
        return _cites(rows[0]) or all(_cites(row) for row in rows[1:])
    return _cites(passage) or _is_navigation(passage)


def _cites(text: str) -> bool:
    return any(name in SOURCES for name in MARKER.findall(text))


def unsourced(markdown: str) -> list[str]:
    return [passage for passage in passages(markdown) if not sourced(passage)]


@pytest.mark.parametrize("page", SELLER_PAGES, ids=lambda path: str(path.relative_to(DOCS)))
def test_every_factual_passage_names_its_source(page: Path) -> None:
    missing = unsourced(page.read_text(encoding="utf-8"))
    assert not missing, f"{page.relative_to(DOCS)}: passages without a source marker:\n\n" + "\n\n".join(missing)


def test_the_check_fails_on_an_unsourced_sentence() -> None:
    page = "# A page\n\nEverything you upload will be read by a person at Alibaba.\n"
    assert unsourced(page) == ["Everything you upload will be read by a person at Alibaba."]


def test_a_marker_an_advice_box_or_a_pointer_satisfies_it() -> None:
    page = ("# A page\n\nThe names must match.[^help-identity]\n\n"
            '!!! advice "Our advice"\n    Scan at 300 dpi.\n\n'
            "See [the official seal](official-seal.md).\n\n"
            "- a listed claim[^seed]\n- an unsourced listed claim\n")
    assert unsourced(page) == ["- an unsourced listed claim"]


def test_an_unknown_marker_is_not_a_source() -> None:
    assert unsourced("A claim.[^nowhere]\n") == ["A claim.[^nowhere]"]


def test_a_table_is_sourced_by_its_header_or_by_every_row() -> None:
    by_header = "| Account[^help-identity] | How |\n| --- | --- |\n| a | b |\n"
    by_rows = "| Account | How |\n| --- | --- |\n| a[^seed] | b |\n| c | d[^ipp-faq] |\n"
    one_row_missing = "| Account | How |\n| --- | --- |\n| a[^seed] | b |\n| c | d |\n"
    assert unsourced(by_header) == unsourced(by_rows) == []
    assert unsourced(one_row_missing)


def _page(src_uri: str, url: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), url=url)


def test_the_hook_turns_markers_into_linked_footnotes_in_the_pages_language() -> None:
    hook = _hook()
    english = hook.on_page_markdown("A claim.[^help-identity] Another.[^help-identity]\n",
                                    _page("guide/x.md", "guide/x/"), None, None)
    chinese = hook.on_page_markdown("一项说法。[^validator]\n", _page("guide/x.zh.md", "zh/guide/x/"), None, None)
    assert english.count("[^help-identity]:") == 1
    assert "(https://service.alibaba.com/buyer/faq_detail/20729163.htm)" in english
    assert "[^validator]: [本项目的校验器：规则参考](../reference/rules.md)" in chinese


def test_the_hook_stops_the_build_on_a_marker_that_names_no_source() -> None:
    with pytest.raises(ValueError, match="names no source"):
        _hook().on_page_markdown("A claim.[^nowhere]\n", _page("guide/x.md", "guide/x/"), None, None)


@pytest.mark.parametrize("page", ["sources.md", "sources.zh.md"])
def test_the_sources_page_lists_every_kind_of_source_with_links(page: str) -> None:
    hook = _hook()
    rendered = hook.on_page_markdown((DOCS / page).read_text(encoding="utf-8"),
                                     _page(page, "zh/sources/" if "zh" in page else "sources/"), None, None)
    for source in SOURCES.values():
        if source.url is None:
            assert source.title["zh" if "zh" in page else "en"] in rendered
        else:
            assert f"]({source.url})" in rendered


def test_every_outside_source_but_the_unrecorded_links_to_its_page() -> None:
    for source in SOURCES.values():
        if source.kind in ("seed", "official"):
            assert source.url and source.url.startswith("https://"), source.id


@pytest.mark.parametrize("page", ["guide/register.md", "guide/register.zh.md"])
def test_the_register_page_gives_the_ipp_address_with_its_source(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    passage = next(passage for passage in passages(text) if "https://ipp.alibabagroup.com/" in passage)
    assert "[^ipp-register]" in passage
