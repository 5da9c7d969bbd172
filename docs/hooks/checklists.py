"""MkDocs hook: the guide's checklist pages and the trainer's page are generated at build time
from checklists/*.yaml and checklists/training/keys/*.yaml; nothing in them is hand-edited.

In a page, `<!-- checklist: KIND -->` becomes that checklist as a list of checkboxes that can be
ticked on screen, in the page's language (a `x.zh.md` page, or a page under `zh/`, is in
Chinese), with a link to its printable A4 handout; `<!-- training-exercises -->` becomes the
table of the training kit's exercises. The handouts are written into the built site as
`handouts/KIND.LANG.pdf` after the build. Wired in mkdocs.yml with `hooks: [docs/hooks/checklists.py]`."""

from __future__ import annotations

import html
import re
from pathlib import Path

from validator.checklist import KINDS
from validator.checklist import load as load_checklist
from validator.checklist_render import LABELS, render_html, render_pdf
from validator.training import LABELS as LABELS_TRAINING
from validator.training import load_keys

CHECKLIST = re.compile(r"<!--\s*checklist:\s*([a-z-]+)\s*-->")
EXERCISES = re.compile(r"<!--\s*training-exercises\s*-->")
TRAINING_KEYS = Path(__file__).resolve().parents[2] / "checklists" / "training" / "keys"
HANDOUTS = "handouts"
RULE_REFERENCE = "reference/rules/"

# The handouts the pages link to, written once the site is built.
_handouts: set[tuple[str, str]] = set()


def page_language(page) -> str:
    source = page.file.src_uri
    return "zh" if source.endswith(".zh.md") or page.url.startswith("zh/") else "en"


def _to_site_root(page) -> str:
    return "../" * page.url.count("/")


def _to_language_root(page, lang: str) -> str:
    levels = page.url.count("/") - (1 if page.url.startswith(f"{lang}/") else 0)
    return "../" * levels


def _checklist_block(kind: str, page, lang: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"{page.file.src_uri}: unknown checklist {kind!r}; the checklists are {', '.join(KINDS)}")
    _handouts.add((kind, lang))
    handout = f"{_to_site_root(page)}{HANDOUTS}/{kind}.{lang}.pdf"
    return (render_html(load_checklist(kind), lang, _to_language_root(page, lang) + RULE_REFERENCE)
            + f'\n\n<p><a href="{handout}">{html.escape(LABELS["handout"](lang))}</a></p>\n')


def _exercise_table(lang: str) -> str:
    header = [LABELS_TRAINING[name](lang) for name in ("exercise", "title", "account", "difficulty", "findings")]
    rows = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for key in load_keys(TRAINING_KEYS):
        account = f"{LABELS_TRAINING[key.holder_type](lang)}, {LABELS_TRAINING[key.region](lang)}"
        rows.append(f"| `{key.exercise}` | {key.title(lang)} | {account} | "
                    f"{LABELS_TRAINING[key.difficulty](lang)} | {len(key.findings)} |")
    return "\n".join(rows) + "\n"


def on_pre_build(config, **kwargs) -> None:
    _handouts.clear()


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    lang = page_language(page)
    markdown = CHECKLIST.sub(lambda match: _checklist_block(match.group(1), page, lang), markdown)
    return EXERCISES.sub(lambda match: _exercise_table(lang), markdown)


def on_post_build(config, **kwargs) -> None:
    folder = Path(config["site_dir"]) / HANDOUTS
    folder.mkdir(parents=True, exist_ok=True)
    for kind, lang in sorted(_handouts):
        (folder / f"{kind}.{lang}.pdf").write_bytes(render_pdf(load_checklist(kind), lang))

