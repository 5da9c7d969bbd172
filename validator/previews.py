"""Small pictures of the pages a report talks about, made in the worker from the page the
checks already decoded (never a second decode).

An identity document's picture has its numbers covered before it is made small: the machine-
readable zone, found in the pixels, and every word OCR reads as a number, code or date. Making
it small and soft alone is not enough: a passport's MRZ, printed large in OCR-B, stays readable
in a zoomed thumbnail."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from validator.decode import Page
from validator.model import COMPANY_IDENTITY_TYPES, INDIVIDUAL_IDENTITY_TYPES
from validator.reading import MRZ_BAND_SHARE, MRZ_TYPES

PREVIEW_LONG_SIDE = 400
# An identity document's preview is kept small, and softened, besides its masks.
IDENTITY_PREVIEW_LONG_SIDE = 240
MAX_PREVIEW_PAGES = 4
PREVIEW_QUALITY = 70
# The validator's own defaults for masking (docs/validator/calibration.md): in the band where
# the MRZ is read, a row of print spanning at least this share of the page's width is MRZ (its
# lines run almost edge to edge; a field's label and value do not); print is darker than this
# share of the way from the darkest to the paper's level; every mask reaches this share of its
# height beyond the print (at least a pixel), so that no stroke of a character shows at its edge.
MRZ_MIN_ROW_SPAN = 0.6
PRINT_LEVEL = 0.5
MASK_MARGIN = 0.35
MASK_FILL = (60, 60, 60)

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Preview:
    file: str
    page: int
    jpeg: bytes
    width: int
    height: int


def is_identity_document(document_type: str) -> bool:
    return document_type in INDIVIDUAL_IDENTITY_TYPES + COMPANY_IDENTITY_TYPES


def mrz_box(image: Image.Image) -> Box:
    """The MRZ's rows in the bottom band the MRZ is read from; the whole band when no row of
    print runs across it (so that a zone the pixels do not show is covered all the same)."""
    width, height = image.size
    top = int(height * (1 - MRZ_BAND_SHARE))
    grey = np.asarray(image.convert("L").crop((0, top, width, height)), dtype=np.float32)
    dark_level, paper_level = np.percentile(grey, 1), np.percentile(grey, 90)
    dark = grey < dark_level + PRINT_LEVEL * (paper_level - dark_level)
    columns = np.arange(width)
    rows = [y for y in range(dark.shape[0]) if dark[y].any()
            and np.ptp(columns[dark[y]]) >= MRZ_MIN_ROW_SPAN * width]
    return (0, top + rows[0], width, top + rows[-1] + 1) if rows else (0, top, width, height)


def masked(image: Image.Image, document_type: str, numbers: Sequence[Box]) -> Image.Image:
    """The page with its MRZ (passports, ID cards) and its numbers covered by solid boxes."""
    image = image.convert("RGB")
    draw = ImageDraw.Draw(image)
    boxes = [*numbers, mrz_box(image)] if document_type in MRZ_TYPES else list(numbers)
    for left, top, right, bottom in boxes:
        margin = int(MASK_MARGIN * (bottom - top)) + 1
        draw.rectangle((left - margin, top - margin, right + margin, bottom + margin), fill=MASK_FILL)
    return image


def make_preview(file: str, page: Page, document_type: str, numbers: Sequence[Box] = ()) -> Preview:
    identity = is_identity_document(document_type)
    long_side = IDENTITY_PREVIEW_LONG_SIDE if identity else PREVIEW_LONG_SIDE
    image = masked(page.image, document_type, numbers) if identity else page.image.copy()
    image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    if identity:
        image = image.filter(ImageFilter.GaussianBlur(0.8))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=PREVIEW_QUALITY, optimize=True)
    return Preview(file, page.number, buffer.getvalue(), image.width, image.height)
