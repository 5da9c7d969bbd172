"""The checklists: valid data, every rule covered, and the three renderings carry every item."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest
import yaml
import pypdfium2 as pdfium

from validator.checklist import KINDS, LANGUAGES, ChecklistError, load, load_all, parse
from validator.checklist_render import _columns, render_html, render_pdf, render_text
from validator.resources import data_dir
from validator.rules import RULES

ROOT = Path(__file__).resolve().parent.parent


def test_every_checklist_file_is_a_known_kind_and_every_kind_has_a_file():
    assert {path.stem for path in data_dir("checklists").glob("*.yaml")} == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_checklist_matches_its_schema(kind):
    assert load(kind).items


def test_a_checklist_that_breaks_the_schema_is_refused():
    data = yaml.safe_load((data_dir("checklists") / "register.yaml").read_text(encoding="utf-8"))
    del data["items"][0]["why"]["zh"]
    with pytest.raises(ChecklistError, match="items/0/why"):
        parse(data, "register")
    data = yaml.safe_load((data_dir("checklists") / "register.yaml").read_text(encoding="utf-8"))
    data["items"][0]["manual"] = True
    data["items"][0]["rules"] = ["IPP-CONTACT-001"]
    with pytest.raises(ChecklistError):
        parse(data, "register")


def test_item_ids_are_unique_across_checklists():
    ids = [item.id for checklist in load_all() for item in checklist.items]
    assert len(ids) == len(set(ids))


def test_every_rule_an_item_names_exists():
    named = {rule for checklist in load_all() for item in checklist.items for rule in item.rules}
    assert named - set(RULES) == set()


def test_every_rule_in_the_catalogue_is_covered_by_an_item():
    covered = {rule for checklist in load_all() for item in checklist.items for rule in item.rules}
    assert set(RULES) - covered == set(), "add a checklist item for each of these rules"


def test_items_no_rule_can_check_say_so():
    manual = [item for checklist in load_all() for item in checklist.items if item.manual]
    assert manual and all(not item.rules for item in manual)
    assert any("spam" in item.text.en for item in manual)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_and_html_carry_every_item_and_rule(lang):
    for checklist in load_all():
        text = render_text(checklist, lang)
        page = render_html(checklist, lang, "../../reference/rules/")
        for item in checklist.items:
            assert item.id in text and item.text(lang)[:8] in text
            assert f'id="{item.id.lower()}"' in page
            for rule in item.rules:
                assert rule in text and f'href="../../reference/rules/#{rule.lower()}"' in page
        assert page.count('type="checkbox"') == len(checklist.items)


def test_text_lines_fit_the_terminal():
    for checklist in load_all():
        for lang in LANGUAGES:
            assert all(_columns(line) <= 88 for line in render_text(checklist, lang).splitlines())


def _pdf_text(data: bytes) -> tuple[int, str]:
    document = pdfium.PdfDocument(data)
    return len(document), "".join(page.get_textpage().get_text_range() for page in document)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["register", "company-mainland", "before-submit"])
def test_pdf_handout_is_a4_and_holds_every_item(kind, lang):
    checklist = load(kind)
    data = render_pdf(checklist, lang)
    width, height = pdfium.PdfDocument(data)[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    pages, text = _pdf_text(data)
    assert 1 <= pages <= 3
    flat = "".join(text.split())
    assert "".join(checklist.title(lang).split()) in flat
    for item in checklist.items:
        assert item.id in flat
        assert "".join(item.text(lang).replace("`", "").split())[:12] in flat
        for rule in item.rules:
            assert rule in flat


def test_cli_lists_the_kinds_and_prints_one(cli, tmp_path):
    listing = cli("checklist")
    assert listing.code == 0 and all(kind in listing.stdout for kind in KINDS)
    chinese = cli("checklist", "company-mainland", "--lang", "zh")
    assert chinese.code == 0 and "红色公章" in chinese.stdout and "CM-02" in chinese.stdout
    assert cli("checklist", "no-such-kind").code == 2


def test_cli_writes_a_pdf_handout(cli, tmp_path):
    target = tmp_path / "register.zh.pdf"
    done = cli("checklist", "register", "--lang", "zh", "--format", "pdf", "-o", str(target))
    assert done.code == 0, done.stderr
    pages, text = _pdf_text(target.read_bytes())
    assert pages >= 1 and "垃圾邮件" in "".join(text.split())
    assert cli("checklist", "register", "--format", "pdf").code == 2


def test_every_checklist_ships_in_the_wheel():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    for kind in KINDS:
        assert shipped.get(f"checklists/{kind}.yaml") == f"validator/checklists/{kind}.yaml"


def test_handouts_say_what_they_need_when_it_is_missing(monkeypatch, tmp_path):
    from validator.checklist_render import HandoutUnavailable

    with pytest.raises(HandoutUnavailable, match="fonts-noto-cjk"):
        render_pdf(load("register"), "en", font=tmp_path / "no-such-font.ttc")
    monkeypatch.setitem(sys.modules, "fpdf", None)
    with pytest.raises(HandoutUnavailable, match="handouts"):
        render_pdf(load("register"), "en")
