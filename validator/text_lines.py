"""The lines of print on a page, found in its pixels, and a sample of them stacked into one image
for OCR: reading a page's language or a name needs a few lines of its text, not the whole page
(validator/reading.py reads more when they do not settle it).

Lines are found on the page at about the measuring scale (cheap), among the marks that can be
characters (frames, rules and the paper's edges left out), upright: of the two quarter turns, the
one in which the characters join into the most line, at the tilt that concentrates their rows'
projection most. Each line's pixels are then drawn from the larger image OCR reads, turned the
same way. Which way up the lines are is not measured: reading.py reads the sample's longest line
first (probe_line), and when that makes no sense, again turned half round, before the others.

numpy and Pillow only."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image

from validator.components import connected_regions
from validator.text_geometry import MAX_GLYPH_SHARE, MIN_GLYPH_PIXELS, close_rows, scaled_down, text_mask

# Lines are looked for with the page's long side at most this many pixels (about the measuring
# scale: characters of a photographed document are still several pixels high there).
FIND_LONG_SIDE = 1024
# Characters of a word closed into one blob along the row: a gap of this many pixels (at the
# finding scale) is bridged, a line's spacing is not.
CLOSE_WIDTH = 11
MIN_LINE_HEIGHT = 5
# A character's mark is at most this many times as wide as it is high (a Chinese character's radical,
# joined Latin letters); longer marks are rules, frames and edges.
GLYPH_ASPECT = 4.0
# The page's tilt: within TURN_STEPS steps of TURN_STEP_DEGREES either way, measured on at most
# TURN_SAMPLE_PIXELS of the marks' pixels.
TURN_STEPS = 16
TURN_STEP_DEGREES = 1.0
TURN_SAMPLE_PIXELS = 20000
MIN_LINE_ASPECT = 2.0
MIN_LINE_FILL = 0.3
# Pieces of one line (words farther apart than the closing bridges) are joined when they overlap
# this share of their heights and the gap between them is at most this many line heights.
SAME_LINE_OVERLAP = 0.6
SAME_LINE_GAP = 4.0
# Each line is cut with this share of its height above and below it, and scaled so that it is
# OCR_LINE_HEIGHT pixels high: Tesseract reads text about 30-40 px high best; larger text costs
# time, not accuracy.
LINE_MARGIN = 0.3
# And this many line heights at each end (the closing that found it may leave a last letter out).
LINE_SIDE_MARGIN = 1.0
OCR_LINE_HEIGHT = 40
MAX_UPSCALE = 3.0
LINE_SPACING = 16
# How many lines a page's sample holds: chosen on the test corpus (docs/validator/calibration.md,
# "Reading a sample of lines"). SAMPLE_KEY names the sample in the OCR cache: a change to how
# lines are found or chosen must change it.
SAMPLE_LINES = 8
SAMPLE_KEY = f"lines4-{SAMPLE_LINES}"


@dataclass(frozen=True)
class Line:
    # (left, top, right, bottom) on the upright page, in fractions of its width and height.
    box: tuple[float, float, float, float]
    # Its length in line heights: about how many characters it holds (a Latin letter is about half
    # a line high, a Chinese character about one).
    aspect: float


@dataclass(frozen=True)
class PageLines:
    quarter: int  # quarter turns (counter-clockwise) that make the text upright
    tilt: float  # then this rotation, in degrees
    lines: tuple[Line, ...]  # top to bottom


def find_lines(image: Image.Image) -> PageLines:
    """The page's lines of print, on the page turned upright: of the two quarter turns, the one
    whose characters join into the most line (by their pixels), each at its best tilt."""
    gray = scaled_down(image.convert("L"), FIND_LONG_SIDE)
    glyphs, glyph_height = _glyphs(text_mask(gray))
    # The marks as an image of 0 and 1 (a nearest-neighbour rotation keeps them so), viewed, not
    # copied; turned by a whole quarter only as an array view (numpy's quarter turn is Pillow's
    # ROTATE_90).
    marks = Image.fromarray(glyphs.view(np.uint8))
    found = []
    for quarter, tilt in enumerate(_tilts(glyphs, glyph_height)):
        if tilt:
            turned = marks.transpose(Image.Transpose.ROTATE_90) if quarter else marks
            upright = np.asarray(turned.rotate(tilt, resample=Image.Resampling.NEAREST, expand=True)) > 0
        else:
            upright = np.rot90(glyphs, quarter)
        lines, mass = _lines(upright)
        found.append((mass, -quarter, PageLines(quarter, tilt, lines)))
    return max(found, key=lambda option: option[:2])[2]


def _lines(upright: np.ndarray) -> tuple[tuple[Line, ...], int]:
    """The lines on an upright mask, top to bottom, and how many of the mask's pixels they hold."""
    height, width = upright.shape
    blobs = connected_regions(close_rows(upright, CLOSE_WIDTH), diagonal=True)
    tall, length = blobs.bottom - blobs.top, blobs.right - blobs.left
    chosen = np.flatnonzero((MIN_LINE_HEIGHT <= tall) & (tall <= MAX_GLYPH_SHARE * height)
                            & (length >= MIN_LINE_ASPECT * tall) & (blobs.size >= MIN_LINE_FILL * tall * length))
    pieces = np.stack([side[chosen] for side in (blobs.left, blobs.top, blobs.right, blobs.bottom)], axis=1).tolist()
    mass = sum(int(upright[top:bottom, left:right].sum()) for left, top, right, bottom in pieces)
    lines = [Line((left / width, top / height, right / width, bottom / height), (right - left) / (bottom - top))
             for left, top, right, bottom in _joined(pieces)]
    return tuple(sorted(lines, key=lambda line: (line.box[1], line.box[0]))), mass


def _glyphs(mask: np.ndarray) -> tuple[np.ndarray, float]:
    """The print's marks that can be characters or their parts (a frame, a rule, the paper's edge
    cannot): at least MIN_GLYPH_PIXELS long, their short side at most MAX_GLYPH_SHARE of the
    page's height, and at most GLYPH_ASPECT times as long one way as the other, in either
    direction (the page may be turned); and their median height. A mark's whole box is kept: the
    print within it that is not the mark's own too."""
    marks = connected_regions(mask, diagonal=True)
    heights, widths = marks.bottom - marks.top, marks.right - marks.left
    longer, shorter = np.maximum(heights, widths), np.minimum(heights, widths)
    chosen = np.flatnonzero((MIN_GLYPH_PIXELS <= longer) & (shorter <= MAX_GLYPH_SHARE * mask.shape[0])
                            & (longer <= GLYPH_ASPECT * np.maximum(shorter, 2)))
    boxes = np.zeros_like(mask)
    sides = (marks.top[chosen], marks.bottom[chosen], marks.left[chosen], marks.right[chosen])
    for top, bottom, left, right in zip(*(side.tolist() for side in sides)):
        boxes[top:bottom, left:right] = True
    return mask & boxes, float(np.median(heights[chosen])) if chosen.size else 1.0


# The tilts tried, in the order the first of equally good ones is taken, and their cosines and
# sines, each computed alone as first measured (a vectorised cosine may differ in its last bit).
TURN_ANGLES = [step * TURN_STEP_DEGREES for step in range(-TURN_STEPS, TURN_STEPS + 1)]
_TURN_COS = np.array([np.cos(np.deg2rad(angle)) for angle in TURN_ANGLES])
_TURN_SIN = np.array([np.sin(np.deg2rad(angle)) for angle in TURN_ANGLES])
# Angles measured together: a third of them at a time cost less CPU than one at a time (numpy's
# overhead for each call, a fifth more) and than all at once (arrays of 33 x 20,000-40,000
# coordinates: up to twice as much, where glibc maps them afresh for each page).
TURN_GROUP = 11


def _tilts(glyphs: np.ndarray, glyph_height: float) -> tuple[float, float]:
    """The tilt (degrees, as Image.rotate takes it) that makes the marks' rows horizontal once the
    page is turned 0, and 1, quarter turns counter-clockwise: where their projection across the
    rows is most concentrated (the largest sum of squares of the profile, in bins of half a mark's
    height), the usual skew measure. Computed on the marks' pixels' coordinates, not by rotating
    the image for every angle tried."""
    pixels = np.flatnonzero(glyphs)
    if pixels.size == 0:
        return 0.0, 0.0
    ys, xs = np.divmod(pixels[::max(pixels.size // TURN_SAMPLE_PIXELS, 1)], glyphs.shape[1])
    ys, xs = ys.astype(np.float64), xs.astype(np.float64)
    bin_size = max(glyph_height / 2, 1.0)
    tilts = []
    # Image.ROTATE_90 turns counter-clockwise: a point (x, y) goes to (y, width - 1 - x).
    for across, along in ((ys, xs), (glyphs.shape[1] - 1 - xs, ys)):
        scores = [_concentration(across, along, start, bin_size) for start in range(0, len(TURN_ANGLES), TURN_GROUP)]
        tilts.append(TURN_ANGLES[int(np.argmax(np.concatenate(scores)))])
    return tilts[0], tilts[1]


def _concentration(across: np.ndarray, along: np.ndarray, start: int, bin_size: float) -> np.ndarray:
    """For TURN_GROUP angles from TURN_ANGLES[start]: the sum of squares of the profile of the
    points' rows, once turned by the angle."""
    cos, sin = _TURN_COS[start:start + TURN_GROUP, None], _TURN_SIN[start:start + TURN_GROUP, None]
    # Image.rotate(angle) turns counter-clockwise by `angle`: a row's new height is
    # y cos - x sin, up to a constant shift.
    rows = cos * across
    rows -= sin * along
    rows -= rows.min(axis=1, keepdims=True)
    rows /= bin_size
    # Truncated, not floored: the same bins, counted from the lowest row at 0.
    bins = rows.astype(np.int64)
    size = int(bins.max()) + 1
    bins += np.arange(len(cos))[:, None] * size
    profiles = np.bincount(bins.ravel(), minlength=len(cos) * size).reshape(len(cos), size)
    # In integers: the float sums first compared were exact (below 2**53).
    return np.square(profiles).sum(axis=1)


def _joined(pieces: list[list[int]]) -> list[list[int]]:
    """Pieces of the same line (side by side, overlapping in height) as one box."""
    joined: list[list[int]] = []
    for piece in sorted(pieces, key=lambda box: box[0]):
        for line in joined:
            overlap = min(line[3], piece[3]) - max(line[1], piece[1])
            height = min(line[3] - line[1], piece[3] - piece[1])
            if overlap >= SAME_LINE_OVERLAP * height and piece[0] - line[2] <= SAME_LINE_GAP * height:
                line[:] = [min(line[0], piece[0]), min(line[1], piece[1]), max(line[2], piece[2]),
                           max(line[3], piece[3])]
                break
        else:
            joined.append(list(piece))
    return joined


def stacked(image: Image.Image, page: PageLines, lines: list[Line]) -> Image.Image:
    """The lines cut from `image` (the page at any scale, as `page` was found on it), each turned
    upright and scaled to OCR_LINE_HEIGHT, stacked top to bottom on white: one image to OCR. Each
    line is drawn straight from the image by one affine transform: the page is never turned whole.
    A reader passes the page in grey (DocumentReader._ocr_page), converted once for every sheet
    and the whole page's OCR."""
    gray = image if image.mode == "L" else image.convert("L")
    to_source, (width, height) = _upright_to_source(gray.size, page.quarter, page.tilt)
    crops = []
    for line in lines:
        left, top, right, bottom = line.box
        margin = (bottom - top) * height * LINE_MARGIN
        side = (bottom - top) * height * LINE_SIDE_MARGIN
        x0, y0 = left * width - side, top * height - margin
        x1, y1 = right * width + side, bottom * height + margin
        factor = min(OCR_LINE_HEIGHT * (1 + 2 * LINE_MARGIN) / (y1 - y0), MAX_UPSCALE)
        size = (max(1, round((x1 - x0) * factor)), max(1, round((y1 - y0) * factor)))
        # Output pixel (i, j) is the upright point (x0 + i / factor, y0 + j / factor).
        a, b, c, d, e, f = to_source
        matrix = (a / factor, b / factor, a * x0 + b * y0 + c, d / factor, e / factor, d * x0 + e * y0 + f)
        crops.append(gray.transform(size, Image.Transform.AFFINE, matrix, Image.Resampling.BILINEAR, fillcolor=255))
    sheet = Image.new("L", (max(crop.width for crop in crops) + 2 * LINE_SPACING,
                            sum(crop.height + LINE_SPACING for crop in crops) + LINE_SPACING), 255)
    y = LINE_SPACING
    for crop in crops:
        sheet.paste(crop, (LINE_SPACING, y))
        y += crop.height + LINE_SPACING
    return sheet


def _upright_to_source(size: tuple[int, int], quarter: int, tilt: float) -> tuple[tuple[float, ...], tuple[float, float]]:
    """The affine map (a, b, c, d, e, f: x = a X + b Y + c, y = d X + e Y + f) from the upright
    page (the image turned a quarter counter-clockwise `quarter` times, then rotated by `tilt`
    degrees counter-clockwise with its canvas expanded, as Image.rotate does) to the image's own
    pixels; and the upright page's size."""
    width, height = size
    turned_width, turned_height = (height, width) if quarter else (width, height)
    cos, sin = math.cos(math.radians(tilt)), math.sin(math.radians(tilt))
    upright_width = abs(turned_width * cos) + abs(turned_height * sin)
    upright_height = abs(turned_width * sin) + abs(turned_height * cos)
    # Upright (X, Y) to the turned page (u, v): back about the centres, by the transposed rotation.
    u = (cos, -sin, turned_width / 2 - cos * upright_width / 2 + sin * upright_height / 2)
    v = (sin, cos, turned_height / 2 - sin * upright_width / 2 - cos * upright_height / 2)
    if quarter:  # the turned page's (u, v) is the image's (width - v, u)
        x = (-v[0], -v[1], width - v[2])
        return (*x, *u), (upright_width, upright_height)
    return (*u, *v), (upright_width, upright_height)


def sample_lines(lines: tuple[Line, ...]) -> list[Line]:
    """The lines read first: the SAMPLE_LINES longest (the most characters: a language is told, and a
    name found, in long lines rather than in captions), in page order."""
    longest = sorted(lines, key=lambda line: -line.aspect)[:SAMPLE_LINES]
    return [line for line in lines if line in longest]


def probe_line(lines: list[Line]) -> Line:
    """The line of a sample read first, alone, to tell which way up the page is: the longest (the
    most characters, so that its reading's confidence says whether it was read upside down).
    Tesseract reads lines upside down as nonsense, and slowly: one line read both ways costs less
    than the whole sample read the wrong way up."""
    return max(lines, key=lambda line: line.aspect)
