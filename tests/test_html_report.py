"""The HTML report: self-contained, bilingual, pictures with the findings' regions drawn on."""

from __future__ import annotations

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
from validator.previews import IDENTITY_PREVIEW_LONG_SIDE, PREVIEW_LONG_SIDE, Preview
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
