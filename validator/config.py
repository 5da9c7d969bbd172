"""The validator's own defaults. Only `max_file_bytes` rests on a reported platform figure;
every other number here is ours, chosen for safety and speed, and each can be changed on the
command line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MB = 1024 * 1024

# Reported for IPP's mainland licence and enterprise verification uploads (a secondary source,
# see shared/platform-facts.md); not confirmed for other uploads, hence configurable.
REPORTED_UPLOAD_LIMIT_MB = 8


@dataclass(frozen=True)
class Settings:
    max_file_bytes: int = REPORTED_UPLOAD_LIMIT_MB * MB
    # Far below Pillow's own bomb threshold (about 179 Mpx): a 50 Mpx photo already exceeds
    # any phone camera's default output, and keeps one decoded page under 150 MB.
    max_pixels: int = 50_000_000
    max_pdf_pages: int = 50
    max_manifest_bytes: int = 256 * 1024
    # Each listed file costs a worker process; a 256 KB manifest could otherwise list thousands
    # (or one file thousands of times, spelt ./a.jpg, ././a.jpg...). A registration needs dozens.
    max_documents: int = 200
    file_timeout_seconds: float = 30.0
    file_memory_bytes: int = 1536 * MB
    expiry_warning_days: int = 60
    jobs: int = 1
    # Small pictures of the analysed pages, for reports that show them (HTML).
    previews: bool = False
    # OCR (validator/reading.py): the first pages without a text layer are read, each Tesseract
    # call under its own time limit; results are cached by file content unless --no-cache.
    ocr_max_pages: int = 2
    ocr_timeout_seconds: float = 20.0
    ocr_cache: bool = True
    ocr: bool = True
    today: dt.date = field(default_factory=dt.date.today)
