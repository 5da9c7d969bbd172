from __future__ import annotations

import io
import os
from functools import cache

from PIL import Image
from pypdf import PdfWriter

from tests import docgen
from tests.hostile import zip_archive
from tests.bundles import passport_jpeg
from tests.rules.cases import Case, contract, passport, silent_on_contract_example, silent_on_passport_example
from validator.config import MB

PASSPORT = "identity/passport.jpg"


def _replace_passport(data: bytes, name: str = PASSPORT):
    def change(manifest, files):
        del files[PASSPORT]
        files[name] = data
        manifest["documents"][0]["file"] = name

    return change


def _point_passport_at(path: str):
    def change(manifest, files):
        manifest["documents"][0]["file"] = path

    return change


def _link_outside(root):
    outside = root.parent / "outside-secret.jpg"
    outside.write_bytes(passport_jpeg())
    bundle = passport(_point_passport_at("identity/link.jpg"))(root)
    os.symlink(outside, bundle / "identity" / "link.jpg")
    return bundle


def _folder_as_file(root):
    bundle = passport(_point_passport_at("identity/scans"))(root)
    (bundle / "identity" / "scans").mkdir()
    return bundle


def _image_bytes(fmt: str, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    docgen.passport().convert(mode).save(buffer, fmt)
    return buffer.getvalue()


def _pdf_bytes(encrypt: tuple[str, str] | None = None) -> bytes:
    writer = PdfWriter()
    writer.append(io.BytesIO(docgen.scanned_pdf_bytes([docgen.passport()])))
    if encrypt:
        writer.encrypt(user_password=encrypt[0], owner_password=encrypt[1])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@cache
def _large_png() -> bytes:
    return docgen.png_bytes(docgen.passport().resize((7000, 5000)))


def _huge_png_header() -> bytes:
    """A valid PNG signature and header that declares 100000 x 100000 pixels."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def _with_script(pdf: bytes) -> bytes:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject({
        NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1);")})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _unlisted_extra(manifest, files):
    files["identity/passport-old.jpg"] = passport_jpeg()


def _hidden_file(manifest, files):
    files[".DS_Store"] = b"\x00\x00\x00\x01Bud1"


def _unreadable(monkeypatch, root):
    """The folder's listing is refused as chmod 000 refuses it to anyone but root (the tests run as
    root here; test_hostile_inputs runs the real case as another user)."""
    real_scandir = os.scandir

    def refusing(path="."):
        if os.path.realpath(path) == os.path.realpath(root):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)


def _batch(root):
    """A batch folder: a bundle, a hidden folder, a folder without bundle.yaml and a linked bundle."""
    root.mkdir(parents=True)
    passport()(root / "shop")
    (root / ".git").mkdir()
    (root / "scans-to-sort").mkdir()
    os.symlink(root / "shop", root / "shop-link")
    return root


CASES = [
    Case("IPP-FILE-001", passport(_point_passport_at("identity/pasport.jpg")), message="does not exist"),
    Case("IPP-FILE-001", passport(_point_passport_at("identity/Passport.JPG")),
         message="(but identity/passport.jpg does: names are case-sensitive)"),
    Case("IPP-FILE-002", passport(_point_passport_at("../passport.jpg")), message="'..'"),
    Case("IPP-FILE-002", passport(_point_passport_at("/etc/hostname")), message="absolute"),
    Case("IPP-FILE-002", _link_outside, message="outside the bundle"),
    Case("IPP-FILE-003", passport(_replace_passport(_image_bytes("WEBP"))), message="WebP"),
    Case("IPP-FILE-003", passport(_replace_passport(_image_bytes("TIFF"))), message="TIFF"),
    Case("IPP-FILE-003", passport(_replace_passport(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")),
         message="HEIC"),
    Case("IPP-FILE-003", passport(_replace_passport(b"PK\x03\x04" + b"\x00" * 60)), message="Word"),
    Case("IPP-FILE-003", passport(_replace_passport(b"")), message="empty"),
    Case("IPP-FILE-004", passport(_replace_passport(passport_jpeg()[: len(passport_jpeg()) // 2])),
         message="truncated"),
    Case("IPP-FILE-004", passport(_replace_passport(_pdf_bytes()[:-400], "identity/passport.pdf")), message="cut short"),
    Case("IPP-FILE-004", passport(_replace_passport(b"%PDF-1.7\n" + os.urandom(0) + b"garbage\n%%EOF\n",
                                                    "identity/passport.pdf")), message="cannot be opened"),
    Case("IPP-FILE-004", _folder_as_file, message="folder"),
    Case("IPP-FILE-005", passport(_replace_passport(_pdf_bytes(("secret", "owner")), "identity/passport.pdf")),
         message="password"),
    Case("IPP-FILE-006", passport(), settings={"max_pixels": 1_000_000}, message="megapixels"),
    Case("IPP-FILE-006", passport(_replace_passport(_huge_png_header(), "identity/passport.png"))),
    Case("IPP-FILE-007", passport(), settings={"max_file_bytes": 50_000}, message="the limit is"),
    Case("IPP-FILE-008", passport(_unlisted_extra), message="identity/passport-old.jpg"),
    Case("IPP-FILE-008", passport(_hidden_file), fires=False),
    # A Windows path and a ./ path name the listed file: it is checked, and not also "not listed".
    Case("IPP-FILE-008", passport(_point_passport_at("identity\\passport.jpg")), fires=False),
    Case("IPP-FILE-008", passport(_point_passport_at("./identity//passport.jpg")), fires=False),
    Case("IPP-FILE-001", passport(_point_passport_at("identity\\passport.jpg")), fires=False),
    Case("IPP-FILE-009", passport(_replace_passport(_image_bytes("PNG"))), message="PNG image but is named .jpg"),
    # The memory limit caps address space beyond what the parent already has mapped, freed heap
    # included; a 35-megapixel PNG needs more than any test run leaves free.
    Case("IPP-FILE-010", passport(_replace_passport(_large_png(), "identity/passport.png")),
         settings={"file_memory_bytes": 1 * MB}, message="memory"),
    Case("IPP-FILE-010", passport(), settings={"file_timeout_seconds": 0.001}, message="longer than"),
    Case("IPP-FILE-011", passport(_replace_passport(_pdf_bytes(("", "owner")), "identity/passport.pdf")),
         message="permissions"),
    Case("IPP-FILE-011", passport(_replace_passport(_pdf_bytes(), "identity/passport.pdf")), fires=False),
    Case("IPP-FILE-009", passport(_replace_passport(_image_bytes("GIF", "P"), "identity/passport.gif")), fires=False),
    Case("IPP-FILE-009", passport(_replace_passport(_image_bytes("BMP"), "identity/passport.bmp")), fires=False),
    Case("IPP-FILE-012", passport(), environment=_unreadable, message="cannot be read (Permission denied)"),
    Case("IPP-FILE-012", _batch, fires=False),
    Case("IPP-FILE-013", _batch, message="hidden folder"),
    Case("IPP-FILE-013", _batch, message="no bundle.yaml"),
    Case("IPP-FILE-013", _batch, message="link to a folder"),
    Case("IPP-FILE-014", passport(_replace_passport(_with_script(_pdf_bytes()), "identity/passport.pdf")),
         message="JavaScript"),
    Case("IPP-FILE-014", passport(_replace_passport(_pdf_bytes(), "identity/passport.pdf")), fires=False),
    Case("IPP-FILE-015", passport(_replace_passport(passport_jpeg() + zip_archive({"a.txt": b"a"}))),
         message="holding a ZIP archive"),
    *silent_on_contract_example(*(f"IPP-FILE-{n:03}" for n in range(1, 16))),
    *silent_on_passport_example(*(f"IPP-FILE-{n:03}" for n in range(1, 16))),
]
