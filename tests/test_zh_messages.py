"""Reports in Chinese say everything in Chinese (issue 15, bug 11): every finding the code makes
carries its message in Chinese, and a hint in Chinese wherever it replaces its rule's hint; the
HTML report in Chinese, rendered for bundles that make many rules fire, has no English sentence
left in it (rule IDs, file names, field names, codes and quoted values are not sentences)."""

from __future__ import annotations

import ast
import re
from html import unescape
from pathlib import Path

import pytest

from tests import docgen
from tests.bundles import contract_bundle, manifest, passport_bundle, write_bundle
from tests.conftest import check_bundle
from validator.reporters import REPORTERS, RenderOptions, RunReport

SOURCE = Path(__file__).resolve().parent.parent / "validator"


def _finding_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "finding":
                calls.append((f"{path.relative_to(SOURCE)}:{node.lineno}", node))
    return calls


def test_every_finding_the_code_makes_has_its_message_and_hint_in_chinese():
    calls = [(where, call) for where, call in _finding_calls() if where != "catalogue.py" or call.args]
    assert len(calls) > 40
    missing = []
    for where, call in calls:
        keywords = {k.arg for k in call.keywords}
        if "message_zh" not in keywords:
            missing.append(f"{where}: no message_zh")
        if "hint" in keywords and "hint_zh" not in keywords:
            missing.append(f"{where}: hint without hint_zh")
    assert not missing, "\n".join(missing)


# Three or more words of Latin letters in a row: an English sentence or phrase.
_ENGLISH = re.compile(r"(?<![\w./@-])[A-Za-z]+(?:[ ,;:]+[A-Za-z]+){2,}(?![\w/@-]|\.\w)")
# What may stay in Latin letters: quoted values (names as typed, file names), code spans, URLs.
_DATA = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|https?://\S+")


def english_sentences(text: str) -> list[str]:
    return _ENGLISH.findall(_DATA.sub(" ", text))


def test_the_guard_sees_english():
    assert english_sentences("文件 'a b c.jpg' 不存在。") == []
    assert english_sentences("The file is missing.") == ["The file is missing"]


def _chinese_texts(page: str) -> list[str]:
    """Every message, hint and title of the report's findings, as text."""
    parts = re.findall(r'<p class="(?:msg|fix)">(.*?)</p>|<b>(.*?)</b>', page, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", a or b)) for a, b in parts]


def _many_rules(root: Path) -> list[Path]:
    """Bundles that make rules of every category fire: a broken manifest; missing, unlisted and
    misnamed files; a grey licence; wrong names; an untranslated document; an expired passport;
    a placeholder email."""

    def broken(manifest, files):
        manifest["complainant"]["email"] = "you@example.com"
        manifest["complainant"].pop("phone")
        manifest["complainant"]["name"] = "深圳市明星科技有限责任公司"
        manifest["documents"].append({"file": "rights/missing.pdf", "type": "trademark_certificate", "language": "fr"})
        manifest["documents"].append({"file": "../outside.jpg", "type": "other"})
        files["identity/business-license.jpg"] = docgen.jpeg_bytes(docgen.grayscale_copy(docgen.business_license()))
        files["rights/eutm-018123456-zh.pdf"] = docgen.png_bytes(docgen.text_page(["Hallo Welt"] * 5))
        files["extra/notes.txt"] = b"not listed"
        manifest["rights"][0]["holder"] = "深圳市星光电子有限公司"

    def seal_and_blur(manifest, files):
        # A grey copy of a certificate with a thin red circle on it (a red mark, no seal), and a
        # blurred, dark licence.
        files["identity/business-license.jpg"] = docgen.jpeg_bytes(
            docgen.darkened(docgen.blurred(docgen.business_license(), 6), 0.4))
        files["rights/eutm-018123456.pdf"] = docgen.scanned_pdf_bytes(
            [docgen.red_circle_copy(docgen.certificate_original(manifest["complainant"]["name"], "第12345678号"))])

    def expired(manifest, files):
        manifest["documents"][0]["expires_on"] = "2020-01-31"
        manifest["documents"].append({"file": "id/unreadable.jpg", "type": "other", "language": "en"})
        files["id/unreadable.jpg"] = b"\xff\xd8\xff\xe0 not really a jpeg"
        manifest["complainant"]["address"] = "Street, city, postcode, country"

    bad_manifest = root / "bad-manifest"
    bad_manifest.mkdir(parents=True)
    (bad_manifest / "bundle.yaml").write_text("schema_version: 1\naccount:\n  holder_type: robot\n  colour: red\n"
                                              "complainant: {name: x}\n", encoding="utf-8")
    no_manifest = root / "no-manifest"
    no_manifest.mkdir()
    face_scan = write_bundle(root / "face-scan", manifest("individual", "mainland_china", "王明", []), {})
    no_identity = write_bundle(root / "no-identity", manifest("company", "outside_mainland_china", "Acme Limited", []), {})
    return [contract_bundle(root / "company", broken), passport_bundle(root / "person", expired), bad_manifest,
            no_manifest, face_scan, no_identity, contract_bundle(root / "pixels", seal_and_blur)]


@pytest.fixture(scope="module")
def many_reports(tmp_path_factory) -> RunReport:
    root = tmp_path_factory.mktemp("zh")
    return RunReport(tuple(check_bundle(bundle, previews=False) for bundle in _many_rules(root)))


def test_the_bundles_make_many_rules_of_every_category_fire(many_reports):
    findings = [f for bundle in many_reports.bundles for f in bundle.findings]
    assert {f.category for f in findings} == {"schema", "file", "identity", "legibility", "seal", "name",
                                              "translation", "expiry", "contact"}
    assert len({f.rule for f in findings}) >= 20, sorted({f.rule for f in findings})


def test_the_chinese_html_report_has_no_english_sentence(many_reports):
    page = REPORTERS["html"](many_reports, RenderOptions(lang="zh"))
    texts = _chinese_texts(page)
    assert len(texts) > 60
    english = {text: english_sentences(text) for text in texts if english_sentences(text)}
    assert not english, "\n".join(f"{t!r}: {e}" for t, e in english.items())
    other = re.sub(r'<p class="(?:msg|fix)">.*?</p>|<b>.*?</b>|<style>.*?</style>|<[^>]+>', " ", page, flags=re.S)
    assert not english_sentences(unescape(other)), english_sentences(unescape(other))


def test_every_finding_has_a_chinese_message(many_reports):
    for bundle in many_reports.bundles:
        for finding in bundle.findings:
            assert finding.message_zh and finding.hint_zh, finding
