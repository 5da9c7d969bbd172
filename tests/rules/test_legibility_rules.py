"""Bundle cases for the legibility rules (tests/test_pixels.py and the calibration corpus test
the measures; these show each rule firing and silent through a whole bundle)."""

from __future__ import annotations

from functools import cache

from PIL import Image, ImageDraw

from tests import docgen, real_framed
from tests.rules.cases import Case, passport, silent_on_contract_example, silent_on_passport_example


@cache
def _degraded_passport(kind: str) -> bytes:
    page = docgen.passport()
    if kind == "small":
        # Characters 4 px tall: too small to read, and too small for the MRZ to verify.
        page = page.resize((150, 106), Image.Resampling.LANCZOS)
    elif kind == "readable-small":
        # Under the 1200 px floor, characters still 12 px tall: readable, below the upload quality.
        page = page.resize((700, 494), Image.Resampling.LANCZOS)
    elif kind == "blurred":
        # A blur of a quarter of the characters' height (32 px): unreadable (docs/validator/calibration.md).
        page = docgen.blurred(page, 8.0)
    elif kind == "dark":
        page = docgen.darkened(page, 0.22)
    elif kind == "washed":
        page = docgen.washed_out(page, 0.15)
    elif kind == "glare":
        page = docgen.photographed(page, docgen.Shot(glare=0.13))
    elif kind in ("across-desk", "across-desk-readable"):
        # Photographed from across the desk in a 12-megapixel photo: characters 4 px tall (too
        # small to read), or 11 px (readable, the document below the 1200 px floor).
        height = 4 if kind == "across-desk" else 11
        page = real_framed.on_desk(page, height / 32, seed=7)[0]
    elif kind == "photo":
        page = docgen.photographed(page)
    elif kind == "soft":
        # Edges softer than a reviewer expects (1.5 px), characters 20 px tall: the blur is 7 % of
        # their height, which still reads.
        page = docgen.blurred(page, 2.4)
    elif kind == "beside-white":
        # Photographed beside a white sheet that burns out along the frame's right edge: a
        # background, or a reflection at the edge; it cannot be told.
        page = docgen.photographed(page)
        ImageDraw.Draw(page).rectangle((int(page.width * 0.8), 0, page.width, page.height), fill=(255, 255, 255))
    return docgen.jpeg_bytes(page)


def _passport_file(kind: str):
    def change(manifest, files):
        files["identity/passport.jpg"] = _degraded_passport(kind)

    return change


RULES = [f"IPP-LEGIBILITY-00{n}" for n in range(1, 8)]

CASES = [
    Case("IPP-LEGIBILITY-001", passport(_passport_file("small"))),
    Case("IPP-LEGIBILITY-002", passport(_passport_file("blurred"))),
    Case("IPP-LEGIBILITY-003", passport(_passport_file("dark"))),
    Case("IPP-LEGIBILITY-004", passport(_passport_file("washed"))),
    Case("IPP-LEGIBILITY-005", passport(_passport_file("glare"))),
    Case("IPP-LEGIBILITY-006", passport(_passport_file("readable-small"))),
    Case("IPP-LEGIBILITY-001", passport(_passport_file("readable-small")), fires=False),
    Case("IPP-LEGIBILITY-001", passport(_passport_file("across-desk")), message="The document fills about"),
    Case("IPP-LEGIBILITY-006", passport(_passport_file("across-desk-readable")), message="The document fills about"),
    Case("IPP-LEGIBILITY-001", passport(_passport_file("across-desk-readable")), fires=False),
    Case("IPP-LEGIBILITY-007", passport(_passport_file("soft")), message="which still reads"),
    Case("IPP-LEGIBILITY-002", passport(_passport_file("soft")), fires=False),
    Case("IPP-LEGIBILITY-007", passport(_passport_file("beside-white")), message="runs along the edge of the frame"),
    Case("IPP-LEGIBILITY-005", passport(_passport_file("beside-white")), fires=False),
    *(Case(rule, passport(_passport_file("photo")), fires=False) for rule in RULES),
    *silent_on_contract_example(*RULES),
    *silent_on_passport_example(*RULES),
]
