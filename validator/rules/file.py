"""`file` rules: every listed file is inside the bundle, present, of a format the platform
takes, small enough, and decodes completely."""

from __future__ import annotations

from pathlib import PurePosixPath

from validator.catalogue import Rule
from validator.config import REPORTED_UPLOAD_LIMIT_MB, Settings
from validator.decode import DecodedDocument, DecodeProblem
from validator.findings import Finding, Severity
from validator.formats import ACCEPTED, Format
from validator.isolation import WorkerFailure
from validator.locate import FolderListing, LocationProblem

MISSING = Rule(
    "IPP-FILE-001", "file", Severity.ERROR,
    "A listed file is missing",
    "The manifest lists a document the folder does not contain, so it would be missing from the "
    "upload as well.",
    "Put the file at the path given, or correct the path in bundle.yaml (paths are relative to "
    "the bundle folder and case-sensitive).",
)
OUTSIDE = Rule(
    "IPP-FILE-002", "file", Severity.ERROR,
    "A listed path leads outside the bundle",
    "A bundle must be self-contained: a path with '..', an absolute path or a link that leaves "
    "the folder would read someone else's files, and breaks when the bundle is sent on. The "
    "validator refuses such paths without reading what they point to.",
    "Copy the document into the bundle folder and list it by its path inside the folder.",
)
NOT_ACCEPTED = Rule(
    "IPP-FILE-003", "file", Severity.ERROR,
    "The file's format is not one the platform takes",
    "The platform is reported to take JPEG, PNG, BMP, GIF and PDF uploads. The format is judged "
    "from the file's content, not its name: renaming a HEIC photo to .jpg does not convert it.",
    "Convert the document to JPEG or PDF (the message says how for this format).",
)
CORRUPT = Rule(
    "IPP-FILE-004", "file", Severity.ERROR,
    "The file is corrupt, truncated or not a document file",
    "A file that cannot be decoded completely (a photo cut short in transfer, a damaged PDF) "
    "shows the reviewer a broken or partial document.",
    "Copy or export the document again from the original and check that it opens completely.",
)
ENCRYPTED = Rule(
    "IPP-FILE-005", "file", Severity.ERROR,
    "The PDF is protected by a password",
    "A reviewer cannot open a password-protected PDF.",
    "Save an unprotected copy (open it with the password, then print or export it to a new PDF).",
)
BEYOND_LIMITS = Rule(
    "IPP-FILE-006", "file", Severity.ERROR,
    "The file has more pixels or pages than the validator's limits",
    "An image that declares an enormous pixel count or a PDF with hundreds of pages is either a "
    "decompression bomb or far more than a verification upload needs. The limits are the "
    "validator's own defaults (50 megapixels, 50 PDF pages), not platform rules.",
    "Resize the image (a 12-megapixel photo is plenty) or split the PDF; the limits can be "
    "raised with --max-megapixels and --max-pdf-pages.",
)
TOO_LARGE = Rule(
    "IPP-FILE-007", "file", Severity.ERROR,
    "The file is larger than the upload limit",
    f"An upload limit of {REPORTED_UPLOAD_LIMIT_MB} MB per file is reported for the platform's "
    "verification uploads (a secondary source; other uploads' limits are not confirmed). The "
    "validator uses it as its default, configurable with --max-file-size.",
    "Export the photo at a lower quality or resolution, or scan at 300 dpi rather than more.",
)
UNLISTED = Rule(
    "IPP-FILE-008", "file", Severity.INFO,
    "A file in the bundle folder is not listed in bundle.yaml",
    "An unlisted file is not checked, and is often a document that was meant to be listed or an "
    "old version that should not be uploaded.",
    "List it under documents in bundle.yaml, or remove it from the folder.",
)
WRONG_EXTENSION = Rule(
    "IPP-FILE-009", "file", Severity.WARNING,
    "The file's name does not match its format",
    "A PNG named .jpg, or a PDF named .png, may be refused or mis-displayed by an upload form "
    "that goes by the name.",
    "Rename the file with the extension of its real format (given in the message).",
)
NOT_ANALYSED = Rule(
    "IPP-FILE-010", "file", Severity.ERROR,
    "The file could not be analysed within the validator's limits",
    "Every file is analysed in a separate process under a time and memory limit, so that one "
    "hostile or pathological file cannot hang or exhaust the run. A file that exceeds them was "
    "not checked, and may trouble the platform too.",
    "Re-export the document from its original (print to a new PDF, save a new JPEG); the limits "
    "can be raised with --file-timeout and --file-memory.",
)
RESTRICTED = Rule(
    "IPP-FILE-011", "file", Severity.WARNING,
    "The PDF is encrypted with a permissions password",
    "It opens without a password, but it is encrypted; some upload forms and review tools "
    "refuse encrypted PDFs.",
    "Save an unrestricted copy (print or export it to a new PDF).",
)

RULES = (MISSING, OUTSIDE, NOT_ACCEPTED, CORRUPT, ENCRYPTED, BEYOND_LIMITS, TOO_LARGE, UNLISTED,
         WRONG_EXTENSION, NOT_ANALYSED, RESTRICTED)

_LOCATION_RULES = {
    "absolute": OUTSIDE,
    "parent_reference": OUTSIDE,
    "link_outside": OUTSIDE,
    "missing": MISSING,
    "not_a_file": CORRUPT,
}
_DECODE_RULES = {
    "corrupt": CORRUPT,
    "truncated": CORRUPT,
    "encrypted": ENCRYPTED,
    "too_many_pixels": BEYOND_LIMITS,
    "too_many_pages": BEYOND_LIMITS,
}
_ACCEPTED_NAMES = ", ".join(f.name.upper() for f in ACCEPTED)


def check_location(file: str, problem: LocationProblem) -> Finding:
    return _LOCATION_RULES[problem.kind].finding(f"{problem.detail}.", file=file)


def check_size(file: str, size: int, settings: Settings) -> list[Finding]:
    if size <= settings.max_file_bytes:
        return []
    limit_mb = settings.max_file_bytes / (1024 * 1024)
    return [TOO_LARGE.finding(f"The file is {size / (1024 * 1024):.1f} MB; the limit is {limit_mb:g} MB.", file=file)]


def check_format(file: str, fmt: Format) -> list[Finding]:
    if not fmt.accepted:
        return [NOT_ACCEPTED.finding(
            f"The file is a {fmt.label}; the platform takes {_ACCEPTED_NAMES}.", file=file,
            hint=fmt.conversion)]
    extension = PurePosixPath(file).suffix.lower()
    if extension not in fmt.extensions:
        return [WRONG_EXTENSION.finding(
            f"The file is a {fmt.label} but is named {extension or 'without an extension'}.", file=file,
            hint=f"Rename it to end in {fmt.extensions[0]}.")]
    return []


def check_document(file: str, document: DecodedDocument) -> list[Finding]:
    if document.restricted:
        return [RESTRICTED.finding("The PDF is encrypted with a permissions (owner) password.", file=file)]
    return []


def check_decode_problem(file: str, problem: DecodeProblem) -> Finding:
    return _DECODE_RULES[problem.kind].finding(f"{problem.detail[0].upper()}{problem.detail[1:]}.", file=file,
                                               page=problem.page)


def check_worker_failure(file: str, failure: WorkerFailure) -> Finding:
    return NOT_ANALYSED.finding(failure.describe(), file=file)


def check_unlisted(listing: FolderListing, listed: set[str]) -> list[Finding]:
    findings = [
        UNLISTED.finding(f"{path} is in the bundle folder but not listed in bundle.yaml.", file=path)
        for path in listing.files
        if path not in listed
    ]
    if listing.truncated:
        findings.append(UNLISTED.finding(
            f"The folder holds more than {len(listing.files)} files; the rest were not looked at.",
            hint="Keep only the documents to upload in the bundle folder."))
    return findings
