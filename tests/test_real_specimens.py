"""The MRZ reader on real specimen documents (tests/real_specimens: PassportEye's test images,
MIT licence kept beside them), against hand transcriptions (mrz-labels.yaml)."""

from __future__ import annotations

import time
from functools import cache
from pathlib import Path

import pytest
import yaml
from PIL import Image

from validator.mrz import check_digit, find_mrz
from validator.mrz_zone import read_zone
from validator.ocr import MRZ_CHARACTERS, installed_languages, recognise

FOLDER = Path(__file__).parent / "real_specimens"
LABELS = yaml.safe_load((FOLDER / "mrz-labels.yaml").read_text(encoding="utf-8"))
# Read with every check digit verified and every field right, of the 15 whose own check digits
# verify: all of them (issue 13).
MIN_VALID_READS = 15

needs_tesseract = pytest.mark.skipif("eng" not in installed_languages(), reason="Tesseract's English data is absent")


def _lines(label: dict) -> list[str]:
    return [line.replace(" ", "") for line in label["lines"]]


def _expected(label: dict):
    return find_mrz("\n".join(line.replace("Ñ", "N") for line in _lines(label)))


def _own_failures(lines: list[str]) -> set[str]:
    """The check digits that fail on the transcription itself, computed from ICAO 9303's
    positions directly (not through the reader's own parser)."""
    if len(lines) == 3:
        one, two = lines[0], lines[1]
        fields = {"document number": (one[5:14], one[14]), "date of birth": (two[0:6], two[6]),
                  "date of expiry": (two[8:14], two[14]),
                  "composite": (one[5:30] + two[0:7] + two[8:15] + two[18:29], two[29])}
    else:
        two = lines[1]
        end = len(two)
        fields = {"document number": (two[0:9], two[9]), "date of birth": (two[13:19], two[19]),
                  "date of expiry": (two[21:27], two[27])}
        if lines[0][0] != "V":
            fields["composite"] = (two[0:10] + two[13:20] + two[21:end - 1], two[end - 1])
    return {name for name, (field, digit) in fields.items() if check_digit(field) != digit}


@pytest.mark.parametrize("label", LABELS, ids=lambda label: label["file"])
def test_transcriptions_have_their_layout_and_verify(label):
    lines = _lines(label)
    assert [len(line) for line in lines] in ([30, 30, 30], [36, 36], [44, 44])
    assert _own_failures(lines) == set(label.get("checks_fail", []))


@cache
def _read(file: str):
    def tesseract(image):
        return recognise(image, ("eng",), 60, page_mode=6, whitelist=MRZ_CHARACTERS).text
    start = time.perf_counter()
    reading = read_zone(Image.open(FOLDER / file), tesseract)
    return reading, time.perf_counter() - start


def _agrees(reading, label) -> bool:
    expected = _expected(label)
    mrz = reading.mrz if reading else None
    return mrz is not None and mrz.valid and (mrz.format, mrz.document_code, mrz.issuing_state, mrz.surname,
                                              mrz.given_names, mrz.number_masked, mrz.expiry) == (
        expected.format, expected.document_code, expected.issuing_state, expected.surname, expected.given_names,
        expected.number_masked, expected.expiry)


@needs_tesseract
def test_read_rate_and_every_field_on_the_real_specimens():
    verifiable = [label for label in LABELS if not label.get("checks_fail")]
    read = [label["file"] for label in verifiable if _agrees(_read(label["file"])[0], label)]
    assert len(read) >= MIN_VALID_READS, sorted(set(label["file"] for label in verifiable) - set(read))


@needs_tesseract
@pytest.mark.parametrize("label", [label for label in LABELS if not label.get("checks_fail")], ids=lambda label: label["file"])
def test_a_valid_reading_never_has_a_wrong_field(label):
    reading, _ = _read(label["file"])
    if reading is not None and reading.mrz.valid:
        assert _agrees(reading, label)
        # A name word the readers also read another way differs from it in a letter or two.
        words = reading.mrz.name_tokens
        assert all(any(len(word) == len(variant) and 0 < sum(a != b for a, b in zip(word, variant)) <= 2
                       for word in words) for variant in reading.mrz.name_variants)


def _turned_photo(degrees: float) -> Image.Image:
    """The Finnish specimen as if photographed turned or tilted (white around it, as on a desk)."""
    image = Image.open(FOLDER / "100_pass-fin.png").convert("RGB")
    return image.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(255, 255, 255))


@needs_tesseract
@pytest.mark.parametrize("degrees", [10, -10, 90, 180, 270])
def test_a_tilted_turned_or_upside_down_photo_reads(degrees):
    def tesseract(image):
        return recognise(image, ("eng",), 60, page_mode=6, whitelist=MRZ_CHARACTERS).text
    label = next(label for label in LABELS if label["file"] == "100_pass-fin.png")
    reading = read_zone(_turned_photo(degrees), tesseract)
    assert _agrees(reading, label)
    x, y, width, height = reading.mrz.region
    assert 0 <= x and 0 <= y and x + width <= 1.0001 and y + height <= 1.0001 and width * height > 0.005


@needs_tesseract
@pytest.mark.parametrize("form", ["TD3", "TD2"])
def test_the_icao_specimen_reads(form):
    from tests import docgen
    from tests.test_mrz import ICAO_TD2, ICAO_TD3

    def tesseract(image):
        return recognise(image, ("eng",), 60, page_mode=6, whitelist=MRZ_CHARACTERS).text
    zone = ICAO_TD3 if form == "TD3" else ICAO_TD2
    reading = read_zone(docgen.passport(mrz=tuple(zone.splitlines())), tesseract)
    assert reading.mrz.valid and reading.mrz.format == form
    assert (reading.mrz.surname, reading.mrz.given_names) == ("ERIKSSON", "ANNA MARIA")


@needs_tesseract
def test_a_coloured_mark_over_the_zone_fades():
    """A red stamp across the number line (as Croatia's RH mark): read from the brightest colour
    channel, the black OCR-B stays and the mark goes."""
    from PIL import ImageChops, ImageDraw

    from tests import docgen
    from tests.test_mrz import ICAO_TD3

    def tesseract(image):
        return recognise(image, ("eng",), 60, page_mode=6, whitelist=MRZ_CHARACTERS).text
    image = docgen.passport(mrz=tuple(ICAO_TD3.splitlines()))
    # Printed under the zone: the mark tints the paper, the black print stays black.
    mark = Image.new("RGB", image.size, (255, 255, 255))
    ImageDraw.Draw(mark).ellipse((20, 1060, 420, 1200), fill=(200, 20, 30))
    reading = read_zone(ImageChops.multiply(image, mark), tesseract)
    assert reading.mrz.valid and reading.mrz.expiry.isoformat() == "2012-04-15"


TABLE = yaml.safe_load((FOLDER / "specimens.yaml").read_text(encoding="utf-8"))
# Languages the manifest schema and OCR know; each specimen is declared in the first it prints.
DECLARABLE = ("en", "de", "fr", "es", "it", "zh")


@pytest.fixture(scope="module")
def specimen_findings(tmp_path_factory):
    import datetime as dt

    from tests.bundles import manifest, write_bundle
    from validator.config import Settings
    from validator.engine import discover, validate

    documents, files = [], {}
    for row in TABLE:
        language = next((code for code in row["languages"] if code in DECLARABLE), "en")
        kind = "national_id" if "_id-" in row["file"] else "passport"
        documents.append({"file": f"id/{row['file']}", "type": kind, "language": language,
                          "name_on_document": "Anna Maria Eriksson"})
        files[f"id/{row['file']}"] = (FOLDER / row["file"]).read_bytes()
    root = write_bundle(tmp_path_factory.mktemp("specimens") / "b",
                        manifest("individual", "outside_mainland_china", "Anna Maria Eriksson", documents), files)
    report = validate(discover([str(root)]), Settings(today=dt.date(2026, 1, 1), ocr_cache=False))[0]
    return list(report.findings)


@needs_tesseract
def test_no_legibility_error_where_a_person_reads_the_document(specimen_findings):
    readable = {f"id/{row['file']}" for row in TABLE if row["person_reads"] == "yes"}
    errors = {(f.file.removeprefix("id/"), f.rule) for f in specimen_findings
              if f.category == "legibility" and f.severity.value == "error" and f.file in readable}
    assert errors == set()


@needs_tesseract
def test_no_translation_error_on_a_document_declared_in_a_language_it_prints(specimen_findings):
    assert [f for f in specimen_findings if f.rule in ("IPP-TRANSLATION-004", "IPP-TRANSLATION-005")] == []
