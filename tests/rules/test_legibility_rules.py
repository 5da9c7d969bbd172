"""Bundle cases for the legibility rules (tests/test_pixels.py and the calibration corpus test
the measures; these show each rule firing and silent through a whole bundle)."""

from __future__ import annotations

from functools import cache

from PIL import Image

from tests import docgen
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
        page = docgen.blurred(page, 4.5)
    elif kind == "dark":
        page = docgen.darkened(page, 0.22)
    elif kind == "washed":
        page = docgen.washed_out(page, 0.15)
    elif kind == "glare":
        page = docgen.photographed(page, docgen.Shot(glare=0.13))
    elif kind == "photo":
        page = docgen.photographed(page)
    return docgen.jpeg_bytes(page)


def _passport_file(kind: str):
    def change(manifest, files):
        files["identity/passport.jpg"] = _degraded_passport(kind)

    return change


RULES = [f"IPP-LEGIBILITY-00{n}" for n in range(1, 7)]

CASES = [
    Case("IPP-LEGIBILITY-001", passport(_passport_file("small"))),
    Case("IPP-LEGIBILITY-002", passport(_passport_file("blurred"))),
    Case("IPP-LEGIBILITY-003", passport(_passport_file("dark"))),
    Case("IPP-LEGIBILITY-004", passport(_passport_file("washed"))),
    Case("IPP-LEGIBILITY-005", passport(_passport_file("glare"))),
    Case("IPP-LEGIBILITY-006", passport(_passport_file("readable-small"))),
    Case("IPP-LEGIBILITY-001", passport(_passport_file("readable-small")), fires=False),
    *(Case(rule, passport(_passport_file("photo")), fires=False) for rule in RULES),
    *silent_on_contract_example(*RULES),
    *silent_on_passport_example(*RULES),
]
