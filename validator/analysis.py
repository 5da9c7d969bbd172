"""Analysing one listed file, inside a worker process: open it, judge its format, decode it
once and run every per-file check over the decoded pages."""

from __future__ import annotations

import hashlib
import os

from validator.context import FileContext, FileFacts, FileResult, FileTask
from validator.decode import MEASURING_SCALE, READING_SCALE, DecodeFailure, Page, Scale, open_document
from validator.files import NotRegularFile, open_regular
from validator.findings import Finding
from validator.formats import SNIFF_BYTES, sniff
from validator.ocr import OcrUnavailable, number_boxes
from validator.previews import MAX_PREVIEW_PAGES, Box, Preview, is_identity_document, make_preview
from validator.reading import DocumentReader, needs_reading, ocr_cache, ocr_languages
from validator.rules import DOCUMENT_CHECKS, PAGE_CHECKS
from validator.rules import file as file_rules


def analyse_file(task: FileTask) -> FileResult:
    name = task.document.file
    try:
        handle = open_regular(task.real_path)
    except NotRegularFile:
        return FileResult((file_rules.CORRUPT.finding("The path is not a regular file.", file=name,
                                                      message_zh="该路径不是普通文件。"),))
    except OSError as exc:
        return FileResult((file_rules.CORRUPT.finding(f"The file cannot be opened: {exc.strerror}.", file=name,
                                                      message_zh="无法打开该文件。"),))
    with handle:
        info = os.fstat(handle.fileno())
        findings = file_rules.check_size(name, info.st_size, task.settings)
        fmt = sniff(handle.read(SNIFF_BYTES))
        findings += file_rules.check_format(name, fmt)
        facts = FileFacts(fmt.name, info.st_size)
        if not fmt.accepted:
            return FileResult(tuple(findings), facts)
        handle.seek(0)
        settings = task.settings
        previews: list[Preview] = []
        reader = None
        content_hash = None
        if needs_reading(task.document):
            # The OCR cache's key; without OCR nothing is looked up, and the file is not read twice.
            content_hash = hashlib.file_digest(handle, "sha256").hexdigest() if settings.ocr else None
            reader = DocumentReader(task.document, settings, content_hash, task.names)
            handle.seek(0)

        def scale(number: int, text: str) -> Scale:
            """Pages OCR will read need the working size; the others (and those whose reading the
            OCR cache holds) are decoded for measuring only. An identity document's picture in a
            report is covered where OCR of the working size finds numbers."""
            if reader is None or not settings.ocr:
                return MEASURING_SCALE
            pictured = settings.previews and is_identity_document(task.document.type) and number <= MAX_PREVIEW_PAGES
            return READING_SCALE if reader.needs_pixels(number, text) or pictured else MEASURING_SCALE

        try:
            decoded = open_document(handle, fmt, info.st_size, settings.max_pixels, settings.max_pdf_pages, scale)
            context = FileContext(task, decoded, info.st_size, cache=ocr_cache(settings), content_hash=content_hash)
            findings += file_rules.check_document(name, decoded)
            for page in decoded.pages:
                if reader:
                    # Read first: a machine-readable zone that verifies is proof the page is legible.
                    reader.observe(page)
                    context.mrz_verified = reader.mrz_verified
                page_findings = _check_page(page, context)
                findings += page_findings
                if settings.previews and (page.number == 1 or page_findings) and len(previews) < MAX_PREVIEW_PAGES:
                    previews.append(make_preview(name, page, task.document.type, _numbers_on(page, task, reader)))
            for check in DOCUMENT_CHECKS:
                findings += check(context)
        except DecodeFailure as failure:
            findings.append(file_rules.check_decode_problem(name, failure.problem))
            return FileResult(tuple(findings), facts, tuple(previews))
    reading = reader.result() if reader else None
    facts = FileFacts(fmt.name, info.st_size, decoded.page_count, decoded=True, reading=reading)
    return FileResult(tuple(findings), facts, tuple(previews))


def _numbers_on(page: Page, task: FileTask, reader: DocumentReader | None) -> list[Box]:
    """Where OCR reads an identity document's numbers on the page, for covering them in its
    picture; none without OCR, or when the checks' OCR has used its time (the picture's MRZ is
    still covered, found in the pixels)."""
    if reader is None or not (is_identity_document(task.document.type) and task.settings.ocr):
        return []
    timeout = min(task.settings.ocr_timeout_seconds, reader.time_left())
    if timeout <= 1:
        return []
    try:
        return number_boxes(page.image, ocr_languages(task.document), timeout)
    except OcrUnavailable:
        return []


def _check_page(page: Page, context: FileContext) -> list[Finding]:
    findings: list[Finding] = []
    for check in PAGE_CHECKS:
        findings += check(page, context)
    return findings
