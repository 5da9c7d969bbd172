import pytest

from validator import formats


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", formats.JPEG),
        (b"\x89PNG\r\n\x1a\n\x00", formats.PNG),
        (b"GIF89a\x01\x00", formats.GIF),
        (b"BM" + b"\x00" * 40, formats.BMP),
        (b"%PDF-1.7\n", formats.PDF),
        (b"\r\n%PDF-1.4\n", formats.PDF),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", formats.HEIC),
        (b"\x00\x00\x00\x1cftypavif\x00\x00", formats.HEIC),
        (b"II*\x00\x08\x00", formats.TIFF),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", formats.WEBP),
        (b"PK\x03\x04\x14\x00", formats.OFFICE_ZIP),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", formats.OFFICE_OLE),
        (b"<!DOCTYPE html><html>", formats.HTML),
        (b"<?xml version='1.0'?><svg", formats.SVG),
        (b"{\\rtf1\\ansi", formats.RTF),
        (b"", formats.EMPTY),
        (b"hello", formats.UNKNOWN),
    ],
)
def test_sniff_by_content(head, expected):
    assert formats.sniff(head) is expected


def test_every_refused_format_says_how_to_convert():
    refused = [v for v in vars(formats).values() if isinstance(v, formats.Format) and not v.accepted]
    assert refused and all(f.conversion for f in refused)
