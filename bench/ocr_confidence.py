"""Calibrates validator.reading.MIN_OCR_CONFIDENCE: Tesseract's mean word confidence on rendered
documents, clean and degraded, and whether the holder's name is still found in the text.

    python bench/ocr_confidence.py

A threshold is sound when every reading above it finds the name (so a name not found there is
a real contradiction) and the readings below it are the ones that lost text."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import docgen  # noqa: E402

from validator.decode import WORKING_LONG_SIDE  # noqa: E402
from validator.names import appears_in  # noqa: E402
from validator.ocr import recognise  # noqa: E402
from validator.reading import MIN_OCR_CONFIDENCE  # noqa: E402


def _working(image):
    image = image.copy()
    image.thumbnail((WORKING_LONG_SIDE, WORKING_LONG_SIDE))
    return image


DOCUMENTS = [
    ("passport", docgen.passport(), ("eng",), "Anna Maria Eriksson"),
    ("business licence", _working(docgen.business_license()), ("chi_sim", "eng"), "深圳市明星科技有限公司"),
    ("German ID card", docgen.id_card_de(), ("deu", "eng"), "Erika Mustermann"),
]
DEGRADATIONS = [
    ("clean", lambda image: image),
    ("blur σ=2", lambda image: docgen.blurred(image, 2)),
    ("blur σ=4", lambda image: docgen.blurred(image, 4)),
    ("blur σ=6", lambda image: docgen.blurred(image, 6)),
    ("dark ×0.35", lambda image: docgen.darkened(image, 0.35)),
    ("noise", lambda image: docgen.with_noise(image, 1.0)),
]

if __name__ == "__main__":
    print(f"threshold: {MIN_OCR_CONFIDENCE}")
    print(f"{'document':<18} {'degradation':<12} {'confidence':>10}  name found")
    for label, image, languages, name in DOCUMENTS:
        for degradation, apply in DEGRADATIONS:
            result = recognise(apply(image), languages, 60)
            confidence = result.confidence if result.confidence is not None else 0.0
            print(f"{label:<18} {degradation:<12} {confidence:>10.1f}  {appears_in(name, result.text)}")
