"""Decoding a document file once, into the pages every pixel check shares.

Images are decoded with EXIF orientation applied; JPEGs through libjpeg's draft mode, which
decodes the whole stream (so a truncated file is still caught) at a reduced scale that keeps
the working resolution. PDF pages are rendered with PDFium one at a time, so a long PDF never
holds more than one page in memory."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from PIL import Image, ImageOps

from validator.formats import PDF, Format

# Pages are analysed with their long side near this many pixels: enough for blur and seal
# measures on an A4 page (about 175 dpi) without paying for a full-size decode.
WORKING_LONG_SIDE = 2048
PDF_TRAILER_WINDOW = 2048


@dataclass(frozen=True)
class DecodeProblem:
    """`kind`: corrupt, truncated, encrypted, too_many_pixels, too_many_pages."""

    kind: str
    detail: str
    page: int | None = None


class DecodeFailure(Exception):
    def __init__(self, problem: DecodeProblem) -> None:
        super().__init__(problem.detail)
        self.problem = problem


@dataclass
class Page:
    number: int
    image: Image.Image
    # Pixel size of the original: the image file's own size, or for a PDF page its size when
    # rendered at 1:1 (72 dpi).
    source_size: tuple[int, int]
    points: tuple[float, float] | None = None
    # A PDF page's text layer, read from the document PDFium already has open ('' when the page
    # has none, and for images).
    text: str = ""


@dataclass
class DecodedDocument:
    format: Format
    page_count: int
    # Each page once, in order, decoded as it is reached; a decoding error surfaces as
    # DecodeFailure from the iteration.
    pages: Iterator[Page] = field(repr=False)
    # A PDF with only a permissions (owner) password: it opens, but is encrypted.
    restricted: bool = False


def open_document(handle: BinaryIO, fmt: Format, size: int, max_pixels: int, max_pages: int) -> DecodedDocument:
    if fmt is PDF:
        return _open_pdf(handle, size, max_pages)
    return _open_image(handle, fmt, max_pixels)


def _open_image(handle: BinaryIO, fmt: Format, max_pixels: int) -> DecodedDocument:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(handle)
            width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DecodeFailure(DecodeProblem("too_many_pixels", "the image declares more pixels than Pillow will decode"))
    except (OSError, SyntaxError, ValueError) as exc:
        raise DecodeFailure(DecodeProblem("corrupt", f"the {fmt.label} cannot be opened ({exc})"))
    if width * height > max_pixels:
        raise DecodeFailure(DecodeProblem(
            "too_many_pixels", f"the image is {width}x{height} ({width * height / 1e6:.0f} megapixels)"))
    if width == 0 or height == 0:
        raise DecodeFailure(DecodeProblem("corrupt", "the image has no pixels"))
    return DecodedDocument(fmt, page_count=1, pages=_image_pages(image, fmt))


def _image_pages(image: Image.Image, fmt: Format) -> Iterator[Page]:
    source_size = image.size
    long_side = max(source_size)
    if image.format == "JPEG" and long_side > WORKING_LONG_SIDE:
        scale = WORKING_LONG_SIDE / long_side
        image.draft("RGB", (int(source_size[0] * scale) + 1, int(source_size[1] * scale) + 1))
    try:
        image.load()
        oriented = ImageOps.exif_transpose(image)
        rgb = oriented.convert("RGB")
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        kind = "truncated" if "truncated" in str(exc) or isinstance(exc, EOFError) else "corrupt"
        raise DecodeFailure(DecodeProblem(kind, f"the {fmt.label} cannot be decoded ({exc})"))
    if oriented.size != image.size:
        source_size = source_size[::-1]
    yield Page(number=1, image=rgb, source_size=source_size)


def _open_pdf(handle: BinaryIO, size: int, max_pages: int) -> DecodedDocument:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw

    data = handle.read()
    if b"%%EOF" not in data[-PDF_TRAILER_WINDOW:]:
        raise DecodeFailure(DecodeProblem("truncated", "the PDF ends without its end-of-file marker: it was cut short"))
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DecodeFailure(DecodeProblem("encrypted", "the PDF is protected by a password"))
        raise DecodeFailure(DecodeProblem("corrupt", f"the PDF cannot be opened ({exc})"))
    count = len(pdf)
    if count == 0:
        raise DecodeFailure(DecodeProblem("corrupt", "the PDF has no pages"))
    if count > max_pages:
        raise DecodeFailure(DecodeProblem("too_many_pages", f"the PDF has {count} pages; the limit is {max_pages}"))
    restricted = pdfium_raw.FPDF_GetSecurityHandlerRevision(pdf.raw) != -1
    return DecodedDocument(PDF, page_count=count, pages=_pdf_pages(pdf, count), restricted=restricted)


def _pdf_pages(pdf, count: int) -> Iterator[Page]:
    import pypdfium2 as pdfium

    try:
        for index in range(count):
            try:
                page = pdf[index]
                width, height = page.get_size()
                if width <= 0 or height <= 0:
                    raise DecodeFailure(DecodeProblem("corrupt", "the page has no size", index + 1))
                scale = WORKING_LONG_SIDE / max(width, height)
                image = page.render(scale=scale).to_pil().convert("RGB")
                text_page = page.get_textpage()
                text = text_page.get_text_bounded()
                text_page.close()
                page.close()
            except pdfium.PdfiumError as exc:
                raise DecodeFailure(DecodeProblem("corrupt", f"page {index + 1} cannot be rendered ({exc})", index + 1))
            yield Page(number=index + 1, image=image, source_size=(round(width), round(height)),
                       points=(width, height), text=text)
    finally:
        pdf.close()
