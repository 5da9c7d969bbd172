"""Measures over a page's pixels, shared by the legibility and seal checks.

Every measure works at a fixed scale (`MEASURE_LONG_SIDE`) so that its value means the same on
a 12-megapixel phone photo and on a 150 dpi scan, and each is normalised so that it does not
depend on the image's size or overall brightness. The thresholds that turn these measures into
findings live with the rules and come from the calibration (docs/validator/calibration.md)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from PIL import Image

from validator.components import connected_components, connected_regions
from validator.findings import Region
from validator.text_geometry import character_height_in, running_pick, text_mask

# The long side, in pixels, at which the page is measured: an A4 page at about 90 dpi, a phone
# photo of a document at about 60 dpi over the document. Text strokes are still several pixels
# apart at this scale, and blur that this scale hides does not hurt reading at it.
MEASURE_LONG_SIDE = 1024
# A page whose long side is between this and MEASURE_LONG_SIDE (a 4032 px photo draft-decoded at
# a quarter, or reduced by a whole factor: 1008 px) is measured as it is, its widths expressed at
# MEASURE_LONG_SIDE; a smaller page is measured at its own scale.
MEASURE_MIN_LONG_SIDE = 864
# Local statistics are taken over square blocks of this many measure pixels.
BLOCK = 16
# Smoothing before the blur measure: a 3x3 binomial kernel (1 2 1 / 2 4 2 / 1 2 1, over 16), about
# a Gaussian of sigma 0.7, applied as Pillow's ImageFilter.Kernel applies it (_smoothed).
# A block whose darkest and brightest pixels differ by less than this holds no print.
FLAT_BLOCK_RANGE = 24
# A pixel whose value (0..255) is at least this is clipped: the sensor saturated.
CLIPPED = 248
# Red, as an official seal's ink is red: hue within this many degrees of pure red, saturation
# and brightness above these (faded seals are pinkish, saturation down to ~0.3).
RED_HUE_DEGREES = 22
RED_MIN_SATURATION = 0.28
RED_MIN_VALUE = 0.35
# Together they need the red channel this far above the lowest one (saturation times the least
# brightness, 0.28 * 89.25 = 25, less a margin for rounding).
RED_MIN_SPREAD = 24
# Pillow's HSV conversion truncates hue and saturation to steps of 1/255 (of the circle, of full
# saturation): the red mask's integer prefilter keeps this much more of either (a share of full
# saturation; of a sixth of the circle), so that it lets through every pixel the HSV test passes.
RED_PREFILTER_MARGIN = 0.02
# Those wider bounds in whole hundredths, rounded outwards (the saturation's down, the hue band's
# up): a test in int16 that lets through every pixel the bounds do, and a few more to the HSV test.
RED_PREFILTER_SATURATION = math.floor((RED_MIN_SATURATION - RED_PREFILTER_MARGIN) * 100)
RED_PREFILTER_HUE_BAND = math.ceil((RED_HUE_DEGREES / 60 + RED_PREFILTER_MARGIN) * 100)
# Chroma (max - min channel, after white balance on the paper) that counts as colour print.
COLOUR_CHROMA = 40

# A block holds print when at least this share of its pixels are print (text_geometry.text_mask):
# the document's text, however small, against a plain desk, table or background.
PRINT_BLOCK_SHARE = 0.03
# A block is the document's paper when its brightest pixels reach this share of the paper level;
# with less than this share of the image such blocks, the image is not a document.
DOCUMENT_PAPER_SHARE = 0.75
MIN_DOCUMENT_SHARE = 0.1
# A glare blob is only told from white paper when the rest of the paper is at least this much
# darker than clipping.
GLARE_PAPER_MARGIN = 8
# A reflection is a spot on the document; the white background around a document cut out or
# laid on white runs along the frame. A clipped blob whose box reaches two sides of the frame, or
# runs along more than this share of one side, may be that background.
GLARE_FRAME_SIDE_SHARE = 0.5
# A seal is at least this share of the image's short side across (a 3 cm seal on an A4 page
# photographed with a wide margin), and round: its box's width/height within these bounds
# (perspective squeezes a circle into an ellipse).
SEAL_MIN_DIAMETER = 0.045
SEAL_MAX_DIAMETER = 0.6
SEAL_ASPECT = (0.6, 1.65)
# Fewer red pixels than this cannot draw even the smallest seal's ring.
SEAL_MIN_RED_PIXELS = 200
# Directions around a shape's centre in which its rim is looked for.
SEAL_ANGLE_BINS = 36
# The rim: where, normalised to the box, a round outline's pixels lie; around a circle the
# outermost red is at the same distance in every direction, around a square (even turned) not.
SEAL_RIM = 0.86
SEAL_MAX_RIM_SPREAD = 0.14
# Corners: beyond this normalised radius (outside the inscribed ellipse) a round seal has almost
# no red; a square logo has much. Content: inside this radius a seal has its star and text.
SEAL_CORNER_RADIUS = 1.12
SEAL_MAX_CORNER_SHARE = 0.06
SEAL_CONTENT_RADIUS = 0.7
SEAL_MIN_INNER_SHARE = 0.04
# A seal is hollow: its star and text leave most of the inside white, where a red object in a
# photograph is solid.
SEAL_INNER_RADIUS = 0.6
SEAL_MAX_INNER_DENSITY = 0.45


@dataclass(frozen=True)
class Blob:
    share: float  # of the image
    region: Region | None


NO_BLOB = Blob(0.0, None)


@dataclass(frozen=True)
class Glare:
    """Clipped, texture-free, colourless blobs: the largest inside the frame (a reflection on the
    document) and the largest that runs along the frame (the background around the document, or
    a reflection at its edge: it cannot be told)."""

    inside: Blob
    along_frame: Blob


NO_GLARE = Glare(NO_BLOB, NO_BLOB)


@dataclass(frozen=True)
class SealShape:
    region: Region
    coverage: float


class PageMeasures:
    """The measures of one page, each computed once, on demand. The heavy lifting (resizing,
    colour conversion, block averages) is left to Pillow's C code; a page costs tens of
    milliseconds."""

    def __init__(self, image: Image.Image) -> None:
        long_side = max(image.size)
        divisor = math.ceil(long_side / MEASURE_LONG_SIDE)
        if divisor > 1 and long_side / divisor >= MEASURE_MIN_LONG_SIDE:
            # An integer reduction costs about a quarter of an exact resize (docs/validator/performance.md).
            image = image.reduce(divisor)
        elif divisor > 1:
            scale = MEASURE_LONG_SIDE / long_side
            size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
            image = image.resize(size, Image.Resampling.BOX)
        self.image = image
        self._pixel_scale = MEASURE_LONG_SIDE / max(image.size) if max(image.size) >= MEASURE_MIN_LONG_SIDE else 1.0
        self.gray = np.asarray(image.convert("L"))

    @cached_property
    def _block_low_high(self) -> tuple[np.ndarray, np.ndarray]:
        """Per block, the 2nd and 98th percentile of the gray values: robust to noise, unlike
        the minimum and maximum."""
        rows, cols = self.gray.shape[0] // BLOCK, self.gray.shape[1] // BLOCK
        if rows == 0 or cols == 0:
            return np.zeros((1, 1)), np.zeros((1, 1))
        cropped = self.gray[:rows * BLOCK, :cols * BLOCK]
        blocks = cropped.reshape(rows, BLOCK, cols, BLOCK).swapaxes(1, 2).reshape(rows, cols, BLOCK * BLOCK)
        low_rank, high_rank = round(0.02 * (BLOCK * BLOCK - 1)), round(0.98 * (BLOCK * BLOCK - 1))
        # numpy sorts 8-bit values by radix ("stable"): three times faster than partitioning them.
        ranked = np.sort(blocks, axis=-1, kind="stable")
        return ranked[..., low_rank].astype(np.float32), ranked[..., high_rank].astype(np.float32)

    @cached_property
    def paper_level(self) -> float:
        """How bright the paper is (0..255): the brightness most blocks reach."""
        _, high = self._block_low_high
        return float(np.percentile(high, 75))

    @cached_property
    def print_contrast(self) -> float:
        """Weber contrast of the page's clearest print against its paper (0..1): the upper
        quartile over the blocks that hold print. Text strokes are the clearest print on a
        document; the median would be the faint guilloche of security printing, which covers
        most of a passport or an ID card. Brightness-invariant, so a dark but crisp photo keeps
        its contrast."""
        low, high = self._block_low_high
        printed = (high - low) >= FLAT_BLOCK_RANGE
        if printed.sum() < 4:
            return 0.0
        return float(np.percentile((high[printed] - low[printed]) / np.maximum(high[printed], 1.0), 75))

    @cached_property
    def edge_width(self) -> float:
        """How wide the strongest edges are, in measure pixels: 1/sqrt(sum(Laplacian^2) /
        sum(|gradient|^2)) over the band of strong edges. A Gaussian blur of sigma makes it grow
        in proportion to sigma; it does not depend on contrast or image size. Only edges inside
        the document count: its outline against the table stays sharp on a blurred copy."""
        if min(self.gray.shape) < 8:
            return float("inf")
        inside = self._document_interior[1:-1, 1:-1]
        # Only the interior's bounding box and the two pixels around it that its band grows from
        # are measured (on a photo, the table around the document is most of the page); cut at an
        # even row and column, so that every other pixel each way is the same pixels.
        rows, cols = np.flatnonzero(inside.any(axis=1)), np.flatnonzero(inside.any(axis=0))
        top, left = max(0, rows[0] - 2) & ~1, max(0, cols[0] - 2) & ~1
        bottom, right = min(inside.shape[0], rows[-1] + 3), min(inside.shape[1], cols[-1] + 3)
        inside = inside[top:bottom, left:right]
        # A light smoothing first: sensor noise and JPEG artefacts would otherwise pass for the
        # sharpest edges. It widens every edge alike, which the threshold allows for. The box is a
        # pixel larger each way than the gradient needs, and the smoothing needs another where the
        # page has it: a pixel of the box on the page's border is kept as the whole page's is.
        first, leftmost = max(0, top - 1), max(0, left - 1)
        smoothed = _smoothed(self.gray[first:bottom + 3, leftmost:right + 3])
        gray = smoothed[top - first:bottom + 2 - first, left - leftmost:right + 2 - leftmost]
        # In integers, exactly: the central differences not halved, so `gradient` is four times
        # the squared gradient. The sums stay float32's, whose rounding the threshold was set with.
        # The squares are at most 255^2: int16's wrapped product is their 16 bits.
        across = gray[1:-1, 2:] - gray[1:-1, :-2]
        down = gray[2:, 1:-1] - gray[:-2, 1:-1]
        across *= across
        down *= down
        gradient = across.view(np.uint16).astype(np.int32)
        gradient += down.view(np.uint16)
        # The strongest edges' level, from every other pixel each way: a quantile needs no more.
        strongest = _ranked_value(gradient[::2, ::2][inside[::2, ::2]], 0.995)
        if strongest <= 4:
            return float("inf")
        # The band: at least a quarter of the strongest squared gradient.
        band = _grown(gradient >= (strongest + 3) // 4, 2)
        band &= inside
        at = np.flatnonzero(band)
        energy = float(gradient.ravel()[at].astype(np.float32).sum()) / 4
        # The Laplacian only where it is summed (the band is a small share of the page), from
        # the band's flat indices moved to the smoothed box's: those of each pixel's upper-left
        # neighbour, from which its other neighbours are read through the box shifted (one set of
        # indices instead of one for each neighbour).
        width = smoothed.shape[1]
        corner = at + at // band.shape[1] * (width - band.shape[1]) + (top - first) * width + left - leftmost
        flat = smoothed.ravel()

        def shifted(offset: int) -> np.ndarray:
            return flat[offset:].take(corner)

        laplacian = shifted(1) + shifted(width) + shifted(width + 2) + shifted(2 * width + 1) - 4 * shifted(width + 1)
        curvature = float(np.square(laplacian.astype(np.float32)).sum())
        return float(np.sqrt(energy / curvature)) * self._pixel_scale if curvature > 0 else float("inf")

    @cached_property
    def character_height(self) -> float | None:
        """The height of the page's characters at the measuring scale (widths expressed at
        MEASURE_LONG_SIDE, as `edge_width`), None when too few characters can be told. Costs
        about as much as every other measure together: computed only when a check needs it."""
        height = character_height_in(self._print_mask)
        return None if height is None else height * self._pixel_scale

    @cached_property
    def _print_mask(self) -> np.ndarray:
        """The page's print (text_mask), found once for the character height and the print's
        region."""
        return text_mask(self.gray)

    @cached_property
    def _print_blocks(self) -> tuple[slice, slice] | None:
        """The blocks of the largest group holding print (blocks one apart joined, so that the
        gaps between lines and fields do not split it); None on a page without print. Characters
        too small to be told apart at this scale still darken their blocks, so this finds a
        document that fills little of a large photo."""
        mask = self._print_mask
        rows, cols = mask.shape[0] // BLOCK, mask.shape[1] // BLOCK
        if rows == 0 or cols == 0:
            return None
        # Print pixels per block, counted a strip of blocks at a time (a mean over two axes of a
        # 4-d view costs eight times as much).
        strips = mask[:rows * BLOCK, :cols * BLOCK].view(np.uint8).reshape(rows, BLOCK, cols * BLOCK)
        counts = strips.sum(axis=1, dtype=np.uint16).reshape(rows, cols, BLOCK).sum(axis=2, dtype=np.uint16)
        printed = counts >= PRINT_BLOCK_SHARE * BLOCK * BLOCK
        groups = connected_regions(_grown(printed, 1), diagonal=True)
        if not len(groups):
            return None
        # Of equal groups, the first.
        largest = groups.component(int(np.argmax(groups.size)))
        # The print itself, without the block of margin the grouping added around it.
        inside = printed[largest.box]
        lines, columns = np.flatnonzero(inside.any(axis=1)), np.flatnonzero(inside.any(axis=0))
        top, left = largest.box[0].start + lines[0], largest.box[1].start + columns[0]
        return slice(top, top + lines[-1] - lines[0] + 1), slice(left, left + columns[-1] - columns[0] + 1)

    @cached_property
    def print_region(self) -> Region | None:
        """Where the document's print is (_print_blocks), as a share of the page."""
        box = self._print_blocks
        return None if box is None else _region_of(box, (self.gray.shape[0] // BLOCK, self.gray.shape[1] // BLOCK))

    @cached_property
    def document_paper_level(self) -> float:
        """How bright the document's paper is: paper_level's measure over the blocks where its
        print is, so that a dark desk around a document photographed from afar is not taken for
        its paper (on a cropped scan both agree); the whole page's where no print is found."""
        box = self._print_blocks
        if box is None:
            return self.paper_level
        _, high = self._block_low_high
        return float(np.percentile(high[box], 75))

    @cached_property
    def relative_blur(self) -> float | None:
        """The width of the print's edges as a share of its characters' height: what decides
        whether blurred print still reads. None when no characters can be measured."""
        height = self.character_height
        return None if height is None or not math.isfinite(self.edge_width) else self.edge_width / height

    @cached_property
    def _document_interior(self) -> np.ndarray:
        """Pixels of blocks that show the document's paper and are not on its outline: a block
        whose brightest pixels are paper, with only such blocks around it. The whole image when
        too little of it looks like paper (a photograph, not a document)."""
        _, high = self._block_low_high
        paper = high >= DOCUMENT_PAPER_SHARE * self.paper_level
        interior = ~_grown(~paper, 1)
        if interior.mean() < MIN_DOCUMENT_SHARE:
            return np.ones(self.gray.shape, dtype=bool)
        pixels = np.zeros(self.gray.shape, dtype=bool)
        rows, cols = interior.shape
        pixels[:rows * BLOCK, :cols * BLOCK] = np.repeat(np.repeat(interior, BLOCK, axis=0), BLOCK, axis=1)
        return pixels

    @cached_property
    def glare(self) -> Glare:
        """The largest clipped, texture-free, colourless blobs, as shares of the image, when the
        rest of the document's paper is visibly darker than them (a flatbed scan's paper is
        clipped white all over, which is not glare); with their regions."""
        low, high = self._block_low_high
        clipped = low >= CLIPPED
        # The blocks' colours only when some are clipped: most pages have none.
        if clipped.any():
            clipped &= self._block_chroma < COLOUR_CHROMA / 2
        if not clipped.any():
            return NO_GLARE
        # The darker quarter of the paper: a glare spot's halo brightens much of the rest.
        rest = high[~clipped & (high >= 96)]
        if rest.size == 0 or np.percentile(rest, 25) >= CLIPPED - GLARE_PAPER_MARGIN:
            return NO_GLARE
        largest = {True: NO_BLOB, False: NO_BLOB}
        # In the order of their first block: of equal blobs, the first is kept.
        for blob in connected_components(clipped, diagonal=True):
            share = blob.size / clipped.size
            along = _along_frame(blob.box, clipped.shape)
            if share > largest[along].share:
                largest[along] = Blob(share, _region_of(blob.box, clipped.shape))
        return Glare(largest[False], largest[True])

    @cached_property
    def _block_chroma(self) -> np.ndarray:
        """The chroma of each block's mean colour."""
        rows, cols = self.gray.shape[0] // BLOCK, self.gray.shape[1] // BLOCK
        means = np.asarray(self.image.crop((0, 0, cols * BLOCK, rows * BLOCK)).reduce(BLOCK), dtype=np.int16)
        return _chroma(*np.moveaxis(means, -1, 0)).reshape(rows, cols)

    @cached_property
    def red_mask(self) -> np.ndarray:
        """Seal red, by hue, saturation and brightness. Pillow's HSV conversion, the costliest
        step, runs only on the pixels that can be seal red: red their brightest channel, bright
        enough and well above another channel (on whole channels, in 8 bits), then (on those, in
        integers) saturated enough and within the hue band, by bounds at least RED_PREFILTER_MARGIN
        wider than the HSV thresholds. A superset of them, checked on every colour in
        tests/test_pixels.py."""
        red, green, blue = (np.asarray(channel) for channel in self.image.split())
        candidates = np.flatnonzero((red >= math.ceil(RED_MIN_VALUE * 255)) & (red >= np.maximum(green, blue))
                                    & (red - np.minimum(green, blue) >= RED_MIN_SPREAD))
        mask = np.zeros(red.size, dtype=bool)
        if candidates.size:
            r, g, b = (channel.ravel()[candidates].astype(np.int16) for channel in (red, green, blue))
            spread = r - np.minimum(g, b)
            # With red the brightest channel, saturation is spread / red and the hue's distance
            # from red |green - blue| / spread sixths of the circle.
            saturated = 100 * spread >= RED_PREFILTER_SATURATION * r
            in_band = 100 * np.abs(g - b) <= RED_PREFILTER_HUE_BAND * spread
            candidates = candidates[saturated & in_band]
        if candidates.size:
            rgb = np.dstack([channel.ravel()[candidates] for channel in (red, green, blue)])
            mask[candidates] = _is_seal_red(np.asarray(Image.fromarray(rgb).convert("HSV"))[0])
        return mask.reshape(red.shape)

    @cached_property
    def red_pixels(self) -> int:
        """How many pixels the red mask holds."""
        return int(np.count_nonzero(self.red_mask))

    @cached_property
    def colour_share(self) -> float:
        """The share of the image printed in colour other than seal red, after white balance on
        the paper: a black-and-white copy has none, whatever the light's tint."""
        # At half the measuring scale: a share over the whole image needs no more.
        channels = [np.asarray(channel) for channel in self.image.reduce(2).split()]
        paper = np.percentile(np.stack([channel[::4, ::4].ravel() for channel in channels], axis=1).astype(np.float32),
                              90, axis=0)
        gains = 255.0 / np.maximum(paper, 1.0)
        # Each channel balanced through a table of its 256 values: the products (in float32) of
        # its values and its gain, looked up instead of multiplied pixel by pixel (by take, which
        # indexes by the 8-bit values as they are, where indexing first widens them).
        chroma = _chroma(*(table.take(channel) for table, channel in
                           zip(np.arange(256, dtype=np.float32) * gains[:, np.newaxis], channels)))
        rows, cols = chroma.shape
        seal_red = _grown(self.red_mask[:rows * 2:2, :cols * 2:2], 2)
        coloured = (chroma >= COLOUR_CHROMA) & ~seal_red
        # Counted, not averaged as numbers: the same share.
        return float(np.count_nonzero(coloured) / coloured.size)

    @cached_property
    def seal_shapes(self) -> list[SealShape]:
        """Red shapes that look like an official seal: a round outline all around, empty corners
        (not a square logo), neither a bar nor a line of text, something inside (a star, the arc
        text) but mostly hollow (not a solid red object)."""
        mask = self.red_mask
        short_side = min(mask.shape)
        if self.red_pixels < SEAL_MIN_RED_PIXELS:
            return []
        # Shapes are found on a half-size mask where any red marks the 2x2 cell, which also
        # bridges the small gaps print leaves in a seal's ring; they are judged at full size.
        even = mask[:mask.shape[0] // 2 * 2, :mask.shape[1] // 2 * 2]
        coarse = even[0::2, 0::2] | even[0::2, 1::2] | even[1::2, 0::2] | even[1::2, 1::2]
        regions = connected_regions(_grown(coarse, 1), diagonal=False)
        # Sized and shaped like a seal (at full size), judged on every shape at once: most are specks.
        heights, widths = (regions.bottom - regions.top) * 2, (regions.right - regions.left) * 2
        diameters, aspects = np.minimum(heights, widths), widths / heights
        seal_like = ((SEAL_MIN_DIAMETER * short_side <= diameters) & (diameters <= SEAL_MAX_DIAMETER * short_side)
                     & (SEAL_ASPECT[0] <= aspects) & (aspects <= SEAL_ASPECT[1]))
        shapes = []
        for index in np.flatnonzero(seal_like):
            coarse_box = regions.component(index).box
            box = (slice(coarse_box[0].start * 2, coarse_box[0].stop * 2), slice(coarse_box[1].start * 2, coarse_box[1].stop * 2))
            # All the red inside the outline, not only what touches it: the star and the arc text
            # are separate strokes.
            coverage = _seal_ring_coverage(_trimmed(mask[box]))
            if coverage > 0:
                shapes.append(SealShape(_region_of(box, mask.shape), coverage))
        return sorted(shapes, key=lambda shape: -shape.coverage)


def _chroma(red: np.ndarray, green: np.ndarray, blue: np.ndarray) -> np.ndarray:
    """Per pixel, the largest channel less the smallest; channel by channel, as numpy's max and
    min over a last axis of three are ten times slower."""
    return np.maximum(np.maximum(red, green), blue) - np.minimum(np.minimum(red, green), blue)


def _is_seal_red(hsv: np.ndarray) -> np.ndarray:
    """Which of these HSV pixels (Pillow's 0..255 scales) are seal red."""
    hue, saturation, value = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    # Pillow's hue runs 0..255 for 0..360 degrees; red wraps around 0.
    hue_band = RED_HUE_DEGREES * 256 / 360
    return (((hue <= hue_band) | (hue >= 256 - hue_band)) & (saturation >= RED_MIN_SATURATION * 255)
            & (value >= RED_MIN_VALUE * 255))


def _grown(mask: np.ndarray, steps: int) -> np.ndarray:
    """The mask grown by `steps` pixels in every direction (a square neighbourhood): a
    separable maximum, much cheaper than a general binary dilation; each pass ors the mask,
    framed in `steps` clear rows (columns) each way, over the window (running_pick)."""
    height, width = mask.shape
    window = 2 * steps + 1
    framed = np.zeros((height + 2 * steps, width), dtype=bool)
    framed[steps:steps + height] = mask
    down = running_pick(framed, window, np.logical_or, np.empty((height, width), dtype=bool))
    framed = np.zeros((height, width + 2 * steps), dtype=bool)
    framed[:, steps:steps + width] = down
    return running_pick(framed.T, window, np.logical_or, np.empty((height, width), dtype=bool).T).T


def _ranked_value(values: np.ndarray, quantile: float) -> int:
    """The value at the quantile's rank among these non-negative integers, by counting them:
    partitioning stalls on the many equal values of a scan's plain paper."""
    rank = min(values.size - 1, int(quantile * values.size))
    return int(np.searchsorted(np.cumsum(np.bincount(values)), rank, side="right"))


def _smoothed(gray: np.ndarray) -> np.ndarray:
    """The 3x3 binomial smoothing, pixel for pixel as Pillow's kernel filter gives it
    (tests/test_pixels.py checks every weighted sum): the border kept, each inner pixel's
    weighted sum over 16 rounded half up; in int16, in two separable passes, several times
    cheaper than Pillow's filter."""
    pixels = gray.astype(np.int16)
    rows = pixels[:-2] + pixels[2:]
    rows += pixels[1:-1]
    rows += pixels[1:-1]
    sums = rows[:, :-2] + rows[:, 2:]
    sums += rows[:, 1:-1]
    sums += rows[:, 1:-1]
    sums += 8
    sums >>= 4
    pixels[1:-1, 1:-1] = sums
    return pixels


def _trimmed(mask: np.ndarray) -> np.ndarray:
    """The mask cropped to its red pixels' bounding box (the coarse box may be a pixel wider)."""
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    if rows.size == 0:
        return mask
    return mask[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]


def _seal_ring_coverage(inside: np.ndarray) -> float:
    """The share of directions around the shape's centre in which its rim is red; 0 when the
    shape fails the corner, content or fill tests."""
    ys, xs = np.nonzero(inside)
    if ys.size == 0:
        return 0.0
    height, width = inside.shape
    u = (xs + 0.5 - width / 2) / (width / 2)
    v = (ys + 0.5 - height / 2) / (height / 2)
    radius = np.hypot(u, v)
    if (radius > SEAL_CORNER_RADIUS).mean() > SEAL_MAX_CORNER_SHARE:
        return 0.0
    if (radius < SEAL_CONTENT_RADIUS).mean() < SEAL_MIN_INNER_SHARE:
        return 0.0
    inner_area = np.pi * SEAL_INNER_RADIUS ** 2 * height * width / 4
    if (radius < SEAL_INNER_RADIUS).sum() / inner_area > SEAL_MAX_INNER_DENSITY:
        return 0.0
    angles = ((np.arctan2(v, u) + np.pi) / (2 * np.pi) * SEAL_ANGLE_BINS).astype(int) % SEAL_ANGLE_BINS
    outermost = np.zeros(SEAL_ANGLE_BINS)
    np.maximum.at(outermost, angles, radius)
    rim = outermost[outermost >= SEAL_RIM]
    if rim.size < 2 or np.percentile(rim, 90) - np.percentile(rim, 10) > SEAL_MAX_RIM_SPREAD:
        return 0.0
    return float(rim.size / SEAL_ANGLE_BINS)


def _along_frame(box: tuple[slice, slice], shape: tuple[int, int]) -> bool:
    """Whether a blob's box reaches two sides of the frame, or runs along more than
    GLARE_FRAME_SIDE_SHARE of one."""
    rows, cols = box
    height, width = shape
    across, down = (cols.stop - cols.start) / width, (rows.stop - rows.start) / height
    sides = (across * (rows.start == 0), across * (rows.stop == height), down * (cols.start == 0),
             down * (cols.stop == width))
    return sum(share > 0 for share in sides) >= 2 or max(sides) > GLARE_FRAME_SIDE_SHARE


def _region_of(box: tuple[slice, slice], shape: tuple[int, int]) -> Region:
    rows, cols = shape
    return Region(box[1].start / cols, box[0].start / rows,
                  (box[1].stop - box[1].start) / cols, (box[0].stop - box[0].start) / rows)
