"""The inputs the checks take: one file being analysed, or the whole bundle."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from validator.config import Settings
from validator.decode import DecodedDocument
from validator.findings import Finding
from validator.model import Account, Document, Manifest
from validator.pixels import SealShape


@dataclass(frozen=True)
class FileTask:
    real_path: str
    document: Document
    account: Account
    settings: Settings
    # Who holds the rights the document proves or grants ("company" | "individual"), for the
    # seal rules; see validator/holders.py.
    holder_type: str | None = None


@dataclass
class FileContext:
    """What the per-file checks see, inside the worker: the task and the decoded document."""

    task: FileTask
    decoded: DecodedDocument
    size: int
    # What the page checks saw, for the document checks: pages are dropped once checked.
    seal_evidence: list[PageSealEvidence] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.task.document.file


@dataclass(frozen=True)
class PageSealEvidence:
    """One page's evidence for the seal rules: whether it is a picture of a document (not
    born-digital), whether it is printed in colour, and the most seal-like red shape on it."""

    page: int
    is_pixels: bool
    in_colour: bool
    seal: SealShape | None


@dataclass(frozen=True)
class FileFacts:
    """What the bundle-level checks learn about a file from its analysis."""

    format: str
    size: int
    page_count: int = 0
    decoded: bool = False


@dataclass(frozen=True)
class FileResult:
    findings: tuple[Finding, ...]
    facts: FileFacts | None = None


@dataclass(frozen=True)
class BundleContext:
    """What the bundle-level checks see: the manifest, and the facts of every analysed file."""

    root: Path
    manifest: Manifest
    facts: dict[str, FileFacts]
    settings: Settings
