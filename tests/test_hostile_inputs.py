"""Hostile inputs and surroundings found in use (issue 15): each test failed before its fix."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import threading
import zlib
from pathlib import Path

import pytest
import yaml
from PIL import Image

from tests import hostile
from tests.bundles import passport_bundle, passport_jpeg, passport_manifest
from tests.conftest import check_bundle
from tests.installed import Run, run_validate, validate_command
from validator.config import Settings
from validator.decode import Page
from validator.engine import BundleTarget, _plan
from validator.findings import EXIT_FAIL
from validator.formats import stream_size
from validator.manifest import MAX_EVENTS, ManifestProblem, parse_manifest_text
from validator.ocr import OcrCache, OcrText, cache_folder_problem, default_cache_folder
from validator.rules import file as file_rules
from validator.rules import schema as schema_rules

# --- bug 14: manifest parsing and missing-file lookups are bounded ---------------------------


def _manifest_of(documents: int) -> str:
    manifest = passport_manifest()
    first = manifest["documents"][0]
    manifest["documents"] = [dict(first, file=f"identity/p{i}.jpg") for i in range(documents)]
    return yaml.safe_dump(manifest, allow_unicode=True)


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML was built without libyaml")
def test_a_large_manifest_is_parsed_by_libyaml_not_the_python_scanner(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 250 KB manifest took 10 s in PyYAML's pure-Python scanner; libyaml takes a tenth of a second."""
    def refuse(*_args, **_kwargs):
        raise AssertionError("the pure-Python YAML scanner ran")

    monkeypatch.setattr(yaml.scanner.Scanner, "check_token", refuse)
    text = _manifest_of(2000)
    assert len(text) > 240_000
    parsed = parse_manifest_text(text)
    assert not isinstance(parsed, ManifestProblem)
    assert len(parsed.data["documents"]) == 2000
    assert parsed.lines[("documents", 1999, "file")] > 1999


def test_a_manifest_of_more_values_than_any_bundle_needs_is_refused_unbuilt() -> None:
    text = "documents: [" + ",".join("1" for _ in range(MAX_EVENTS)) + "]\n"
    problem = parse_manifest_text(text)
    assert isinstance(problem, ManifestProblem)
    assert problem.kind == "too_large" and f"{MAX_EVENTS:,}" in problem.detail


def test_too_many_documents_are_refused_before_the_schema_walks_them(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import jsonschema

    def refuse(*_args, **_kwargs):
        raise AssertionError("the schema was checked")

    monkeypatch.setattr(jsonschema.Draft202012Validator, "iter_errors", refuse)
    root = tmp_path / "bundle"
    root.mkdir()
    (root / "bundle.yaml").write_text(_manifest_of(2000), encoding="utf-8")
    plan = _plan(BundleTarget(root, "bundle"), Settings())
    (too_many,) = [f for f in plan.findings if "2000 documents are listed" in f.message]
    assert too_many.rule == schema_rules.UNSAFE.id
    assert plan.tasks == []


def test_missing_files_look_for_case_variants_in_one_reading_of_their_folder(tmp_path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each missing file scanned its folder again: 45 ms a file in a folder of 50,000."""
    def change(manifest, files):
        first = manifest["documents"][0]
        manifest["documents"] += [dict(first, file=f"identity/missing-{i}.jpg") for i in range(40)]
        files["identity/MISSING-7.JPG"] = b"x"

    root = passport_bundle(tmp_path / "bundle", change)
    identity = os.path.realpath(root / "identity")
    scans: list[str] = []
    real_scandir = os.scandir

    def counting(path="."):
        scans.append(os.path.realpath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", counting)
    plan = _plan(BundleTarget(root, "bundle"), Settings())
    assert scans.count(identity) == 1
    hinted = [f.message for f in plan.findings if "names are case-sensitive" in f.message]
    assert hinted == ["identity/missing-7.jpg does not exist (but identity/MISSING-7.JPG does: names are case-sensitive)."]


# --- bug 4: unreadable, hidden, linked and manifest-less folders ------------------------------

# Root reads any folder whatever its mode; without these two capabilities it obeys chmod as any
# user does (and keeps reading the interpreter's own files, which another user could not).
WITHOUT_OVERRIDE = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                    "--bounding-set=-dac_override,-dac_read_search"]


def _where_chmod_holds(*args: str | Path, cwd: Path) -> Run:
    """The installed validate run so that chmod 000 denies it a folder, as it denies a user."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: chmod 000 cannot deny a folder")
        prefix = WITHOUT_OVERRIDE
    command = [*prefix, validate_command(), *map(str, args), "--no-ocr", "--no-cache", "--format", "json"]
    done = subprocess.run(command, cwd=cwd, capture_output=True, timeout=120, env={**os.environ, "PYTHONPATH": ""})
    return Run(done.returncode, done.stdout.decode(), done.stderr.decode(), 0.0)


def test_an_unreadable_bundle_folder_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    bundle = passport_bundle(tmp_path / "bundle")
    bundle.chmod(0)
    run = _where_chmod_holds(bundle, cwd=tmp_path)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == EXIT_FAIL, run.stderr
    (report,) = run.report()["bundles"]
    assert [f["rule"] for f in report["findings"]] == [file_rules.FOLDER_UNREADABLE.id]
    assert "Permission denied" in report["findings"][0]["message"]


def test_a_batch_reports_an_unreadable_bundle_and_skipped_folders_and_checks_the_rest(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for name in ("good", "locked"):
        passport_bundle(batch / name)
    (batch / ".cache").mkdir()
    (batch / "drafts").mkdir()
    os.symlink(batch / "good", batch / "good-again")
    (batch / "locked").chmod(0)
    run = _where_chmod_holds(batch, cwd=tmp_path)
    assert "Traceback" not in run.stderr, run.stderr
    reports = {Path(b["path"]).name: b for b in run.report()["bundles"]}
    assert set(reports) == {"good", "locked", ".cache", "drafts", "good-again"}
    assert [f["rule"] for f in reports["locked"]["findings"]] == [file_rules.FOLDER_UNREADABLE.id]
    for skipped in (".cache", "drafts", "good-again"):
        assert [f["rule"] for f in reports[skipped]["findings"]] == [file_rules.FOLDER_SKIPPED.id]
        assert reports[skipped]["status"] == "pass"
    assert reports["good"]["status"] == "pass", reports["good"]["findings"]


# --- bug 2: the OCR cache is validated, private and never holds a number ----------------------


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of this test's own (not the session's), and its OCR folder."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return default_cache_folder()


def _entries(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.json"))


def _summary(report) -> list[tuple]:
    return sorted((f.rule, f.file, f.message) for f in report.findings)


def _forged_entries_change_nothing(bundle: Path, first, entries: list[Path], forged) -> None:
    """Every entry overwritten with `forged`: the run finds what the first did, and each entry is
    recomputed and replaced."""
    for entry in entries:
        entry.write_text(json.dumps(forged), encoding="utf-8")
    assert _summary(check_bundle(bundle)) == _summary(first)
    assert all(json.loads(entry.read_text(encoding="utf-8")) != forged for entry in entries)


@pytest.mark.parametrize("forged", [{}, [], {"text": 5}, "text", None, 7,
                                    {"text": "P<UTOERIKSSON", "confidence": "high", "mrz": None},
                                    {"text": "No. AB1234567", "confidence": 90.0, "mrz": None},
                                    {"mrz": {"format": "TD3"}}],
                         ids=["empty", "list", "text-number", "string", "null", "number", "bad-confidence",
                              "unmasked", "half-mrz"])
def test_a_cache_entry_of_the_wrong_shape_is_ignored_and_recomputed(tesseract, own_cache: Path, tmp_path: Path,
                                                                    forged) -> None:
    bundle = passport_bundle(tmp_path / "bundle")
    first = check_bundle(bundle)
    entries = _entries(own_cache)
    assert entries, "the first run stored nothing"
    _forged_entries_change_nothing(bundle, first, entries, forged)


def german_pdf_bundle(root: Path, declared: str = "en") -> Path:
    """A trademark certificate whose text layer is German, declared English: judging it asks
    py3langid, whose answers the cache keeps."""
    from tests import docgen
    from tests.bundles import CONTRACT_COMPANY, manifest, write_bundle

    documents = [{"file": "rights/tm.pdf", "type": "trademark_certificate", "language": declared}]
    return write_bundle(root, manifest("company", "mainland_china", CONTRACT_COMPANY, documents),
                        {"rights/tm.pdf": docgen.german_certificate_lines()})


@pytest.mark.parametrize("forged", [{"language": "xx", "probability": 0.99}, {"language": "en", "probability": 1.5},
                                    {"language": "en", "probability": True}, {"language": "en"}, [],
                                    {"text": "", "confidence": None, "mrz": None}],
                         ids=["unknown-language", "probability-above-one", "probability-bool", "no-probability",
                              "list", "text-entry"])
def test_a_forged_language_identification_is_ignored_and_recomputed(own_cache: Path, tmp_path: Path, forged) -> None:
    bundle = german_pdf_bundle(tmp_path / "bundle")
    first = check_bundle(bundle)
    assert "IPP-TRANSLATION-004" in {f.rule for f in first.findings}
    entries = _entries(own_cache)
    assert entries, "the first run stored no identification"
    _forged_entries_change_nothing(bundle, first, entries, forged)


def test_a_cached_run_does_not_load_the_language_model(own_cache: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading py3langid's model costs more than half a second. Its answers are kept in the cache
    by the worker that read the text, and the bundle check judges from the worker's facts: a
    second run loads it neither in the workers (forked from this process) nor in this one."""
    from validator import language

    bundle = german_pdf_bundle(tmp_path / "bundle")
    first = check_bundle(bundle)

    def not_loaded():
        raise AssertionError("the language model was loaded")

    monkeypatch.setattr(language, "_identifier", not_loaded)
    assert _summary(check_bundle(bundle)) == _summary(first)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty"))
    # The seam works: without the cache, judging the text needs the model, and the worker fails.
    assert file_rules.NOT_ANALYSED.id in {f.rule for f in check_bundle(bundle).findings}


def test_the_main_process_names_the_language_of_a_text_whose_script_decided(own_cache: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Declared Chinese, the text is German: its script alone says Chinese is absent, and the model
    would only name German. No worker loads it for that (45 MB each); the main process names it
    beside the last worker, through the file's cache entries, so that a second run loads it
    nowhere."""
    from validator import language

    loads = tmp_path / "loads"
    real = language._identifier

    def recorded():
        with open(loads, "a", encoding="ascii") as record:
            record.write(f"{os.getpid()}\n")
        return real()

    monkeypatch.setattr(language, "_identifier", recorded)
    bundle = german_pdf_bundle(tmp_path / "bundle", declared="zh")
    first = check_bundle(bundle)
    (finding,) = [f for f in first.findings if f.rule == "IPP-TRANSLATION-004"]
    assert "is in German" in finding.message
    assert set(loads.read_text(encoding="ascii").split()) == {str(os.getpid())}
    loads.unlink()
    assert _summary(check_bundle(bundle)) == _summary(first)
    assert not loads.exists()


def across_desk_bundle(root: Path) -> Path:
    """A passport photographed from across the desk: its characters are measured on the print cut
    out of the 12-megapixel photo at full resolution (legibility._check_document_in_frame)."""
    from tests import docgen, real_framed

    def change(manifest, files):
        files["identity/passport.jpg"] = docgen.jpeg_bytes(real_framed.on_desk(docgen.passport(), 4 / 32, seed=7)[0])

    return passport_bundle(root, change)


def _region_entries(folder: Path) -> list[Path]:
    return [entry for entry in _entries(folder) if "height" in json.loads(entry.read_text(encoding="utf-8"))]


def test_a_cached_run_does_not_read_the_photo_again_at_full_resolution(tesseract, own_cache: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from validator import source_pixels

    bundle = across_desk_bundle(tmp_path / "bundle")
    first = check_bundle(bundle)
    assert any("The document fills about" in f.message for f in first.findings)
    assert _region_entries(own_cache), "the first run stored no measurement"

    def not_read(*args, **kwargs):
        raise AssertionError("the photo was read again at full resolution")

    monkeypatch.setattr(source_pixels, "source_region", not_read)
    assert _summary(check_bundle(bundle)) == _summary(first)
    # The seam works: with the measurement gone from the cache, the photo is read again.
    for entry in _region_entries(own_cache):
        entry.unlink()
    assert file_rules.NOT_ANALYSED.id in {f.rule for f in check_bundle(bundle).findings}


@pytest.mark.parametrize("forged", [{"height": -3.0}, {"height": "12"}, {"height": True}, {"height": 1e9},
                                    {"height": float("nan")}, {"height": 12.0, "text": ""}],
                         ids=["negative", "string", "bool", "beyond-the-image", "nan", "extra-field"])
def test_a_forged_measurement_is_ignored_and_recomputed(tesseract, own_cache: Path, tmp_path: Path, forged) -> None:
    bundle = across_desk_bundle(tmp_path / "bundle")
    first = check_bundle(bundle)
    entries = _region_entries(own_cache)
    assert entries
    _forged_entries_change_nothing(bundle, first, entries, forged)


def test_the_cache_never_keeps_a_number_ocr_split_in_pieces(monkeypatch: pytest.MonkeyPatch, own_cache: Path) -> None:
    from validator import reading
    from validator.model import Document

    split = "PASSPORT No. AB12 345 67\nSurname ERIKSSON\n护照号码E12 3456"
    monkeypatch.setattr(reading, "recognise", lambda *args, **kwargs: OcrText(split, 91.0))
    document = Document(index=0, file="p.jpg", type="other", language="en")
    reader = reading.DocumentReader(document, Settings(), "0" * 64)
    reader.observe(Page(number=1, image=Image.new("RGB", (64, 64), "white"), source_size=(64, 64)))
    # A blank page: its sample of lines is empty (stored without OCR), then the whole page is read.
    stored = [json.loads(entry.read_text(encoding="utf-8"))["text"] for entry in _entries(own_cache)]
    assert sorted(stored) == ["", "PASSPORT No. #### ### ##\nSurname ERIKSSON\n护照号码### ####"]
    assert not any(character.isdigit() for text in stored for character in text)


def test_a_linked_or_fifo_entry_is_never_read(own_cache: Path) -> None:
    cache = OcrCache(own_cache)
    good = {"mrz": None}
    cache.put("a" * 64, "k", good)
    (entry,) = _entries(own_cache)
    assert cache.get("a" * 64, "k") == good
    elsewhere = own_cache.parent / "elsewhere.json"
    elsewhere.write_text(json.dumps(good), encoding="utf-8")
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert cache.get("a" * 64, "k") is None
    entry.unlink()
    os.mkfifo(entry)
    answer: list = []
    reader = threading.Thread(target=lambda: answer.append(cache.get("a" * 64, "k")), daemon=True)
    reader.start()
    reader.join(5)
    assert answer == [None], "reading a FIFO entry waited for a writer"


@pytest.mark.parametrize("how", ["writable-by-others", "parent-writable-by-group", "owned-by-another-user"])
def test_a_cache_folder_others_could_write_is_not_used(own_cache: Path, how: str) -> None:
    OcrCache(own_cache).put("b" * 64, "k", {"mrz": None})
    assert OcrCache(own_cache).get("b" * 64, "k") == {"mrz": None}
    if how == "writable-by-others":
        own_cache.chmod(0o777)
    elif how == "parent-writable-by-group":
        own_cache.parent.chmod(0o770)
    elif os.geteuid() == 0:
        os.chown(own_cache, 65534, 65534)
    else:
        pytest.skip("only root can give a folder to another user")
    assert cache_folder_problem(own_cache)
    assert OcrCache(own_cache).get("b" * 64, "k") is None


def test_the_command_says_once_that_it_runs_without_an_untrusted_cache(tmp_path: Path) -> None:
    folder = tmp_path / "xdg" / "ipp-preflight" / "ocr"
    folder.mkdir(parents=True)
    folder.chmod(0o777)
    root = tmp_path / "batch"
    for name in ("one", "two"):
        passport_bundle(root / name)
    run = run_validate("--no-progress", root, cwd=tmp_path, env={"XDG_CACHE_HOME": str(tmp_path / "xdg")})
    assert "Traceback" not in run.stderr
    assert run.stderr.count("the OCR cache is not used") == 1, run.stderr
    assert "may be written by other users" in run.stderr
    assert not list(folder.rglob("*.json"))


# --- bug 1: pixel limits hold from an embedded image stream's own header ---------------------


def _small(fmt: str, **options) -> bytes:
    return hostile.encoded(Image.new("L", (100, 100), 200), fmt, **options)


@pytest.mark.parametrize(("name", "data"), [
    ("jpeg", lambda: _small("JPEG")),
    ("progressive-jpeg-with-exif", lambda: hostile.encoded(Image.new("RGB", (100, 100)), "JPEG", progressive=True,
                                                           exif=Image.Exif().tobytes())),
    ("jp2", lambda: _small("JPEG2000")),
    ("j2k-codestream", lambda: _small("JPEG2000", no_jp2=True)),
])
def test_the_size_of_an_image_stream_is_read_from_its_own_header(name: str, data) -> None:
    assert stream_size(data()) == (100, 100)


def test_a_stream_that_is_no_image_has_no_size() -> None:
    assert stream_size(b"\xff\xd8\xff\xe0\x00") is None
    assert stream_size(b"%PDF-1.7") is None


def _pdf_passport(data: bytes):
    def change(manifest, files):
        del files["identity/passport.jpg"]
        files["identity/passport.pdf"] = data
        manifest["documents"][0]["file"] = "identity/passport.pdf"

    return change


@pytest.mark.parametrize("pdf", [
    # Past Pillow's own bomb limit: DecompressionBombError escaped ("please report this as a bug").
    lambda: hostile.lying_image_pdf(hostile.with_declared_size(_small("JPEG"), "JPEG", 20_000, 20_000)),
    # 144 megapixels behind a 100 x 100 dictionary, filling the page: decoded straight from the stream.
    lambda: hostile.lying_image_pdf(hostile.with_declared_size(_small("JPEG"), "JPEG", 12_000, 12_000)),
    # The same on half a page: PDFium rendered it and the file passed.
    lambda: hostile.lying_image_pdf(hostile.with_declared_size(_small("JPEG"), "JPEG", 12_000, 12_000),
                                    placed=b"595 0 0 421 0 0"),
    # A real 72-megapixel JPEG behind the lie, on half a page.
    lambda: hostile.lying_image_pdf(hostile.encoded(Image.new("L", (9_000, 8_000), 200), "JPEG", quality=30),
                                    placed=b"595 0 0 421 0 0"),
    lambda: hostile.lying_image_pdf(hostile.jpeg2000_declaring(12_000, 12_000), b"/JPXDecode"),
    # Deeper in forms than pypdfium2's default walk (15), which PDFium still draws (up to about 40).
    lambda: hostile.image_in_nested_forms(hostile.with_declared_size(_small("JPEG"), "JPEG", 12_000, 12_000), 30),
], ids=["past-pillow-limit", "full-page", "half-page", "real-72mp", "jpeg2000", "in-30-nested-forms"])
def test_an_image_dictionary_that_lies_about_its_stream_is_beyond_limits(tmp_path: Path, pdf) -> None:
    report = check_bundle(passport_bundle(tmp_path / "bundle", _pdf_passport(pdf())), ocr=False)
    rules = [f.rule for f in report.findings if f.category == "file"]
    assert rules == [file_rules.BEYOND_LIMITS.id], report.findings
    (finding,) = [f for f in report.findings if f.category == "file"]
    assert "its image dictionary claims 100x100" in finding.message


def test_an_honest_embedded_jpeg_within_limits_is_decoded(tmp_path: Path) -> None:
    pdf = hostile.lying_image_pdf(_small("JPEG"))
    report = check_bundle(passport_bundle(tmp_path / "bundle", _pdf_passport(pdf)), ocr=False)
    assert not [f for f in report.findings if f.category == "file"], report.findings


# --- bug 15: active content and files hidden after a file's end --------------------------------


def _catalog_pdf(catalog_extra: bytes, *objects: bytes) -> bytes:
    """A one-page PDF whose catalog has `catalog_extra`; `objects` are numbered from 4."""
    return hostile.pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R %s >>" % catalog_extra,
                              b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                              b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>", *objects])


def _in_object_stream(body: bytes) -> bytes:
    """Object 4 kept inside a compressed object stream (object 5), as PDF 1.5 writers keep most
    dictionaries: its names are not in the file's bytes."""
    header = b"4 0 "
    packed = zlib.compress(header + body)
    return _catalog_pdf(b"/OpenAction 4 0 R", b"null", hostile.pdf_stream(
        b"/Type /ObjStm /N 1 /First %d /Filter /FlateDecode" % len(header), packed))


def _pypdf(change) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("pdf", "named"), [
    (lambda: _catalog_pdf(b"/OpenAction 4 0 R", b"<< /S /JavaScript /JS (app.alert(1)) >>"), "JavaScript"),
    (lambda: _catalog_pdf(b"/OpenAction 4 0 R", b"<< /S /J#61vaScript /J#53 (app.alert(1)) >>"), "JavaScript"),
    (lambda: _catalog_pdf(b"/Names << /JavaScript << /Names [(init) 4 0 R] >> >>",
                          b"<< /S /JavaScript /JS 5 0 R >>", hostile.pdf_stream(b"", b"app.alert(1);", compress=True)),
     "JavaScript"),
    (lambda: _catalog_pdf(b"/OpenAction 4 0 R", b"<< /S /Launch /F (cmd.exe) >>"), "launches a program"),
    (lambda: _pypdf(lambda writer: writer.add_attachment("invoice.exe", b"MZ")), "embedded files"),
    (lambda: _catalog_pdf(b"", b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS (a.exe) >>"),
     "a file attachment"),
    (lambda: _in_object_stream(b"<< /S /JavaScript /JS (app.alert(1)) >>"), "JavaScript"),
], ids=["javascript", "escaped-name", "document-script", "launch", "embedded-file", "attachment-annotation",
        "in-object-stream"])
def test_a_pdf_with_active_content_is_a_warning_naming_it(tmp_path: Path, pdf, named: str) -> None:
    report = check_bundle(passport_bundle(tmp_path / "bundle", _pdf_passport(pdf())), ocr=False)
    (finding,) = [f for f in report.findings if f.category == "file"]
    assert finding.rule == file_rules.ACTIVE_CONTENT.id and finding.severity.value == "warning"
    assert named in finding.message


def test_a_plain_pdf_and_an_image_stream_holding_the_letters_js_are_not_active(tmp_path: Path) -> None:
    """Stream data is binary: a short name such as /JS turns up in it by chance."""
    pdf = hostile.one_page_pdf(content=b"% /JS /Launch /JavaScript\n0 0 1 rg 10 10 50 50 re f")
    report = check_bundle(passport_bundle(tmp_path / "bundle", _pdf_passport(pdf)), ocr=False)
    assert not [f for f in report.findings if f.category == "file"], report.findings


def _zip() -> bytes:
    return hostile.zip_archive({"payload.js": b"WScript.Echo(1)" * 200})


@pytest.mark.parametrize(("name", "data", "message"), [
    ("passport.jpg", lambda: passport_jpeg() + _zip(), "the end of the JPEG image, holding a ZIP archive"),
    ("passport.jpg", lambda: passport_jpeg() + b"\x01" * 5000, "5,000 bytes follow the end of the JPEG image."),
    ("passport.png", lambda: hostile.encoded(Image.open(io.BytesIO(passport_jpeg())), "PNG") + _zip(),
     "the end of the PNG image, holding a ZIP archive"),
    ("passport.pdf", lambda: hostile.one_page_pdf() + _zip(), "its last %%EOF, holding a ZIP archive"),
    ("passport.pdf", lambda: hostile.one_page_pdf() + b"\x01" * 1500, "1,500 bytes follow its last %%EOF."),
], ids=["jpeg-zip", "jpeg-junk", "png-zip", "pdf-zip", "pdf-junk"])
def test_data_after_a_files_end_is_a_warning(tmp_path: Path, name: str, data, message: str) -> None:
    def change(manifest, files):
        del files["identity/passport.jpg"]
        files[f"identity/{name}"] = data()
        manifest["documents"][0]["file"] = f"identity/{name}"
        manifest["documents"][0]["type"] = "other"

    report = check_bundle(passport_bundle(tmp_path / "bundle", change), ocr=False)
    (finding,) = [f for f in report.findings if f.category == "file"]
    assert finding.rule == file_rules.HIDDEN_DATA.id and finding.severity.value == "warning"
    assert message in finding.message


@pytest.mark.parametrize("data", [
    lambda: passport_jpeg() + b"\x00" * 50_000,  # zero padding
    lambda: passport_jpeg() + b"\x01" * file_rules.HIDDEN_DATA_TOLERANCE,
    lambda: hostile.encoded(Image.open(io.BytesIO(passport_jpeg())), "JPEG", progressive=True,
                            exif=Image.Exif().tobytes()),
], ids=["zero-padding", "within-tolerance", "progressive-with-exif"])
def test_padding_within_the_tolerance_is_not_hidden_data(tmp_path: Path, data) -> None:
    def change(manifest, files):
        files["identity/passport.jpg"] = data()
        manifest["documents"][0]["type"] = "other"

    report = check_bundle(passport_bundle(tmp_path / "bundle", change), ocr=False)
    assert not [f for f in report.findings if f.category == "file"], report.findings
