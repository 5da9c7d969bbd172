"""Small pictures of the pages a report talks about, made in the worker from the page the
checks already decoded (never a second decode)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageFilter

from validator.decode import Page
from validator.model import COMPANY_IDENTITY_TYPES, INDIVIDUAL_IDENTITY_TYPES

PREVIEW_LONG_SIDE = 400
# An identity document's preview is kept too small, and softened, for its number (passport
# number, MRZ, credit code) to be read back from the report: reports mask document numbers.
IDENTITY_PREVIEW_LONG_SIDE = 240
MAX_PREVIEW_PAGES = 4
PREVIEW_QUALITY = 70


@dataclass(frozen=True)
class Preview:
    file: str
    page: int
    jpeg: bytes
    width: int
    height: int


def is_identity_document(document_type: str) -> bool:
    return document_type in INDIVIDUAL_IDENTITY_TYPES + COMPANY_IDENTITY_TYPES


def make_preview(file: str, page: Page, document_type: str) -> Preview:
    identity = is_identity_document(document_type)
    long_side = IDENTITY_PREVIEW_LONG_SIDE if identity else PREVIEW_LONG_SIDE
    image = page.image.copy()
    image.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    if identity:
        image = image.filter(ImageFilter.GaussianBlur(0.8))
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=PREVIEW_QUALITY, optimize=True)
    return Preview(file, page.number, buffer.getvalue(), image.width, image.height)
