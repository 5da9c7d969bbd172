"""The validator's own defaults. Only `max_file_bytes` rests on a reported platform figure;
every other number here is ours, chosen for safety and speed, and each can be changed on the
command line."""

from __future__ import annotations

import datetime as dt
import os
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
    # What the workers of one run may hold together, each allowed file_memory_bytes: half of a
    # common 8 GB laptop, so that even the worst files at once leave the machine usable (two
    # workers at the defaults).
    run_memory_bytes: int = 4096 * MB
    expiry_warning_days: int = 60
    # Files analysed at once; None: one per CPU. Whatever is asked, worker_count() bounds it.
    jobs: int | None = None
    # Small pictures of the analysed pages, for reports that show them (HTML).
    previews: bool = False
    # OCR (validator/reading.py): the first pages without a text layer are read, each Tesseract
    # call under its own time limit; results are cached by file content unless --no-cache.
    ocr_max_pages: int = 2
    ocr_timeout_seconds: float = 20.0
    ocr_cache: bool = True
    ocr: bool = True
    today: dt.date = field(default_factory=dt.date.today)

    def worker_count(self) -> int:
        """Worker processes a run starts at most: those asked for (by default one per CPU), no
        more than the CPUs this process may use, and no more than the run's memory budget
        holds at the memory allowed per file; always at least one."""
        cpus = available_cpus()
        budget = self.run_memory_bytes // max(1, self.file_memory_bytes)
        return max(1, min(self.jobs or cpus, cpus, budget))


def available_cpus() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than the
    machine has)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
