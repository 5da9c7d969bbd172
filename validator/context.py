"""The inputs the checks take: one file being analysed, or the whole bundle."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from validator import __version__
from validator.config import Settings
from validator.decode import DecodedDocument
from validator.findings import Finding, Region
from validator.model import Account, Document, Manifest
from validator.ocr import OcrCache, is_number
from validator.previews import Preview
from validator.reading import DocumentReading
from validator.pixels import SealShape
from validator.source_pixels import MEASURE_KEY, RegionCharacters, region_characters


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
    # The OCR cache and the file's content hash, its key (None when OCR is off): a measurement
    # that is a pure function of the file's content is kept there too.
    cache: OcrCache = field(default_factory=lambda: OcrCache(None))
    content_hash: str | None = None

    @property
    def file(self) -> str:
        return self.task.document.file

    def region_characters(self, region: Region, source_size: tuple[int, int]) -> RegionCharacters | None:
        """The characters of a region of the image file at full resolution
        (source_pixels.region_characters): from the cache when it holds a well-formed measurement,
        as decoding a 12-megapixel photo again costs more than the rest of its cached analysis."""
        key = (f"region-characters|{MEASURE_KEY}|{__version__}|{source_size[0]}x{source_size[1]}|"
               f"{region.x!r},{region.y!r},{region.width!r},{region.height!r}")
        if self.content_hash:
            cached = self.cache.get(self.content_hash, key)
            if _well_formed_characters(cached, source_size):
                return RegionCharacters(cached["height"])
        measured = region_characters(self.task.real_path, region, source_size, self.task.settings.max_pixels)
        # A file that could not be read again is not a measurement of its content.
        if measured is not None and self.content_hash:
            self.cache.put(self.content_hash, key, {"height": measured.height})
        return measured


def _well_formed_characters(entry: object, source_size: tuple[int, int]) -> bool:
    """Whether a cached measurement is one region_characters could have given: no height, or a
    positive one within the image."""
    if not isinstance(entry, dict) or set(entry) != {"height"}:
        return False
    height = entry["height"]
    return height is None or (is_number(height) and math.isfinite(height) and 0 < height <= max(source_size))


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
