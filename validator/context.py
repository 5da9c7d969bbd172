"""The inputs the checks take: one file being analysed, or the whole bundle."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from validator.config import Settings
from validator.decode import DecodedDocument
from validator.findings import Finding
from validator.model import Account, Document, Manifest
from validator.previews import Preview
from validator.reading import DocumentReading
from validator.pixels import SealShape


@dataclass(frozen=True)
class FileTask:
    real_path: str
    document: Document
    account: Account
    settings: Settings
    # The size found when the path was located: what is reported if the worker fails before
    # it has judged the size itself (a 3 GB file exhausts the memory limit first).
    size: int = 0
    # Who holds the rights the document proves or grants ("company" | "individual"), for the
    # seal rules; see validator/holders.py.
    holder_type: str | None = None
    # The names the bundle checks look for on the document (Manifest.declared_names): reading
    # stops once they are found (validator/reading.py).
    names: tuple[str, ...] = ()


@dataclass
class FileContext:
    """What the per-file checks see, inside the worker: the task and the decoded document."""

    task: FileTask
    decoded: DecodedDocument
    size: int
    # What the page checks saw, for the document checks: pages are dropped once checked.
    seal_evidence: list[PageSealEvidence] = field(default_factory=list)
    # Whether a machine-readable zone on the pages read so far verified all its check digits.
    mrz_verified: bool = False

    @property
    def file(self) -> str:
        return self.task.document.file


@dataclass(frozen=True)
class PageSealEvidence:
    """One page's evidence for the seal rules: whether it is a picture of a document (not
    born-digital), whether it is printed in colour (other than seal red), the seal found on it,
    and, so that a finding can say what was seen, whether it has red marks at all and the most
    seal-like red shape that fell short of a seal."""

    page: int
    is_pixels: bool
    in_colour: bool
    seal: SealShape | None
    red_marks: bool = False
    near_seal: SealShape | None = None


@dataclass(frozen=True)
class FileFacts:
    """What the bundle-level checks learn about a file from its analysis."""

    format: str
    size: int
    page_count: int = 0
    decoded: bool = False
    # What the document says (text layer, OCR, MRZ); None when no check needed it read.
    reading: DocumentReading | None = None


@dataclass(frozen=True)
class FileResult:
    findings: tuple[Finding, ...]
    facts: FileFacts | None = None
    previews: tuple[Preview, ...] = ()


@dataclass(frozen=True)
class BundleContext:
    """What the bundle-level checks see: the manifest, and the facts of every analysed file."""

    root: Path
    manifest: Manifest
    facts: dict[str, FileFacts]
    settings: Settings

    def reading(self, file: str) -> DocumentReading | None:
        """What was read from a listed file; None when it was not analysed or not read."""
        facts = self.facts.get(file)
        return facts.reading if facts else None
