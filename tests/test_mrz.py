"""The MRZ reader on ICAO 9303's own specimens and on docgen's, with OCR's usual noise."""

import dataclasses
import datetime as dt

import pytest

from tests import docgen
from validator.mrz import Mrz, check_digit, find_mrz

# ICAO Doc 9303 specimen zones (part 4: TD3, part 5: TD1; TD2 from part 6's layout).
ICAO_TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
ICAO_TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6"
ICAO_TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<"


@pytest.mark.parametrize(("text", "form"), [(ICAO_TD3, "TD3"), (ICAO_TD2, "TD2"), (ICAO_TD1, "TD1")])
def test_icao_specimens_verify(text, form):
    mrz = find_mrz("PASSPORT\n" + text + "\n")
    assert mrz.format == form and mrz.valid
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.expiry == dt.date(2012, 4, 15)
    assert "D23145890" not in mrz.number_masked and "L898902C3" not in mrz.number_masked


def test_check_digit_weights():
    assert check_digit("L898902C3") == "6" and check_digit("740812") == "2" and check_digit("<<<<") == "0"


def test_a_wrong_digit_fails_its_check():
    mrz = find_mrz(ICAO_TD3.replace("1204159", "1304159"))
    assert not mrz.valid and "date of expiry" in mrz.failed_checks


def test_docgen_zones_verify():
    assert find_mrz("\n".join(docgen.td3_mrz())).valid
    assert find_mrz("\n".join(docgen.td1_mrz(docgen.GERMAN))).valid


def test_ocr_noise_in_fillers_and_confusable_number():
    # As Tesseract read docgen's German ID card: K's among the fillers, O for 0 in the number.
    mrz = find_mrz("IDD<<LO1X00T471<<<<<<<KKK<K<\n8308126F3106305D<<<<<<<<<<<<<4\nMUSTERMANN<K<KERIKA<<<<<<<<<<<K<")
    assert mrz.valid and mrz.surname == "MUSTERMANN" and mrz.expiry == dt.date(2031, 6, 30)


def test_no_zone_in_ordinary_text():
    assert find_mrz("Surname ERIKSSON\nGiven names ANNA MARIA\n") is None


def test_an_expiry_year_in_the_seventies_or_later_is_of_the_last_century():
    # Taiwan's specimen (tests/real_specimens/43_pass-twn.jpg) expires 980104: 4 January 1998.
    line2 = "M000004264TWN6803029M9801048F122187664<<<<66"
    mrz = find_mrz("P<TWNLIN<<CHIEN<SHENG<<<<<<<<<<<<<<<<<<<<<<<\n" + line2)
    assert mrz.valid and mrz.expiry == dt.date(1998, 1, 4)
    assert find_mrz(ICAO_TD3).expiry == dt.date(2012, 4, 15)


def test_name_variants_travel_through_the_cache_form_and_only_as_words():
    mrz = dataclasses.replace(find_mrz(ICAO_TD3), name_variants=("MARLA",))
    assert Mrz.from_dict(mrz.as_dict()) == mrz
    for bad in (["MAR LA"], "MARLA", [5]):
        with pytest.raises(ValueError):
            Mrz.from_dict({**mrz.as_dict(), "name_variants": bad})


def test_the_zone_reader_bounds_its_work_on_a_page_without_an_mrz():
    """A page of text holds long stacked lines like an MRZ's: each candidate is read at most at
    MAX_ZONE_PIXELS (a whole page enlarged to OCR size took 30 s), a crop whose reading holds no
    long line of MRZ characters is not read further, and print of the zone's shape never verifies."""
    from validator.mrz_zone import MAX_ZONE_PIXELS, read_zone

    sizes = []

    def tesseract_on_print(image):  # what Tesseract's MRZ whitelist made of such a page
        sizes.append(image.width * image.height)
        return "A097UAID07SISIUL\nUOITEIISIBSIJO9ICDUYIWI7<\nTICOM"

    def mrz_shaped(image):
        return "P<UTOCERTIFICATE<OF<REGISTRATION<<<<<<<<<<<\nTHISISTOCERTIFYTHATTHECOMPANYISREGISTEREDHERE"

    page = docgen.text_page(["Certificate of registration", "This is to certify that the company"] * 10)
    assert read_zone(page, tesseract_on_print) is None
    assert sizes and max(sizes) <= MAX_ZONE_PIXELS * 1.01
    shaped = read_zone(page, mrz_shaped)
    assert shaped is None or not shaped.mrz.valid
    # A licence's candidate zones hold lines too short for any MRZ length: the cell reader once
    # raised ValueError on them (a traceback where "no MRZ" was the answer).
    licence = docgen.text_page(["营业执照 统一社会信用代码 91350100M000100Y43"] * 8, face="cjk")
    assert read_zone(licence, tesseract_on_print) is None


def test_the_cell_reader_cuts_and_resizes_cells_as_pillow_does():
    """The zone reader cuts and resizes all of a line's cells at once in numpy (a Pillow call per
    cell was most of its time): the same pixels as Image.crop (black outside the image) and
    Image.resize with BOX resampling, for cells of an MRZ character's shape, also across the
    image's edges."""
    import numpy as np
    from PIL import Image

    from validator.mrz_zone import CELL_SIZE, _normalised_cells

    rng = np.random.default_rng(7)
    for trial in range(40):
        pixels = rng.integers(0, 256, (int(rng.integers(20, 90)), int(rng.integers(80, 400))), dtype=np.uint8)
        height, width = pixels.shape
        top = int(rng.integers(-3, height // 2))
        bottom = int(rng.integers(top + 8, height + 1))
        lefts = rng.integers(-20, width - 5, 12)
        # A cell is about as wide as its line is high, give or take a pixel of rounding.
        rights = lefts + max(3, round((bottom - top) * rng.uniform(0.7, 1.4))) + rng.integers(0, 2, 12)
        cells = _normalised_cells(pixels, lefts, rights, top, bottom)
        for cell, left, right in zip(cells, lefts, rights):
            expected = np.asarray(Image.fromarray(pixels).crop((int(left), top, int(right), bottom))
                                  .resize(CELL_SIZE, Image.Resampling.BOX), dtype=np.float32).ravel()
            expected -= expected.mean()
            expected /= np.linalg.norm(expected) or 1.0
            assert np.allclose(cell, expected, atol=1e-5), (trial, left, right, top, bottom)
