"""Recognising a file's format from its first bytes, never from its name."""

from __future__ import annotations

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
