"""Where the print is on a page, and how tall its characters are: shared by the MRZ finder
(validator/mrz_zone.py) and the legibility rules (what a person can read depends on the height
of the characters in pixels, not on the file's pixel count).

numpy and Pillow only."""

from __future__ import annotations

import math

import numpy as np
from PIL import Image

from validator.components import connected_regions

# Darkness (grey levels below the neighbourhood's background) print has at least.
MIN_INK_DARKNESS = 12
# A character's component: at least this many pixels tall and at most this share of the page's
# height (a photo, a frame or a seal is not a character).
MIN_GLYPH_PIXELS = 3
MAX_GLYPH_SHARE = 0.1
MIN_GLYPHS = 20


def dark_text(gray: Image.Image | np.ndarray, size: int) -> np.ndarray:
    """Black top-hat: how much darker each pixel is than its neighbourhood's background, so that
    text stands out the same on white paper, a tinted security print or a shadow."""
    return _top_hat(np.asarray(gray), size).astype(np.int16)


def _top_hat(pixels: np.ndarray, size: int) -> np.ndarray:
    """dark_text in 8 bits: a closing is never darker than the pixels it closes."""
    return _square_rank(_square_rank(pixels, size, np.maximum), size, np.minimum) - pixels


def _square_rank(pixels: np.ndarray, size: int, pick: np.ufunc) -> np.ndarray:
    """The maximum (or minimum) over each pixel's size x size square, the edges repeated beyond
    the image: Pillow's MaxFilter / MinFilter, pixel for pixel (tests/test_text_geometry.py), as
    two passes (down the columns, along the rows) some hundred times faster than Pillow's square
    rank. Each pass doubles its windows (pairs, then fours) and picks between two overlapping
    windows that together span `size`: three picks for a square of 7 instead of six."""
    reach = size // 2
    height, width = pixels.shape
    framed = np.empty((height + 2 * reach, width), dtype=pixels.dtype)
    framed[reach:reach + height] = pixels
    framed[:reach], framed[reach + height:] = pixels[0], pixels[-1]
    columns = running_pick(framed, size, pick, np.empty_like(pixels))
    # Along the rows, all of them as one line, each row framed as the columns were: a window that
    # starts at one of a row's own pixels ends within its frame. One pick over the whole line
    # costs half of one over every row; what the windows across two rows give is not kept.
    framed = np.empty((height, width + 2 * reach), dtype=pixels.dtype)
    framed[:, reach:reach + width] = columns
    framed[:, :reach], framed[:, reach + width:] = columns[:, :1], columns[:, -1:]
    line = np.empty(framed.size, dtype=pixels.dtype)
    running_pick(framed.ravel(), size, pick, line[:line.size - 2 * reach])
    return line.reshape(framed.shape)[:, :width]


def running_pick(windows: np.ndarray, size: int, pick: np.ufunc, out: np.ndarray) -> np.ndarray:
    """Into `out`, the pick (maximum, minimum, or, and) over each run of `size` consecutive
    entries along the first axis, from the first: windows doubled (pairs, then fours, ...), then
    two overlapping windows that together span `size` picked between. Along another axis, pass
    transposed views."""
    span = 1
    while 2 * span <= size:
        windows = pick(windows[:-span], windows[span:])
        span *= 2
    count = len(out)
    return pick(windows[:count], windows[size - span:size - span + count], out=out)


def otsu(values: np.ndarray) -> float:
    return _otsu(*_histogram(values, 64))


def _otsu(histogram: np.ndarray, edges: np.ndarray) -> float:
    centres = (edges[:-1] + edges[1:]) / 2
    weight = np.cumsum(histogram)
    total = weight[-1]
    mean = np.cumsum(histogram * centres)
    between = (mean[-1] * weight - total * mean) ** 2 / np.maximum(weight * (total - weight), 1)
    return float(centres[int(np.argmax(between))])


def _histogram(values: np.ndarray, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """np.histogram(values, bins): for integers, each distinct value counted first and binned
    once, weighted by its count, by np.histogram itself over the same range (the same bins and
    counts, tests/test_text_geometry.py), several times cheaper than binning every value. (Not
    for integers spread wider than they are many, whose count by value would be the larger.)"""
    if values.dtype.kind not in "iu" or values.size == 0:
        return np.histogram(values, bins=bins)
    low, high = int(values.min()), int(values.max())
    if high - low >= values.size:
        return np.histogram(values, bins=bins)
    return _counted_histogram(np.bincount(np.subtract(values.ravel(), low, dtype=np.intp)), low, bins)


def _counted_histogram(counts: np.ndarray, low: int, bins: int) -> tuple[np.ndarray, np.ndarray]:
    """_histogram of integers counted by value: counts[i] of them are low + i, the first and last
    counts not zero."""
    present = np.flatnonzero(counts)
    return np.histogram(present + low, bins=bins, range=(low, low + counts.size - 1), weights=counts[present])


def text_mask(gray: Image.Image | np.ndarray) -> np.ndarray:
    """The print: pixels clearly darker than their background (Otsu's threshold on the top-hat)."""
    dark = _top_hat(np.asarray(gray), 7)
    # The candidates, top-hat values above 4, counted by value in one pass by Pillow instead of
    # gathered: Otsu's histogram as _histogram would bin them (gathered when it would not count them).
    counts = np.array(Image.fromarray(dark).histogram()[5:])
    present = np.flatnonzero(counts)
    if present.size == 0:
        threshold = 255
    elif present[-1] - present[0] >= counts.sum():
        threshold = otsu(dark[dark > 4])
    else:
        first, last = int(present[0]), int(present[-1])
        threshold = _otsu(*_counted_histogram(counts[first:last + 1], 5 + first, 64))
    # Integers above a threshold are those above its floor: compared in 8 bits.
    return dark > math.floor(max(threshold, MIN_INK_DARKNESS))


def character_height(image: Image.Image, page_height: int | None = None) -> float | None:
    """The height, in this image's pixels, of the page's print: the upper quartile of the heights
    of its character-like marks (connected print no wider than three times its height), so that
    specks of a security background and punctuation do not pull it down; None when there are too
    few marks to say. `page_height`: what a character's height is a share of (at most
    MAX_GLYPH_SHARE), when not the image's height (a strip cut from a page)."""
    return character_height_in(text_mask(image.convert("L")), page_height)


def character_height_in(mask: np.ndarray, page_height: int | None = None) -> float | None:
    """character_height of a page whose print (text_mask) is already found."""
    tallest = MAX_GLYPH_SHARE * (page_height or mask.shape[0])
    marks = connected_regions(mask, diagonal=True)
    heights, widths = marks.bottom - marks.top, marks.right - marks.left
    characters = ((MIN_GLYPH_PIXELS <= heights) & (heights <= tallest) & (2 <= widths) & (widths <= 3 * heights)
                  & (marks.size >= heights))
    heights = heights[characters]
    return float(np.percentile(heights, 75)) if heights.size >= MIN_GLYPHS else None


def scaled_down(image: Image.Image, long_side: int) -> Image.Image:
    """The image reduced (never enlarged) to `long_side` pixels on its long side."""
    factor = long_side / max(image.size)
    if factor >= 1:
        return image
    return image.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))),
                        Image.Resampling.BOX)


def close_rows(mask: np.ndarray, width: int) -> np.ndarray:
    """Binary closing along rows with a run of `width` pixels: characters of a line merge into
    one blob, the gaps between lines stay open. As the sliding-window sums first computed it,
    column i holds the closing's column i + width // 2, and the result is 3 * (width // 2) - width
    columns narrower than the mask when that is positive: kept, so that every box found on it stays
    where it was (tests/test_text_geometry.py). Each run is taken by running_pick, along the rows as
    the columns of the transposed views, about six times cheaper than finding the gaps from the
    marked pixels' positions."""
    half = width // 2
    run = 2 * half + 1
    height, columns = mask.shape
    padded = np.zeros((height, columns + width + half), dtype=bool)
    padded[:, half:half + columns] = mask
    dilated = running_pick(padded.T, run, np.logical_or, np.empty((height, padded.shape[1] - run + 1), dtype=bool).T)
    closed_columns = max(dilated.shape[0] - run + 1, 0)
    closed = running_pick(dilated, run, np.logical_and, np.empty((height, closed_columns), dtype=bool).T)
    return closed.T[:, :columns]
