"""The HTML report: self-contained, bilingual, pictures with the findings' regions drawn on."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests import docgen
from tests.bundles import expired_passport, passport_bundle, write_bundle
from validator.findings import BundleReport, Region
from validator import __version__
from validator.previews import IDENTITY_PREVIEW_LONG_SIDE, PREVIEW_LONG_SIDE, Preview, make_preview
from validator.reporters import REPORTERS, RenderOptions, RunReport
from validator.rules import get_rule

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


_expired = expired_passport("2020-01-31")


def _self_contained(page: str) -> None:
    assert "<script" not in page.lower()
    sources = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert all(s.startswith("data:image/jpeg;base64,") for s in re.findall(r'src="([^"]*)"', page))
    assert not [s for s in sources if s.startswith("http") and "/reference/rules/#ipp-" not in s]
    assert "<link" not in page and "@import" not in page


def test_html_report_is_self_contained_with_pictures_and_rule_links(tmp_path, cli):
    bundle = passport_bundle(tmp_path / "anna", _expired)
    out = tmp_path / "report.html"
    result = cli("--format", "html", "-o", str(out), str(bundle))
    assert result.code == 1
    page = out.read_text(encoding="utf-8")
    _self_contained(page)
    assert "A document has expired" in page and "expired on 2020-01-31" in page
    assert 'href="https://ipp-preflight.github.io/reference/rules/#ipp-expiry-001"' in page
    assert page.count("data:image/jpeg;base64,") == 1
    width = int(re.search(r'<img src="data:[^"]+" width="(\d+)"', page).group(1))
    assert width <= IDENTITY_PREVIEW_LONG_SIDE


def test_html_report_in_chinese(tmp_path, cli):
    bundle = passport_bundle(tmp_path / "anna", _expired)
    page = cli("--format", "html", "--lang", "zh", str(bundle)).stdout
    assert '<html lang="zh-CN">' in page
    assert get_rule("IPP-EXPIRY-001").title_zh in page and "未通过" in page


def test_regions_are_drawn_on_the_picture_and_numbered_like_the_findings():
    rule = get_rule("IPP-FILE-009")
    finding = rule.finding("Somewhere here.", file="a.jpg", page=1, region=Region(0.25, 0.5, 0.1, 0.2))
    preview = Preview("a.jpg", 1, docgen.jpeg_bytes(Image.new("RGB", (40, 30), "white")), 40, 30)
    page = REPORTERS["html"](RunReport((BundleReport("b", (finding,), (preview,)),)), RenderOptions())
    assert '<rect x="25.00" y="50.00" width="10.00" height="20.00"' in page
    assert re.search(r'<text [^>]*>1</text>', page) and '<li value="1">' in page


def test_a_24_photo_bundle_report_stays_under_3_mb(tmp_path, cli):
    files = {}
    documents = []
    for index in range(24):
        photo = docgen.with_noise(docgen.text_page([f"Page {index} " + "text " * 12] * 20, size=(2016, 1512)), 0.3, index)
        files[f"photos/photo-{index:02}.jpg"] = docgen.jpeg_bytes(photo, quality=85)
        documents.append({"file": f"photos/photo-{index:02}.jpg", "type": "other", "language": "en"})
    manifest = {"schema_version": 1, "account": {"holder_type": "company", "region": "outside_mainland_china"},
                "complainant": {"name": "Photo Co Limited", "email": "a@photo.example", "phone": "+1", "address": "x"},
                "documents": documents}
    bundle = write_bundle(tmp_path / "photos", manifest, files)
    out = tmp_path / "photos.html"
    cli("--format", "html", "--jobs", "2", "-o", str(out), str(bundle))
    page = out.read_text(encoding="utf-8")
    assert page.count("data:image/jpeg;base64,") == 24
    assert all(int(w) <= PREVIEW_LONG_SIDE for w in re.findall(r'<img src="data:[^"]+" width="(\d+)"', page))
    assert out.stat().st_size < 3 * 1024 * 1024


def test_html_report_renders_in_headless_chromium(tmp_path, cli):
    browser = shutil.which("chromium")
    if browser is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run must install it")
        pytest.skip("chromium is not installed")
    bundle = passport_bundle(tmp_path / "anna", _expired)
    report = tmp_path / "report.html"
    cli("--format", "html", "-o", str(report), str(bundle))
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "html-report.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,900", f"--screenshot={shot}",
         report.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    with Image.open(shot) as image:
        assert image.size == (1100, 900)
        assert len(image.convert("L").getcolors(maxcolors=1 << 16) or ()) > 20


# --- identity pictures: numbers covered, not only softened (issue 15, bug 11) ----------------

PASSPORT_SIZE = (1800, 1270)
# Where tests/docgen.py's passport prints its MRZ and its number (x0, y0, x1, y1 in pixels).
MRZ_AREA = (60, 1010, 1600, 1140)
NUMBER_AREA = (1010, 650, 1220, 670)


def _area_in(preview: Preview, area: tuple[int, int, int, int]):
    import numpy as np

    picture = np.asarray(Image.open(io.BytesIO(preview.jpeg)).convert("L"), dtype=float)
    sx, sy = preview.width / PASSPORT_SIZE[0], preview.height / PASSPORT_SIZE[1]
    x0, y0, x1, y1 = area
    return picture[int(y0 * sy):int(y1 * sy) + 1, int(x0 * sx):int(x1 * sx) + 1]


def _solid(pixels) -> bool:
    # A solid fill after JPEG and the softening: no print's contrast left in it.
    return float(pixels.max() - pixels.min()) < 25


def test_the_mrz_of_a_passport_picture_is_covered_even_without_ocr():
    page = docgen.passport()
    decoded = type("Page", (), {"image": page, "number": 1})()
    preview = make_preview("identity/passport.jpg", decoded, "passport")
    assert _solid(_area_in(preview, MRZ_AREA))
    # Not the whole picture: the photo and the printed name stay visible.
    assert not _solid(_area_in(preview, (60, 40, 1700, 800)))


def test_ocr_located_numbers_are_covered_in_the_report_picture(tmp_path, tesseract):
    from tests.conftest import check_bundle

    report = check_bundle(passport_bundle(tmp_path / "anna"), previews=True)
    (preview,) = [p for p in report.previews if p.file == "identity/passport.jpg"]
    assert _solid(_area_in(preview, NUMBER_AREA)) and _solid(_area_in(preview, MRZ_AREA))


def test_a_certificate_picture_is_not_masked():
    page = docgen.passport()
    decoded = type("Page", (), {"image": page, "number": 1})()
    preview = make_preview("rights/certificate.jpg", decoded, "trademark_certificate")
    assert not _solid(_area_in(preview, MRZ_AREA))


def test_the_report_carries_its_date_and_the_validator_version():
    run = RunReport((BundleReport("b", ()),), made_on=dt.date(2026, 12, 2))
    for lang in ("en", "zh"):
        page = REPORTERS["html"](run, RenderOptions(lang=lang))
        footer = page[page.index("<footer>"):]
        assert "2026-12-02" in footer and __version__ in footer


def test_the_chinese_report_links_to_the_chinese_rule_reference():
    finding = get_rule("IPP-CONTACT-002").finding("complainant.phone is missing.", file="bundle.yaml")
    run = RunReport((BundleReport("b", (finding,)),))
    zh = REPORTERS["html"](run, RenderOptions(lang="zh"))
    assert 'href="https://ipp-preflight.github.io/zh/reference/rules/#ipp-contact-002"' in zh
    en = REPORTERS["html"](run, RenderOptions(lang="en"))
    assert 'href="https://ipp-preflight.github.io/reference/rules/#ipp-contact-002"' in en
