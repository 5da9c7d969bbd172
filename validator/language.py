"""Which language a document's text is in: Unicode script first, then, for Latin-script text
long enough to judge, py3langid (its model, restricted to the languages asked about, ships inside
this package: no network, no download).

Script evidence decides most cases outright (Han is Chinese here, Hangul Korean, Cyrillic is not
English). Among Latin-script languages py3langid is asked to choose only between the languages
listed in LATIN_LANGUAGES, on lower-cased text of at least MIN_LATIN_LETTERS letters, and its
answer counts only at MIN_CONFIDENCE or more: a low-confidence answer means "unknown", never
"foreign". Both numbers come from bench/langid.py (see docs/validator/performance-ocr.md)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# Languages py3langid chooses between: the European languages Tesseract's installed packs read,
# and a few more that certificates and ID cards commonly use.
LATIN_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl")
LATIN_MODEL = Path(__file__).parent / "data" / "langid-latin.npz.xz"
MIN_LATIN_LETTERS = 30
MIN_CONFIDENCE = 0.9
# The share of a text's letters one script must have before it counts as the text's script.
DOMINANT_SHARE = 0.6
MIN_LETTERS = 12

_SCRIPT_PREFIXES = (
    ("CJK UNIFIED", "Han"), ("CJK COMPATIBILITY IDEOGRAPH", "Han"), ("HIRAGANA", "Kana"), ("KATAKANA", "Kana"),
    ("HANGUL", "Hangul"), ("LATIN", "Latin"), ("CYRILLIC", "Cyrillic"), ("ARABIC", "Arabic"), ("GREEK", "Greek"),
    ("HEBREW", "Hebrew"), ("THAI", "Thai"), ("DEVANAGARI", "Devanagari"),
)
# The script each language is written in, where it is not the Latin script.
_LANGUAGE_SCRIPTS = {"zh": "Han", "ja": "Kana", "ko": "Hangul", "ru": "Cyrillic", "uk": "Cyrillic",
                     "bg": "Cyrillic", "sr": "Cyrillic", "ar": "Arabic", "fa": "Arabic", "el": "Greek",
                     "he": "Hebrew", "th": "Thai", "hi": "Devanagari"}
_SCRIPT_LANGUAGES = {"Han": "zh", "Kana": "ja", "Hangul": "ko"}


@dataclass(frozen=True)
class LanguageGuess:
    script: str | None  # the dominant script, None when mixed or too little text
    language: str | None  # ISO 639-1, None when unknown
    confidence: float
    letters: int


# Remembered per character: every check of a reading asks again for each character of its text.
@cache
def script_of(char: str) -> str | None:
    name = unicodedata.name(char, "")
    return next((script for prefix, script in _SCRIPT_PREFIXES if name.startswith(prefix)), None)


def expected_script(language: str) -> str:
    return _LANGUAGE_SCRIPTS.get(language, "Latin")


@cache
def _identifier():
    """py3langid's identifier, on its model restricted to LATIN_LANGUAGES (written by
    scripts/make_langid_model.py): the same answers as the whole model restricted by
    set_languages, loaded in about 0.2 s instead of 0.6 s and holding 45 MB instead of 75 in each
    process that identifies a text."""
    from py3langid.langid import LanguageIdentifier

    return LanguageIdentifier.from_model_file(LATIN_MODEL, norm_probs=True)


# py3langid's answer for a Latin-script text (lower-cased, spaces collapsed): one of
# LATIN_LANGUAGES and its probability. A worker passes one that remembers the answers in the OCR
# cache (reading.LanguageAnswers): a second run then loads no model.
Classify = Callable[[str], tuple[str, float]]


def classify_latin(text: str) -> tuple[str, float]:
    """py3langid's answer, from its model (loaded once per process)."""
    language, probability = _identifier().classify(text)
    return str(language), float(probability)


def identify(text: str, classify: Classify = classify_latin) -> LanguageGuess:
    # A machine-readable zone is in no language: its lines (with their '<<') are left out.
    text = "\n".join(line for line in text.splitlines() if "<<" not in line)
    scripts = Counter(script for script in map(script_of, text) if script)
    letters = sum(scripts.values())
    if letters < MIN_LETTERS:
        return LanguageGuess(None, None, 0.0, letters)
    script, count = scripts.most_common(1)[0]
    if script == "Han" and scripts["Kana"]:
        script, count = "Kana", count + scripts["Kana"]
    share = count / letters
    if share < DOMINANT_SHARE:
        return LanguageGuess(None, None, share, letters)
    if script != "Latin":
        return LanguageGuess(script, _SCRIPT_LANGUAGES.get(script), share, letters)
    latin = "".join(char for char in text if script_of(char) == "Latin" or char.isspace())
    if scripts["Latin"] < MIN_LATIN_LETTERS:
        return LanguageGuess("Latin", None, 0.0, letters)
    language, probability = classify(" ".join(latin.lower().split()))
    if probability < MIN_CONFIDENCE:
        return LanguageGuess("Latin", None, probability, letters)
    return LanguageGuess("Latin", language, probability, letters)


def contradicts(declared: str, guess: LanguageGuess) -> bool:
    """The text is clearly not in the declared language: another script dominates, or a
    confident identification names another language of the Latin script."""
    if guess.script is None:
        return False
    if guess.script != expected_script(declared):
        return not (declared == "ja" and guess.script == "Han")
    return declared in LATIN_LANGUAGES and guess.language is not None and guess.language != declared


# ICAO 9303 part 3: a passport's captions are printed in the issuing state's language and in
# English, French or Spanish ("Surname/Nom"): a passport declared in one of them is taken as
# printing it, whatever language its text is mostly in. ID cards often follow the same layout but
# need not: there a caption in the declared language must be read.
ICAO_CAPTIONS = {
    "en": ("surname", "given name", "nationality", "date of birth", "date of expiry", "place of birth", "sex",
           "authority", "date of issue"),
    "fr": ("prénom", "nationalité", "date de naissance", "date d'expiration", "lieu de naissance", "sexe",
           "autorité", "date de délivrance"),
    "es": ("apellido", "nacionalidad", "fecha de nacimiento", "fecha de expiración", "lugar de nacimiento", "sexo"),
}


def languages_present(text: str, classify: Classify = classify_latin) -> dict[str, str]:
    """Every language the text shows, with the evidence: the whole text and each block of lines
    long enough to judge (MIN_LATIN_LETTERS letters and more) is identified on its own, so that a
    bilingual or trilingual document names each of its languages, not one winner."""
    lines = [line for line in text.splitlines() if "<<" not in line and line.strip()]
    present: dict[str, str] = {}
    for block in [text, *_blocks(lines)]:
        guess = identify(block, classify)
        if guess.language and guess.language not in present:
            snippet = " ".join(block.split())[:60]
            present[guess.language] = f"{guess.script} script, {describe(guess)}: \u201c{snippet}\u201d"
    return present


def _blocks(lines: list[str]) -> list[str]:
    """Consecutive lines gathered until each block has enough Latin letters to identify, and each
    line alone when it is long enough: a caption line and a paragraph may be in different
    languages."""
    blocks, current = [], []
    for line in lines:
        if sum(script_of(char) == "Latin" for char in line) >= MIN_LATIN_LETTERS:
            blocks.append(line)
        current.append(line)
        if sum(script_of(char) == "Latin" for char in "".join(current)) >= MIN_LATIN_LETTERS:
            blocks.append("\n".join(current))
            current = []
    return blocks


def _icao_captioned(declared: str, text: str, document_type: str | None) -> bool:
    return declared in ICAO_CAPTIONS and (document_type == "passport" or document_type == "national_id" and any(
        caption in text.lower() for caption in ICAO_CAPTIONS[declared]))


def declared_absent(declared: str, text: str, document_type: str | None = None,
                    classify: Classify = classify_latin) -> bool:
    """The document clearly does not print the declared language: no part of its text is in it
    (by script, or by a confident identification of a block), and its text is clearly in another.
    Passports print their captions in English, French or Spanish by ICAO rule (ICAO_CAPTIONS)."""
    if _icao_captioned(declared, text, document_type):
        return False
    guess = identify(text, classify)
    if guess.script is not None and guess.script != expected_script(declared):
        if not contradicts(declared, guess):
            return False
        if expected_script(declared) == "Latin" and declared in LATIN_LANGUAGES:
            return declared not in languages_present(text, classify)
        scripts = Counter(script for script in map(script_of, text) if script)
        return scripts[expected_script(declared)] < MIN_LETTERS
    if declared not in LATIN_LANGUAGES:
        return False
    present = languages_present(text, classify)
    return bool(present) and declared not in present


def declared_shown(declared: str, text: str, document_type: str | None = None,
                   classify: Classify = classify_latin) -> bool:
    """Positive evidence that the document prints the declared language, so that no more of it
    need be read for the language check: the ICAO captions rule, at least MIN_LETTERS letters of
    a non-Latin declared language's script, or a block of the text confidently identified as the
    declared Latin-script language (languages_present). Text that decides nothing is not
    evidence: declared_absent on the whole text then decides."""
    if _icao_captioned(declared, text, document_type):
        return True
    script = expected_script(declared)
    scripts = Counter(script for script in map(script_of, text) if script)
    if script != "Latin":
        return scripts[script] + (scripts["Han"] if declared == "ja" else 0) >= MIN_LETTERS
    if declared not in LATIN_LANGUAGES:
        return scripts["Latin"] >= MIN_LETTERS
    return declared in languages_present(text, classify)


@dataclass(frozen=True)
class DeclaredLanguage:
    """Whether a document's text prints the language its manifest entry declares
    (declared_absent), judged where the text was read, and what the text is in when it does not:
    the bundle check reports from this alone."""

    declared: str
    document_type: str | None
    absent: bool
    # identify() of the whole text, when absent; None until it is named (reading.name_text_language).
    text_language: LanguageGuess | None = None


def judged_without_model(declared: str) -> bool:
    """Whether declared_absent's verdict on this declared language never rests on py3langid's
    answer: only a declared language among LATIN_LANGUAGES is told apart from the other Latin-script
    ones; for any other, the script decides, and the model would only name the text's language."""
    return declared not in LATIN_LANGUAGES


def unanswered(_text: str) -> tuple[str, float]:
    """A Classify that never loads the model, for verdicts its answer cannot change
    (judged_without_model): no language, at no confidence."""
    return "und", 0.0


def judge_declared(declared: str, text: str, document_type: str | None, classify: Classify = classify_latin,
                   name: bool = True) -> DeclaredLanguage:
    """The verdict, and, when the declared language is absent and `name` is set, the language the
    text is in (left for the caller to name otherwise)."""
    if not declared_absent(declared, text, document_type, classify):
        return DeclaredLanguage(declared, document_type, False)
    return DeclaredLanguage(declared, document_type, True, identify(text, classify) if name else None)


LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
                  "pt": "Portuguese", "nl": "Dutch", "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
                  "ru": "Russian", "ar": "Arabic", "el": "Greek", "he": "Hebrew", "th": "Thai", "hi": "Hindi"}


LANGUAGE_NAMES_ZH = {"en": "英文", "de": "德文", "fr": "法文", "es": "西班牙文", "it": "意大利文", "pt": "葡萄牙文",
                     "nl": "荷兰文", "zh": "中文", "ja": "日文", "ko": "韩文", "ru": "俄文", "ar": "阿拉伯文",
                     "el": "希腊文", "he": "希伯来文", "th": "泰文", "hi": "印地文"}
SCRIPT_NAMES_ZH = {"Han": "汉字", "Kana": "假名", "Hangul": "韩文字母", "Latin": "拉丁字母", "Cyrillic": "西里尔字母",
                   "Arabic": "阿拉伯字母", "Greek": "希腊字母", "Hebrew": "希伯来字母", "Thai": "泰文字母",
                   "Devanagari": "天城文"}


def language_name(code: str, lang: str = "en") -> str:
    names = LANGUAGE_NAMES_ZH if lang == "zh" else LANGUAGE_NAMES
    return names.get(code, code)


def describe(guess: LanguageGuess, lang: str = "en") -> str:
    if guess.language:
        return language_name(guess.language, lang)
    if lang == "zh":
        return f"一种以{SCRIPT_NAMES_ZH.get(guess.script or '', guess.script)}书写的语言"
    return f"a language written in the {guess.script} script"
