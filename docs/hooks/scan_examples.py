"""MkDocs hook: draws the good and bad scan examples of the guide at build time.

Every picture comes from the test suite's document generator (`tests/docgen.py`): the same
licences, seals, passports and degradations the validator is tested on. Nothing is
hand-edited; the pictures are added to the site as generated files and never stored."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import docgen  # noqa: E402

FOLDER = "assets/examples"
# Web size: large enough to read the text, small enough for a phone.
LICENCE_SIZE = (1170, 827)
PASSPORT_SIZE = (900, 635)
# The seal's detail: the company's seal on the licence with a little paper around it.
SEAL_MARGIN = 1.25
# The passport's blur, in pixels at its web size: it is shown at about half that size, and the
# fields must no longer be readable there (the legibility rule flags far less, see the test).
PASSPORT_BLUR = 6.0


def _licence() -> Image.Image:
    return docgen.business_license(size=LICENCE_SIZE)


def _seal_detail(image: Image.Image) -> Image.Image:
    unit = image.width / docgen.A4_LANDSCAPE_200DPI[0]
    x, y, radius = (value * unit for value in docgen.LICENCE_COMPANY_SEAL)
    half = radius * SEAL_MARGIN
    return image.crop((int(x - half), int(y - half), int(x + half), int(y + half)))


def _certificate() -> Image.Image:
    page = docgen.text_page(
        ["Registration No. 018123456", "Proprietor: Example Brand Limited",
         "Goods and services: Class 9, Class 11", "Date of registration: 12 March 2020"],
        size=(1240, 877), title="TRADE MARK REGISTRATION CERTIFICATE",
    )
    docgen.draw_seal(page, (1000, 700), 120, "EXAMPLE TRADE MARK OFFICE", star=False)
    return page


# Each example: its file name and how it is drawn from the test documents.
EXAMPLES: dict[str, Callable[[], Image.Image]] = {
    "licence-good.jpg": _licence,
    "licence-no-seal.jpg": lambda: docgen.business_license(size=LICENCE_SIZE, seal=False),
    "licence-grayscale-copy.jpg": lambda: docgen.grayscale_copy(_licence()),
    "seal-colour-detail.jpg": lambda: _seal_detail(_licence()),
    "seal-grayscale-detail.jpg": lambda: _seal_detail(docgen.grayscale_copy(_licence())),
    "licence-blurred.jpg": lambda: docgen.blurred(_licence(), 4.0),
    "licence-dark.jpg": lambda: docgen.darkened(_licence(), 0.35),
    "licence-washed-out.jpg": lambda: docgen.washed_out(_licence(), 0.2),
    "licence-rotated.jpg": lambda: docgen.rotated(_licence(), 9),
    "passport-good.jpg": lambda: docgen.passport(size=PASSPORT_SIZE),
    "passport-blurred.jpg": lambda: docgen.blurred(docgen.passport(size=PASSPORT_SIZE), PASSPORT_BLUR),
    "certificate-colour.jpg": _certificate,
    "certificate-grayscale-copy.jpg": lambda: docgen.grayscale_copy(_certificate()),
}


@cache
def example_bytes(name: str) -> bytes:
    # Cached: the site is built once per language, the pictures are drawn once.
    return docgen.jpeg_bytes(EXAMPLES[name](), quality=85)


# After the i18n plugin has sorted the source files by language (it runs at -100): the pictures
# are not in docs/, and both languages' pages link to the one copy at the site's root.
@event_priority(-200)
def on_files(files: Files, config) -> Files:
    for name in EXAMPLES:
        files.append(File.generated(config, f"{FOLDER}/{name}", content=example_bytes(name)))
    return files
