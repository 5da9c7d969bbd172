"""Optical character recognition with Tesseract, and its cache.

Tesseract runs in the worker's own process through tesserocr (its wheel bundles Tesseract; the
language data is the system's), each engine object loaded once and reused for every region and
file the worker reads; where no tesserocr wheel exists, Tesseract's command-line program runs in
a subprocess under a time limit instead. Both give the same TSV, read by the same code; which one
ran is `engine_name()` (docs/validator/performance-ocr.md compares them). One call per region a
check needs (a page's text, a passport's MRZ band), never more.

The cache keeps what OCR found, keyed by the file's content hash and the recognition settings,
under the user's cache folder (`$XDG_CACHE_HOME/ipp-preflight`, folder 0700, files 0600), so that
validating a bundle again is fast. It is a privacy trade-off, documented for users: the cache
holds the words read from identity documents (every word with a digit is masked before anything
is stored or checked: see mask_numbers), and the MRZ's parsed name and expiry with the document
number masked. Two slow results derived from a file are kept there too, by the same key: the
language py3langid identifies in a text read from it (reading.LanguageAnswers) and the
height of a photo's characters measured at full resolution (context.FileContext.region_characters).
Entries are checked on reading (reading._well_formed, reading._well_formed_language,
context._well_formed_characters), and a cache folder another user could write is not used.
`--no-cache` turns it off."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import metadata
from pathlib import Path

from PIL import Image

from validator.files import READ_FLAGS

MRZ_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
CACHE_VERSION = 1


class OcrUnavailable(Exception):
    """Tesseract (or the language data asked for) is not installed."""


@dataclass(frozen=True)
class OcrText:
    text: str
    # Mean word confidence (0-100) Tesseract reports; None when it found no word.
    confidence: float | None


# Any run of letters and digits that holds a digit (AB1234567, 91440300MA5F8XYZ1K, dates), and
# any other digits: OCR often splits a number ("AB12 345 67"), and a rule that masked only long
# runs kept its pieces.
_NUMBERS = re.compile(r"[A-Za-z0-9]*[0-9][A-Za-z0-9]*|\d+")


def mask_numbers(text: str) -> str:
    """Document numbers, codes and dates become '#': no check reads them from the text, and the
    cache must not keep them."""
    return _NUMBERS.sub(lambda match: "#" * len(match.group()), text)


@cache
def tesseract_program() -> str | None:
    return shutil.which("tesseract")


# Where Tesseract's language data is installed, when TESSDATA_PREFIX does not say: Debian and
# Ubuntu (5 and 4), Fedora and Arch, a build from source or Homebrew on Intel, Homebrew on Apple
# silicon, MacPorts.
TESSDATA_FOLDERS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
                    "/usr/share/tessdata", "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata",
                    "/opt/local/share/tessdata")


def tessdata_folder() -> str | None:
    """The language data the in-process engine loads: TESSDATA_PREFIX's folder when set (as
    Tesseract itself reads it), else the first of TESSDATA_FOLDERS that holds any."""
    prefix = os.environ.get("TESSDATA_PREFIX")
    for folder in [prefix] if prefix else TESSDATA_FOLDERS:
        if any(Path(folder).glob("*.traineddata")):
            return folder
    return None


class TesseractEngine:
    """What both ways of running Tesseract do alike: `tsv` and `orientation` are theirs."""

    name: str
    languages: frozenset[str]
    # Where the language data is, as a message says it (" in /usr/share/..."): the command's own
    # program knows, and does not say.
    data_location = ""

    def recognise(self, image: Image.Image, languages: tuple[str, ...], timeout: float, page_mode: int = 3,
                  whitelist: str | None = None) -> OcrText:
        return _from_tsv(self.tsv(image, self._usable(languages), timeout, page_mode, whitelist))

    def _usable(self, languages: tuple[str, ...]) -> tuple[str, ...]:
        missing = [language for language in languages if language not in self.languages]
        if missing:
            # Reading Chinese with English data alone would give confident nonsense.
            raise OcrUnavailable(f"Tesseract's language data {', '.join(missing)} is not installed{self.data_location}")
        return languages

    def tsv(self, image: Image.Image, languages: tuple[str, ...], timeout: float, page_mode: int,
            whitelist: str | None) -> str:
        raise NotImplementedError

    def orientation(self, image: Image.Image, timeout: float) -> tuple[int, float] | None:
        raise NotImplementedError


class TesseractCommand(TesseractEngine):
    """Tesseract as its command-line program, one process per region, under a time limit: the
    fallback where no tesserocr wheel exists (macOS, Linux on ARM), with the system's Tesseract."""

    def __init__(self, program: str) -> None:
        self.program = program

    @cached_property
    def name(self) -> str:
        try:
            shown = subprocess.run([self.program, "--version"], capture_output=True, text=True, timeout=20, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return "Tesseract command"
        lines = (shown.stdout or shown.stderr).split()
        version = lines[1] if len(lines) > 1 and lines[0] == "tesseract" else "(version unknown)"
        return f"Tesseract {version} command"

    @cached_property
    def languages(self) -> frozenset[str]:
        try:
            listed = subprocess.run([self.program, "--list-langs"], capture_output=True, text=True, timeout=20,
                                    check=False)
        except (OSError, subprocess.TimeoutExpired):
            return frozenset()
        return frozenset(line.strip() for line in listed.stdout.splitlines()[1:] if line.strip())

    def tsv(self, image: Image.Image, languages: tuple[str, ...], timeout: float, page_mode: int,
            whitelist: str | None) -> str:
        options = ["-l", "+".join(languages), "--psm", str(page_mode)]
        for variable, value in _variables(whitelist).items():
            options += ["-c", f"{variable}={value}"]
        done = self._run(image, options + ["tsv"], timeout)
        if done.returncode != 0:
            raise OcrUnavailable(f"Tesseract failed ({done.stderr.decode(errors='replace').strip()[:200]})")
        return done.stdout.decode("utf-8", errors="replace")

    def orientation(self, image: Image.Image, timeout: float) -> tuple[int, float] | None:
        done = self._run(image, ["--psm", "0"], timeout)
        found = dict(re.findall(r"^(Rotate|Orientation confidence): *([0-9.]+)$", done.stdout.decode(errors="replace"),
                                re.M))
        if done.returncode != 0 or len(found) != 2:
            return None
        return int(found["Rotate"]) % 360, float(found["Orientation confidence"])

    def _run(self, image: Image.Image, options: list[str], timeout: float) -> subprocess.CompletedProcess:
        buffer = io.BytesIO()
        image.convert("L").save(buffer, "PNG")
        environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            return subprocess.run([self.program, "stdin", "stdout", *options], input=buffer.getvalue(),
                                  capture_output=True, timeout=timeout, check=False, env=environment)
        except subprocess.TimeoutExpired:
            raise OcrUnavailable(f"Tesseract took longer than {timeout:g} seconds") from None
        except OSError as exc:
            raise OcrUnavailable(f"Tesseract could not run ({exc.strerror})") from None


class TesseractInProcess(TesseractEngine):
    """Tesseract in this process through tesserocr (whose wheel bundles Tesseract), with the
    system's language data. One engine object per language set and whitelist, made on first use
    and kept for the life of the process (a worker reads file after file), its page mode set for
    each call: the models are loaded once, not once per region as the command loads them, nor once
    more for each page mode (a sample of lines and a whole page share them). Recognition stops at the time
    limit (Tesseract's own deadline, checked word by word); the layout analysis before it has none,
    and there the worker's time limit for the file is the bound."""

    def __init__(self, tesserocr, folder: str) -> None:
        self.tesserocr = tesserocr
        self.folder = folder
        self.data_location = f" in {folder}"
        self.apis: dict[tuple, object] = {}
        self.name = f"Tesseract {tesserocr.tesseract_version().split()[1]} in-process (tesserocr " \
                    f"{metadata.version('tesserocr')})"
        self.languages = frozenset(tesserocr.get_languages(folder)[1])

    def _api(self, languages: tuple[str, ...], page_mode: int, whitelist: str | None):
        key = (languages, whitelist)
        if key not in self.apis:
            api = self.tesserocr.PyTessBaseAPI(path=self.folder, lang="+".join(languages), init=False)
            # Variables at initialisation, as the command's -c options are: the dictionaries are
            # only left out when loading, and a variable set later reaches the first language only.
            api.InitFull(path=self.folder, lang="+".join(languages), variables=_variables(whitelist))
            self.apis[key] = api
        api = self.apis[key]
        api.SetPageSegMode(page_mode)
        return api

    def _set_image(self, api, image: Image.Image) -> None:
        api.SetImage(image.convert("L"))
        # tesserocr hands the image over as a BMP, which Pillow stamps 96 dpi; Tesseract would
        # trust that figure and lose whole lines of a photo. Unknown (0), it estimates the
        # resolution from the text, as the command does with the PNG (no resolution) it is given.
        api.SetSourceResolution(0)

    def tsv(self, image: Image.Image, languages: tuple[str, ...], timeout: float, page_mode: int,
            whitelist: str | None) -> str:
        with _quiet_stderr():
            return self._tsv(image, languages, timeout, page_mode, whitelist)

    def _tsv(self, image: Image.Image, languages: tuple[str, ...], timeout: float, page_mode: int,
             whitelist: str | None) -> str:
        api = self._api(languages, page_mode, whitelist)
        self._set_image(api, image)
        started = time.monotonic()
        try:
            if not api.Recognize(timeout=max(1, int(timeout * 1000))):
                if time.monotonic() - started >= timeout:
                    raise OcrUnavailable(f"Tesseract took longer than {timeout:g} seconds")
                raise OcrUnavailable("Tesseract failed (recognition stopped)")
            return api.GetTSVText(0)
        finally:
            # The page's image and results would stay in memory until the next region: only
            # the models are kept.
            api.Clear()

    def orientation(self, image: Image.Image, timeout: float) -> tuple[int, float] | None:
        with _quiet_stderr():
            api = self._api(("osd",), self.tesserocr.PSM.OSD_ONLY, None)
            self._set_image(api, image)
            try:
                found = api.DetectOrientationScript()
            finally:
                api.Clear()
        if not found:
            return None
        # Tesseract reports how the page is turned; the command's "Rotate" is the turn back.
        return (360 - found["orient_deg"]) % 360, round(found["orient_conf"], 2)


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Tesseract and Leptonica write warnings to the process's error output ("Error in
    boxClipToRectangle: box outside rectangle"), which the command's run captured: in-process they
    would reach the user's terminal, so they are discarded around each call."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


@cache
def engine() -> TesseractInProcess | TesseractCommand | None:
    """The OCR engine this process uses: Tesseract in-process when tesserocr is installed and the
    language data found, else the tesseract command, else None."""
    folder = tessdata_folder()
    if folder is not None:
        # Tesseract's OpenMP threads, if a build has them, must not multiply across workers.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        try:
            import tesserocr
        except ImportError:
            pass
        else:
            return TesseractInProcess(tesserocr, folder)
    program = tesseract_program()
    return TesseractCommand(program) if program else None


def engine_name() -> str:
    """Which OCR engine runs (the cache keeps each engine's readings apart), or "none"."""
    found = engine()
    return found.name if found else "none"


def describe_engine() -> str:
    """The engine, where its language data is and which languages it has; or why there is none."""
    found = engine()
    if found is None:
        return NO_ENGINE
    return f"{found.name}, language data{found.data_location}: {', '.join(sorted(found.languages)) or 'none'}"


def installed_languages() -> frozenset[str]:
    found = engine()
    return found.languages if found else frozenset()


NO_ENGINE = "no OCR engine is installed (the tesserocr package with Tesseract's language data, or the tesseract program)"


def _engine() -> TesseractEngine:
    found = engine()
    if found is None:
        raise OcrUnavailable(NO_ENGINE)
    return found


def _variables(whitelist: str | None) -> dict[str, str]:
    """Tesseract's settings for a character whitelist (an MRZ): the dictionaries would only
    pull the reading towards words."""
    if not whitelist:
        return {}
    return {"tessedit_char_whitelist": whitelist, "load_system_dawg": "0", "load_freq_dawg": "0"}


def recognise(image: Image.Image, languages: tuple[str, ...], timeout: float, page_mode: int = 3,
              whitelist: str | None = None) -> OcrText:
    """The words on an image, as lines, with Tesseract's mean word confidence."""
    return _engine().recognise(image, languages, timeout, page_mode, whitelist)


def joined(readings: list[OcrText]) -> OcrText:
    """Readings of several images as one: their texts in turn, and the mean confidence of all
    their words (each reading's mean weighted by its words)."""
    weighted = [(found.confidence, len(found.text.split())) for found in readings if found.confidence is not None]
    words = sum(count for _, count in weighted)
    confidence = sum(mean * count for mean, count in weighted) / words if words else None
    return OcrText("\n".join(found.text for found in readings if found.text), confidence)


def number_boxes(image: Image.Image, languages: tuple[str, ...], timeout: float) -> list[tuple[int, int, int, int]]:
    """Where on the image the words holding a document number, code or date are (the words
    mask_numbers would mask), as pixel boxes (left, top, right, bottom). Never cached: only the
    picture in a report needs them, and the cache keeps no number nor where one is."""
    boxes = []
    found = _engine()
    for cells in _words(found.tsv(image, found._usable(languages), timeout, 3, None)):
        if _NUMBERS.search(cells[11]):
            left, top, width, height = (int(cell) for cell in cells[6:10])
            boxes.append((left, top, left + width, top + height))
    return boxes


def orientation(image: Image.Image, timeout: float) -> tuple[int, float]:
    """Tesseract's orientation detection: the clockwise rotation (0, 90, 180 or 270 degrees)
    that makes the page's text upright, and Tesseract's confidence in it."""
    found = _engine()
    if "osd" not in found.languages:
        raise OcrUnavailable("Tesseract's orientation data (osd) is not installed")
    # None: too little text to judge; Tesseract refuses rather than guesses.
    return found.orientation(image, timeout) or (0, 0.0)


def _words(tsv: str) -> list[list[str]]:
    """The TSV's word rows (level 5) that hold text (the command's header row is not one)."""
    rows = (row.split("\t") for row in tsv.splitlines())
    return [cells for cells in rows if len(cells) >= 12 and cells[0] == "5" and cells[11].strip()]


def _from_tsv(tsv: str) -> OcrText:
    lines: dict[tuple[str, str, str, str], list[str]] = {}
    confidences = []
    for cells in _words(tsv):
        lines.setdefault(tuple(cells[1:5]), []).append(cells[11])
        confidence = float(cells[10])
        if confidence >= 0:
            confidences.append(confidence)
    text = "\n".join(" ".join(words) for words in lines.values())
    return OcrText(text, sum(confidences) / len(confidences) if confidences else None)


def default_cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "ipp-preflight", "ocr")


# An entry holds a page's masked words: far less than this. A larger file was not written by us.
MAX_ENTRY_BYTES = 1024 * 1024


def _untrusted(path: Path | str, info: os.stat_result, is_kind) -> str | None:
    """Why a cache folder or entry may hold what another user wrote (a forged entry changed a
    passport's name and expiry), or is not what it should be; None when it is the user's own."""
    if stat.S_ISLNK(info.st_mode) or not is_kind(info.st_mode):
        return f"{path} is a link or not the {'folder' if is_kind is stat.S_ISDIR else 'file'} expected"
    if info.st_uid != os.getuid():
        return f"{path} belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{path} may be written by other users"
    return None


def cache_folder_problem(folder: Path) -> str | None:
    """Why the OCR cache under `folder` cannot be trusted, or None. The folders that do not exist
    yet are created the user's own (0700)."""
    for level in (folder.parent, folder):
        try:
            info = os.lstat(level)
        except FileNotFoundError:
            continue
        except OSError as exc:
            return f"{level} cannot be checked ({exc.strerror})"
        if problem := _untrusted(level, info, stat.S_ISDIR):
            return problem
    return None


def is_number(value: object) -> bool:
    """Whether a value read from a cache entry is a number: JSON's true and false come back as
    Python's bool, which is an int, and are not numbers here."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class OcrCache:
    """What OCR found in a region of a file, by the file's content hash and the settings used.
    A cache that cannot be written is not an error: the run is only slower. A cache that another
    user owns or may write is not used at all (the command line says so once), and no entry is
    read through a link, from a FIFO or from a file another user could have written."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder if folder is not None and cache_folder_problem(folder) is None else None

    def _path(self, content_hash: str, key: str) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(f"{CACHE_VERSION}|{engine_name()}|{content_hash}|{key}".encode()).hexdigest()
        return self.folder / digest[:2] / f"{digest}.json"

    def get(self, content_hash: str, key: str) -> object | None:
        """The stored JSON value, of whatever shape: the caller checks the shape it expects."""
        path = self._path(content_hash, key)
        if path is None or not self._own_folder(path.parent):
            return None
        try:
            with os.fdopen(os.open(path, READ_FLAGS), "rb") as handle:
                info = os.fstat(handle.fileno())
                if _untrusted(path, info, stat.S_ISREG) or info.st_size > MAX_ENTRY_BYTES:
                    return None
                return json.loads(handle.read(MAX_ENTRY_BYTES).decode("utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, content_hash: str, key: str, value: dict) -> None:
        path = self._path(content_hash, key)
        if path is None:
            return
        try:
            _private_folder(path.parent)
            if not self._own_folder(path.parent):
                return
            descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")  # created 0600
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(value, handle, ensure_ascii=False)
            os.replace(temporary, path)
        except OSError:
            return

    @staticmethod
    def _own_folder(folder: Path) -> bool:
        try:
            return _untrusted(folder, os.lstat(folder), stat.S_ISDIR) is None
        except OSError:
            return False


def _private_folder(folder: Path) -> None:
    # The ipp-preflight folder and below are the user's alone; the cache base may be shared.
    folder.parents[2].mkdir(parents=True, exist_ok=True)
    for level in reversed([folder, *folder.parents][:3]):
        if not level.exists():
            level.mkdir(mode=0o700, exist_ok=True)
