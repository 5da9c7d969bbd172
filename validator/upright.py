"""Which way up a page is, for `validate draft` and `validate prepare`.

Tesseract's orientation detection alone is not trusted: on the real specimen photographs it calls
upright passports upside down with confidence up to 5.6 (bench/orientation.py). It only proposes
a turn; the turn is taken when the page then reads better — a machine-readable zone whose check
digits verify only when turned, or clearly more confident OCR — and otherwise the page is left as
it is, so that a good page is never turned."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image

from validator.mrz import find_mrz
from validator.ocr import OcrText, orientation, recognise

# Mean word confidence (0-100) the turned page must gain over the page as it is. The validator's
# own default, from bench/orientation.py (docs/validator/draft-and-prepare.md).
MIN_CONFIDENCE_GAIN = 15.0


@dataclass(frozen=True)
class UprightReading:
    turn: int  # clockwise degrees applied to make the page upright (0: left as it was)
    image: Image.Image
    text: OcrText


def read_upright(image: Image.Image, languages: tuple[str, ...], timeout: float) -> UprightReading:
    as_is = recognise(image, languages, timeout)
    turn, _ = orientation(image, timeout)
    if turn == 0:
        return UprightReading(0, image, as_is)
    turned_image = image.rotate(-turn, expand=True)
    turned = recognise(turned_image, languages, timeout)
    return UprightReading(turn, turned_image, turned) if reads_better(turned, as_is) else UprightReading(0, image, as_is)


def reads_better(turned: OcrText, as_is: OcrText, gain: float = MIN_CONFIDENCE_GAIN) -> bool:
    verified_as_is = _verified_mrz(as_is)
    verified_turned = _verified_mrz(turned)
    if verified_as_is or verified_turned:
        return verified_turned and not verified_as_is
    return (turned.confidence or 0.0) >= (as_is.confidence or 0.0) + gain


def _verified_mrz(reading: OcrText) -> bool:
    mrz = find_mrz(reading.text)
    return bool(mrz and mrz.valid)
