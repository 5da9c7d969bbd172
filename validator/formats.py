"""Recognising a file's format from its first bytes, never from its name."""

from __future__ import annotations

import re
from dataclasses import dataclass

SNIFF_BYTES = 1024


@dataclass(frozen=True)
class Format:
    name: str
    label: str
    accepted: bool
    extensions: tuple[str, ...] = ()
    conversion: str = ""


_TO_JPEG_OR_PDF = "Open it and export or save a copy as JPEG (photos) or PDF (scans), then list that file."

JPEG = Format("jpeg", "JPEG image", True, (".jpg", ".jpeg", ".jpe", ".jfif"))
PNG = Format("png", "PNG image", True, (".png",))
PDF = Format("pdf", "PDF document", True, (".pdf",))
BMP = Format("bmp", "BMP image", True, (".bmp",))
GIF = Format("gif", "GIF image", True, (".gif",))
HEIC = Format("heic", "HEIC/HEIF/AVIF image (the iPhone camera's format)", False, (".heic", ".heif", ".avif"),
              "Export it as JPEG: on the iPhone share the photo to Files as JPEG, or set Settings > Camera > "
              "Formats > Most Compatible before taking the photo; on a computer open it in Preview or Photos and export as JPEG.")
TIFF = Format("tiff", "TIFF image", False, (".tif", ".tiff"),
              "Scan again as PDF or JPEG, or open the TIFF and export it as PDF (several pages) or JPEG (one page).")
WEBP = Format("webp", "WebP image", False, (".webp",),
              "Open it in an image editor or browser and save it as PNG or JPEG.")
OFFICE_ZIP = Format("office", "Word, Excel or OpenDocument file (a ZIP container)", False,
                    (".docx", ".xlsx", ".pptx", ".odt", ".zip"),
                    "Open it and use File > Save As > PDF; upload the PDF. A ZIP archive must be unpacked and each document listed.")
OFFICE_OLE = Format("ole", "old Word or Excel file", False, (".doc", ".xls", ".ppt"),
                    "Open it and use File > Save As > PDF; upload the PDF.")
JPEG2000 = Format("jp2", "JPEG 2000 image", False, (".jp2", ".j2k"), _TO_JPEG_OR_PDF)
PSD = Format("psd", "Photoshop document", False, (".psd",), "Flatten it and export as JPEG or PNG.")
SVG = Format("svg", "SVG or XML drawing", False, (".svg", ".xml"), "Export it as PNG or PDF.")
HTML = Format("html", "web page (HTML)", False, (".html", ".htm"), "Print the page to PDF, or save the document itself rather than the web page.")
RTF = Format("rtf", "RTF document", False, (".rtf",), "Open it and save it as PDF.")
EMPTY = Format("empty", "empty file (0 bytes)", False, (), "The file has no content: copy or export the document again.")
UNKNOWN = Format("unknown", "unrecognised format", False, (), _TO_JPEG_OR_PDF)

ACCEPTED = (JPEG, PNG, PDF, BMP, GIF)

_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis")


def sniff(head: bytes) -> Format:
    """The format of a file from its first SNIFF_BYTES bytes."""
    if not head:
        return EMPTY
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"BM") and len(head) >= 26:
        return BMP
    if b"%PDF-" in head[:SNIFF_BYTES]:
        return PDF
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return HEIC
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return TIFF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return OFFICE_ZIP
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OFFICE_OLE
    if head.startswith((b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")):
        return JPEG2000
    if head.startswith(b"8BPS"):
        return PSD
    if head.startswith(b"{\\rtf"):
        return RTF
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")):
        return HTML
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return SVG
    return UNKNOWN


# JPEG start-of-frame markers (baseline, extended, progressive, lossless, arithmetic); C4, C8 and
# CC share the range but are tables and an extension.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_JP2_CODESTREAM = b"\xff\x4f\xff\x51"
_JPEG_NEXT_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")


def stream_size(data: bytes) -> tuple[int, int] | None:
    """The pixel size (width, height) a JPEG or JPEG 2000 stream's own header gives, which its
    decoder allocates whatever a PDF's image dictionary says around it; None for other data or
    a header that cannot be read."""
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    if data.startswith(_JP2_CODESTREAM):
        return _jp2_codestream_size(data, 0)
    sizes = _jp2_sizes(data)
    return max(sizes, key=lambda size: size[0] * size[1]) if sizes else None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """The largest frame declared before the first scan (a stream may hold several frames)."""
    largest: tuple[int, int] | None = None
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            break
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _JPEG_STANDALONE:
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: every frame header is before
            break
        if marker in _JPEG_FRAMES and position + 9 <= len(data):
            height = int.from_bytes(data[position + 5:position + 7], "big")
            width = int.from_bytes(data[position + 7:position + 9], "big")
            if largest is None or width * height > largest[0] * largest[1]:
                largest = (width, height)
        position += 2 + int.from_bytes(data[position + 2:position + 4], "big")
    return largest


def _jp2_sizes(data: bytes) -> list[tuple[int, int]]:
    """A JP2 file's sizes, walking its boxes: the image header box (ihdr, inside jp2h) and the
    codestream's own (jp2c)."""
    sizes = []
    position = 0
    while position + 8 <= len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        header = 8
        if length == 1:  # the length follows as 64 bits
            length = int.from_bytes(data[position + 8:position + 16], "big")
            header = 16
        end = len(data) if length == 0 else position + length
        if kind == b"jp2h":
            found = data.find(b"ihdr", position + header, end)
            if 0 <= found <= len(data) - 12:
                sizes.append((int.from_bytes(data[found + 8:found + 12], "big"),
                              int.from_bytes(data[found + 4:found + 8], "big")))
        elif kind == b"jp2c":
            size = _jp2_codestream_size(data, position + header)
            if size:
                sizes.append(size)
        if end <= position or length and length < header:
            break
        position = end
    return sizes


def _jp2_codestream_size(data: bytes, start: int) -> tuple[int, int] | None:
    """A JPEG 2000 codestream's SIZ marker segment: the reference grid less the image offset."""
    if data[start:start + 4] != _JP2_CODESTREAM or len(data) < start + 24:
        return None
    grid_width, grid_height, offset_x, offset_y = (
        int.from_bytes(data[start + offset:start + offset + 4], "big") for offset in (8, 12, 16, 20))
    return max(grid_width - offset_x, 0), max(grid_height - offset_y, 0)


def content_end(data: bytes, fmt: Format) -> int | None:
    """Where a JPEG, PNG or PDF file's own content ends (past a JPEG's end-of-image marker, a PNG's
    IEND chunk, a PDF's last %%EOF); None for other formats and for a file cut short (its decoder
    judges those). Bytes beyond it are no part of the image or document a viewer shows."""
    if fmt is JPEG:
        return _jpeg_end(data)
    if fmt is PNG:
        return _png_end(data)
    if fmt is PDF:
        found = data.rfind(b"%%EOF")
        return found + 5 if found >= 0 else None
    return None


def _jpeg_end(data: bytes) -> int | None:
    """Past the end-of-image marker, walking the segments and over each scan's entropy-coded
    data, so that an EXIF thumbnail's own end-of-image marker is not taken for the file's."""
    position = 2
    while position + 2 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:
            position += 1
            continue
        if marker == 0xD9:
            return position + 2
        if marker in _JPEG_STANDALONE:
            position += 2
            continue
        position += 2 + int.from_bytes(data[position + 2:position + 4], "big")
        if marker != 0xDA:
            continue
        # The scan's data runs to the next marker: 0xFF followed by neither a stuffed 0x00, a
        # restart marker nor another (fill) 0xFF.
        following = _JPEG_NEXT_MARKER.search(data, position)
        if following is None:
            return None
        position = following.start()
    return None


def _png_end(data: bytes) -> int | None:
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position:position + 4], "big")
        kind = data[position + 4:position + 8]
        position += 12 + length
        if kind == b"IEND":
            return position if position <= len(data) else None
    return None
