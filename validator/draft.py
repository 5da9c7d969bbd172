"""`validate draft`: a bundle.yaml proposed from a folder of documents.

Each file is surveyed in a worker process under the same limits as `validate` (a hostile file
costs its worker, never the run): its first page is decoded, turned upright when it reads
better turned (validator/upright.py), and read (text layer or OCR). What the reading establishes
becomes a value with a comment saying where it came from; what it does not becomes an explicit
TODO, which `validate` reports as an error (IPP-SCHEMA-010). Nothing is guessed silently.

Privacy: the raw text never leaves the worker. Only the derived values travel: a holder's name
and expiry from a verified MRZ (the document number is not kept), a company's unified social
credit code (a public registry number) and a right's registration number."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps
from pillow_heif import register_heif_opener

from validator.config import Settings
from validator.decode import READING_SCALE, DecodeFailure, DecodeProblem, open_document
from validator.files import NotRegularFile, open_regular
from validator.formats import HEIC, SNIFF_BYTES, TIFF, WEBP, Format, sniff
from validator.isolation import Limits, run_isolated
from validator.language import describe, identify
from validator.manifest import MANIFEST_NAME
from validator.mrz import Mrz, find_mrz
from validator.mrz_zone import read_zone
from validator.names import strip_diacritics
from validator.ocr import OcrUnavailable
from validator.reading import mrz_recogniser
from validator.upright import read_upright
from validator.rules.schema import TODO

# Formats the platform does not take but `validate prepare` converts: draft reads them too.
CONVERTIBLE = (HEIC, WEBP, TIFF)
OCR_LANGUAGES = ("chi_sim", "eng")
QUARTER_TURN, FULL_TURN = 90, 360
MIN_TEXT_LAYER_CHARACTERS = 20
# The unified social credit code (GB 32100-2015): 18 characters from this alphabet (no I, O, S,
# V, Z), the last a check character over the first 17 with these weights.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_BUSINESS_LICENCE_TITLES = ("营业执照", "统一社会信用代码")
# The labels of a licence's fields: one of them beside an 18-character code also identifies it
# (OCR at the reading scale often misses the large decorative title).
_BUSINESS_LICENCE_LABELS = ("法定代表人", "经营范围", "注册资本", "成立日期", "登记机关", "经营者")
_COMPANY_NAME = re.compile(r"^[\u4e00-\u9fff（）()]{2,}(?:有限公司|有限责任公司|股份有限公司|集团公司|合伙企业)$")
_TRADEMARK_WORDS = ("商标注册证", "trademark", "trade mark", "markenurkunde", "unionsmarke", "eintragungsurkunde",
                    "marque", "商标号", "注册商标")
_TRANSLATION_WORDS = ("译文", "翻译", "translation", "übersetzung", "traduction", "traducción")
_NUMBER_PATTERNS = (r"第\s*([0-9]{5,})\s*号", r"(?:注册号|商标号|registration no\.?|registernummer|nummer der marke|"
                    r"trade ?mark no\.?|number)\s*[:：]?\s*([0-9]{5,})")
_HOLDER_LABELS = r"(?:注册人|所有人|商标权利人|权利人|inhaber(?: der marke)?|holder|owner|proprietor|titulaire)"
_NAME_LABEL = r"名\s*称"


@dataclass(frozen=True)
class Proposal:
    """One value draft proposes, and where it came from (written as the YAML comment)."""

    value: str
    source: str


@dataclass(frozen=True)
class SurveyTask:
    real_path: str
    file: str
    settings: Settings


@dataclass(frozen=True)
class FileSurvey:
    file: str
    type: Proposal
    name: Proposal | None = None
    expires_on: Proposal | None = None
    language: Proposal | None = None
    right_number: Proposal | None = None
    right_holder: Proposal | None = None
    holder_type: str | None = None
    region: str | None = None


def _todo(why: str) -> Proposal:
    return Proposal(TODO, why)


# --- in the worker ----------------------------------------------------------------------------

def survey_file(task: SurveyTask) -> FileSurvey:
    try:
        handle = open_regular(task.real_path)
    except NotRegularFile:
        return FileSurvey(task.file, _todo("not a regular file"))
    except OSError as exc:
        return FileSurvey(task.file, _todo(f"the file cannot be opened ({exc.strerror})"))
    with handle:
        info = os.fstat(handle.fileno())
        fmt = sniff(handle.read(SNIFF_BYTES))
        handle.seek(0)
        try:
            image, text = _first_page(handle, fmt, info.st_size, task.settings)
        except DecodeFailure as failure:
            return FileSurvey(task.file, _todo(f"the {fmt.label} cannot be read: {failure.problem.detail}"))
    if image is None and not text:
        return FileSurvey(task.file, _todo(f"a {fmt.label}: the validator cannot read it"))
    try:
        return _read(task, image, text)
    except OcrUnavailable as exc:
        return FileSurvey(task.file, _todo(f"not read: {exc}"))


def _first_page(handle, fmt: Format, size: int, settings: Settings) -> tuple[Image.Image | None, str]:
    if fmt in CONVERTIBLE:
        return open_convertible(handle, settings.max_pixels), ""
    if not fmt.accepted:
        return None, ""
    decoded = open_document(handle, fmt, size, settings.max_pixels, 1, READING_SCALE)
    page = next(iter(decoded.pages), None)
    if page is None:
        return None, ""
    if sum(char.isalnum() for char in page.text) >= MIN_TEXT_LAYER_CHARACTERS:
        return None, page.text
    return page.image, ""


def open_convertible(handle, max_pixels: int) -> Image.Image:
    """A HEIC, WebP or TIFF image's first frame, upright by its EXIF tag, in RGB."""
    register_heif_opener()
    try:
        image = Image.open(handle)
        if image.width * image.height > max_pixels:
            raise DecodeFailure(DecodeProblem("too_many_pixels", f"the image is {image.width}x{image.height}"))
        return ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise DecodeFailure(DecodeProblem("corrupt", str(exc))) from None


def _read(task: SurveyTask, image: Image.Image | None, text: str) -> FileSurvey:
    if image is None:
        return classify(task.file, text, find_mrz(text))
    if not task.settings.ocr:
        return FileSurvey(task.file, _todo("not read: OCR was turned off with --no-ocr"))
    page = read_page(image, task.settings.ocr_timeout_seconds)
    return classify(task.file, page.text, page.mrz)


@dataclass(frozen=True)
class PageReading:
    turn: int  # clockwise degrees that made the page upright
    text: str
    mrz: Mrz | None


def read_page(image: Image.Image, timeout: float) -> PageReading:
    """A page image read upright: its OCR text, and its MRZ. As in validator/reading.py, the zone
    found in the image is read first (a whole page's OCR verifies an MRZ's numbers but misreads its
    name line), and a zone that verifies only turned says which way up the page is: an identity
    document's text may read sideways as well as upright (Tesseract follows vertical lines). The
    zone reader is not spent on a page whose text names another kind of document."""
    upright = read_upright(image, OCR_LANGUAGES, timeout)
    turn, text = upright.turn, upright.text.text
    mrz = find_mrz(text)
    if text_kind(text) is None:
        zone = read_zone(upright.image, mrz_recogniser(timeout))
        if zone and (zone.mrz.valid or not (mrz and mrz.valid)):
            mrz = zone.mrz
            if zone.mrz.valid:
                turn = (turn - QUARTER_TURN * zone.rotation) % FULL_TURN
    return PageReading(turn, text, mrz)


# --- what the text says (pure) -----------------------------------------------------------------

def text_kind(text: str) -> str | None:
    """The document type the text's wording names (a business licence, a translation, a trademark
    certificate), or None."""
    folded = _compact(text).casefold()
    labelled_code = credit_code(text) and any(label in folded for label in _BUSINESS_LICENCE_LABELS)
    if labelled_code or any(word in folded for word in _BUSINESS_LICENCE_TITLES):
        return "business_registration"
    if any(word in folded for word in _TRANSLATION_WORDS):
        return "translation"
    if any(word.replace(" ", "") in folded for word in _TRADEMARK_WORDS):
        return "trademark_certificate"
    return None


def classify(file: str, text: str, mrz: Mrz | None) -> FileSurvey:
    language = _language(text)
    if mrz is not None:
        return _identity_survey(file, mrz, language, text)
    kind = text_kind(text)
    if kind == "business_registration":
        return _licence_survey(file, text, language)
    if kind is not None:
        found = "the word for translation" if kind == "translation" else "trademark certificate wording"
        return FileSurvey(file, Proposal(kind, f"{found} in the text"), language=language,
                          right_number=_right_number(text), right_holder=_right_holder(text))
    return FileSurvey(file, Proposal("other", "no identity, licence, certificate or translation wording found: "
                                              "set the type if it is one of those"), language=language)


def _identity_survey(file: str, mrz: Mrz, language: Proposal, text: str) -> FileSurvey:
    if not mrz.valid:
        why = f"an MRZ was read but its {', '.join(mrz.failed_checks)} check fails: read the values from the document"
        kind = "passport" if mrz.document_code.startswith("P") else "national_id"
        return FileSurvey(file, Proposal(kind, f"an {mrz.format} MRZ (check digits do not verify)"),
                          name=_todo(why), expires_on=_todo(why), language=language, holder_type="individual")
    if mrz.document_code.startswith("V"):
        return FileSurvey(file, Proposal("other", f"a visa's MRZ ({mrz.format}); a visa does not prove identity"),
                          language=language)
    kind = "passport" if mrz.document_code.startswith("P") else "national_id"
    source = f"the {mrz.format} MRZ, check digits verified"
    printed = _printed_words(text)
    settled = {word: _settled(word, mrz.name_variants, printed) for word in mrz.name_tokens}
    given, surname = (" ".join(printed_name_words([settled[word][0] for word in part.split()], text))
                      for part in (mrz.given_names, mrz.surname))
    name = " ".join(part.title() for part in (given, surname) if part)
    unconfirmed = [word for word in name.upper().split() if word not in printed]
    name_source = f"{source}; the MRZ has no accents or hyphens: copy them from the printed name"
    doubtful = [f"{word} (also read {' or '.join(others)})" for word, others in settled.values() if others]
    if doubtful:
        name_source += f"; the MRZ's name has no check digit and its readers disagree on {', '.join(doubtful)}: check it"
    if unconfirmed:
        name_source += f"; {' '.join(unconfirmed)} was not found in the printed text: check it"
    expiry = (Proposal(mrz.expiry.isoformat(), f"date of expiry in {source}") if mrz.expiry
              else _todo("the MRZ gives no expiry date: copy it from the document"))
    # A mainland individual verifies by face scan and uploads no identity document; a Chinese
    # passport may belong to a mainland resident or not, so it is left to the consultant.
    region = None if mrz.issuing_state == "CHN" else "outside_mainland_china"
    return FileSurvey(file, Proposal(kind, f"{source} (document code {mrz.document_code})"),
                      name=Proposal(name, name_source),
                      expires_on=expiry, language=language, holder_type="individual", region=region)


def _settled(word: str, variants: tuple[str, ...], printed: set[str]) -> tuple[str, list[str]]:
    """An MRZ name word and the other spellings its readers saw (`Mrz.name_variants`) left
    unsettled: the printed name settles a disagreement when it shows exactly one of them."""
    others = [variant for variant in variants if len(variant) == len(word) and variant != word
              and sum(a != b for a, b in zip(variant, word)) * 2 < len(word)]
    shown = [spelling for spelling in (word, *others) if spelling in printed]
    if len(shown) == 1:
        return shown[0], []
    return word, others


def printed_name_words(words: list[str], printed: str) -> list[str]:
    """The MRZ's name words, each repaired where OCR read a filler '<' as K or X (ANNA<MARIA read
    as ANNAKXMARIAK or ANNA<KMARIAK) and the printed text shows the repaired words. Check digits
    do not cover names, so only the printed name can settle them; a word it cannot settle is kept
    as read."""
    printed_words = {word for word in _printed_words(printed) if len(word) >= 2}
    repaired: list[str] = []
    for word in words:
        repaired += [word] if word in printed_words else (_split_on_misread_fillers(word, printed_words) or [word])
    return repaired


_MISREAD_FILLERS = ("", "K", "X", "KX", "XK", "KK")


def _split_on_misread_fillers(word: str, printed_words: set[str]) -> list[str] | None:
    """`word` as printed words joined (and possibly ended) by fillers misread as K or X."""
    if not word:
        return []
    for filler in _MISREAD_FILLERS:
        if filler and word == filler:
            return []
        if not word.startswith(filler):
            continue
        rest = word[len(filler):]
        for printed_word in sorted(printed_words, key=len, reverse=True):
            if rest.startswith(printed_word):
                tail = _split_on_misread_fillers(rest[len(printed_word):], printed_words)
                if tail is not None:
                    return [printed_word, *tail]
    return None


def _printed_words(text: str) -> set[str]:
    """The words of the visual zone: the MRZ's own lines (with their fillers) are left out."""
    printed = "\n".join(line for line in text.splitlines() if "<" not in line)
    return set(re.findall(r"[A-Z]+", strip_diacritics(printed).upper()))


def _licence_survey(file: str, text: str, language: Proposal) -> FileSurvey:
    closed = _close_han_gaps(text)
    match = re.search(_NAME_LABEL + r"[ \t]*[：:]?[ \t]*(\S{2,})", closed)
    company_lines = [line.strip() for line in closed.splitlines() if _COMPANY_NAME.match(line.strip())]
    if match and not match.group(1).startswith("类"):
        name = Proposal(match.group(1), "the 名称 line of the business licence")
    elif company_lines:
        name = Proposal(company_lines[0], "the company name printed on the business licence")
    else:
        name = _todo("the 名称 line could not be read: copy the company name from the licence")
    code = credit_code(text)
    if code is None:
        source = "营业执照 wording; no unified social credit code was read"
    elif credit_code_valid(code):
        source = f"营业执照 wording and unified social credit code {code} (check character verified)"
    else:
        source = f"营业执照 wording; the credit code read as {code} does not verify: check it on the licence"
    return FileSurvey(file, Proposal("business_registration", source), name=name, language=language,
                      holder_type="company", region="mainland_china")


def credit_code(text: str) -> str | None:
    candidates = re.findall(r"(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])", _compact(text).upper())
    return next((code for code in candidates if credit_code_valid(code)), candidates[0] if candidates else None)


def credit_code_valid(code: str) -> bool:
    if len(code) != 18 or any(char not in CREDIT_CODE_ALPHABET for char in code):
        return False
    total = sum(CREDIT_CODE_ALPHABET.index(char) * weight for char, weight in zip(code, CREDIT_CODE_WEIGHTS))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31] == code[17]


def _right_number(text: str) -> Proposal | None:
    for pattern in _NUMBER_PATTERNS:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return Proposal(match.group(1), f"the registration number printed as “{match.group(0).strip()}”")
    return None


def _right_holder(text: str) -> Proposal | None:
    match = re.search(_HOLDER_LABELS + r"\s*[：:]\s*(.+)", _close_han_gaps(text), re.IGNORECASE)
    return Proposal(match.group(1).strip(), "the holder line of the certificate") if match else None


def _language(text: str) -> Proposal:
    guess = identify(text)
    if guess.language is None:
        return _todo("the document's language could not be identified: give its ISO 639-1 code")
    return Proposal(guess.language, f"identified from its text ({describe(guess)})")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _close_han_gaps(text: str) -> str:
    """OCR spaces out Chinese characters ("深 圳 市"); a space between two Han characters is
    never part of a Chinese name."""
    return re.sub(r"(?<=[\u3400-\u9fff])[ \t]+(?=[\u3400-\u9fff（）()])|(?<=[（）()])[ \t]+(?=[\u3400-\u9fff])", "", text)


# --- in the main process: the folder and the manifest ------------------------------------------

def document_files(folder: Path, limit: int) -> list[str]:
    """The files draft proposes, relative, with '/' separators: every regular file below the
    folder except hidden ones and bundle.yaml, in name order; links are not followed."""
    found: list[str] = []
    for root, folders, files in os.walk(folder, followlinks=False):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            path = Path(root, name)
            relative = path.relative_to(folder).as_posix()
            if name.startswith(".") or relative == MANIFEST_NAME or not path.is_file() or path.is_symlink():
                continue
            found.append(relative)
            if len(found) >= limit:
                return found
    return found


def survey_folder(folder: Path, settings: Settings) -> list[FileSurvey]:
    files = document_files(folder, settings.max_documents)
    tasks = [SurveyTask(str(folder / file), file, settings) for file in files]
    results = run_isolated(survey_file, tasks, Limits(settings.file_timeout_seconds, settings.file_memory_bytes),
                           jobs=settings.worker_count())
    return [result if isinstance(result, FileSurvey)
            else FileSurvey(task.file, _todo(f"the file could not be analysed: {result.describe()}"))
            for task, result in zip(tasks, results)]


@dataclass(frozen=True)
class AccountChoice:
    holder_type: str | None = None
    region: str | None = None


def render_manifest(surveys: list[FileSurvey], choice: AccountChoice) -> str:
    holder_type = _agreed(choice.holder_type, [s.holder_type for s in surveys], "holder_type")
    region = _agreed(choice.region, [s.region for s in surveys], "region")
    lines = [
        f"# bundle.yaml drafted by `validate draft` from {len(surveys)} file(s). Each value's comment says",
        "# where it came from; replace every TODO, check every value against the documents, then run",
        "#   validate .",
        "schema_version: 1",
        "account:",
        _field("  ", "holder_type", holder_type),
        _field("  ", "region", region),
        "  role: rights_holder             # or authorized_agent when filing for a client",
        "complainant:",
        _field("  ", "name", _complainant_name(surveys, holder_type.value)),
        _field("  ", "email", _todo("a mailbox the holder reads often; it cannot be changed later")),
        _field("  ", "phone", _todo("with the country code")),
        _field("  ", "address", _todo("the holder's address")),
        "documents:" if surveys else "documents: []",
    ]
    by_number = {s.right_number.value: s for s in surveys if s.right_number and s.type.value != "translation"}
    for survey in surveys:
        lines += _document_lines(survey, by_number)
    certificates = [s for s in surveys if s.type.value == "trademark_certificate"]
    if certificates:
        lines.append("rights:")
        for survey in certificates:
            lines += [
                "  - type: trademark",
                _field("    ", "number", survey.right_number or _todo("the registration number on the certificate")),
                _field("    ", "holder", survey.right_holder or _todo("the owner in the registry's records")),
                _field("    ", "certificate", Proposal(survey.file, "this certificate's file")),
            ]
    return "\n".join(lines) + "\n"


def _document_lines(survey: FileSurvey, by_number: dict[str, FileSurvey]) -> list[str]:
    lines = [_field("  - ", "file", Proposal(survey.file, "")), _field("    ", "type", survey.type)]
    if survey.type.value in ("passport", "national_id", "business_registration"):
        lines.append(_field("    ", "name_on_document", survey.name or _todo("the holder's name as printed")))
    if survey.language:
        lines.append(_field("    ", "language", survey.language))
    if survey.expires_on:
        lines.append(_field("    ", "expires_on", survey.expires_on))
    if survey.type.value == "translation":
        original = by_number.get(survey.right_number.value) if survey.right_number else None
        lines.append(_field("    ", "translation_of",
                            Proposal(original.file, f"the document with the same number {survey.right_number.value}")
                            if original else _todo("the file this is a translation of")))
        lines.append(_field("    ", "notarized", _todo("true if a notary certified the translation, else false")))
    return lines


def _agreed(chosen: str | None, evidence: list[str | None], field: str) -> Proposal:
    if chosen:
        return Proposal(chosen, "given on the command line")
    found = sorted({value for value in evidence if value})
    if len(found) == 1:
        return Proposal(found[0], "from the identity documents found")
    if found:
        return _todo(f"the documents disagree ({' / '.join(found)}): give --{field.replace('_', '-')}")
    return _todo(f"no identity document tells it: give --{field.replace('_', '-')}")


def _complainant_name(surveys: list[FileSurvey], holder_type: str) -> Proposal:
    identity = {"individual": ("passport", "national_id"), "company": ("business_registration",)}.get(holder_type, ())
    names = {s.name.value for s in surveys if s.type.value in identity and s.name and s.name.value != TODO}
    if len(names) == 1:
        name = names.pop()
        return Proposal(name, "the name on the identity document; enter it on the platform character for character")
    if names:
        return _todo(f"the identity documents give different names ({' / '.join(sorted(names))})")
    return _todo("no identity document's name could be read")


def _field(indent: str, key: str, proposal: Proposal) -> str:
    # JSON's string syntax is YAML's double-quoted scalar: any name or path is written safely.
    value = proposal.value if proposal.value == TODO or key == "notarized" and proposal.value in ("true", "false") \
        else _quoted(proposal.value)
    line = f"{indent}{key}: {value}"
    return f"{line:<40} # {proposal.source}" if proposal.source else line


def _quoted(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)
