"""Comparing names: why two spellings of a name differ, whether a holder is a company, and
whether a declared name appears in a document's text.

The platform wants the complainant's name character for character as printed on the identity
documents, so `classify_difference` never hides a difference: it only explains it. Each kind of
difference is a normaliser; the kinds reported are those without which the two names would not
become equal."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from validator.mrz import Mrz

# The ICAO 9303 transliterations of letters a machine-readable zone cannot hold, beyond dropping
# accents (research notes: Ä→AE, Ö→OE, Ü→UE, Å→AA, ß→SS).
ICAO_EXPANSIONS = {"ä": "ae", "ö": "oe", "ü": "ue", "å": "aa", "ß": "ss", "æ": "ae", "ø": "oe", "œ": "oe",
                   "þ": "th", "ð": "d", "ł": "l", "đ": "d", "ı": "i"}

# Company suffixes, in the spelling each variant is folded to. Latin forms are matched as whole
# words, case-insensitively, with or without their full stops.
_LATIN_SUFFIX_VARIANTS = (
    (r"public limited company|plc", "plc"),
    (r"limited|ltd", "ltd"),
    (r"company|co", "co"),
    (r"corporation|corp", "corp"),
    (r"incorporated|inc", "inc"),
    (r"gesellschaft mit beschränkter haftung|gmbh", "gmbh"),
)
_CHINESE_SUFFIX_VARIANTS = (
    ("有限责任公司", "有限公司"),
    ("有限責任公司", "有限公司"),
    ("股份有限公司", "有限公司"),
)

# Markers of an organisation in a holder's name (Chinese and Latin scripts), for telling a
# company's right from an individual's. Calibrated on the labelled names in
# tests/test_names.py::HOLDER_KINDS; a name without a marker is an individual only when it looks
# like a personal name (2-4 Han characters, or 2-5 Latin words of letters).
_CHINESE_COMPANY_MARKERS = ("公司", "集团", "集團", "企业", "企業", "商行", "工作室", "事务所", "事務所",
                            "研究院", "研究所", "合伙", "合夥", "协会", "協會", "基金会", "基金會", "株式会社",
                            "厂", "廠", "中心", "商店", "大学", "大學", "学院", "學院")
_LATIN_COMPANY_MARKERS = re.compile(
    r"\b(ltd|limited|llc|l\.l\.c|inc|incorporated|corp|corporation|co|company|gmbh|ag|kg|ohg|ug|se|sa|sas|"
    r"sarl|s\.a|s\.a\.s|s\.a\.r\.l|srl|s\.r\.l|spa|s\.p\.a|sl|s\.l|bv|b\.v|nv|n\.v|pty|plc|llp|lp|oy|ab|"
    r"a/s|as|kk|pte|bhd|sdn|group|holdings?|trading|industries|international|technologies|technology|"
    r"enterprises?|associates|partners|foundation|university|institute|gbr|e\.k|e\.v|sà\s?rl)\b\.?",
    re.IGNORECASE,
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_PERSONAL_LATIN = re.compile(r"^[^\W\d_]+(?:[-' ][^\W\d_]+){1,4}$")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold_width(text: str) -> str:
    # NFKC turns full-width ASCII, the ideographic space and （） into their half-width forms.
    return "".join(unicodedata.normalize("NFKC", char) if unicodedata.east_asian_width(char) in "FH" else char
                   for char in text)


def _fold_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _fold_case(text: str) -> str:
    return text.casefold()


def _fold_punctuation(text: str) -> str:
    # A hyphen joins words a space could separate (Anna-Maria, Anna Maria); other marks go.
    return "".join(" " if unicodedata.category(char) == "Pd" else char
                   for char in text if not unicodedata.category(char).startswith("P") or unicodedata.category(char) == "Pd")


def _fold_suffix(text: str) -> str:
    for variant, canonical in _CHINESE_SUFFIX_VARIANTS:
        text = text.replace(variant, canonical)
    for variant, canonical in _LATIN_SUFFIX_VARIANTS:
        text = re.sub(rf"\b(?:{variant})\b", canonical, text, flags=re.IGNORECASE)
    return text


@cache
def _to_simplified() -> Callable[[str], str]:
    import opencc

    return opencc.OpenCC("t2s").convert


def _fold_script(text: str) -> str:
    return _to_simplified()(text) if _HAN.search(text) else text


def strip_diacritics(text: str) -> str:
    expanded = "".join(ICAO_EXPANSIONS.get(char, ICAO_EXPANSIONS.get(char.lower(), char)) for char in text)
    decomposed = unicodedata.normalize("NFKD", expanded)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _fold_diacritics(text: str) -> str:
    # A name with its accents dropped and one with them transliterated (Müller, Muller, Mueller)
    # all fold to the same form.
    bare = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in bare if not unicodedata.combining(char))
    return re.sub(r"([aou])e", r"\1", strip_diacritics(bare).replace("aa", "a"), flags=re.IGNORECASE)


def _fold_order(text: str) -> str:
    return " ".join(sorted(text.split(" ")))


@dataclass(frozen=True)
class DifferenceKind:
    code: str
    label: str
    label_zh: str
    fold: Callable[[str], str]


# In the order they are applied, and preferred: a difference two kinds explain (（ vs ( is both
# width and punctuation) is reported as the earlier one. Word order needs the words still
# separated by spaces, so it comes before spaces are removed.
KINDS = (
    DifferenceKind("width", "full-width vs half-width characters", "全角与半角字符", _fold_width),
    DifferenceKind("script", "traditional vs simplified Chinese characters", "繁体与简体汉字", _fold_script),
    DifferenceKind("case", "letter case", "字母大小写", _fold_case),
    DifferenceKind("diacritics", "missing or transliterated diacritics (accents)", "缺少或转写了变音符号", _fold_diacritics),
    DifferenceKind("suffix", "a company-suffix variant (Ltd/Limited, Co./Company, 有限责任公司/有限公司)",
                   "公司后缀写法不同（Ltd/Limited、Co./Company、有限责任公司/有限公司）", _fold_suffix),
    DifferenceKind("punctuation", "punctuation or hyphens", "标点或连字符", _fold_punctuation),
    DifferenceKind("order", "word order", "词序", _fold_order),
    DifferenceKind("spaces", "spaces", "空格", _fold_spaces),
)


def _fold(text: str, kinds: tuple[DifferenceKind, ...]) -> str:
    for kind in kinds:
        text = kind.fold(text)
    return text


@dataclass(frozen=True)
class Edit:
    position: int  # 1-based character position in the expected name
    expected: str
    actual: str


@dataclass(frozen=True)
class NameDifference:
    kinds: tuple[DifferenceKind, ...]  # empty: a different name, not a spelling of the same one
    edits: tuple[Edit, ...]

    @property
    def same_name(self) -> bool:
        return bool(self.kinds)

    def describe(self, lang: str = "en") -> str:
        if lang == "zh":
            return "、".join(kind.label_zh for kind in self.kinds) if self.kinds else "完全不同的名称"
        if not self.kinds:
            return "a different name"
        return ", ".join(kind.label for kind in self.kinds)

    def locate(self, expected_label: str, actual_label: str, limit: int = 4, lang: str = "en") -> str:
        if lang == "zh":
            parts = [f"第 {edit.position} 个字符，{expected_label}为 {edit.expected!r}，{actual_label}为 {edit.actual!r}"
                     for edit in self.edits[:limit]]
            more = f"另有 {len(self.edits) - limit} 处" if len(self.edits) > limit else ""
            return "；".join(parts + ([more] if more else []))
        parts = [f"at character {edit.position}, {edit.expected!r} in {expected_label} vs {edit.actual!r} in {actual_label}"
                 for edit in self.edits[:limit]]
        if len(self.edits) > limit:
            parts.append(f"and {len(self.edits) - limit} more")
        return "; ".join(parts)


def classify_difference(expected: str, actual: str) -> NameDifference | None:
    """None when the two are equal after NFC; otherwise the kinds of difference that explain
    them (none when no spelling variant explains them) and where they differ."""
    expected, actual = nfc(expected), nfc(actual)
    if expected == actual:
        return None
    kinds = next((subset for size in range(1, len(KINDS) + 1) for subset in combinations(KINDS, size)
                  if _fold(expected, subset) == _fold(actual, subset)), ())
    return NameDifference(kinds, _edits(expected, actual))


def _edits(expected: str, actual: str) -> tuple[Edit, ...]:
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    return tuple(Edit(i1 + 1, expected[i1:i2], actual[j1:j2])
                 for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def holder_kind(name: str) -> str | None:
    """'company', 'individual', or None when the name's form does not tell."""
    text = nfc(name).strip()
    if any(marker in text for marker in _CHINESE_COMPANY_MARKERS) or _LATIN_COMPANY_MARKERS.search(text):
        return "company"
    han = _HAN.findall(text)
    if han and len(han) == len(_fold_spaces(text).replace("·", "")) and 2 <= len(han) <= 4:
        return "individual"
    if not han and _PERSONAL_LATIN.match(text):
        return "individual"
    return None


# --- finding a name in a document's text -------------------------------------------------


def search_key(text: str) -> str:
    """The form in which a name is looked for in a document's text: letters and digits only,
    case, accents, width, line breaks and traditional characters folded."""
    text = _fold_script(_fold_width(nfc(text)))
    text = strip_diacritics(text).casefold()
    return "".join(char for char in text if char.isalnum())


def approximate_find(needle: str, haystack: str, max_errors: int) -> int | None:
    """The fewest edits (at most max_errors) with which needle occurs somewhere in haystack
    (Sellers' algorithm), or None. OCR misreads a letter or two in a long name."""
    if not needle:
        return 0
    previous = list(range(len(needle) + 1))
    best = previous[-1]
    for char in haystack:
        current = [0]
        for i, wanted in enumerate(needle, start=1):
            current.append(min(previous[i] + 1, current[i - 1] + 1, previous[i - 1] + (wanted != char)))
        best = min(best, current[-1])
        previous = current
    return best if best <= max_errors else None


def tolerated_errors(key: str) -> int:
    # The validator's own default: one misread character (OCR's 1/I, 0/O, rn/m) in a word of five
    # or more, two in a very long name; never enough to turn one company name into another
    # (明星 and 星光 differ by two characters).
    return 0 if len(key) < 5 else 1 if len(key) < 24 else 2


def appears_in(name: str, text: str) -> bool:
    """Every word of the name occurs in the text, tolerating case, accents, width, traditional
    characters, line breaks and fields in another order (a passport prints the surname and the
    given names on separate lines). A name in Han characters is looked for whole."""
    haystack = search_key(text)
    words = [search_key(word) for word in re.split(r"[\s\-‐-―,.·<]+", name)]
    words = [word for word in words if word]
    return bool(words) and all(approximate_find(word, haystack, tolerated_errors(word)) is not None
                               for word in words)


def printed_in_other_script(name: str, text: str) -> str | None:
    """The name as the text prints it, when the text prints it only in the other script
    (simplified for traditional characters, or the reverse); None when the text prints it as
    given, or not at all. Spaces are ignored, since text layers and OCR split Chinese freely."""
    name, text = _fold_spaces(nfc(name)), _fold_spaces(nfc(text))
    if not has_han(name) or name in text:
        return None
    folded_name, folded_text = _fold_script(name), _fold_script(text)
    if len(folded_text) != len(text):
        return None  # a conversion that changed the length: positions no longer map back
    at = folded_text.find(folded_name)
    return None if at < 0 else text[at:at + len(folded_name)]


def is_simplified(text: str) -> bool:
    return _fold_script(text) == text


# ICAO 9303 part 3 allows either spelling of these letters in a machine-readable zone: the
# transliteration (Ü→UE) or the letter without its diacritic (Ü→U).
ICAO_EITHER = {"ä": "a", "ö": "o", "ü": "u", "å": "a"}


def icao_spellings(word: str) -> frozenset[str]:
    """The ways an MRZ may write one word of a name: ICAO transliteration (Müller → MUELLER)
    or, for the letters ICAO gives two spellings, the plain letter (MULLER)."""
    plain = "".join(ICAO_EITHER.get(char, ICAO_EITHER.get(char.lower(), char)) for char in word)
    return frozenset(re.sub(r"[^A-Z]+", "", strip_diacritics(nfc(spelling)).upper()) for spelling in (word, plain))


def icao_words(name: str) -> tuple[str, ...]:
    """The name's words as a machine-readable zone writes them (A-Z only, ICAO transliteration)."""
    return tuple(re.sub(r"[^A-Z]+", " ", strip_diacritics(nfc(name)).upper()).split())


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def has_latin(text: str) -> bool:
    return re.search(r"[A-Za-z]", strip_diacritics(text)) is not None


# Letters OCR-B's shapes make OCR of a small MRZ confuse; a name that differs from the MRZ only in
# such a letter is not contradicted when the document's printed name (its text) shows it.
OCR_CONFUSABLE = frozenset({frozenset("MN"), frozenset("RF"), frozenset("OC"), frozenset("OD"), frozenset("EF"),
                            frozenset("HN"), frozenset("IL"), frozenset("UV"), frozenset("BE")})


def mrz_shows(name: str, mrz: Mrz, printed: str = "") -> bool | None:
    """Whether the MRZ's name is this name, exactly, after ICAO 9303 part 3 transliteration (Ü as
    UE or U, Ñ as N, ß as SS...), in any order of words; None when the name has no Latin letters.
    A name the zone had to cut short (its name field full) may end in a cut word. Two allowances
    for OCR: a word that differs from the MRZ's only in letters OCR confuses (M and N) and that
    the printed text `printed` shows as declared; and a word the zone's readers also read another
    way (`Mrz.name_variants`), which is that word either way: the name has no check digit."""
    words = re.findall(r"[^\W\d_]+", name)
    spellings = [spellings for spellings in map(icao_spellings, words) if any(spellings)]
    if not spellings:
        return None
    tokens = list(mrz.name_tokens)
    truncated = len(mrz.surname) + 2 + len(mrz.given_names) >= 37  # TD3's name field, 39, less slack
    for options in spellings:
        if any(option in tokens or option in mrz.name_variants for option in options):
            continue
        if truncated and tokens and any(option.startswith(tokens[-1]) for option in options):
            continue
        if any(_ocr_confusion(option, token) for option in options for token in tokens) and appears_in(name, printed):
            continue
        return False
    return True


def _ocr_confusion(word: str, token: str) -> bool:
    return len(word) == len(token) and word != token and all(
        a == b or frozenset((a, b)) in OCR_CONFUSABLE for a, b in zip(word, token))


def shown_by(name: str, text: str, mrz: Mrz | None) -> bool:
    """Whether a reading shows the name as the name rule accepts it (validator/rules/name.py): a
    machine-readable zone whose check digits verify decides when the name has Latin letters,
    otherwise the text."""
    if mrz is not None and mrz.valid:
        shown = mrz_shows(name, mrz, text)
        if shown is not None:
            return shown
    return appears_in(name, text)
