"""OCR speed: Tesseract per page and per region, a bundle's first run and cached run, and PDF
text-layer extraction (pypdfium2, which the validator uses, against pypdf).

    python bench/ocr.py            # from the repository root, with the dev extra installed

Prints pages per second. Uses a throw-away cache folder, never the user's."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import docgen  # noqa: E402
from bundles import CONTRACT_COMPANY, manifest, write_bundle  # noqa: E402

from validator.config import Settings  # noqa: E402
from validator.decode import WORKING_LONG_SIDE  # noqa: E402
from validator.engine import discover, validate  # noqa: E402
from validator.ocr import MRZ_CHARACTERS, recognise  # noqa: E402
from validator.reading import MRZ_BAND_SHARE  # noqa: E402

REPEATS = 3


def _working(image):
    image = image.copy()
    image.thumbnail((WORKING_LONG_SIDE, WORKING_LONG_SIDE))
    return image


def _timed(function, repeats: int = REPEATS) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def regions() -> None:
    passport = docgen.passport()
    width, height = passport.size
    band = passport.crop((0, int(height * (1 - MRZ_BAND_SHARE)), width, height))
    cases = [
        ("passport page, eng", passport, ("eng",), 3, None),
        ("passport MRZ band, eng + whitelist", band, ("eng",), 6, MRZ_CHARACTERS),
        ("German ID card, deu+eng", docgen.id_card_de(), ("deu", "eng"), 3, None),
        ("A4 Chinese certificate, chi_sim+eng", _working(docgen.trademark_certificate_zh()), ("chi_sim", "eng"), 3, None),
        ("A4 Chinese certificate, chi_sim+chi_tra+eng", _working(docgen.trademark_certificate_zh()),
         ("chi_sim", "chi_tra", "eng"), 3, None),
        ("A4 business licence, chi_sim+eng", _working(docgen.business_license()), ("chi_sim", "eng"), 3, None),
        ("A4 German text page, deu+eng", _working(docgen.text_page(docgen.german_certificate_lines())),
         ("deu", "eng"), 3, None),
    ]
    print(f"Tesseract per region (best of {REPEATS}, working resolution {WORKING_LONG_SIDE} px long side):")
    for label, image, languages, mode, whitelist in cases:
        seconds = _timed(lambda: recognise(image, languages, 60, mode, whitelist))
        print(f"  {label:<45} {image.size[0]}x{image.size[1]:<5} {seconds:6.2f} s  {1 / seconds:5.2f} pages/s")


def bundle_runs() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder, "bundle")
        documents = [
            {"file": "identity/business-license.jpg", "type": "business_registration",
             "name_on_document": CONTRACT_COMPANY, "language": "zh"},
            {"file": "rights/tm.png", "type": "trademark_certificate", "language": "zh"},
            {"file": "rights/scan.pdf", "type": "trademark_certificate", "language": "de"},
            {"file": "rights/scan-zh.pdf", "type": "translation", "translation_of": "rights/scan.pdf",
             "language": "zh", "notarized": True},
        ]
        files = {
            "identity/business-license.jpg": docgen.jpeg_bytes(docgen.business_license()),
            "rights/tm.png": docgen.png_bytes(docgen.trademark_certificate_zh()),
            "rights/scan.pdf": docgen.scanned_pdf_bytes([docgen.text_page(docgen.german_certificate_lines())] * 2),
            "rights/scan-zh.pdf": ("cjk", docgen.chinese_translation_lines()),
        }
        write_bundle(root, manifest("company", "mainland_china", CONTRACT_COMPANY, documents), files)
        ocr_pages = 4  # licence, certificate, two scanned pages (the text PDF has a text layer)
        os.environ["XDG_CACHE_HOME"] = str(Path(folder, "cache"))
        print(f"\nA bundle of 4 files, {ocr_pages} pages to OCR, 1 text PDF (validate, jobs=1):")
        for label, settings in (("--no-cache", Settings(ocr_cache=False)), ("first run", Settings()),
                                ("cached run", Settings())):
            start = time.perf_counter()
            validate(discover([str(root)]), settings)
            seconds = time.perf_counter() - start
            print(f"  {label:<12} {seconds:6.2f} s  {ocr_pages / seconds:5.2f} OCR pages/s")


def pdf_text() -> None:
    import pypdf
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "text.pdf")
        docgen.text_pdf(path, docgen.german_certificate_lines() * 6)
        data = path.read_bytes()

        def with_pdfium() -> str:
            pdf = pdfium.PdfDocument(data)
            page = pdf[0]
            text_page = page.get_textpage()
            text = text_page.get_text_bounded()
            text_page.close()
            page.close()
            pdf.close()
            return text

        def with_pypdf() -> str:
            return pypdf.PdfReader(path).pages[0].extract_text()

        print("\nPDF text layer, one A4 page (best of 20):")
        for label, function in (("pypdfium2 text page", with_pdfium), ("pypdf extract_text", with_pypdf)):
            seconds = _timed(function, 20)
            print(f"  {label:<22} {seconds * 1000:6.1f} ms  {len(function())} characters")


if __name__ == "__main__":
    regions()
    bundle_runs()
    pdf_text()
