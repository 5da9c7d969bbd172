"""What a PDF carries besides its pages: scripts, actions that launch programs, attached files.

Read from the PDF's own syntax, not rendered: the names that introduce them are looked for in
the file and in its compressed object streams (where PDF 1.5 and later keep most dictionaries),
with `#xx` escapes in names undone (`/J#61vaScript` is `/JavaScript`); PDFium's own counts of
document scripts and attachments stand behind that."""

from __future__ import annotations

import re
import zlib

# Name -> what a report calls it.
ACTIVE_NAMES = {
    b"JavaScript": "JavaScript",
    b"JS": "JavaScript",
    b"Launch": "an action that launches a program or file",
    b"EmbeddedFiles": "embedded files",
    b"FileAttachment": "a file attachment",
}
# Inflated object streams are read up to this many bytes in all: far more than the dictionaries
# of any document, and bounded so that a compressed bomb costs nothing.
MAX_INFLATED_BYTES = 32 * 1024 * 1024

_NAME = re.compile(rb"/([^\s/\[\]()<>{}%]+)")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream\r?\n")
# How far before `stream` its dictionary is looked for.
_DICTIONARY_WINDOW = 1024


def _names(data: bytes) -> set[bytes]:
    return {_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1)) for match in _NAME.finditer(data)}


def active_content(data: bytes, pdf=None) -> tuple[str, ...]:
    """What the PDF carries among ACTIVE_NAMES's kinds, each named once, in a stable order.
    `pdf` is the pypdfium2 document opened from `data`, when there is one. Stream data (images,
    page content) is skipped: in binary data a short name such as /JS turns up by chance."""
    names: set[bytes] = set()
    budget = MAX_INFLATED_BYTES
    view = memoryview(data)
    outside = 0  # where the bytes outside streams resume
    for stream in _STREAM.finditer(data):
        if stream.start() < outside:  # the word inside another stream's data
            continue
        names |= _names(data[outside:stream.start()])
        end = data.find(b"endstream", stream.end())
        outside = len(data) if end < 0 else end
        head = data[max(0, stream.start() - _DICTIONARY_WINDOW):stream.start()]
        declared = _names(head[head.rfind(b"obj") + 3:] if b"obj" in head else head)
        if b"ObjStm" not in declared or b"FlateDecode" not in declared or budget <= 0:
            continue
        try:
            inflated = zlib.decompressobj().decompress(view[stream.end():outside], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        names |= _names(inflated)
    names |= _names(data[outside:])
    found = [label for name, label in ACTIVE_NAMES.items() if name in names]
    if pdf is not None:
        import pypdfium2.raw as pdfium_raw

        if pdfium_raw.FPDFDoc_GetJavaScriptActionCount(pdf.raw) > 0:
            found.append(ACTIVE_NAMES[b"JavaScript"])
        if pdfium_raw.FPDFDoc_GetAttachmentCount(pdf.raw) > 0:
            found.append(ACTIVE_NAMES[b"EmbeddedFiles"])
    return tuple(dict.fromkeys(found))
