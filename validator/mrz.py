"""The machine-readable zone of passports and ID cards (ICAO 9303): finding it in OCR text,
reading its fields and verifying its check digits.

TD3 (passports) has two lines of 44 characters, TD2 two of 36, TD1 (ID cards) three of 30;
visas have the two-line layouts (MRV-A: 44, MRV-B: 36) without a composite check digit.
Check digits protect the number and the dates, not the name: a name line misread by OCR is
never caught by arithmetic, so names are compared tolerantly elsewhere."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from validator.privacy import mask_number

_FORMATS = {"TD3": (2, 44), "TD2": (2, 36), "TD1": (3, 30)}
# Every format a reading may name: visas read in the two-line layouts of TD3 and TD2.
MRZ_FORMATS = (*_FORMATS, "MRV-A", "MRV-B")
# OCR's usual confusions in fields that can only hold digits.
_DIGIT_FIXES = str.maketrans("OQDIZSBGL", "001125861")
# Letters and digits OCR-B's shapes make OCR confuse, in fields that may hold either (the
# document number): the reading whose check digit verifies is taken.
_AMBIGUOUS = {"O": "0", "0": "O", "I": "1", "1": "I", "B": "8", "8": "B", "S": "5", "5": "S", "Z": "2", "2": "Z"}
_MAX_AMBIGUOUS = 4
# A line may lose or gain a filler or two in OCR.
_LENGTH_SLACK = 2


@dataclass(frozen=True)
class Mrz:
    format: str
    document_code: str
    issuing_state: str
    surname: str
    given_names: str
    number_masked: str
    expiry: dt.date | None
    failed_checks: tuple[str, ...]
    # Where the zone is on the page, (x, y, width, height) in fractions of the page; None when it
    # was read from text (a text layer, a whole page's OCR).
    region: tuple[float, float, float, float] | None = None
    # Other spellings of name words, where the zone's readers disagreed on a letter: the name has
    # no check digit, so a word here is what one reader saw and the other did not (MOHANED beside
    # MOHAMED). The name is as sure as the disagreement allows, no surer.
    name_variants: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return not self.failed_checks

    @property
    def name_tokens(self) -> tuple[str, ...]:
        return tuple((self.surname + " " + self.given_names).split())

    def as_dict(self) -> dict:
        return {**self.__dict__, "expiry": self.expiry.isoformat() if self.expiry else None,
                "failed_checks": list(self.failed_checks), "region": list(self.region) if self.region else None,
                "name_variants": list(self.name_variants)}

    @classmethod
    def from_dict(cls, data: object) -> Mrz:
        """The MRZ as_dict() gave; ValueError for anything else (the OCR cache is read back
        through here, and a file on disk can hold anything)."""
        if not isinstance(data, dict) or set(data) != set(cls.__dataclass_fields__):
            raise ValueError("not an MRZ's fields")
        texts = {key: value for key, value in data.items()
                 if key not in ("expiry", "failed_checks", "region", "name_variants")}
        checks, region, variants = data["failed_checks"], data["region"], data["name_variants"]
        if not all(isinstance(value, str) for value in texts.values()) or data["format"] not in MRZ_FORMATS:
            raise ValueError("an MRZ field is not text")
        if not isinstance(checks, list) or not all(isinstance(check, str) for check in checks):
            raise ValueError("the failed checks are not a list of names")
        if not isinstance(variants, list) or not all(isinstance(word, str) and word.isalpha() for word in variants):
            raise ValueError("the name variants are not a list of words")
        if data["expiry"] is not None and not isinstance(data["expiry"], str):
            raise ValueError("the expiry is not a date")
        if region is not None and not (isinstance(region, list) and len(region) == 4
                                       and all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in region)):
            raise ValueError("the region is not four fractions of the page")
        if mask_number(data["number_masked"]) != data["number_masked"]:
            raise ValueError("the document number is not masked")
        expiry = dt.date.fromisoformat(data["expiry"]) if data["expiry"] else None
        return cls(**{**texts, "expiry": expiry, "failed_checks": tuple(checks),
                      "region": tuple(region) if region else None, "name_variants": tuple(variants)})


def check_digit(field: str) -> str:
    weights = (7, 3, 1)
    total = 0
    for i, char in enumerate(field):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        else:
            value = 0
        total += value * weights[i % 3]
    return str(total % 10)


def _candidate_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = re.sub(r"\s+", "", raw.upper()).replace("«", "<<")
        # A number line may hold no filler at all (a visa's, a full optional data field): the
        # first line's shape (_looks_like_first_line) and the check digits decide.
        if len(line) >= 28 and re.fullmatch(r"[A-Z0-9<]+", line):
            lines.append(line)
    return lines


def _fit(line: str, length: int, names: bool) -> str | None:
    """The line at its format's length. OCR reads runs of OCR-B fillers '<' with stray K's in
    them and drops fillers; a name line may lose any number of its trailing fillers."""
    if len(line) > length:
        line = re.sub(r"(?<=<)K+(?=<)", "", line)
    line = re.sub(r"(?<=<)K+(?=<)", lambda match: "<" * len(match.group()), line)
    short = length - len(line)
    if short > _LENGTH_SLACK and not (names and line.endswith("<")) or -short > _LENGTH_SLACK:
        return None
    return line[:length] if short <= 0 else line + "<" * short


def find_mrz(text: str) -> Mrz | None:
    """The first MRZ found in the text, checked; None when none is there."""
    lines = _candidate_lines(text)
    for name, (count, length) in _FORMATS.items():
        for start in range(len(lines) - count + 1):
            name_line = 0 if count == 2 else 2
            fitted = [_fit(line, length, i == name_line) for i, line in enumerate(lines[start:start + count])]
            if all(fitted) and _looks_like_first_line(fitted[0]):
                return _PARSERS[name](fitted)
    return None


def _looks_like_first_line(line: str) -> bool:
    return line[0] in "PIACV" and re.fullmatch(r"[A-Z<]{3}", line[2:5]) is not None


def _digits(field: str) -> str:
    return field.translate(_DIGIT_FIXES)


def _names(field: str) -> tuple[str, str]:
    surname, _, given = field.strip("<").partition("<<")
    # Given names are separated by one filler; two end them (what OCR reads after is noise).
    given = given.partition("<<")[0]
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


# The MRZ writes the expiry year with two digits. A year from this one up is of the last
# century: no document issued now is valid into the 2070s (the validator's own pivot), while an
# old document read as 2098 would pass as valid (Taiwan's specimen expires 980104: 1998).
EXPIRY_CENTURY_PIVOT = 70


def _expiry(field: str) -> dt.date | None:
    try:
        year = int(field[:2])
        return dt.date((1900 if year >= EXPIRY_CENTURY_PIVOT else 2000) + year, int(field[2:4]), int(field[4:6]))
    except ValueError:
        return None


def _resolve_number(number: str, digit: str) -> str:
    """The document number as read, or the one reading of its confusable characters whose check
    digit verifies. Each combination tried is another chance for a wrong number to verify by
    accident (and the composite digit cannot tell: it weighs the number's characters as the
    number's own digit does), so only a few characters are read over, and only a single verifying
    reading is taken."""
    if check_digit(number) == digit:
        return number
    alternatives = {i: _AMBIGUOUS[char] for i, char in enumerate(number) if char in _AMBIGUOUS}
    if len(alternatives) > _MAX_AMBIGUOUS:
        return number
    return single_verifying_reading(number, alternatives, digit) or number


def single_verifying_reading(field: str, alternatives: dict[int, str], digit: str) -> str | None:
    """The one reading of the field, some of its characters replaced by their alternatives (by
    position), whose check digit is `digit`; None when none or several are: more than one verifying
    reading is a guess, not a repair."""
    positions = list(alternatives)
    verifying = []
    for mask in range(1, 2 ** len(positions)):
        chars = list(field)
        for bit, position in enumerate(positions):
            if mask >> bit & 1:
                chars[position] = alternatives[position]
        candidate = "".join(chars)
        if check_digit(candidate) == digit:
            verifying.append(candidate)
    return verifying[0] if len(verifying) == 1 else None


def _verify(checks: dict[str, tuple[str, str]]) -> tuple[str, ...]:
    return tuple(name for name, (field, digit) in checks.items() if check_digit(field) != digit)


def _parse_two_lines(fitted: list[str], name: str) -> Mrz:
    line1, line2 = fitted
    length = len(line2)
    number = _resolve_number(line2[0:9], _digits(line2[9]))
    line2 = number + _digits(line2[9]) + line2[10:13] + _digits(line2[13:20]) + line2[20] + _digits(line2[21:28]) \
        + line2[28:length - 2] + _digits(line2[length - 2:])
    optional_end = 43 if name == "TD3" else 35
    checks = {
        "document number": (number, line2[9]),
        "date of birth": (line2[13:19], line2[19]),
        "date of expiry": (line2[21:27], line2[27]),
        "composite": (line2[0:10] + line2[13:20] + line2[21:optional_end], line2[-1]),
    }
    if line1[0] == "V":
        # Visas (MRV-A, MRV-B: ICAO 9303 part 7) have no composite check digit.
        del checks["composite"]
        name = "MRV-A" if name == "TD3" else "MRV-B"
    elif name == "TD3" and line2[28:42].strip("<"):
        checks["personal number"] = (line2[28:42], line2[42])
    surname, given = _names(line1[5:])
    return Mrz(name, line1[0:2].strip("<"), line1[2:5].strip("<"), surname, given, mask_number(number.strip("<")),
               _expiry(line2[21:27]), _verify(checks))


def _parse_td1(fitted: list[str]) -> Mrz:
    line1, line2, line3 = fitted
    number = _resolve_number(line1[5:14], _digits(line1[14]))
    line1 = line1[:5] + number + _digits(line1[14]) + line1[15:]
    line2 = _digits(line2[0:7]) + line2[7] + _digits(line2[8:15]) + line2[15:29] + _digits(line2[29])
    checks = {
        "document number": (number, line1[14]),
        "date of birth": (line2[0:6], line2[6]),
        "date of expiry": (line2[8:14], line2[14]),
        "composite": (line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29], line2[29]),
    }
    surname, given = _names(line3)
    return Mrz("TD1", line1[0:2].strip("<"), line1[2:5].strip("<"), surname, given, mask_number(number.strip("<")),
               _expiry(line2[8:14]), _verify(checks))


_PARSERS = {
    "TD3": lambda fitted: _parse_two_lines(fitted, "TD3"),
    "TD2": lambda fitted: _parse_two_lines(fitted, "TD2"),
    "TD1": _parse_td1,
}
