"""Calibration of how `validate draft` and `validate prepare` decide which way up a page is
(validator/upright.py): Tesseract's orientation detection proposes a turn, and the turn is taken
only when the page reads better turned (a verified MRZ, or a mean OCR word confidence higher by
at least MIN_CONFIDENCE_GAIN).

    python -m bench.orientation

Labelled pages: the rendered documents of tests/docgen.py (passport, German ID card, business
licence, trademark certificate, a German text page) and the 17 real specimens in
tests/real_specimens/, each turned by 0, 90, 180 and 270 degrees. Printed: the orientation
detection alone at several confidence thresholds, then the decision with its check at several
gains: turned pages fixed, and upright pages turned wrongly (which must be none)."""

from __future__ import annotations

import time
from pathlib import Path

from PIL import Image

from tests import docgen
from validator.draft import OCR_LANGUAGES
from validator.ocr import orientation, recognise
from validator.upright import reads_better

SPECIMENS = Path(__file__).resolve().parent.parent / "tests" / "real_specimens"
TURNS = (0, 90, 180, 270)
DETECTION_THRESHOLDS = (0.0, 1.0, 2.0, 3.0)
GAINS = (0.0, 5.0, 10.0, 15.0, 20.0)
LONG_SIDE = 1600
TIMEOUT = 60


def labelled_pages() -> list[tuple[str, Image.Image]]:
    rendered = [
        ("docgen passport", docgen.passport()),
        ("docgen German ID card", docgen.id_card_de()),
        ("docgen business licence", docgen.business_license()),
        ("docgen trademark certificate", docgen.trademark_certificate_zh()),
        ("docgen German text page", docgen.text_page(docgen.german_certificate_lines())),
    ]
    real = [(f"real {path.name}", Image.open(path).convert("RGB"))
            for path in sorted(SPECIMENS.iterdir()) if path.suffix in (".jpg", ".png")]
    for _, image in rendered + real:
        image.thumbnail((LONG_SIDE, LONG_SIDE))
    return rendered + real


def main() -> None:
    cases = []  # (page, applied turn, detected turn, detection confidence, OCR as it is, OCR turned back)
    started = time.perf_counter()
    for name, upright in labelled_pages():
        for applied in TURNS:
            # Image.rotate turns counter-clockwise; the detection names the clockwise turn back.
            page = upright.rotate(applied, expand=True)
            detected, confidence = orientation(page, TIMEOUT)
            as_is = recognise(page, OCR_LANGUAGES, TIMEOUT)
            turned = recognise(page.rotate(-detected, expand=True), OCR_LANGUAGES, TIMEOUT) if detected else None
            cases.append((name, applied, detected, confidence, as_is, turned))
    print(f"{len(cases)} pages ({len(cases) // len(TURNS)} documents x 4 turns), "
          f"{(time.perf_counter() - started) / len(cases):.2f} s each\n")
    turned_pages = sum(applied != 0 for _, applied, *_ in cases)
    print("orientation detection alone")
    print(f"{'confidence >=':>14} {'turned fixed':>13} {'upright turned wrongly':>23} {'wrong turns':>12}")
    for threshold in DETECTION_THRESHOLDS:
        taken = [(applied, detected) for _, applied, detected, confidence, *_ in cases if detected and confidence >= threshold]
        print(f"{threshold:>14.1f} {sum(a == d for a, d in taken if a):>5}/{turned_pages:<7} "
              f"{sum(a == 0 for a, _ in taken):>23} {sum(a != d for a, d in taken):>12}")
    print("\ndetection checked by reading (validator/upright.py)")
    print(f"{'gain >=':>14} {'turned fixed':>13} {'upright turned wrongly':>23} {'wrong turns':>12}")
    for gain in GAINS:
        taken = [(applied, detected) for _, applied, detected, _, as_is, turned in cases
                 if turned is not None and reads_better(turned, as_is, gain)]
        print(f"{gain:>14.1f} {sum(a == d for a, d in taken if a):>5}/{turned_pages:<7} "
              f"{sum(a == 0 for a, _ in taken):>23} {sum(a != d for a, d in taken):>12}")
    print("\nper page: applied turn -> detected turn @ detection confidence, OCR confidence as it is / turned back")
    for name in dict.fromkeys(case[0] for case in cases):
        row = "  ".join(
            f"{applied}->{detected}@{confidence:.1f} {as_is.confidence or 0:.0f}/{(turned.confidence or 0) if turned else 0:.0f}"
            for page, applied, detected, confidence, as_is, turned in cases if page == name)
        print(f"  {name:<30} {row}")


if __name__ == "__main__":
    main()
