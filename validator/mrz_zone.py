"""Finding a machine-readable zone wherever it is on an image, and reading it.

A photographed document is rarely where a fixed band expects it: the MRZ may be anywhere in the
frame, turned a quarter or a half turn (a booklet photographed open, a card upside down) and
tilted by a hand-held camera. The zone is found from the image itself, the way PassportEye and
pyimagesearch's method do (dark text against its local background, horizontal strokes closed into
long uniform lines), with two additions: the page's orientation and tilt are measured first from
the text lines' projection profile, so that everything after works on upright lines; and each
candidate zone is read both ways up, at a size Tesseract reads OCR-B well, keeping the reading
whose check digits verify.

numpy and Pillow only: the validator's runtime has neither OpenCV nor scipy."""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
from PIL import ExifTags, Image, ImageChops, ImageDraw, ImageFont, ImageOps

from validator.components import connected_regions
from validator.mrz import Mrz, check_digit, find_mrz, single_verifying_reading
from validator.text_geometry import close_rows, otsu, scaled_down, text_mask

# The skew search works on the page at this long side: text lines are still lines there, and the
# 60-odd rotations it tries stay cheap.
SKEW_LONG_SIDE = 500
SKEW_RANGE_DEGREES = 16
SKEW_STEP_DEGREES = 1.0
# Zone finding works at these long sides: a zone's text must be a few pixels high at one of
# them, whether the document fills the frame or a card sits small in a large photo.
FIND_LONG_SIDES = (600, 1200)
# An MRZ line is long and thin: its closed blob is at least this many times wider than high, and
# at least this share of the page's width (a card photographed small in a large frame).
MIN_LINE_ASPECT = 6.0
MIN_LINE_SHARE = 0.12
MAX_CANDIDATE_ZONES = 4
# Tesseract reads OCR-B best with characters about this tall (pixels).
OCR_CHARACTER_HEIGHT = 36
MAX_CROP_UPSCALE = 6.0
# A zone crop is never read larger than this (pixels): an MRZ's 2 or 3 lines at OCR size measure
# 0.2-0.6 megapixels on the real specimens, while a candidate that is a whole page of text,
# enlarged to the same character size, took 30 s to read and find nothing. The validator's own
# default, three times the largest MRZ crop; a larger candidate is read smaller, not skipped.
MAX_ZONE_PIXELS = 2_000_000
# Residual tilt left after the page's deskew is measured again on the zone, finer.
# Tesseract's letter replaces the cell reading's in a name when the cell matches OCR-B's glyph of
# it at most this much worse (normalised correlation) than its own best: the validator's own
# default, set on the real specimens (tests/real_specimens).
FUSION_MARGIN = 0.05
# ...and never where the cell matches its own letter this much better than Tesseract's: then the
# glyph's shape, not the language model, decides (Egypt's MOHAMED, which Tesseract reads MOHANED:
# M 0.81, N 0.64). Where Tesseract was right against the cells on the specimens, the cells' lead
# was at most 0.07 (isl: O 0.74 against D 0.67); where the cells were right, 0.165. The
# validator's own default, between the two; either way the loser is kept as a name variant.
CELL_CLEAR_LEAD = 0.1
# The cell reading is used only where the zone's cells match OCR-B glyphs this well on average
# (normalised correlation): an MRZ's lines matched 0.77-0.91 on the real specimens (the 268-pixel
# Egyptian scan lowest), a licence's Chinese print 0.2. Print of another font, forced into an MRZ's
# layout, would otherwise yield digits in every date and a check digit or two verifying by chance.
# The validator's own default.
MIN_CELL_FIT = 0.5
ZONE_SKEW_DEGREES = (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0)


@dataclass(frozen=True)
class ZoneReading:
    mrz: Mrz
    # The zone's bounding rectangle on the original image, in fractions of its width and height.
    box: tuple[float, float, float, float]
    rotation: int  # quarter turns (counter-clockwise) the image needed before reading
    tilt: float  # degrees


Recogniser = Callable[[Image.Image], str]


def read_zone(image: Image.Image, recognise: Recogniser) -> ZoneReading | None:
    """The best MRZ reading on the image: the first whose check digits all verify, otherwise the
    one with the fewest failed checks (two of its fields verifying); None when no zone reads as
    an MRZ."""
    gray = _gray(image)
    best: ZoneReading | None = None
    for quarter, tilt in _orientations(gray):
        upright = _turned(gray, quarter, tilt)
        for box in _zones(upright):
            for reading in _read_box(upright, box, recognise):
                region = _original_box(box, gray.size, quarter, tilt, upright.size)
                candidate = ZoneReading(dataclasses.replace(reading, region=region), region, quarter, tilt)
                if reading.valid:
                    return candidate
                if _checks_mostly_verify(reading) and (
                        best is None or len(reading.failed_checks) < len(best.mrz.failed_checks)):
                    best = candidate
    return best


def _checks_mostly_verify(mrz: Mrz) -> bool:
    """Whether two of the reading's field check digits verify (the expiry's only as a real date):
    one digit verifies by chance once in ten, so print of the zone's shape (a page of text read as
    a TD1) would often pass with one, and a misread MRZ keeps two more often than not."""
    verified = [check for check in ("document number", "date of birth") if check not in mrz.failed_checks]
    if "date of expiry" not in mrz.failed_checks and mrz.expiry is not None:
        verified.append("date of expiry")
    return len(verified) >= 2


def _gray(image: Image.Image) -> Image.Image:
    """The image in gray, each pixel as bright as its brightest colour channel: the MRZ is printed
    in black, which stays dark in every channel, while a coloured overprint or security print
    across it (a red national mark, a guilloche) is bright in its own colour's channel and fades."""
    if image.mode == "L":
        return image
    image.load()
    # exif_transpose() and convert() copy the image even when there is nothing to do.
    if image.getexif().get(ExifTags.Base.Orientation, 1) != 1:
        image = ImageOps.exif_transpose(image)
    if image.mode in ("1", "I", "I;16", "F"):
        return image.convert("L")
    red, green, blue = (image if image.mode == "RGB" else image.convert("RGB")).split()
    # Pillow's per-pixel maximum: a numpy maximum across the channel axis took 15 times longer.
    return ImageChops.lighter(ImageChops.lighter(red, green), blue)


def _orientations(gray: Image.Image) -> Iterator[tuple[int, float]]:
    """Quarter turn and tilt that make the page's text lines horizontal, the likeliest first; then
    the best tilt a quarter turn the other way (text lines of a photographed booklet may run
    both ways), and finally the untouched image. Half turns are tried per zone."""
    small = scaled_down(gray, SKEW_LONG_SIDE)
    mask = Image.fromarray((text_mask(small) * 255).astype(np.uint8))
    scores = []
    for quarter in (0, 1):
        turned = mask.transpose(Image.Transpose.ROTATE_90) if quarter else mask
        for step in range(-int(SKEW_RANGE_DEGREES / SKEW_STEP_DEGREES), int(SKEW_RANGE_DEGREES / SKEW_STEP_DEGREES) + 1):
            angle = step * SKEW_STEP_DEGREES
            rotated = turned.rotate(angle, resample=Image.Resampling.NEAREST, expand=True)
            scores.append((_row_contrast(rotated), quarter, angle))
    scores.sort(reverse=True)
    _, quarter, angle = scores[0]
    seen = [(quarter, angle)]
    best_other = next((q, a) for _, q, a in scores if q != quarter)
    for option in (best_other, (0, 0.0)):
        if option not in seen:
            seen.append(option)
    yield from seen


def _row_contrast(mask: Image.Image) -> float:
    """How sharply a 0/255 mask's row sums change from row to row: most when its text lines run
    along the rows. The row sums are counted in integers and then made float32: the float32 sums
    they replace were exact (multiples of 255 up to 2**24, in rows of at most 65,793 pixels), so the
    squared differences and their float32 sum are the same."""
    profile = np.asarray(mask).sum(axis=1, dtype=np.int32).astype(np.float32)
    return float(np.square(np.diff(profile)).sum())


def _turned(gray: Image.Image, quarter: int, tilt: float) -> Image.Image:
    turned = gray.transpose(Image.Transpose.ROTATE_90) if quarter else gray
    if tilt:
        turned = turned.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return turned


def _zones(upright: Image.Image) -> list[tuple[int, int, int, int]]:
    """Candidate MRZ zones on an upright page as (left, top, right, bottom) pixel boxes: groups of
    long uniform text lines, stacked and aligned, widest first."""
    found: list[tuple[int, int, int, int]] = []
    for long_side in FIND_LONG_SIDES:
        small = scaled_down(upright, long_side)
        factor = upright.width / small.width
        mask = text_mask(small)
        lines = []
        for width in (9, 15):
            # The blobs as arrays, filtered at once: a page's mask closes into thousands of specks.
            blobs = connected_regions(close_rows(mask, width), diagonal=True)
            height, length = blobs.bottom - blobs.top, blobs.right - blobs.left
            fill = blobs.size / np.maximum(height * length, 1)
            long_thin = ((height >= 3) & (length >= MIN_LINE_ASPECT * height) & (length >= MIN_LINE_SHARE * small.width)
                         & (fill > 0.45))
            lines.extend(zip(blobs.left[long_thin].tolist(), blobs.top[long_thin].tolist(),
                             blobs.right[long_thin].tolist(), blobs.bottom[long_thin].tolist()))
        found.extend(tuple(round(value * factor) for value in group) for group in _stacked(lines))
    # The largest first, so that a zone's lines found one by one give way to the whole zone.
    found.sort(key=lambda box: -(box[2] - box[0]) * min(box[3] - box[1], 4 * (box[2] - box[0])))
    zones: list[tuple[int, int, int, int]] = []
    for box in found:
        if not any(_same_zone(box, other) for other in zones):
            zones.append(box)
    return zones[:MAX_CANDIDATE_ZONES]


def _stacked(lines: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Lines grouped into zones: each line with the lines just above and below it of about its
    length and start (an MRZ's 2 or 3 lines), as one box."""
    lines = sorted(set(lines), key=lambda box: box[1])
    zones = []
    for line in lines:
        left, top, right, bottom = line
        height = bottom - top
        group = [line]
        for other in lines:
            if other is line:
                continue
            o_left, o_top, o_right, o_bottom = other
            similar = abs((o_right - o_left) - (right - left)) < 0.25 * (right - left) and abs(o_left - left) < 3 * height
            near = -3 * height < o_top - top < 3 * height * 2.2
            if similar and near:
                group.append(other)
        zones.append((min(b[0] for b in group), min(b[1] for b in group), max(b[2] for b in group),
                      max(b[3] for b in group)))
    return zones


def _same_zone(box: tuple[int, ...], other: tuple[int, ...]) -> bool:
    overlap_x = min(box[2], other[2]) - max(box[0], other[0])
    overlap_y = min(box[3], other[3]) - max(box[1], other[1])
    if overlap_x <= 0 or overlap_y <= 0:
        return False
    area = (box[2] - box[0]) * (box[3] - box[1])
    other_area = (other[2] - other[0]) * (other[3] - other[1])
    return overlap_x * overlap_y > 0.7 * min(area, other_area)


def _read_box(upright: Image.Image, box: tuple[int, int, int, int], recognise: Recogniser) -> Iterator[Mrz]:
    left, top, right, bottom = box
    margin_x = max(4, (bottom - top) // 3)
    margin_y = max(4, (bottom - top) // 4)
    crop = upright.crop((max(0, left - margin_x), max(0, top - margin_y), min(upright.width, right + margin_x),
                         min(upright.height, bottom + margin_y)))
    crop, mask = _deskewed(crop)
    line_height = _line_height(mask)
    factor = min(MAX_CROP_UPSCALE, max(1.0, OCR_CHARACTER_HEIGHT / max(line_height, 1)),
                 (MAX_ZONE_PIXELS / (crop.width * crop.height)) ** 0.5)
    if abs(factor - 1) > 0.05:
        crop = crop.resize((round(crop.width * factor), round(crop.height * factor)), Image.Resampling.LANCZOS)
        mask = text_mask(crop)
    for turn, turn_mask in _both_ways_up(crop, mask):
        recognised = recognise(turn)
        if not _mrz_like(recognised):
            continue
        cells = read_cells(turn, turn_mask)
        if cells and cells.fit >= MIN_CELL_FIT:
            # A second, independent reading (of the binarised zone) gives the name's letters a
            # majority: names have no check digit to settle a disagreement.
            again = recognise(_binarised(turn))
            name_fused, doubts = fused(cells, (recognised, again))
            repaired = _fields_repaired(name_fused, (recognised, again))
            sources = (_fillers_repaired(repaired), repaired, name_fused, cells.text, recognised, again)
            name_line = name_fused.splitlines()[cells.name_line]
        else:
            sources, name_line, doubts = (recognised,), "", {}
        readings = [_with_variants(mrz, name_line, doubts) for mrz in map(find_mrz, _mixed(sources)) if mrz]
        valid = next((mrz for mrz in readings if mrz.valid), None)
        if valid is not None:
            yield valid
            return
        yield from readings[:1]


def _both_ways_up(crop: Image.Image, mask: np.ndarray) -> Iterator[tuple[Image.Image, np.ndarray]]:
    """The crop and its print's mask, then both a half turn round: the mask is found once per
    crop, and the turned crop only made when the upright one did not read."""
    yield crop, mask
    yield crop.transpose(Image.Transpose.ROTATE_180), mask[::-1, ::-1]


_NAME_WORD = re.compile(r"[A-Z]+")


def _with_variants(mrz: Mrz, name_line: str, doubts: dict[int, str]) -> Mrz:
    """The reading with the name words the readers disagreed on spelled the other way too, where
    its name is the fused name line's (a word of it among the reading's name words)."""
    variants = []
    # A two-line zone's name starts after the document code and the issuing state.
    for match in _NAME_WORD.finditer(name_line, 0 if mrz.format == "TD1" else 5):
        if match.group() not in mrz.name_tokens:
            continue
        positions = [position for position in doubts if match.start() <= position < match.end()]
        for count in range(1, len(positions) + 1):
            for chosen in itertools.combinations(positions, count):
                chars = list(match.group())
                for position in chosen:
                    chars[position - match.start()] = doubts[position]
                variants.append("".join(chars))
    return dataclasses.replace(mrz, name_variants=tuple(dict.fromkeys(variants))) if variants else mrz


# Tesseract's reading of an MRZ holds a line about as long as the zone's shortest (30), of MRZ
# characters (it may drop a filler or two, or read a line in two pieces at a wide gap).
MIN_READ_LINE = 24


def _mrz_like(recognised: str) -> bool:
    """Whether Tesseract's reading of a crop could be of an MRZ: a filler '<' read somewhere and a
    long line of MRZ characters. Anything else is not read further (the cell match and a second
    reading): an image with no MRZ is given up on early."""
    lines = ("".join(line.split()) for line in recognised.splitlines())
    return "<" in recognised and any(len(line) >= MIN_READ_LINE and re.fullmatch(r"[A-Z0-9<]+", line) for line in lines)


def _mixed(sources: tuple[str, ...]) -> Iterator[str]:
    """Zone texts made of each source's name line with each source's other lines, the most
    trusted name first: the name line has no check digit, the others are verified by theirs."""
    split = [_zone_lines(source) for source in sources]
    for name_lines in split:
        for other_lines in split:
            if name_lines and other_lines and len(name_lines) == len(other_lines):
                lines = list(other_lines)
                name_at = 2 if len(lines) == 3 else 0
                lines[name_at] = name_lines[name_at]
                yield "\n".join(lines)


def _zone_lines(text: str) -> list[str]:
    """The MRZ lines of a reading (2 or 3), the name line cut after its first run of three
    fillers: ICAO 9303 separates name parts by one filler and surname from given names by two,
    so what follows three is filler, whatever OCR made of it."""
    lines = [re.sub(r"\s+", "", line) for line in text.splitlines()]
    # A number line may hold no filler at all (a visa's, a full optional data field).
    lines = [line for line in lines if len(line) >= 28 and re.fullmatch(r"[A-Z0-9<]+", line)]
    if len(lines) >= 3 and len(lines[-1]) <= 32:
        lines = lines[-3:]
        lines[2] = _cut_name(lines[2], 0)
    elif len(lines) >= 2:
        lines = lines[-2:]
        lines[0] = _cut_name(lines[0], 5)
    else:
        return []
    return lines


def _cut_name(line: str, start: int) -> str:
    cut = line.find("<<<", start)
    return line if cut < 0 else line[:cut] + "<" * (len(line) - cut)


def fused(cells: CellReading, recognised: tuple[str, ...]) -> tuple[str, dict[int, str]]:
    """The cell reading's name line, each letter decided by a vote with Tesseract's readings of
    the same word (where Tesseract read a word of that length nearly alike): the cells place the
    fillers (which Tesseract reads as K, X or E), Tesseract tells letters of similar shape apart
    better (R and F, C and O). Without a majority, Tesseract's letter is taken only where the cell
    matches its glyph about as well as its own; and never where the cell matches its own letter
    clearly better (CELL_CLEAR_LEAD): a language model's guess does not outvote the glyph. The
    other lines are left to their check digits.
    Also returns the doubts: by position on the name line, the letter that lost where the cells and
    every Tesseract reading disagreed on a letter."""
    lines = list(cells.lines)
    at = cells.name_line
    chars = list(lines[at])
    doubts: dict[int, str] = {}
    readings = [["".join(line.split()) for line in text.splitlines()] for text in recognised]
    for match in re.finditer(r"[^<]+", lines[at]):
        word = match.group()
        aligned = [closest for closest in (_closest_substring(word, others) for others in readings) if closest]
        for offset, old in enumerate(word):
            position = match.start() + offset
            theirs = [closest[offset] for closest in aligned if closest[offset] == "<" or closest[offset].isalpha()]
            votes = [old] + theirs
            new = max(votes, key=votes.count)
            if new == old:
                continue
            lead = cells.score(at, position, old) - cells.score(at, position, new)
            if lead < CELL_CLEAR_LEAD and (votes.count(new) * 2 > len(votes) or lead <= FUSION_MARGIN):
                chars[position] = new
            if new.isalpha() and theirs.count(new) == len(theirs):
                doubts[position] = old if chars[position] == new else new
    lines[at] = "".join(chars)
    return "\n".join(lines), doubts


# The check-digit protected fields of each layout: (line, start, end) of the field, its digit at end.
_CHECKED_FIELDS = {
    (44, 44): ((1, 0, 9), (1, 13, 19), (1, 21, 27), (1, 28, 42)),
    (36, 36): ((1, 0, 9), (1, 13, 19), (1, 21, 27)),
    (30, 30, 30): ((0, 5, 14), (1, 0, 6), (1, 8, 14)),
}
MAX_FIELD_DIFFERENCES = 3


def _fields_repaired(text: str, recognised: tuple[str, ...]) -> str:
    """The reading with each check-digit protected field (number, dates) whose digit fails
    replaced by the choice of characters, between this reading and Tesseract's of the same line,
    that makes its digit verify: a repair is only taken where arithmetic confirms it."""
    lines = _zone_lines(text)
    layout = tuple(len(line) for line in lines)
    if layout not in _CHECKED_FIELDS:
        return text
    others = [[_counterpart(line, reading) for line in lines] for reading in recognised]
    for line, start, end in _CHECKED_FIELDS[layout]:
        field = lines[line][start:end + 1]
        if check_digit(field[:-1]) == field[-1]:
            continue
        for other in others:
            if other[line] is None:
                continue
            repaired = _verified_mix(field, other[line][start:end + 1])
            if repaired:
                lines[line] = lines[line][:start] + repaired + lines[line][end + 1:]
                break
    return _composite_repaired(lines, others)


def _composite_repaired(lines: list[str], others: list[list[str]]) -> str:
    """When only the composite check digit fails, the unprotected characters it covers (optional
    data) taken from Tesseract's reading where that makes it verify."""
    text = "\n".join(lines)
    mrz = find_mrz(text)
    if mrz is None or mrz.failed_checks != ("composite",):
        return text
    name_line = 2 if len(lines) == 3 else 0
    for other in others:
        differences = [(row, i) for row, (mine, theirs) in enumerate(zip(lines, other)) if row != name_line and theirs
                       for i, (a, b) in enumerate(zip(mine, theirs)) if a != b]
        if not differences or len(differences) > MAX_FIELD_DIFFERENCES:
            continue
        for mask in range(1, 2 ** len(differences)):
            changed = [list(line) for line in lines]
            for bit, (row, i) in enumerate(differences):
                if mask >> bit & 1:
                    changed[row][i] = other[row][i]
            candidate = "\n".join("".join(line) for line in changed)
            found = find_mrz(candidate)
            if found is not None and found.valid:
                return candidate
    return text


# Letters a run of fillers '<' is misread as, on faint or busy backgrounds.
_FILLER_RUN = re.compile(r"[<KXECLW]*<[<KXECLW]*<[<KXECLW]*")


def _fillers_repaired(text: str) -> str:
    """Runs of fillers read with K, X, E... among them, outside the name line, made fillers again,
    taken only when every check digit of the zone then verifies."""
    lines = _zone_lines(text)
    if not lines:
        return text
    name_line = 2 if len(lines) == 3 else 0
    changed = [line if row == name_line else _FILLER_RUN.sub(lambda run: "<" * len(run.group()), line)
               for row, line in enumerate(lines)]
    candidate = "\n".join(changed)
    found = find_mrz(candidate)
    return candidate if found is not None and found.valid else text


def _counterpart(line: str, reading: str) -> str | None:
    """The line of another reading that reads the same MRZ line: of the same length, and alike
    in at least half its characters."""
    best, best_distance = None, len(line) // 2
    for other in reading.splitlines():
        other = "".join(other.split())
        if len(other) == len(line):
            distance = sum(a != b for a, b in zip(line, other))
            if distance < best_distance:
                best, best_distance = other, distance
    return best


def _verified_mix(field: str, alternative: str) -> str | None:
    """The field (its check digit last) with some characters taken from another reading of it,
    when exactly one such mix verifies. Only characters of the kind most of the field is are taken
    (digits into a number of digits): each extra combination is another chance to verify by
    accident."""
    digits = sum(char.isdigit() for char in field) * 2 >= len(field.strip("<"))
    alternatives = {i: b for i, (a, b) in enumerate(zip(field[:-1], alternative)) if a != b and b.isdigit() == digits}
    if len(alternatives) > MAX_FIELD_DIFFERENCES:
        return None
    readings = {digit: (field[:-1] if check_digit(field[:-1]) == digit and digit != field[-1] else
                        single_verifying_reading(field[:-1], alternatives, digit) if alternatives else None)
                for digit in {field[-1], alternative[-1]} if digit.isdigit()}
    found = [reading + digit for digit, reading in readings.items() if reading]
    return found[0] if len(found) == 1 else None


def _binarised(image: Image.Image) -> Image.Image:
    values = np.asarray(image, dtype=np.int16)
    threshold = otsu(values)
    return Image.fromarray(np.where(values > threshold, 255, 0).astype(np.uint8))


def _closest_substring(word: str, others: list[str]) -> str | None:
    best, best_distance = None, len(word) // 3 + 1
    for other in others:
        for start in range(len(other) - len(word) + 1):
            candidate = other[start:start + len(word)]
            distance = sum(a != b for a, b in zip(word, candidate))
            if distance < best_distance:
                best, best_distance = candidate, distance
    return best


def _deskewed(crop: Image.Image) -> tuple[Image.Image, np.ndarray]:
    """The crop turned by the residual tilt its lines show, and its text mask."""
    found = text_mask(crop)
    mask = Image.fromarray((found * 255).astype(np.uint8))
    best_angle, best_score = 0.0, -1.0
    for angle in ZONE_SKEW_DEGREES:
        score = _row_contrast(mask.rotate(angle, resample=Image.Resampling.NEAREST))
        if score > best_score:
            best_angle, best_score = angle, score
    if not best_angle:
        return crop, found
    turned = crop.rotate(best_angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return turned, text_mask(turned)


def _line_height(mask: np.ndarray) -> float:
    """The typical height of the text lines of a crop's text mask, in pixels (from the row
    profile's runs)."""
    rows = mask.mean(axis=1) > 0.04
    edges = np.diff(np.r_[0, rows.astype(np.int8), 0])
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    runs = stops - starts
    runs = runs[runs >= 3]
    return float(np.median(runs)) if runs.size else float(mask.shape[0])


def _original_box(box: tuple[int, int, int, int], size: tuple[int, int], quarter: int, tilt: float,
                  upright_size: tuple[int, int]) -> tuple[float, float, float, float]:
    """The zone's box mapped back onto the original image: its four corners undone through the
    tilt and the quarter turn, as (x, y, width, height) fractions."""
    width, height = size
    turned_w, turned_h = (height, width) if quarter else (width, height)
    corners = np.array([(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])], dtype=float)
    centre_up = np.array(upright_size, dtype=float) / 2
    centre_turned = np.array((turned_w, turned_h), dtype=float) / 2
    theta = np.radians(tilt)
    # PIL rotates counter-clockwise on screen (y down): undo with the opposite rotation.
    cos, sin = np.cos(theta), np.sin(theta)
    relative = corners - centre_up
    unrotated = np.stack([relative[:, 0] * cos - relative[:, 1] * sin,
                          relative[:, 0] * sin + relative[:, 1] * cos], axis=1) + centre_turned
    if quarter:
        # ROTATE_90 maps (x, y) of the original to (y, W - 1 - x): invert.
        unrotated = np.stack([width - unrotated[:, 1], unrotated[:, 0]], axis=1)
    xs = np.clip(unrotated[:, 0], 0, width)
    ys = np.clip(unrotated[:, 1], 0, height)
    return (float(xs.min() / width), float(ys.min() / height), float((xs.max() - xs.min()) / width),
            float((ys.max() - ys.min()) / height))


# --- Reading an upright zone cell by cell --------------------------------------------------------
# MRZ characters are printed in OCR-B at a fixed pitch: each line holds exactly 30, 36 or 44
# cells. Tesseract's general English model reads runs of fillers '<' as K, X or E; matching each
# cell against OCR-B's own glyphs does not.

OCR_B_FONT = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"
CELL_SIZE = (16, 24)  # width, height of a normalised cell
LINE_LENGTHS = (30, 36, 44)
_CAP_TOP, _DIGIT_TOP, _BASELINE, _ADVANCE = 23, 17, 96, 72.3  # OCR-B metrics at 100 px


@functools.cache
def _templates() -> tuple[str, np.ndarray] | None:
    try:
        font = ImageFont.truetype(OCR_B_FONT, 100)
    except OSError:
        return None
    characters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
    cells = []
    for char in characters:
        canvas = Image.new("L", (160, 140), 255)
        ImageDraw.Draw(canvas).text((40, 10), char, font=font, fill=0)
        cells.append(_normalised_cells(np.asarray(canvas), np.array([40 - 8]), np.array([40 + round(_ADVANCE) + 8]),
                                       10 + _CAP_TOP, 10 + _BASELINE)[0])
    return characters, np.stack(cells)


# Pillow resamples 8-bit images in fixed point with this many fractional bits (its Resample.c).
_PRECISION_BITS = 22


@functools.cache
def _box_spans(in_size: int, out_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pillow's BOX resampling of in_size pixels to out_size, computed as its Resample.c computes
    it (precompute_coeffs, normalize_coeffs_8bpc): output pixel j is the pixels from lows[j] up to
    highs[j], each times the fixed-point weight weights[j]."""
    scale = in_size / out_size
    filter_scale = max(scale, 1.0)
    support = 0.5 * filter_scale
    spans = []
    for out in range(out_size):
        centre = (out + 0.5) * scale
        low, high = max(0, int(centre - support + 0.5)), min(in_size, int(centre + support + 0.5))
        x = (np.arange(low, high) - centre + 0.5) * (1.0 / filter_scale)
        inside = low + np.flatnonzero((x > -0.5) & (x <= 0.5))
        spans.append((int(inside[0]), int(inside[-1]) + 1, int(0.5 + (1.0 / inside.size) * (1 << _PRECISION_BITS))))
    lows, highs, weights = (np.array(column, dtype=np.int64) for column in zip(*spans))
    # A weight is at most 2**22 / n + 0.5 for a span of n pixels of at most 255: a weighted sum
    # stays below 255 * 2**22 + 2**21 + 128 n, within 32 bits, which halve the memory moved.
    return lows, highs, weights.astype(np.int32)


def _box_pass(sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Sums of pixels times their fixed-point weight, rounded and clipped to 0..255 as Pillow
    does, in place."""
    sums *= weights
    sums += 1 << (_PRECISION_BITS - 1)
    sums >>= _PRECISION_BITS
    return np.clip(sums, 0, 255, out=sums)


def _normalised_cells(pixels: np.ndarray, lefts: np.ndarray, rights: np.ndarray, top: int,
                      bottom: int) -> np.ndarray:
    """The cells pixels[top:bottom, left:right] of an 8-bit gray image, one per left and right,
    each as Image.crop (black outside the image) and Image.resize to CELL_SIZE with BOX
    resampling would make it, without a Pillow call per cell (box sums from running sums, in
    integers: no matrix product, which numpy's BLAS would spread over threads): zero mean and
    unit length, one row per cell (a row of zeros for a uniform cell)."""
    return _cells_from_sums(_running_sums(pixels, top, bottom), lefts, rights)


def _running_sums(pixels: np.ndarray, top: int, bottom: int) -> np.ndarray:
    """Running sums along the rows pixels[top:bottom] of an 8-bit gray image, black outside it,
    stored column by column (a cell's columns are then whole rows of memory to gather): entry
    [x, row] sums the row's pixels left of column x. A cell reaching past the image's left or
    right side reads the first or the last entry there: black beyond it adds nothing."""
    rows = bottom - top
    running = np.zeros((pixels.shape[1] + 1, rows), dtype=np.int32)
    inside_top, inside_bottom = max(top, 0), max(min(bottom, pixels.shape[0]), 0)
    if inside_bottom > inside_top:
        running[1:, inside_top - top:inside_bottom - top] = np.cumsum(pixels[inside_top:inside_bottom], axis=1,
                                                                      dtype=np.int32).T
    return running


def _cells_from_sums(running: np.ndarray, lefts: np.ndarray, rights: np.ndarray) -> np.ndarray:
    """_normalised_cells from the band's _running_sums (found once for all the cells cut from it)."""
    width, height = CELL_SIZE
    rows = running.shape[1]
    last = running.shape[0] - 1
    cells = np.empty((lefts.size, height, width), dtype=np.int32)
    # Along rows first, rounded, then along columns, as Pillow resizes a cell about as wide as it
    # is high (Pillow 13 goes columns first for one much taller than wide, which no OCR-B cell is:
    # then a pixel would differ by one gray level).
    row_lows, row_highs, row_weights = _box_spans(rows, height)
    for cell_width in np.unique(rights - lefts):
        chosen = np.flatnonzero(rights - lefts == cell_width)
        lows, highs, weights = _box_spans(int(cell_width), width)
        starts = lefts[chosen][:, None]
        across = running[np.clip(starts + highs, 0, last)] - running[np.clip(starts + lows, 0, last)]
        _box_pass(across, weights[None, :, None])  # cells, width, rows
        # Running sums down the rows, each row a plane: a cell row's span is then whole planes.
        down = np.zeros((rows + 1,) + across.shape[:2], dtype=np.int32)
        np.cumsum(across.transpose(2, 0, 1), axis=0, out=down[1:])
        cells[chosen] = _box_pass(down[row_highs] - down[row_lows], row_weights[:, None, None]).swapaxes(0, 1)
    values = cells.reshape(lefts.size, -1).astype(np.float32)
    values -= values.mean(axis=1, keepdims=True)
    norms = np.linalg.norm(values, axis=1, keepdims=True)
    return values / np.where(norms == 0, 1, norms)


def _text_rows(mask: np.ndarray) -> list[tuple[int, int]]:
    rows = mask.mean(axis=1) > 0.03
    edges = np.diff(np.r_[0, rows.astype(np.int8), 0])
    runs = [(int(a), int(b)) for a, b in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1))]
    tallest = max((b - a for a, b in runs), default=0)
    return [(a, b) for a, b in runs if b - a >= 0.5 * tallest and b - a >= 5]


_LETTER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ<"
_DIGIT = "0123456789"
_DIGIT_OR_FILLER = "0123456789<"
_ANY = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
# What each position of each line may hold, per layout (lines x length): ICAO 9303 parts 4-7.
_TWO_LINE_FIRST = ["PIACV"] + [_LETTER] * 43
_TD3_SECOND = [_ANY] * 9 + [_DIGIT] + [_LETTER] * 3 + [_DIGIT] * 7 + [_LETTER] + [_DIGIT] * 7 + [_ANY] * 14 \
    + [_DIGIT_OR_FILLER, _DIGIT_OR_FILLER]
_TD2_SECOND = [_ANY] * 9 + [_DIGIT] + [_LETTER] * 3 + [_DIGIT] * 7 + [_LETTER] + [_DIGIT] * 7 + [_ANY] * 7 \
    + [_DIGIT_OR_FILLER]
_TD1 = (["PIACV"] + [_LETTER] * 4 + [_ANY] * 9 + [_DIGIT_OR_FILLER] + [_ANY] * 15,
        [_DIGIT] * 7 + [_LETTER] + [_DIGIT] * 7 + [_LETTER] * 3 + [_ANY] * 11 + [_DIGIT_OR_FILLER],
        [_LETTER] * 30)
_LAYOUTS = {(44, 44): (_TWO_LINE_FIRST, _TD3_SECOND), (36, 36): (_TWO_LINE_FIRST[:36], _TD2_SECOND),
            (30, 30, 30): _TD1}


@dataclass(frozen=True)
class CellReading:
    lines: tuple[str, ...]
    # Per line, each cell's match with every OCR-B character (rows: cells, columns: _templates()).
    scores: tuple[np.ndarray, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def fit(self) -> float:
        """How well the cells match their best OCR-B glyphs, on average over the lines."""
        return float(np.mean([line.max(axis=1).mean() for line in self.scores]))

    @property
    def name_line(self) -> int:
        return 2 if len(self.lines) == 3 else 0

    def score(self, line: int, position: int, char: str) -> float:
        characters, _ = _templates()
        return float(self.scores[line][position][characters.index(char)])


def read_cells(crop: Image.Image, mask: np.ndarray | None = None) -> CellReading | None:
    """The zone's lines read cell by cell, at the line length that matches OCR-B best, each
    position restricted to what its layout allows there (a name holds no digit, a date no
    letter); None without the OCR-B font or a zone of MRZ layout. `mask`: the crop's
    text_mask, when the caller has it."""
    templates = _templates()
    if templates is None:
        return None
    characters, stack = templates
    mask = text_mask(crop) if mask is None else mask
    lines = []
    for top, bottom in _text_rows(mask):
        strip, strip_mask = _levelled(crop, mask, top, bottom)
        rows = np.flatnonzero(strip_mask.mean(axis=1) > 0.03)
        if rows.size < 5:
            continue
        top, bottom = int(rows[0]), int(rows[-1]) + 1
        extent = _line_extent(strip_mask[top:bottom], bottom - top)
        if extent is not None:
            fits = _best_fit(strip, strip_mask, *extent, top, bottom, stack)
            if fits:
                lines.append(fits)
    for count in (3, 2):
        for first in range(len(lines) - count + 1):
            group = lines[first:first + count]
            lengths = tuple(max(fits, key=lambda n: fits[n][0]) for fits in group)
            if lengths in _LAYOUTS:
                scores = tuple(fits[length][1] for fits, length in zip(group, lengths))
                return CellReading(tuple(_constrained(line_scores, allowed, characters)
                                         for line_scores, allowed in zip(scores, _LAYOUTS[lengths])), scores)
    return None


def _levelled(crop: Image.Image, mask: np.ndarray, top: int, bottom: int) -> tuple[Image.Image, np.ndarray]:
    """The line of print between rows top and bottom, cut out with a margin and levelled: a
    photographed page is seldom flat, and each line of a zone may slope or bend its own way (a
    booklet's page curves; a few pixels across a line throw the cells at its far end off their
    characters). The line's course is the least-squares parabola through the ink's centre of
    height, measured every two characters; each column is moved up or down onto it."""
    height = bottom - top
    band = mask[top:bottom].astype(np.float64)
    chunk = max(4, 2 * height)
    xs, ys, weights = [], [], []
    for start in range(0, crop.width - chunk + 1, chunk):
        ink = band[:, start:start + chunk].sum(axis=1)
        if ink.sum() > height:
            xs.append(start + chunk / 2)
            ys.append(float((ink * np.arange(height)).sum() / ink.sum()))
            weights.append(float(ink.sum()))
    columns = np.arange(crop.width)
    shifts = np.zeros(crop.width, dtype=np.int64)
    if len(xs) >= 4:
        course = np.polyval(np.polyfit(xs, ys, 2, w=np.sqrt(weights)), np.clip(columns, xs[0], xs[-1]))
        # A course rising or falling more than the line is high is not this line's (the zone was
        # straightened to within a quarter degree): something beside it pulled the fit.
        if np.ptp(course) <= height:
            shifts = np.round(course - course.mean()).astype(np.int64)
    pad = max(2, height // 4) + int(np.abs(shifts).max())
    upper, lower = max(0, top - pad), min(crop.height, bottom + pad)
    pixels = np.asarray(crop)
    rows = np.arange(upper, lower)[:, None] + shifts[None, :]
    inside = (rows >= 0) & (rows < crop.height)
    rows = np.clip(rows, 0, crop.height - 1)
    strip = np.where(inside, pixels[rows, columns[None, :]], 255).astype(np.uint8)
    strip_mask = inside & mask[rows, columns[None, :]]
    return Image.fromarray(strip), strip_mask


def _line_extent(rows: np.ndarray, height: int) -> tuple[int, int] | None:
    """The columns a line of print spans: its longest run of inked columns with no gap wider than
    the line is high (the gaps between MRZ characters are narrower; a card's edge or a mark beside
    the zone is further away)."""
    columns = np.flatnonzero(rows.any(axis=0))
    if columns.size < 2:
        return None
    breaks = np.flatnonzero(np.diff(columns) > height)
    starts = np.r_[0, breaks + 1]
    ends = np.r_[breaks, columns.size - 1]
    longest = int(np.argmax(columns[ends] - columns[starts]))
    return int(columns[starts[longest]]), int(columns[ends[longest]]) + 1


def _best_fit(crop: Image.Image, mask: np.ndarray, left: int, right: int, top: int, bottom: int,
              stack: np.ndarray) -> dict[int, tuple[float, np.ndarray]]:
    """For each line length, the mean match and its cells' scores, at the pitch and phase the
    line's own ink repeats with (OCR-B is monospaced) and the better of two cap heights."""
    fits: dict[int, tuple[float, np.ndarray]] = {}
    cap = (bottom - top) * (_BASELINE - _CAP_TOP) / (_BASELINE - _DIGIT_TOP)
    profile = mask[top:bottom, left:right].sum(axis=0).astype(np.float64)
    pixels = np.asarray(crop)
    heights = {bottom - top, cap}
    # Every line length's cells of one height are cut from the same band of rows.
    bands = {height: _running_sums(pixels, round(bottom - height), bottom) for height in heights}
    for count in LINE_LENGTHS:
        # The ink spans count - 1 pitches and the last glyph's ink (most of a pitch).
        base = (right - left) / (count - 0.2)
        if base < 3:
            continue
        pitch, first_centre = _period(profile, base)
        for height in heights:
            # A cell either side as well: the line's first ink can be a pitch off its first cell
            # (a narrow I, a mark beside the zone); the window of `count` cells matching best wins.
            scores = _cell_scores(bands[height], left + first_centre - pitch * 1.5, pitch, count + 2, stack)
            best = scores.max(axis=1)
            shift = max(range(3), key=lambda start: float(best[start:start + count].mean()))
            fit = float(best[shift:shift + count].mean())
            if count not in fits or fit > fits[count][0]:
                fits[count] = (fit, scores[shift:shift + count])
    return fits


def _period(profile: np.ndarray, base: float) -> tuple[float, float]:
    """The pitch (near `base`) at which the line's column profile repeats most strongly, and the
    centre of its first character cell, from the profile's Fourier component at that pitch."""
    pitches = base * np.linspace(0.95, 1.05, 41)
    inked = np.flatnonzero(profile)
    components = np.einsum("pc,c->p", np.exp(-2j * np.pi * inked[None, :] / pitches[:, None]), profile[inked])
    best = int(np.argmax(np.abs(components)))
    pitch, phase = float(pitches[best]), float(np.angle(components[best]))
    centre = (-pitch * phase / (2 * np.pi)) % pitch
    # The first glyph's ink starts at the line's left edge: its centre is under half a pitch in.
    centre = min((centre - pitch, centre, centre + pitch), key=lambda value: abs(value - 0.4 * pitch))
    return float(pitch), float(centre)


def _cell_scores(band: np.ndarray, start: float, pitch: float, count: int, stack: np.ndarray) -> np.ndarray:
    """Each cell's match with every OCR-B character, the cells placed at `start` + index x `pitch`
    and then re-placed along the line: the pitch read from the line's ink is off by a fraction
    of a pixel, which adds up to half a character at the end of 44, and a page photographed at
    an angle prints its characters closer together at the far end. Where each cell matches best
    within a third of a pitch either way, weighted by how well, gives a smooth (quadratic)
    correction. `band`: the _running_sums of the rows the cells span."""
    margin = pitch * 8 / _ADVANCE

    def matched(positions: np.ndarray, shifts: tuple[float, ...]) -> np.ndarray:
        x0 = (positions[:, None] + np.asarray(shifts)[None, :] * pitch - margin).ravel()
        # Rounded half to even, as round() rounds.
        lefts = np.round(x0).astype(np.int64)
        rights = np.round(x0 + pitch + 2 * margin).astype(np.int64)
        cells = _cells_from_sums(band, lefts, rights)
        # einsum, not a matrix product: numpy's BLAS would spread it over threads that, on a busy
        # machine, spin for a core each (OCR and the other workers' pages wait for them).
        return np.einsum("ck,tk->ct", cells, stack).reshape(count, len(shifts), stack.shape[0])

    indices = np.arange(count)
    wide = (-0.3, -0.2, -0.1, 0.0, 0.1, 0.2, 0.3)
    first = matched(start + indices * pitch, wide).max(axis=2)
    offsets = np.asarray(wide)[first.argmax(axis=1)] * pitch
    weights = np.clip(first.max(axis=1), 0, None) ** 2
    if np.count_nonzero(weights) >= 4:
        offsets = np.polyval(np.polyfit(indices, offsets, 2, w=np.sqrt(weights) + 1e-6), indices)
    else:
        offsets = np.zeros(count)
    return matched(start + indices * pitch + offsets, (-0.1, 0.0, 0.1)).max(axis=1)


def _constrained(scores: np.ndarray, allowed: list[str], characters: str) -> str:
    text = []
    for row, chars in zip(scores, allowed):
        options = [characters.index(char) for char in chars]
        text.append(characters[options[int(np.argmax(row[options]))]])
    return "".join(text)
