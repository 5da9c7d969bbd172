"""Fuzzing: generated manifests (valid and broken) and mutated document bytes. Whatever the
input, the validator never crashes, never hangs, and always prints a JSON report that matches
schemas/report.schema.json, with an exit status of 0 or 1.

The suite runs a bounded number of examples; a longer search is
`HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py` (see docs/validator/threat-model.md)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from tests import hostile
from tests.installed import report_validator
from validator.cli import main
from validator.findings import EXIT_FAIL, EXIT_PASS

settings.register_profile("fuzz", max_examples=40, deadline=None, derandomize=False,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", parent=settings.get_profile("fuzz"), max_examples=3_000)
FUZZ = settings.get_profile("long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "fuzz")
# Per example: the manifest is read in this process, each document in a worker of its own.
EXAMPLE_SECONDS = 60
FILE_TIMEOUT = "5"


@contextlib.contextmanager
def _within(seconds: int) -> Iterator[None]:
    """A hang fails the example instead of stalling the suite."""
    def expire(signum, frame):
        raise TimeoutError(f"the validator took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def validate_in_process(bundle: Path) -> tuple[int, dict]:
    out, err = io.StringIO(), io.StringIO()
    with _within(EXAMPLE_SECONDS), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["--format", "json", "--no-progress", "--file-timeout", FILE_TIMEOUT, str(bundle)])
    assert status in (EXIT_PASS, EXIT_FAIL), err.getvalue()
    text = out.getvalue()
    text.encode("utf-8")  # the report is valid Unicode: it can be written out as UTF-8
    report = json.loads(text)
    report_validator().validate(report)
    for finding in report["bundles"][0]["findings"]:
        assert "report this as a bug" not in finding["message"], finding
    return status, report


# --- manifests ----------------------------------------------------------------------------

DOCUMENT_TYPES = ["passport", "national_id", "drivers_license", "business_registration", "incorporation_certificate",
                  "trademark_certificate", "copyright_certificate", "patent_certificate", "authorization_letter",
                  "translation", "other"]
SEED_FILE = "identity/doc.jpg"

odd_text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
paths = st.one_of(
    st.sampled_from([SEED_FILE, "missing.pdf", "../outside.jpg", "/etc/passwd", "identity", "identity/", ".",
                     "C:\\x.jpg", "a\\..\\..\\b", "bundle.yaml", "identity/../identity/doc.jpg"]),
    odd_text,
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), odd_text)


def maybe(value: st.SearchStrategy) -> st.SearchStrategy:
    """A field's value, or something of another type in its place."""
    return st.one_of(value, value, scalars)


document = st.fixed_dictionaries(
    {"file": maybe(paths), "type": maybe(st.sampled_from(DOCUMENT_TYPES))},
    optional={
        "name_on_document": maybe(odd_text), "language": maybe(st.sampled_from(["zh", "en", "de", "xx", "EN"])),
        "expires_on": maybe(st.sampled_from(["2032-04-15", "2001-01-01", "2032-02-30", "tomorrow"])),
        "translation_of": maybe(paths), "notarized": maybe(st.booleans()), "issued_by": maybe(odd_text),
        "unknown_field": scalars,
    },
)
right = st.fixed_dictionaries(
    {"type": maybe(st.sampled_from(["trademark", "copyright", "patent"])), "number": maybe(odd_text),
     "holder": maybe(odd_text)},
    optional={"certificate": maybe(paths)},
)
manifests = st.fixed_dictionaries(
    {"schema_version": maybe(st.just(1))},
    optional={
        "account": maybe(st.fixed_dictionaries(
            {"holder_type": maybe(st.sampled_from(["individual", "company"])),
             "region": maybe(st.sampled_from(["mainland_china", "outside_mainland_china"]))},
            optional={"role": maybe(st.sampled_from(["rights_holder", "authorized_agent"]))})),
        "complainant": maybe(st.fixed_dictionaries(
            {"name": maybe(odd_text), "email": maybe(st.sampled_from(["a@example.com", "not-an-email", "a@b"]))},
            optional={"phone": maybe(odd_text), "address": maybe(odd_text)})),
        "documents": maybe(st.lists(document, max_size=4)),
        "rights": maybe(st.lists(right, max_size=3)),
    },
)


@st.composite
def mutated_text(draw: st.DrawFn, text: str) -> str:
    """A manifest edited by a careless hand: characters deleted, inserted or duplicated."""
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(["delete", "insert", "duplicate"]))
        if edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)):]
        elif edit == "insert":
            text = text[:at] + draw(st.sampled_from([":", "-", " ", "\n", "\t", "&a", "*a", "!!", "'", '"', "[", "{",
                                                     "#", "%", "---\n", "\x00", "\ufeff"])) + text[at:]
        else:
            text = text[:at] + text[at:at + 20] + text[at:]
    return text


@contextlib.contextmanager
def _bundle() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        root = Path(folder) / "bundle"
        (root / "identity").mkdir(parents=True)
        (root / SEED_FILE).write_bytes(hostile.encoded(Image.new("RGB", (64, 48), "white"), "JPEG"))
        yield root


@FUZZ
@given(manifest=manifests, edited=st.booleans(), data=st.data())
def test_any_manifest_gives_a_valid_report(manifest: dict, edited: bool, data: st.DataObject) -> None:
    text = hostile.manifest_yaml(manifest)
    if edited:
        text = data.draw(mutated_text(text))
    with _bundle() as root:
        (root / "bundle.yaml").write_text(text, encoding="utf-8")
        validate_in_process(root)


@FUZZ
@given(raw=st.binary(max_size=2_000))
def test_any_bytes_as_a_manifest_give_a_valid_report(raw: bytes) -> None:
    with _bundle() as root:
        (root / "bundle.yaml").write_bytes(raw)
        status, _ = validate_in_process(root)
        assert status == EXIT_FAIL  # arbitrary bytes are never a complete, valid manifest


# --- documents ----------------------------------------------------------------------------

def _seeds() -> dict[str, bytes]:
    picture = hostile.image((160, 120))
    return {
        "doc.jpg": hostile.encoded(picture, "JPEG", quality=80),
        "doc.png": hostile.encoded(picture, "PNG"),
        "doc.gif": hostile.encoded(picture.convert("P"), "GIF"),
        "doc.bmp": hostile.encoded(picture, "BMP"),
        "doc.pdf": hostile.one_page_pdf(),
        "scan.pdf": hostile.encoded(picture, "PDF", resolution=50),
    }


SEEDS = _seeds()


@st.composite
def mutated_document(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["flip", "byte", "cut", "insert", "repeat", "number"]))
        if edit == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "byte":
            data[at] = draw(st.integers(0, 255))
        elif edit == "cut":
            data = data[:at] + data[at + draw(st.integers(1, 64)):] if len(data) > 8 else data
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif edit == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 256))] * draw(st.integers(2, 50))
        else:  # a size, count or length field set to an extreme
            data[at:at + 4] = draw(st.sampled_from([b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\x7f\xff\xff\xff",
                                                    b"9999", b"-1 0"]))
    return name, bytes(data)


@FUZZ
@given(document=mutated_document())
def test_any_mutated_document_gives_a_valid_report(document: tuple[str, bytes]) -> None:
    name, data = document
    with _bundle() as root:
        (root / name).write_bytes(data)
        manifest = hostile.base_manifest([{"file": name, "type": "other"}])
        (root / "bundle.yaml").write_text(hostile.manifest_yaml(manifest), encoding="utf-8")
        validate_in_process(root)


# --- file names -------------------------------------------------------------------------

file_names = st.binary(min_size=1, max_size=24).filter(lambda name: b"/" not in name and b"\x00" not in name
                                                     and name not in (b".", b".."))


@FUZZ
@given(names=st.lists(file_names, max_size=6, unique=True), listed=st.booleans())
def test_any_file_names_give_a_valid_report(names: list[bytes], listed: bool) -> None:
    """Names as a client's computer may write them: any bytes, UTF-8 or not, listed in the
    manifest (when they are text) or left unlisted."""
    with _bundle() as root:
        documents = []
        for name in names:
            with open(os.path.join(os.fsencode(root), name), "wb") as handle:
                handle.write(SEEDS["doc.png"])
            if listed and (text := name.decode("utf-8", "replace")) == name.decode("utf-8", "ignore"):
                documents.append({"file": text, "type": "other"})
        (root / "bundle.yaml").write_text(hostile.manifest_yaml(hostile.base_manifest(documents)), encoding="utf-8")
        validate_in_process(root)
