"""Reading only what a check needs: the lines of print found in the pixels, a sample of them OCR'd
instead of the whole page, the whole page only when the sample does not settle the checks, and a
second run (OCR cached) that decodes at the measuring scale. OCR is counted through the seam
reading.recognise, never timed."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from tests import docgen
from validator import decode, reading
from validator.analysis import analyse_file
from validator.config import Settings
from validator.context import FileTask
from validator.decode import MEASURING_SCALE, READING_SCALE, WORKING_LONG_SIDE
from validator.model import Account, Document
from validator.ocr import OcrText, OcrUnavailable
from validator.text_geometry import scaled_down, text_mask
from validator.text_lines import (FIND_LONG_SIDE, SAMPLE_LINES, TURN_ANGLES, TURN_SAMPLE_PIXELS, _glyphs, _tilts,
                                  find_lines, sample_lines, stacked)

ZH_LINES = ["第一条 本合同由双方签订，自签字之日起生效。", "第二条 甲方应按期交付货物并提供发票。",
            "第三条 乙方应在收到货物后十日内付款。", "第四条 本合同一式两份，双方各执一份。"] * 5
EN_LINES = ["Article 1. This contract is made between the parties named below.",
            "Article 2. The seller delivers the goods within thirty days of the order."] * 10


@pytest.mark.parametrize("turn", [0, 90])
def test_lines_are_found_upright(turn):
    page = docgen.photographed(docgen.text_page(EN_LINES, title="CONTRACT"), docgen.Shot(angle=6))
    found = find_lines(page.rotate(turn, expand=True))
    assert found.quarter == (turn // 90)
    # Twenty text lines and the title; a photographed page's edge or shadow is no line.
    assert 18 <= len(found.lines) <= 24
    longest = sample_lines(found.lines)
    assert len(longest) == SAMPLE_LINES and all(line.aspect > 15 for line in longest)


def _tilt_angle_by_angle(glyphs: np.ndarray, glyph_height: float, quarter: int) -> float:
    """The tilt as first measured: each angle's profile in floats, the first best kept."""
    ys, xs = np.nonzero(glyphs)
    step = max(len(ys) // TURN_SAMPLE_PIXELS, 1)
    ys, xs = ys[::step].astype(np.float64), xs[::step].astype(np.float64)
    across, along = (ys, xs) if quarter == 0 else (glyphs.shape[1] - 1 - xs, ys)
    best = (-1.0, 0.0)
    for angle in TURN_ANGLES:
        theta = np.deg2rad(angle)
        rows = across * np.cos(theta) - along * np.sin(theta)
        profile = np.bincount(np.floor((rows - rows.min()) / max(glyph_height / 2, 1.0)).astype(np.int64))
        score = float(np.square(profile.astype(np.float64)).sum())
        if score > best[0]:
            best = (score, angle)
    return best[1]


@pytest.mark.parametrize("degrees", [-11.3, -0.6, 2.5, 8.0])
def test_the_tilts_and_the_sheet_are_those_first_computed(degrees):
    """All angles measured at once in integers find the tilts the per-angle float measure found,
    both quarter turns; the sheet drawn from a colour page converted only where its lines lie is
    the one drawn from the page converted whole."""
    page = docgen.photographed(docgen.text_page(EN_LINES, title="CONTRACT"), docgen.Shot(angle=degrees))
    for turned in (page, page.rotate(90, expand=True)):
        glyphs, glyph_height = _glyphs(text_mask(scaled_down(turned.convert("L"), FIND_LONG_SIDE)))
        first = tuple(_tilt_angle_by_angle(glyphs, glyph_height, quarter) for quarter in (0, 1))
        assert _tilts(glyphs, glyph_height) == first
        found = find_lines(turned)
        # The sample, and every line twice (boxes holding most of the page: converted whole).
        for lines in (sample_lines(found.lines), list(found.lines) * 2):
            assert stacked(turned, found, lines).tobytes() == stacked(turned.convert("L"), found, lines).tobytes()


def _task(tmp_path, image: Image.Image, **document) -> FileTask:
    path = tmp_path / "document.png"
    path.write_bytes(docgen.png_bytes(image))
    entry = Document(index=0, file="document.png", **document)
    return FileTask(str(path), entry, Account("company", "mainland_china", "rights_holder"), Settings(ocr_cache=False),
                    path.stat().st_size)


def _decoded_pixels(page: Image.Image) -> int:
    """The page's pixels as decoded for reading (its long side at the working size)."""
    return WORKING_LONG_SIDE * round(WORKING_LONG_SIDE * min(page.size) / max(page.size))


@pytest.fixture
def ocr_calls(monkeypatch):
    """Every image reading.py hands to OCR, by its pixel count."""
    calls: list[int] = []
    original = reading.recognise

    def counted(image, *args, **options):
        calls.append(image.width * image.height)
        return original(image, *args, **options)

    monkeypatch.setattr(reading, "recognise", counted)
    return calls


def test_a_sample_of_lines_settles_the_language(tesseract, tmp_path, ocr_calls):
    """A Chinese page declared Chinese: a sample of its lines is read (its longest line, then the
    others), far smaller than the page; the whole page is not read."""
    page = docgen.text_page(ZH_LINES, face="cjk")
    result = analyse_file(_task(tmp_path, page, type="other", language="zh"))
    assert len(ocr_calls) == 2
    assert sum(ocr_calls) < 0.25 * _decoded_pixels(page)
    assert sum("\u4e00" <= char <= "\u9fff" for char in result.facts.reading.text) >= 40


def test_the_whole_page_when_the_sample_does_not_show_the_declared_language(tesseract, tmp_path, ocr_calls):
    """English text declared Chinese: the sample shows no Chinese, so the whole page is read
    before the language check may say so."""
    page = docgen.text_page(EN_LINES)
    result = analyse_file(_task(tmp_path, page, type="other", language="zh"))
    assert len(ocr_calls) == 3 and ocr_calls[2] == _decoded_pixels(page)
    assert "Article" in result.facts.reading.text


def test_the_name_is_looked_for_in_the_whole_page_when_the_sample_lacks_it(tesseract, tmp_path, ocr_calls):
    page = docgen.text_page(EN_LINES)
    task = _task(tmp_path, page, type="other", language="en")
    analyse_file(task)
    assert len(ocr_calls) == 2
    ocr_calls.clear()
    named = FileTask(task.real_path, task.document, task.account, task.settings, task.size, names=("Erika Musterfrau",))
    analyse_file(named)
    assert len(ocr_calls) == 3


def test_a_cached_reading_decodes_at_the_measuring_scale(tesseract, tmp_path, monkeypatch, ocr_calls):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    scales = []
    original = decode._decode_reduced

    def recorded(image, scale, orient=True):
        scales.append(scale)
        return original(image, scale, orient)

    monkeypatch.setattr(decode, "_decode_reduced", recorded)
    task = _task(tmp_path, docgen.text_page(ZH_LINES, face="cjk"), type="other", language="zh")
    task = FileTask(task.real_path, task.document, task.account, Settings(), task.size)
    first = analyse_file(task)
    assert scales == [READING_SCALE] and ocr_calls
    scales.clear()
    ocr_calls.clear()
    second = analyse_file(task)
    assert scales == [MEASURING_SCALE] and ocr_calls == []
    assert second.facts.reading == first.facts.reading


def test_pages_not_read_are_decoded_for_measuring(tesseract, tmp_path, monkeypatch, ocr_calls):
    """A scanned PDF in its declared language: the first page's sample settles the check, so only
    that page is decoded at the reading scale; the others are decoded for measuring."""
    scales = []
    original = decode._decode_reduced
    monkeypatch.setattr(decode, "_decode_reduced",
                        lambda image, scale, orient=True: scales.append(scale) or original(image, scale, orient))
    path = tmp_path / "scan.pdf"
    path.write_bytes(docgen.scanned_pdf_bytes([docgen.text_page(EN_LINES)] * 3))
    task = FileTask(str(path), Document(index=0, file="scan.pdf", type="other", language="en"),
                    Account("company", "mainland_china", "rights_holder"), Settings(ocr_cache=False),
                    path.stat().st_size)
    analyse_file(task)
    assert scales == [READING_SCALE, MEASURING_SCALE, MEASURING_SCALE] and len(ocr_calls) == 2


def test_a_page_upside_down_is_read_turned(tesseract, tmp_path, ocr_calls):
    """Lines found upside down read as nonsense: the sample's longest line reads badly, again
    turned half round it reads well, and the other lines are read turned; that settles the check
    without the whole page. Only the one line was read upside down, not the whole sample."""
    page = docgen.text_page(ZH_LINES, face="cjk").rotate(180)
    result = analyse_file(_task(tmp_path, page, type="other", language="zh"))
    assert len(ocr_calls) == 3 and ocr_calls[0] == ocr_calls[1] < ocr_calls[2] / 3
    assert sum(ocr_calls) < 0.25 * _decoded_pixels(page)
    assert sum("\u4e00" <= char <= "\u9fff" for char in result.facts.reading.text) >= 40


def _scripted(monkeypatch, *answers):
    """reading.recognise answering in turn: an OcrText, or an exception to raise."""
    pending = list(answers)

    def answer(*args, **kwargs):
        found = pending.pop(0)
        if isinstance(found, Exception):
            raise found
        return found

    monkeypatch.setattr(reading, "recognise", answer)


def test_a_decision_against_the_document_rests_on_the_whole_page(tmp_path, monkeypatch):
    """The sample reads well, the whole page does not (no word): the reading is not trusted, so
    no check may say a name or language is missing from it."""
    sample = OcrText("Article one. This contract is made between the parties named below.", 95.0)
    _scripted(monkeypatch, sample, sample, OcrText("", None))
    result = analyse_file(_task(tmp_path, docgen.text_page(EN_LINES), type="other", language="zh")).facts.reading
    assert "contract" in result.text and not result.readable


def test_a_page_whose_whole_reading_fails_counts_as_unread(tmp_path, monkeypatch):
    sample = OcrText("Article one. This contract is made between the parties named below.", 95.0)
    _scripted(monkeypatch, sample, sample, OcrUnavailable("Tesseract took longer than 5 seconds"))
    result = analyse_file(_task(tmp_path, docgen.text_page(EN_LINES), type="other", language="zh")).facts.reading
    assert result.text == "" and result.unavailable == "Tesseract took longer than 5 seconds"


UPRIGHT = OcrText("Article two. The seller delivers the goods within thirty days of the order.\n"
                  "Article three. The buyer pays within ten days of the delivery.", 95.0)


def _sample_reading(monkeypatch, *answers):
    _scripted(monkeypatch, *answers)
    reader = reading.DocumentReader(Document(index=0, file="page.png", type="other", language="en"),
                                    Settings(ocr_cache=False), None)
    return reader._recognise_sample(docgen.text_page(EN_LINES), 60)


def test_a_longest_line_read_badly_both_ways_says_nothing(monkeypatch):
    """An MRZ, the longest line of a passport, reads about as badly either way up: the other lines
    are then read as found, not turned."""
    found = _sample_reading(monkeypatch, OcrText("P<SWEERIKSSON<<ANNA", 49.0), OcrText("NNY<<NOSS", 53.0),
                            UPRIGHT)
    assert found["text"].endswith(UPRIGHT.text) and found["confidence"] > reading.MIN_OCR_CONFIDENCE


def test_a_sample_that_reads_badly_the_way_its_longest_line_chose_is_read_the_other_way(monkeypatch):
    """The longest line turned read as confident nonsense and the others, turned, as nonsense: the
    sample is read the other way up too, and the better reading kept."""
    found = _sample_reading(monkeypatch, OcrText("elcitrA owt", 30.0), OcrText("Article two", 70.0),
                            OcrText("sdoog eht", 20.0), UPRIGHT)
    assert found["text"] == "elcitrA owt\n" + UPRIGHT.text


def test_a_sample_read_badly_settles_nothing(tmp_path, monkeypatch):
    """Nonsense can pass for a language: a sample read with less than the trusted confidence (both
    ways up) shows nothing, and the whole page is read, whose reading then decides."""
    badly = OcrText("Article one. This contract is made between the parties named below and binds them.", 40.0)
    _scripted(monkeypatch, badly, badly, badly, badly, OcrText(badly.text, 90.0))
    result = analyse_file(_task(tmp_path, docgen.text_page(EN_LINES), type="other", language="en")).facts.reading
    assert result.confidence == 90.0 and result.readable


def test_a_sample_whose_first_line_used_up_the_time_limit_is_not_read_on(monkeypatch):
    """The longest line took the whole time limit: the others are not handed to Tesseract with no
    time left, the sample is unread, as one image over its limit was."""
    clock = iter(range(0, 1000, 40))
    monkeypatch.setattr(reading.time, "monotonic", lambda: next(clock))
    with pytest.raises(OcrUnavailable, match="Tesseract took longer than 60 seconds"):
        _sample_reading(monkeypatch, UPRIGHT, UPRIGHT)


@pytest.fixture
def ocr_languages(monkeypatch):
    """The languages of every image reading.py hands to OCR, in turn."""
    calls: list[tuple[str, ...]] = []
    original = reading.recognise

    def counted(image, languages, *args, **options):
        calls.append(tuple(languages))
        return original(image, languages, *args, **options)

    monkeypatch.setattr(reading, "recognise", counted)
    return calls


def test_a_chinese_page_reads_the_rest_of_its_sample_in_chinese_alone(tesseract, tmp_path, ocr_languages):
    """Its longest line reads as Chinese print and the name looked for is Chinese: the other lines
    are read with Chinese data only, and still show the name and the declared language."""
    page = docgen.text_page(["注册人：深圳市明星科技有限公司，自然人投资或控股的有限责任公司", *ZH_LINES], face="cjk")
    task = _task(tmp_path, page, type="other", language="zh")
    named = FileTask(task.real_path, task.document, task.account, task.settings, task.size,
                     names=("深圳市明星科技有限公司",))
    result = analyse_file(named).facts.reading
    assert ocr_languages == [("chi_sim", "eng"), ("chi_sim",)]
    assert "深圳市明星科技有限公司" in result.text.replace(" ", "")


def test_a_chinese_page_keeps_english_for_a_name_in_latin_letters(tesseract, tmp_path, ocr_languages):
    page = docgen.text_page(ZH_LINES, face="cjk")
    task = _task(tmp_path, page, type="other", language="zh")
    named = FileTask(task.real_path, task.document, task.account, task.settings, task.size,
                     names=("Brightstar Technology",))
    analyse_file(named)
    assert ocr_languages[:2] == [("chi_sim", "eng"), ("chi_sim", "eng")]


def test_a_page_whose_longest_line_is_latin_keeps_every_language(monkeypatch):
    """Declared Chinese, its longest line in Latin letters (a certificate's English title, or an
    English page): the rest is read with English too, which reads Latin print right."""
    reader = reading.DocumentReader(Document(index=0, file="page.png", type="other", language="zh"),
                                    Settings(ocr_cache=False), None)
    assert reader._sample_languages(("chi_sim", "eng"), OcrText("CERTIFICATE OF REGISTRATION 商标", 92.0)) == \
        ("chi_sim", "eng")
    assert reader._sample_languages(("chi_sim", "eng"), OcrText("商标注册证 注册号 No.", 92.0)) == ("chi_sim",)
