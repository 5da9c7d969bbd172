"""Reading what a document says, inside the per-file worker: a PDF page's text layer when it has
one, otherwise OCR of the page image; and on passports and ID cards, the machine-readable zone.

Only what a check needs is read: on the first pages (for the name and language checks), a sample
of their lines, and the whole page only when the sample does not settle the checks
(DocumentReader); on an identity document's first page, its MRZ. Nothing is read from a document
no check looks at. The result travels to the bundle checks in FileFacts."""

from __future__ import annotations

import hashlib
import re

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import metadata

from PIL import Image

from validator.config import Settings
from validator.decode import Page
from validator.language import (LATIN_LANGUAGES, Classify, DeclaredLanguage, classify_latin, declared_shown,
                                identify, judge_declared, judged_without_model, script_of, unanswered)
from validator.model import CERTIFICATE_TYPES, COMPANY_IDENTITY_TYPES, INDIVIDUAL_IDENTITY_TYPES, Document
from validator.mrz import Mrz, find_mrz
from validator.mrz_zone import read_zone
from validator.names import shown_by
from validator.ocr import (MRZ_CHARACTERS, OcrCache, OcrText, OcrUnavailable, default_cache_folder,
                           installed_languages, is_number, joined, mask_numbers, recognise)
from validator.text_lines import SAMPLE_KEY, Line, find_lines, probe_line, sample_lines, stacked

MRZ_TYPES = ("passport", "national_id")
NAMED_TYPES = INDIVIDUAL_IDENTITY_TYPES + COMPANY_IDENTITY_TYPES + CERTIFICATE_TYPES
# Tesseract's language data for each declared language; English is always added, since
# certificates and ID cards mix it in.
TESSERACT_LANGUAGES = {"en": "eng", "de": "deu", "fr": "fra", "es": "spa", "it": "ita", "zh": "chi_sim"}
CHINESE = TESSERACT_LANGUAGES["zh"]
# The MRZ is in the bottom part of a passport's data page and of an ID card's back: this share
# of the page's height, from the bottom, is all the MRZ pass reads.
MRZ_BAND_SHARE = 0.4
# A text layer with fewer letters and digits than this is a scan's leftover, not the text.
MIN_TEXT_LAYER_CHARACTERS = 20
# Below this mean word confidence (Tesseract's 0-100), OCR text is too unreliable to contradict
# a manifest with; the validator's own default. bench/ocr_confidence.py: on rendered documents,
# clean, blurred, darkened and noisy, every reading at 65 or more found the name; the readings
# that lost text scored 0-26.
MIN_OCR_CONFIDENCE = 60.0
MIN_READABLE_CHARACTERS = 20
# A sample's longest line with at least this many Chinese characters (and more of them than Latin
# letters) is Chinese print: the rest of the sample is read with Chinese data alone
# (DocumentReader._sample_languages). The validator's own default.
MIN_CHINESE_PROBE = 4
# OCR may use this share of the file's time limit (--file-timeout): past it the document is left
# unread (an info finding) rather than the whole file failing on its time limit.
OCR_SHARE_OF_FILE_TIME = 0.6


@dataclass(frozen=True)
class DocumentReading:
    """What was read from one file. `text` has every word with a digit masked (ocr.mask_numbers)."""

    text: str = ""
    sources: tuple[str, ...] = ()  # "text layer", "OCR"
    confidence: float | None = None  # OCR's mean word confidence; None when no page was OCR'd
    mrz: Mrz | None = None
    unavailable: str = ""  # why OCR could not run, when it was needed
    # Whether the text prints the declared language, judged in the worker that read it (the
    # bundle check then loads no language model), one verdict for each declared language and type
    # the file is listed with (name_text_language judges the listings after the first); none when
    # the text is not readable or no language is declared.
    declared_languages: tuple[DeclaredLanguage, ...] = ()
    # The file's content hash, the OCR cache's key (None when OCR is off): the main process names
    # a text's language through the same cache (name_text_language).
    content_hash: str | None = None

    @property
    def readable(self) -> bool:
        enough = sum(char.isalnum() for char in self.text) >= MIN_READABLE_CHARACTERS
        return enough and (self.confidence is None or self.confidence >= MIN_OCR_CONFIDENCE)


OCR_TURNED_OFF = "OCR was turned off with --no-ocr"
_SOURCE_NAMES_ZH = {"text layer": "文字层", "OCR": "OCR"}


# Why OCR could not run (OCR_TURNED_OFF, the time share below, ocr.OcrUnavailable's reasons), in
# Chinese: the reason travels as text from the worker, so it is matched by its start.
_UNREAD_REASONS_ZH = (
    (re.compile(re.escape(OCR_TURNED_OFF)), "使用 --no-ocr 关闭了 OCR"),
    (re.compile(r"OCR used up its share"), "OCR 用完了该文件时间限制（--file-timeout）中分给它的时间"),
    (re.compile(r"no OCR engine is installed"), "未安装 OCR 引擎（tesserocr 包及 Tesseract 语言包，或 tesseract 程序）"),
    (re.compile(r"Tesseract's language data (\S+(?:, \S+)*) is not installed"), "未安装 Tesseract 的语言包 {0}"),
    (re.compile(r"Tesseract took longer than (\S+) seconds"), "Tesseract 运行超过 {0} 秒"),
    (re.compile(r"Tesseract could not run"), "Tesseract 无法运行"),
    (re.compile(r"Tesseract failed"), "Tesseract 运行失败"),
)


def unread_reason_zh(reason: str) -> str:
    for pattern, text in _UNREAD_REASONS_ZH:
        match = pattern.match(reason)
        if match:
            return text.format(*match.groups())
    return "OCR 无法运行"


def sources_zh(sources: tuple[str, ...]) -> str:
    """Where a reading's text came from, in Chinese."""
    return "、".join(_SOURCE_NAMES_ZH.get(source, source) for source in sources)


def ocr_languages(document: Document) -> tuple[str, ...]:
    declared = TESSERACT_LANGUAGES.get(document.language or "en", "eng")
    return tuple(dict.fromkeys((declared, "eng")))


def ocr_cache(settings: Settings) -> OcrCache:
    """The user's OCR cache, unless --no-cache turned it off."""
    return OcrCache(default_cache_folder() if settings.ocr_cache else None)


class LanguageAnswers:
    """py3langid's answers for texts read from one file, from the OCR cache when it holds a
    well-formed one: a second run then neither loads the model nor runs it. The same texts are
    asked again as a reading grows, so answers are also kept for the object's life."""

    def __init__(self, cache: OcrCache, content_hash: str | None) -> None:
        self._cache = cache
        self._content_hash = content_hash
        self._answers: dict[str, tuple[str, float]] = {}

    def __call__(self, text: str) -> tuple[str, float]:
        if text not in self._answers:
            # A text layer may hold lone surrogates, which the cache's key could not encode.
            digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            key = f"{_language_key()}|{digest}"
            cached = self._cache.get(self._content_hash, key) if self._content_hash else None
            if _well_formed_language(cached):
                self._answers[text] = (cached["language"], float(cached["probability"]))
            else:
                self._answers[text] = classify_latin(text)
                if self._content_hash:
                    language, probability = self._answers[text]
                    self._cache.put(self._content_hash, key, {"language": language, "probability": probability})
        return self._answers[text]


def needs_reading(document: Document) -> bool:
    return document.language is not None or document.type in NAMED_TYPES


# The fields of the kinds of OCR cache entry: a page's text, an MRZ band's reading, and
# py3langid's answer for a text read from the file.
_TEXT_ENTRY = frozenset({"text", "confidence", "mrz"})
_MRZ_ENTRY = frozenset({"mrz"})
_LANGUAGE_ENTRY = frozenset({"language", "probability"})


def _well_formed(entry: object, fields: frozenset[str]) -> bool:
    """Whether a cache entry is one this code writes: exactly its fields, of their types, the text
    masked and the MRZ's number masked. A wrong one (`{}`, `[]`, `{"text": 5}`) made a good
    passport fail to be analysed."""
    if not isinstance(entry, dict) or set(entry) != fields:
        return False
    if "text" in fields:
        text, confidence = entry["text"], entry["confidence"]
        if not isinstance(text, str) or mask_numbers(text) != text:
            return False
        if confidence is not None and not (is_number(confidence) and 0 <= confidence <= 100):
            return False
    if entry["mrz"] is not None:
        try:
            Mrz.from_dict(entry["mrz"])
        except ValueError:
            return False
    return True


def _well_formed_language(entry: object) -> bool:
    """Whether a cached language identification is one py3langid could have given: one of the
    languages it chooses between, and a probability."""
    if not isinstance(entry, dict) or set(entry) != _LANGUAGE_ENTRY:
        return False
    probability = entry["probability"]
    return entry["language"] in LATIN_LANGUAGES and is_number(probability) and 0 <= probability <= 1


@cache
def _language_key() -> str:
    # Another model (a new py3langid) or another choice of languages may answer otherwise.
    return f"langid|{metadata.version('py3langid')}|{'+'.join(LATIN_LANGUAGES)}"


def mrz_recogniser(timeout: float) -> Callable[[Image.Image], str]:
    """Tesseract tuned for MRZ lines, for the zone reader's many small crops: all of them
    together within `timeout` seconds."""
    deadline = time.monotonic() + timeout

    def tesseract(image: Image.Image) -> str:
        remaining = deadline - time.monotonic()
        if remaining <= 1:
            raise OcrUnavailable("OCR used up its share of the file's time limit (--file-timeout)")
        return recognise(image, ("eng",), remaining, page_mode=6, whitelist=MRZ_CHARACTERS).text

    return tesseract


class _NeedsPixels(Exception):
    """Raised while replaying a reading from the cache alone: this step needs the page's pixels."""


@dataclass
class DocumentReader:
    """Reads a document page by page, only as much as its checks need: on a page without a text
    layer, first a sample of its lines (validator/text_lines.py), and the whole page only when the
    sample does not show what the checks look for (the declared language, each declared name, a
    passport's verified MRZ). A check that would find something missing or contradicted always
    decides on the whole page, as before the sample existed."""

    document: Document
    settings: Settings
    content_hash: str | None  # None when OCR is off (settings.ocr)
    # The names the bundle checks look for on this document (Manifest.declared_names).
    names: tuple[str, ...] = ()
    _texts: list[str] = field(default_factory=list)
    _sources: set[str] = field(default_factory=set)
    _confidences: list[float] = field(default_factory=list)
    _mrz: Mrz | None = None
    _unavailable: str = ""
    _pages_read: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._cache = ocr_cache(self.settings)
        self._classify = LanguageAnswers(self._cache, self.content_hash)
        self._languages = ocr_languages(self.document)
        self._deadline = time.monotonic() + self.settings.file_timeout_seconds * OCR_SHARE_OF_FILE_TIME

    def time_left(self) -> float:
        """Seconds left of OCR's share of the file's time limit."""
        return self._deadline - time.monotonic()

    def needs_pixels(self, number: int, text: str) -> bool:
        """Whether reading page `number` (whose text layer is `text`) needs its pixels: not when the
        pages before it settled every check, nor when the OCR cache holds all it would read (a
        second run), so that the page can be decoded at the measuring scale. When not, the page is
        read here, from the cache."""
        saved = (list(self._texts), set(self._sources), list(self._confidences), self._mrz, self._unavailable)
        try:
            self._read(number, text, None)
        except _NeedsPixels:
            self._texts, self._sources, self._confidences, self._mrz, self._unavailable = saved
            return True
        self._pages_read.add(number)
        return False

    def observe(self, page: Page) -> None:
        if page.number not in self._pages_read:
            self._read(page.number, page.text, page.image)
            self._pages_read.add(page.number)

    def _read(self, number: int, text: str, image: Image.Image | None) -> None:
        layer = sum(char.isalnum() for char in text) >= MIN_TEXT_LAYER_CHARACTERS
        if layer:
            self._texts.append(mask_numbers(text))
            self._sources.add("text layer")
        if number == 1 and self.document.type in MRZ_TYPES:
            self._read_mrz(text, image)
        if not layer and number <= self.settings.ocr_max_pages and not self.settled():
            self._ocr_page(number, image)

    def settled(self) -> bool:
        """Whether the text read so far shows everything the checks look for: the declared
        language, every declared name, and on a passport or ID card an MRZ whose check digits
        verify. Only a positive answer stops the reading."""
        text = "\n".join(self._texts)
        if self.document.type in MRZ_TYPES and not self.mrz_verified:
            return False
        if self.document.language and not declared_shown(self.document.language, text, self.document.type,
                                                         self._classify):
            return False
        return all(shown_by(name, text, self._mrz) for name in self.names)

    def _found_mrz(self, found: dict | None) -> Mrz | None:
        return Mrz.from_dict(found["mrz"]) if found and found.get("mrz") else None

    def _ocr_page(self, number: int, image: Image.Image | None) -> None:
        """The page's sample of lines, then, unless that settles the checks, the whole page. The
        reading's confidence is the whole page's when it was read: a decision against the
        document rests on it, and a well-read sample says nothing of the lines it left out. When
        the whole page cannot be read, the page counts as unread, sample and all. Every OCR of the
        page reads it in grey, converted here once (None: replaying from the cache)."""
        gray = image.convert("L") if image is not None else None
        languages = "+".join(self._languages)
        sample = self._cached_ocr(f"page{number}|{SAMPLE_KEY}|{languages}|psm6",
                                  lambda timeout: self._recognise_sample(gray, timeout), _TEXT_ENTRY, gray)
        if sample is None:
            return
        self._texts.append(sample["text"])
        # A sample read badly is no evidence: its nonsense can pass for a language (English, to
        # the identifier), and the whole page, then the Chinese re-reading, would not be tried.
        if (sample["confidence"] or 0) >= MIN_OCR_CONFIDENCE and self.settled():
            self._count_ocr(sample)
            return
        found = self._cached_ocr(f"page{number}|{languages}|psm3", lambda timeout: self._recognise_text(gray, timeout),
                                 _TEXT_ENTRY, gray)
        if found is None:
            self._texts.pop()
            return
        chinese = self._read_as_chinese(number, gray) if (found["confidence"] or 0) < MIN_OCR_CONFIDENCE else None
        if chinese is not None:
            # What the page prints, in place of the sample and the whole page's OCR noise.
            self._texts[-1] = chinese["text"]
            self._count_ocr(chinese)
        else:
            self._texts.append(found["text"])
            # A whole page where OCR found no word vouches for nothing, the sample's text included.
            self._count_ocr(found if found["confidence"] is not None else {**found, "confidence": 0.0})
        page_mrz = self._found_mrz(found)
        # The page's own OCR is the MRZ's last resort (after the zone and the band: _read_mrz).
        if number == 1 and page_mrz and not self.mrz_verified and (page_mrz.valid or self._mrz is None):
            self._mrz = page_mrz

    def _read_as_chinese(self, number: int, image: Image.Image | None) -> dict | None:
        """A page its declared language's OCR cannot read may be printed in Chinese, the language
        of most documents IPP accounts hold: its sample read with Chinese data too, when that reads
        well and shows Chinese (None otherwise), so that the language check judges what the page
        prints rather than OCR noise."""
        if CHINESE in self._languages or CHINESE not in installed_languages():
            return None
        languages = (CHINESE, *self._languages)
        found = self._cached_ocr(f"page{number}|{SAMPLE_KEY}|{'+'.join(languages)}|psm6",
                                 lambda timeout: self._recognise_sample(image, timeout, languages), _TEXT_ENTRY, image)
        if found is None or (found["confidence"] or 0) < MIN_OCR_CONFIDENCE or not declared_shown("zh", found["text"]):
            return None
        return found

    def _count_ocr(self, found: dict) -> None:
        self._sources.add("OCR")
        if found["confidence"] is not None:
            self._confidences.append(found["confidence"])

    def _recognise_sample(self, image: Image.Image, timeout: float, languages: tuple[str, ...] | None = None) -> dict:
        """The sample of the page's lines (sample_lines), in the declared language (or `languages`),
        in two images: its longest line (probe_line) and the other lines stacked. The lines'
        direction is measured, not which way up they are, and a page upside down reads as
        nonsense, slowly: the longest line is read first, again turned half round when it reads
        badly, and the others are read the way up it read well. When the sample still reads badly
        (the longest line misled: an MRZ reads about as badly either way), it is read the other way
        up too, as the whole sample was before the probe."""
        languages = languages or self._languages
        page = find_lines(image)
        lines = sample_lines(page.lines)
        if not lines:
            return {"text": "", "confidence": None, "mrz": None}
        deadline = time.monotonic() + timeout
        probe = probe_line(lines)
        others = [line for line in lines if line is not probe]
        probes: dict[bool, OcrText] = {}

        def read(chosen: list[Line], turned: bool, reading_languages: tuple[str, ...] = languages) -> OcrText:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise OcrUnavailable(f"Tesseract took longer than {timeout:g} seconds")
            sheet = stacked(image, page, chosen)
            return recognise(sheet.rotate(180) if turned else sheet, reading_languages, remaining, page_mode=6)

        def read_sample(turned: bool) -> OcrText:
            if turned not in probes:
                probes[turned] = read([probe], turned)
            rest = self._sample_languages(languages, probes[turned]) if well_read(probes[turned]) else languages
            return joined([probes[turned], *([read(others, turned, rest)] if others else [])])

        def well_read(found: OcrText) -> bool:
            return (found.confidence or 0) >= MIN_OCR_CONFIDENCE

        def left() -> bool:
            return deadline - time.monotonic() > 1

        probes[False] = read([probe], False)
        if not well_read(probes[False]) and left():
            probes[True] = read([probe], True)
        # Turned only when the turned line reads well: a line read badly both ways says nothing.
        turned = True in probes and well_read(probes[True])
        result = read_sample(turned)
        if not well_read(result) and left():
            result = max((result, read_sample(not turned)), key=lambda found: found.confidence or 0)
        return {"text": mask_numbers(result.text), "confidence": result.confidence, "mrz": None}

    def _sample_languages(self, languages: tuple[str, ...], probe: OcrText) -> tuple[str, ...]:
        """The languages the rest of a sample is read in: Chinese alone when its longest line
        reads as Chinese print (more Chinese characters than Latin letters, MIN_CHINESE_PROBE at
        least) and no name the checks look for is in Latin letters; otherwise `languages`. What
        the sample is for on such a page (the declared Chinese, a Chinese name) reads as well
        without English, in three quarters of the time; Latin print reads worse (CERTIEICATE),
        and a page whose sample does not settle the checks is read whole with every language."""
        if CHINESE not in languages or any(script_of(char) == "Latin" for name in self.names for char in name):
            return languages
        scripts = [script_of(char) for char in probe.text]
        chinese = scripts.count("Han")
        return (CHINESE,) if chinese >= MIN_CHINESE_PROBE and chinese > scripts.count("Latin") else languages

    def _recognise_text(self, image: Image.Image, timeout: float) -> dict:
        result = recognise(image, self._languages, timeout)
        # The page's own OCR often reads the MRZ already; it is parsed before numbers are masked.
        mrz = find_mrz(result.text) if self.document.type in MRZ_TYPES else None
        return {"text": mask_numbers(result.text), "confidence": result.confidence,
                "mrz": mrz.as_dict() if mrz else None}

    def _read_mrz(self, text: str, image: Image.Image | None) -> None:
        """The MRZ from the page's text layer when that verifies. Otherwise the zone found in the
        image and read cell by cell; then the bottom band's reading. Tesseract's reading of a band
        or a whole page verifies its numbers but not its name line (fillers read as K, X:
        'ANNA<KXMARIA'), so they are only fallbacks; the whole page is read only when the checks
        need more than the MRZ and a sample of lines (_ocr_page)."""
        layer = find_mrz(text)
        if layer and layer.valid:
            self._mrz = layer
            return
        zone = self._found_mrz(self._cached_ocr("mrz-zone1|eng|psm6", lambda timeout: self._locate_mrz(image, timeout),
                                                _MRZ_ENTRY, image))
        if zone and zone.valid:
            self._mrz = zone
            return
        band = self._found_mrz(self._cached_ocr("mrz1|eng|psm6", lambda timeout: self._recognise_mrz(image, timeout),
                                                _MRZ_ENTRY, image))
        self._mrz = next((mrz for mrz in (band, zone, layer) if mrz and mrz.valid), band or zone or layer)

    def _recognise_mrz(self, image: Image.Image, timeout: float) -> dict:
        width, height = image.size
        band = image.crop((0, int(height * (1 - MRZ_BAND_SHARE)), width, height))
        result = recognise(band, ("eng",), timeout, page_mode=6, whitelist=MRZ_CHARACTERS)
        mrz = find_mrz(result.text)
        return {"mrz": mrz.as_dict() if mrz else None}

    def _locate_mrz(self, image: Image.Image, timeout: float) -> dict:
        found = read_zone(image, mrz_recogniser(timeout))
        return {"mrz": found.mrz.as_dict() if found else None}

    def _cached_ocr(self, key: str, run: Callable[[float], dict], fields: frozenset[str],
                    image: Image.Image | None) -> dict | None:
        """What OCR finds for `key`, from the cache when a well-formed entry is there (any other
        entry is recomputed and replaced), else by running it on `image` (None: replaying from
        the cache alone, and _NeedsPixels says the page must be decoded for reading)."""
        if not self.settings.ocr:
            self._unavailable = OCR_TURNED_OFF
        if self._unavailable:
            return None
        cached = self._cache.get(self.content_hash, key)
        if _well_formed(cached, fields):
            return cached
        if image is None:
            raise _NeedsPixels(key)
        remaining = self.time_left()
        if remaining <= 1:
            self._unavailable = "OCR used up its share of the file's time limit (--file-timeout)"
            return None
        try:
            found = run(min(self.settings.ocr_timeout_seconds, remaining))
        except OcrUnavailable as exc:
            self._unavailable = str(exc)
            return None
        self._cache.put(self.content_hash, key, found)
        return found

    @property
    def mrz_verified(self) -> bool:
        return self._mrz is not None and self._mrz.valid

    def result(self) -> DocumentReading:
        confidence = sum(self._confidences) / len(self._confidences) if self._confidences else None
        reading = DocumentReading("\n".join(text for text in self._texts if text), tuple(sorted(self._sources)),
                                  confidence, self._mrz, self._unavailable, content_hash=self.content_hash)
        return with_declared_language(reading, self.document, self._classify)


def with_declared_language(reading: DocumentReading, document: Document, classify: Classify) -> DocumentReading:
    """The reading with its judgement of the document's declared language, when its text can be
    judged (a readable text, a declared language). Only a declared Latin-script language needs
    py3langid's answers to be judged (language.judged_without_model); for any other, the model
    would only name the language the text is in, which the main process does beside the last
    worker (name_text_language), so that no worker holds the model (45 MB) for that alone."""
    judged = _judged(reading, document.language, document.type, classify)
    return replace(reading, declared_languages=(judged,)) if judged else reading


def _judged(reading: DocumentReading, declared: str | None, document_type: str, classify: Classify,
            ) -> DeclaredLanguage | None:
    if declared is None or not reading.readable:
        return None
    if judged_without_model(declared):
        return judge_declared(declared, reading.text, document_type, unanswered, name=False)
    return judge_declared(declared, reading.text, document_type, classify)


def name_text_language(reading: DocumentReading, settings: Settings,
                       listings: tuple[Document, ...] = ()) -> DocumentReading:
    """The reading with a verdict for each of the file's `listings` the worker did not judge (a
    file listed twice, with another type or language, is analysed once, as first listed), and with
    the language the text is in named wherever a declared language is absent and the worker left
    it unnamed: through the file's own OCR cache entries, so that a second run loads no model."""
    answers = LanguageAnswers(ocr_cache(settings), reading.content_hash)
    verdicts = list(reading.declared_languages)
    for listing in listings:
        if not any((judged.declared, judged.document_type) == (listing.language, listing.type) for judged in verdicts):
            judged = _judged(reading, listing.language, listing.type, answers)
            verdicts += [judged] if judged else []
    named = tuple(replace(judged, text_language=identify(reading.text, answers))
                  if judged.absent and judged.text_language is None else judged for judged in verdicts)
    return replace(reading, declared_languages=named)
