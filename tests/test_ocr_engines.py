"""The validator's two ways of running Tesseract (validator/ocr.py): in-process through tesserocr,
and the tesseract command where no tesserocr wheel exists. Both read the same documents alike,
keep to their time limit, say what is missing; which one runs is said, and the cache keeps their
readings apart."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import docgen
from tests.bundles import manifest, write_bundle
from tests.conftest import assert_valid_report, require_tool
from validator import ocr
from validator.reading import unread_reason_zh

CHINESE = ("chi_sim", "eng")
# A folder on PYTHONPATH whose tesserocr cannot be imported: a machine without the package.
HIDE_TESSEROCR = "raise ImportError('tesserocr is not installed here')\n"


def _in_process() -> ocr.TesseractEngine:
    try:
        import tesserocr
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("tesserocr is not installed, and CI must run this test (pip install . installs it)")
        pytest.skip("tesserocr is not installed (no wheel for this platform)")
    folder = ocr.tessdata_folder()
    if folder is None:
        pytest.skip("Tesseract's language data is not installed")
    return ocr.TesseractInProcess(tesserocr, folder)


def _command() -> ocr.TesseractEngine:
    require_tool("tesseract")
    return ocr.TesseractCommand(ocr.tesseract_program())


@pytest.fixture(params=["in-process", "command"], scope="module")
def engine(request) -> ocr.TesseractEngine:
    return _in_process() if request.param == "in-process" else _command()


@pytest.fixture(scope="module")
def passport():
    return docgen.passport()


def test_both_engines_read_names_and_numbers(engine, passport):
    reading = engine.recognise(passport, ("eng",), 60)
    assert "Eriksson" in reading.text and "Anna Maria" in reading.text and "AB1234567" in reading.text
    assert reading.confidence is not None and reading.confidence >= 80  # well above MIN_OCR_CONFIDENCE
    certificate = engine.recognise(docgen.trademark_certificate_zh(), CHINESE, 60)
    assert docgen.Company().name in certificate.text.replace(" ", "")


def test_both_engines_read_the_mrz_with_the_whitelist(engine, passport):
    width, height = passport.size
    band = passport.crop((0, int(height * 0.6), width, height))
    text = engine.recognise(band, ("eng",), 60, page_mode=6, whitelist=ocr.MRZ_CHARACTERS).text
    assert set(text) <= set(ocr.MRZ_CHARACTERS + "\n ")
    assert "AB12345671SWE8503127F3204153" in text


def test_both_engines_find_the_numbers_to_cover(engine, passport, monkeypatch):
    monkeypatch.setattr(ocr, "engine", lambda: engine)
    boxes = ocr.number_boxes(passport, ("eng",), 60)
    assert len(boxes) >= 3  # birth date, passport number, expiry (and the MRZ's number line)
    assert all(0 <= left < right <= passport.width and 0 <= top < bottom <= passport.height
               for left, top, right, bottom in boxes)


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_both_engines_say_how_to_turn_a_page(engine, passport, turn):
    rotate, confidence = engine.orientation(passport.rotate(-turn, expand=True), 60) or (0, 0.0)
    assert (rotate + turn) % 360 == 0 and confidence > 1


def test_the_engines_agree_on_orientation_and_confidence(passport):
    in_process, command = _in_process(), _command()
    turned = passport.rotate(90, expand=True)
    assert in_process.orientation(turned, 60) == command.orientation(turned, 60)
    # Tesseract 5.5 (the wheel) and 5.3 (Debian) with the same data: the same words, and a mean
    # word confidence within a point, so MIN_OCR_CONFIDENCE keeps its meaning.
    ours, theirs = in_process.recognise(passport, ("eng",), 60), command.recognise(passport, ("eng",), 60)
    assert abs(ours.confidence - theirs.confidence) < 1
    assert ours.text.split("\n")[:7] == theirs.text.split("\n")[:7]


def test_both_engines_keep_to_their_time_limit(engine, passport):
    with pytest.raises(ocr.OcrUnavailable, match="Tesseract took longer than 0.001 seconds"):
        engine.recognise(passport, ("eng",), 0.001)


def test_missing_language_data_is_said_not_guessed(engine, monkeypatch):
    monkeypatch.setattr(engine, "languages", frozenset({"eng"}))
    with pytest.raises(ocr.OcrUnavailable, match="language data chi_sim is not installed"):
        engine.recognise(docgen.trademark_certificate_zh(), CHINESE, 10)


def test_in_process_models_are_loaded_once_per_language_set_and_whitelist(passport):
    """Page modes share one engine object (the models are loaded once); each call sets its own
    mode, so a whole page read after a block reads as before it."""
    engine = _in_process()
    whole = engine.recognise(passport, ("eng",), 60)
    for _ in range(2):
        engine.recognise(passport, ("eng",), 60, page_mode=6)
        engine.recognise(passport, ("eng",), 60, page_mode=6, whitelist=ocr.MRZ_CHARACTERS)
    engine.orientation(passport, 60)
    assert len(engine.apis) == 3
    assert engine.recognise(passport, ("eng",), 60) == whole


def test_the_engine_found_is_in_process_else_the_command(monkeypatch, tmp_path):
    _in_process()
    uncached = ocr.engine.__wrapped__
    assert isinstance(uncached(), ocr.TesseractInProcess)
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))  # no language data there
    found = uncached()
    assert isinstance(found, ocr.TesseractCommand) if ocr.tesseract_program() else found is None


def test_cached_readings_are_kept_apart_by_engine(tmp_path, monkeypatch):
    cache = ocr.OcrCache(tmp_path / "ipp-preflight" / "ocr")
    monkeypatch.setattr(ocr, "engine_name", lambda: "Tesseract 5.3.0 command")
    cache.put("hash", "page1|eng|psm3", {"text": "by the command"})
    assert cache.get("hash", "page1|eng|psm3") == {"text": "by the command"}
    monkeypatch.setattr(ocr, "engine_name", lambda: "Tesseract 5.5.4 in-process (tesserocr 2.13.0)")
    assert cache.get("hash", "page1|eng|psm3") is None


def _without_tesserocr(tmp_path: Path) -> str:
    hidden = tmp_path / "hidden" / "tesserocr"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text(HIDE_TESSEROCR, encoding="utf-8")
    return str(hidden.parent)


def _validate(tmp_path: Path, env: dict, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).with_name("validate")), *arguments], capture_output=True,
                          text=True, env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), **env}, cwd="/",
                          timeout=120, check=False)


def test_version_names_the_engine(tmp_path):
    shown = _validate(tmp_path, {}, "--version")
    assert shown.returncode == 0 and shown.stdout.splitlines()[1] == f"OCR: {ocr.describe_engine()}"
    nothing = _validate(tmp_path, {"PYTHONPATH": _without_tesserocr(tmp_path), "PATH": str(tmp_path)}, "--version")
    assert nothing.stdout.splitlines()[1] == f"OCR: {ocr.NO_ENGINE}"


def test_without_any_engine_the_finding_says_what_to_install(tmp_path):
    passport = {"file": "id/passport.jpg", "type": "passport", "name_on_document": "Anna Maria Eriksson",
                "language": "en"}
    root = write_bundle(tmp_path / "b", manifest("individual", "outside_mainland_china", "Anna Maria Eriksson",
                                                 [passport]),
                        {"id/passport.jpg": docgen.jpeg_bytes(docgen.passport())})
    env = {"PYTHONPATH": _without_tesserocr(tmp_path), "PATH": str(tmp_path)}
    done = _validate(tmp_path, env, "--format", "json", str(root))
    assert done.returncode in (0, 1), done.stderr
    findings = assert_valid_report(done.stdout)["bundles"][0]["findings"]
    unread = [f for f in findings if f["rule"] == "IPP-NAME-008"]
    assert len(unread) == 1 and "id/passport.jpg" in unread[0]["message"] and ocr.NO_ENGINE in unread[0]["message"]
    assert "tesserocr" in unread[0]["hint"] and not any(f["severity"] == "error" for f in findings)
    assert unread_reason_zh(ocr.NO_ENGINE).startswith("未安装 OCR 引擎")


def test_tesseracts_own_messages_stay_off_the_terminal(capfd, passport):
    # Leptonica writes "Error in boxClipToRectangle: ..." to the process's error output on some
    # photos; in-process that would be the user's terminal, so each call discards it.
    with ocr._quiet_stderr():
        os.write(2, b"Error in pixScanForForeground: invalid box\n")
    os.write(2, b"the validator's own\n")
    assert capfd.readouterr().err == "the validator's own\n"
    _in_process().orientation(passport, 60)
    assert capfd.readouterr().err == ""


def test_readings_joined_weigh_each_confidence_by_its_words():
    """A sample read as two images (its longest line, then the others) has the confidence one
    image of all its lines would: the mean over all the words."""
    lines = ocr.OcrText("six words\nin two lines here", 90.0)
    found = ocr.joined([ocr.OcrText("one line", 50.0), ocr.OcrText("", None), lines])
    assert found.text == "one line\nsix words\nin two lines here"
    assert found.confidence == pytest.approx((2 * 50.0 + 6 * 90.0) / 8)
    assert ocr.joined([ocr.OcrText("", None)]) == ocr.OcrText("", None)
