"""Reading rendered documents end to end: the validator OCRs images, reads PDF text layers and
MRZs, and catches a manifest the documents contradict. OCR results are cached for the session
(conftest.py), so each document image is OCR'd once."""

import datetime as dt
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests import docgen
from tests.bundles import CONTRACT_COMPANY, contract_example, manifest, write_bundle
from validator.config import Settings
from validator.engine import discover, validate

TODAY = dt.date(2026, 1, 1)
REPORT_SCHEMA = json.loads((Path(__file__).parent.parent / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
EXPIRED = docgen.Person(expiry="250101")


def run(root: Path, **settings) -> list:
    report = validate(discover([str(root)]), Settings(today=TODAY, **settings))[0]
    return list(report.findings)


def ids(findings, *, at_least: str = "info") -> list[str]:
    order = ("info", "warning", "error")
    return sorted(f.rule for f in findings if order.index(f.severity.value) >= order.index(at_least))


def individual_bundle(root, document, files, name="Anna Maria Eriksson", extra=()):
    data = manifest("individual", "outside_mainland_china", name, [document, *extra])
    return write_bundle(root, data, files)


PASSPORT_ENTRY = {"file": "id/passport.jpg", "type": "passport", "name_on_document": "Anna Maria Eriksson",
                  "language": "en"}


@pytest.fixture(scope="session")
def passport_jpeg():
    return docgen.jpeg_bytes(docgen.passport())


def test_contract_example_passes(tesseract, tmp_path):
    findings = run(contract_example(tmp_path / "brightstar"))
    assert ids(findings, at_least="warning") == []


def test_passport_name_and_mrz_are_read(tesseract, tmp_path, passport_jpeg):
    root = individual_bundle(tmp_path / "b", {**PASSPORT_ENTRY, "expires_on": "2032-04-15"},
                             {"id/passport.jpg": passport_jpeg})
    assert [f for f in run(root) if f.category in ("name", "expiry", "translation")] == []


def test_passport_contradicting_the_manifest(tesseract, tmp_path, passport_jpeg):
    entry = {**PASSPORT_ENTRY, "name_on_document": "Anna Maria Larsson", "expires_on": "2031-04-15"}
    root = individual_bundle(tmp_path / "b", entry, {"id/passport.jpg": passport_jpeg}, name="Anna Maria Larsson")
    findings = run(root)
    assert "IPP-NAME-006" in ids(findings) and "IPP-EXPIRY-004" in ids(findings)
    assert all("AB1234567" not in f.message for f in findings)


def test_expired_passport_by_its_mrz(tesseract, tmp_path):
    image = docgen.jpeg_bytes(docgen.passport(EXPIRED))
    root = individual_bundle(tmp_path / "b", PASSPORT_ENTRY, {"id/passport.jpg": image})
    assert "IPP-EXPIRY-003" in ids(run(root))


@pytest.fixture(scope="session")
def german_id_png():
    return docgen.png_bytes(docgen.id_card_de())


ID_ENTRY = {"file": "id/ausweis.png", "type": "national_id", "name_on_document": "Erika Mustermann", "language": "de"}
ID_TRANSLATION = {"file": "id/ausweis-en.pdf", "type": "translation", "translation_of": "id/ausweis.png",
                  "language": "en", "notarized": True}
ID_TRANSLATION_LINES = ["Translation of a German identity card", "Surname: Mustermann. Given names: Erika.",
                        "Nationality: German. Valid until 30 June 2031."]


def test_german_id_card_is_read(tesseract, tmp_path, german_id_png):
    files = {"id/ausweis.png": german_id_png, "id/ausweis-en.pdf": ID_TRANSLATION_LINES}
    root = individual_bundle(tmp_path / "b", ID_ENTRY, files, name="Erika Mustermann", extra=[ID_TRANSLATION])
    findings = run(root)
    assert ids(findings, at_least="warning") == []


def test_german_id_card_contradicting_name_language_and_expiry(tesseract, tmp_path, german_id_png):
    entry = {**ID_ENTRY, "name_on_document": "Erika Musterfrau", "language": "en", "expires_on": "2031-07-30"}
    root = individual_bundle(tmp_path / "b", entry, {"id/ausweis.png": german_id_png}, name="Erika Musterfrau")
    found = ids(run(root))
    assert {"IPP-NAME-006", "IPP-TRANSLATION-004", "IPP-EXPIRY-004"} <= set(found)


@pytest.fixture(scope="session")
def chinese_certificate_png():
    return docgen.png_bytes(docgen.trademark_certificate_zh())


def company_bundle(root, holder, certificate_file, certificate_bytes, language="zh"):
    documents = [{"file": "identity/business-license.jpg", "type": "business_registration",
                  "name_on_document": CONTRACT_COMPANY, "language": "zh"},
                 {"file": certificate_file, "type": "trademark_certificate", "language": language}]
    rights = [{"type": "trademark", "number": "12345678", "holder": holder, "certificate": certificate_file}]
    files = {"identity/business-license.jpg": docgen.jpeg_bytes(docgen.business_license()),
             certificate_file: certificate_bytes}
    return write_bundle(root, manifest("company", "mainland_china", CONTRACT_COMPANY, documents, rights), files)


def test_chinese_certificate_names_the_holder(tesseract, tmp_path, chinese_certificate_png):
    root = company_bundle(tmp_path / "b", CONTRACT_COMPANY, "rights/tm.png", chinese_certificate_png)
    assert [f for f in run(root) if f.category in ("name", "translation")] == []


def test_chinese_certificate_naming_another_holder(tesseract, tmp_path):
    image = docgen.png_bytes(docgen.trademark_certificate_zh(holder="深圳市星光电子有限公司"))
    root = company_bundle(tmp_path / "b", CONTRACT_COMPANY, "rights/tm.png", image)
    findings = [f for f in run(root) if f.rule == "IPP-NAME-006"]
    assert [f.file for f in findings] == ["rights/tm.png"]


def test_text_pdf_declared_english_but_german(tmp_path):
    documents = [{"file": "identity/business-license.jpg", "type": "business_registration",
                  "name_on_document": CONTRACT_COMPANY, "language": "zh"},
                 {"file": "rights/tm.pdf", "type": "trademark_certificate", "language": "en"}]
    data = manifest("company", "mainland_china", CONTRACT_COMPANY, documents)
    root = write_bundle(tmp_path / "b", data, {"identity/business-license.jpg": docgen.jpeg_bytes(docgen.business_license()),
                                               "rights/tm.pdf": docgen.german_certificate_lines()})
    findings = [f for f in run(root) if f.category == "translation"]
    assert [(f.rule, f.file) for f in findings] == [("IPP-TRANSLATION-004", "rights/tm.pdf")]
    assert "text layer" in findings[0].message


def test_scanned_pdf_is_read_by_ocr(tesseract, tmp_path):
    scan = docgen.scanned_pdf_bytes([docgen.text_page(docgen.german_certificate_lines())])
    documents = [{"file": "identity/business-license.jpg", "type": "business_registration",
                  "name_on_document": CONTRACT_COMPANY, "language": "zh"},
                 {"file": "rights/scan.pdf", "type": "trademark_certificate", "language": "en"}]
    data = manifest("company", "mainland_china", CONTRACT_COMPANY, documents)
    root = write_bundle(tmp_path / "b", data, {"identity/business-license.jpg": docgen.jpeg_bytes(docgen.business_license()),
                                               "rights/scan.pdf": scan})
    findings = [f for f in run(root) if f.category == "translation"]
    assert [f.rule for f in findings] == ["IPP-TRANSLATION-004"] and "OCR" in findings[0].message


def _validate_command(root: Path, env: dict, *options: str) -> dict:
    command = [str(Path(sys.executable).with_name("validate")), "--format", "json", *options, str(root)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd="/", timeout=120, check=False)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    jsonschema.validate(report, REPORT_SCHEMA)
    return report


def test_cache_is_private_and_no_cache_writes_none(tesseract, tmp_path, german_id_png):
    root = individual_bundle(tmp_path / "b", ID_ENTRY, {"id/ausweis.png": german_id_png}, name="Erika Mustermann")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    _validate_command(root, env, "--no-cache")
    assert not (tmp_path / "cache").exists()
    first = _validate_command(root, env)
    folder = tmp_path / "cache" / "ipp-preflight"
    entries = [p for p in folder.rglob("*") if p.is_file()]
    assert entries and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in entries)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all("L01X00T47" not in p.read_text(encoding="utf-8") for p in entries)
    assert _validate_command(root, env) == first


def test_a_chinese_licence_declared_english_is_found_out(tesseract, tmp_path):
    """Read with English only, Chinese print comes out as nonsense no check can judge; the page
    is read again with Chinese added, and what it prints decides."""
    documents = [{"file": "identity/business-license.jpg", "type": "business_registration",
                  "name_on_document": CONTRACT_COMPANY, "language": "en"}]
    data = manifest("company", "mainland_china", CONTRACT_COMPANY, documents)
    root = write_bundle(tmp_path / "b", data,
                        {"identity/business-license.jpg": docgen.jpeg_bytes(docgen.business_license())})
    findings = [f for f in run(root) if f.category == "translation"]
    assert [(f.rule, f.file) for f in findings] == [("IPP-TRANSLATION-005", "identity/business-license.jpg")]
    assert "Chinese" in findings[0].message
