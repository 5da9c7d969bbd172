"""Renderings of a checklist: plain text for the terminal, HTML task lists for the guide's pages
(through the MkDocs hook docs/hooks/checklists.py), and printable A4 PDF handouts. They decide
nothing: every word comes from the checklist data or the rule catalogue."""

from __future__ import annotations

import functools
import html
import re
import string
import tempfile
import unicodedata
from pathlib import Path

from validator import __version__
from validator.checklist import LANGUAGES, Checklist, Item, Text, load_all

LABELS = {
    "why": Text("Why", "原因"),
    "checked_by": Text("Checked by `validate`", "由 `validate` 检查"),
    "manual": Text("Check by hand: no rule can check this", "须人工核对：校验器无法检查此项"),
    "handout": Text("Printable A4 handout (PDF)", "可打印的 A4 讲义（PDF）"),
    "reported": Text("reported, not confirmed by Alibaba", "据报道，未经阿里巴巴证实"),
    "generated": Text("Generated from checklists/{kind}.yaml by IPP Preflight {version}; do not edit.",
                      "由 IPP Preflight {version} 根据 checklists/{kind}.yaml 生成，请勿手工修改。"),
}


def _source_note(item: Item, lang: str) -> str:
    return f" ({LABELS['reported'](lang)})" if item.source == "reported" else ""


def _checked_by(item: Item, lang: str) -> str:
    return f"{LABELS['checked_by'](lang)}: {', '.join(item.rules)}" if item.rules else LABELS["manual"](lang)


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    """Greedy wrapping by display columns: a line may break between words or between any two
    Chinese characters, which take two columns each and have no spaces between them."""
    tokens = re.findall(r"[\u2e80-\ufaff\uff00-\uffef]|[^\s\u2e80-\ufaff\uff00-\uffef]+|\s+", text)
    lines, line = [], first
    for token in tokens:
        if token.isspace():
            if line.strip():
                line += " "
            continue
        if _columns(line) + _columns(token) > width and line.strip() and line != first:
            lines.append(line.rstrip())
            line = rest
        line += token
    lines.append(line.rstrip())
    return lines


def render_text(checklist: Checklist, lang: str, width: int = 88) -> str:
    indent = " " * 13
    title = checklist.title(lang)
    lines = [title, "=" * _columns(title), "", *_wrap(checklist.intro(lang), width, "", ""), ""]
    for item in checklist.items:
        lines += _wrap(item.text(lang), width, f"[ ] {item.id:<8} ", indent)
        for note in (f"{LABELS['why'](lang)}: {item.why(lang)}{_source_note(item, lang)}", _checked_by(item, lang)):
            lines += _wrap(note, width, indent, indent)
        lines.append("")
    return "\n".join(lines)


def _inline_html(text: str) -> str:
    """Escapes the text, keeping `code` spans as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def render_html(checklist: Checklist, lang: str, rule_reference: str) -> str:
    """A task list of clickable checkboxes in MkDocs Material's own markup (as pymdownx.tasklist
    writes it), as raw HTML so that it needs no extension; `rule_reference` is the relative
    address of the rule reference page, to which each rule ID links."""
    rows = [f'<p>{_inline_html(checklist.intro(lang))}</p>',
            f'<ul class="task-list ipp-checklist" data-checklist="{checklist.kind}">']
    for item in checklist.items:
        if item.rules:
            links = ", ".join(f'<a href="{rule_reference}#{rule.lower()}"><code>{rule}</code></a>' for rule in item.rules)
            checked_by = f"{_inline_html(LABELS['checked_by'](lang))}: {links}"
        else:
            checked_by = html.escape(LABELS["manual"](lang))
        rows.append(
            f'<li class="task-list-item" id="{item.id.lower()}">'
            f'<label class="task-list-control"><input type="checkbox"><span class="task-list-indicator"></span></label> '
            f"<strong>{item.id}</strong> {_inline_html(item.text(lang))}<br>"
            f"<small>{LABELS['why'](lang)}: {_inline_html(item.why(lang))}{html.escape(_source_note(item, lang))}</small><br>"
            f"<small>{checked_by}</small></li>"
        )
    rows.append("</ul>")
    return "\n".join(rows)


# Noto Sans CJK covers Latin and Simplified Chinese, so one font serves both handouts.
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FONT_SC_INDEX = 2


class HandoutUnavailable(RuntimeError):
    """The PDF handouts need the `handouts` extra and the Noto Sans CJK font."""


def _characters(checklist: Checklist) -> frozenset[str]:
    texts = [checklist.title, checklist.intro, *LABELS.values(), *(t for item in checklist.items for t in (item.text, item.why))]
    return frozenset(char for text in texts for lang in LANGUAGES for char in text(lang))


@functools.cache
def _shipped_characters() -> frozenset[str]:
    printable_ascii = frozenset(char for char in string.printable if char.isprintable())
    return printable_ascii.union(*(_characters(checklist) for checklist in load_all()))


@functools.cache
def _font_folder() -> tempfile.TemporaryDirectory:
    # Lives as long as the process: fpdf2 reads a font's tables from its file while it writes.
    return tempfile.TemporaryDirectory(prefix="ipp-preflight-fonts-")


@functools.cache
def _handout_font(font: Path, characters: frozenset[str]) -> Path:
    """The font cut down to the characters the handouts print, made once per process.

    Noto Sans CJK holds some 65,000 glyphs: fpdf2 parses all of them each time a document adds
    the font and cuts them down again when it writes, about 1 s per handout. A cut of a few
    hundred glyphs (every character of every shipped checklist, so one cut serves all of them)
    is parsed and embedded in milliseconds, and the PDFs embed the same glyphs as before."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    cut = TTFont(font, fontNumber=CJK_FONT_SC_INDEX, lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(subset.Options(notdef_outline=True, recommended_glyphs=True, name_IDs=["*"], desubroutinize=True))
    subsetter.populate(unicodes=sorted(map(ord, characters)))
    subsetter.subset(cut)
    handle, path = tempfile.mkstemp(suffix=".otf", dir=_font_folder().name)
    with open(handle, "wb") as out:
        cut.save(out)
    return Path(path)


def render_pdf(checklist: Checklist, lang: str, font: Path = CJK_FONT) -> bytes:
    """A printable A4 handout: one checkbox per item, its reason and how it is checked."""
    try:
        from fpdf import FPDF
    except ImportError:
        raise HandoutUnavailable("PDF handouts need fpdf2: pip install 'ipp-preflight[handouts]'") from None
    if not font.is_file():
        raise HandoutUnavailable(f"PDF handouts need the Noto Sans CJK font at {font} (Debian: fonts-noto-cjk)")
    footer_text = LABELS["generated"](lang).format(kind=checklist.kind, version=__version__)

    class Handout(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("noto", size=7)
            self.set_text_color(110)
            self.cell(0, 5, f"{footer_text}   {self.page_no()}/{{nb}}", align="C")

    pdf = Handout(format="A4")
    pdf.set_title(checklist.title(lang))
    pdf.set_creator(f"IPP Preflight {__version__}")
    pdf.add_font("noto", fname=str(_handout_font(font, _shipped_characters() | _characters(checklist))))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    pdf.set_font("noto", size=18)
    pdf.multi_cell(0, 9, checklist.title(lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("noto", size=10)
    pdf.multi_cell(0, 5.5, checklist.intro(lang).replace("`", ""), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    box, gap = 4.5, 3
    text_x = pdf.l_margin + box + gap
    for item in checklist.items:
        # Keep an item and its notes on one page.
        if pdf.get_y() > pdf.h - pdf.b_margin - 30:
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_text_color(0)
        pdf.rect(pdf.l_margin, top + 0.8, box, box)
        pdf.set_xy(text_x, top)
        pdf.set_font("noto", size=11)
        pdf.multi_cell(0, 6, f"{item.id}  {item.text(lang)}".replace("`", ""), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("noto", size=8.5)
        pdf.set_text_color(70)
        for note in (f"{LABELS['why'](lang)}: {item.why(lang)}{_source_note(item, lang)}", _checked_by(item, lang)):
            pdf.set_x(text_x)
            pdf.multi_cell(0, 4.5, note.replace("`", ""), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    return bytes(pdf.output())
