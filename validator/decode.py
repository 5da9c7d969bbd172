"""Decoding a document file once, into the pages every pixel check shares.

Images are decoded with EXIF orientation applied; JPEGs through libjpeg's draft mode, which
decodes the whole stream (so a truncated file is still caught) at a reduced scale that keeps
the working resolution. PDF pages are rendered with PDFium one at a time, so a long PDF never
holds more than one page in memory."""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import BinaryIO

from PIL import Image, ImageOps

from validator.formats import PDF, Format, content_end, stream_size
from validator.pdfscan import active_content
from validator.pixels import MEASURE_MIN_LONG_SIDE, PageMeasures

# Pages that OCR will read are decoded with their long side at most this many pixels and (JPEG
# draft decoding halves the size in steps) at least half of it. Pages that are only measured are
# decoded nearer the measuring scale (validator/pixels.py): the JPEG decoder's own reduction is
# then the one the measures need, where a larger decode would be reduced again.
WORKING_LONG_SIDE = 2048
PDF_TRAILER_WINDOW = 2048
# A PDF page is a scan when one embedded image covers at least this share of the page (text
# objects do not count against it: OCR software lays invisible text over scans), or, on a page
# without text, the smaller share (a card scanned onto an A4 page).
SCANNED_PAGE_COVERAGE = 0.5
SCANNED_TEXTLESS_PAGE_COVERAGE = 0.1
# Above this share of the page, the embedded scan is the page, and its JPEG stream can be
# decoded directly (in draft mode) instead of rendering the page.
FULL_PAGE_COVERAGE = 0.98
POINTS_PER_INCH = 72
# PDFium draws forms nested about 40 deep; a page's objects are walked deeper than that, so that
# no image it would draw escapes the pixel limit (pypdfium2's default depth, 15, let one through).
MAX_FORM_NESTING = 64

# What a page is, for the checks: an image file (a photo or a scan saved as an image), a PDF page
# that is a scanned image, or a born-digital PDF page (text and vector graphics).
IMAGE_FILE = "image"
SCANNED_PAGE = "scanned"
DIGITAL_PAGE = "digital"


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


@dataclass(frozen=True)
class Scale:
    """How far JPEGs are reduced while decoding: to the strongest draft reduction that keeps
    their long side at least `least` pixels. (PDF pages that must be rendered are rendered at the
    working size: PDFium's own downscaling of a placed scan would blur it.)"""

    least: int


READING_SCALE = Scale(WORKING_LONG_SIDE // 2)
MEASURING_SCALE = Scale(MEASURE_MIN_LONG_SIDE)
# The scale for each page, chosen from its number and its text layer ('' for images) before its
# pixels are decoded: only the pages OCR will read need the reading scale.
PageScale = Callable[[int, str], Scale]


@dataclass
class Page:
    number: int
    image: Image.Image
    # Pixel size of the original: the image file's own size, or for a PDF page its size when
    # rendered at 1:1 (72 dpi).
    source_size: tuple[int, int]
    # A PDF page's text layer, read from the document PDFium already has open ('' when the page
    # has none, and for images).
    text: str = ""
    kind: str = IMAGE_FILE
    # For a scanned PDF page: the embedded image's pixels per inch as placed on the page.
    effective_dpi: float | None = None

    @property
    def is_pixels(self) -> bool:
        """Whether the page is a picture of a document (photo or scan), so that legibility and
        copy checks apply; a born-digital page is drawn by the PDF itself."""
        return self.kind != DIGITAL_PAGE

    @cached_property
    def measures(self) -> PageMeasures:
        """The pixel measures every check of this page shares, each computed once."""
        return PageMeasures(self.image)


# Signatures of files hidden behind another's end (a polyglot): a ZIP archive (its local header or
# end record), RAR, 7-Zip, a PDF.
_HIDDEN_FILE_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive", b"PK\x05\x06": "a ZIP archive", b"Rar!\x1a\x07": "a RAR archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive", b"%PDF-": "a PDF document",
}


@dataclass(frozen=True)
class Trailer:
    """Bytes after the end of a file's own content (whitespace and zero padding on either side
    not counted), and the kind of file they hold when one is recognised."""

    size: int
    holds: str = ""


def trailer(data: bytes, fmt: Format) -> Trailer | None:
    end = content_end(data, fmt)
    if end is None:
        return None
    rest = data[end:].strip(b"\x00\r\n\t\f ")
    if not rest:
        return None
    holds = next((kind for signature, kind in _HIDDEN_FILE_SIGNATURES.items() if signature in rest), "")
    return Trailer(len(rest), holds)


@dataclass
class DecodedDocument:
    format: Format
    page_count: int
    # Each page once, in order, decoded as it is reached; a decoding error surfaces as
    # DecodeFailure from the iteration.
    pages: Iterator[Page] = field(repr=False)
    # A PDF with only a permissions (owner) password: it opens, but is encrypted.
    restricted: bool = False
    # What a PDF carries besides its pages (pdfscan.active_content).
    active: tuple[str, ...] = ()
    trailer: Trailer | None = None


def open_document(handle: BinaryIO, fmt: Format, size: int, max_pixels: int, max_pages: int,
                  scale: Scale | PageScale) -> DecodedDocument:
    chosen: PageScale = scale if callable(scale) else lambda number, text: scale
    if fmt is PDF:
        return _open_pdf(handle, size, max_pages, max_pixels, chosen)
    return _open_image(handle, fmt, max_pixels, chosen)


def pillow_open(handle: BinaryIO, max_pixels: int, what: str, page: int | None = None) -> Image.Image:
    """The image's header read by Pillow, refused (DecodeFailure) beyond the pixel limit before
    anything is decoded; Pillow's own errors for a file it cannot read pass through."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(handle)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DecodeFailure(DecodeProblem(
            "too_many_pixels", f"{what} declares more pixels than Pillow will decode", page)) from None
    width, height = image.size
    if width * height > max_pixels:
        raise DecodeFailure(DecodeProblem(
            "too_many_pixels", f"{what} is {width}x{height} ({width * height / 1e6:.0f} megapixels)", page))
    return image


def _open_image(handle: BinaryIO, fmt: Format, max_pixels: int, scale: PageScale) -> DecodedDocument:
    found = trailer(handle.read(), fmt)
    handle.seek(0)
    try:
        image = pillow_open(handle, max_pixels, "the image")
    except (OSError, SyntaxError, ValueError) as exc:
        raise DecodeFailure(DecodeProblem("corrupt", f"the {fmt.label} cannot be opened ({exc})"))
    width, height = image.size
    if width == 0 or height == 0:
        raise DecodeFailure(DecodeProblem("corrupt", "the image has no pixels"))
    return DecodedDocument(fmt, page_count=1, pages=_image_pages(image, fmt, scale), trailer=found)


def _image_pages(image: Image.Image, fmt: Format, scale: PageScale) -> Iterator[Page]:
    source_size = image.size
    try:
        oriented, transposed = _decode_reduced(image, scale(1, ""))
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        kind = "truncated" if "truncated" in str(exc) or isinstance(exc, EOFError) else "corrupt"
        raise DecodeFailure(DecodeProblem(kind, f"the {fmt.label} cannot be decoded ({exc})"))
    if transposed:
        source_size = source_size[::-1]
    yield Page(number=1, image=oriented, source_size=source_size)


EXIF_ORIENTATION = 0x0112
SIDE_SWAPPING_ORIENTATIONS = (5, 6, 7, 8)


def _decode_reduced(image: Image.Image, scale: Scale, orient: bool = True) -> tuple[Image.Image, bool]:
    """The image decoded once, in RGB, reduced as `scale` allows and to at most the working size,
    oriented by its EXIF tag when `orient`; and whether orientation swapped its sides."""
    width, height = image.size
    long_side = max(width, height)
    if image.format == "JPEG" and long_side >= 2 * scale.least:
        # draft() picks the strongest DCT reduction that keeps at least the requested size.
        image.draft("RGB", (math.ceil(width * scale.least / long_side), math.ceil(height * scale.least / long_side)))
    image.load()
    orientation = image.getexif().get(EXIF_ORIENTATION, 1) if orient else 1
    # exif_transpose() and convert() copy the image even when there is nothing to do.
    oriented = ImageOps.exif_transpose(image) if orientation != 1 else image
    if max(oriented.size) > WORKING_LONG_SIDE:
        oriented.thumbnail((WORKING_LONG_SIDE, WORKING_LONG_SIDE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    rgb = oriented if oriented.mode == "RGB" else oriented.convert("RGB")
    return rgb, orientation in SIDE_SWAPPING_ORIENTATIONS


def _open_pdf(handle: BinaryIO, size: int, max_pages: int, max_pixels: int, scale: PageScale) -> DecodedDocument:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_raw

    data = handle.read()
    hidden = trailer(data, PDF)
    # A file appended after the PDF (a polyglot) is no sign of a PDF cut short.
    if b"%%EOF" not in data[-PDF_TRAILER_WINDOW:] and not (hidden and hidden.holds):
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
    return DecodedDocument(PDF, page_count=count, pages=_pdf_pages(pdf, count, max_pixels, scale),
                           restricted=restricted, active=active_content(data, pdf), trailer=hidden)


def _pdf_pages(pdf, count: int, max_pixels: int, scale: PageScale) -> Iterator[Page]:
    import pypdfium2 as pdfium

    try:
        for index in range(count):
            try:
                page = pdf[index]
                width, height = page.get_size()
                if width <= 0 or height <= 0:
                    raise DecodeFailure(DecodeProblem("corrupt", "the page has no size", index + 1))
                scan = _page_scan(page, width * height, max_pixels, index + 1)
                text_page = page.get_textpage()
                text = text_page.get_text_bounded()
                text_page.close()
                image = _scan_pixels(page, scan, scale(index + 1, text), max_pixels, index + 1) if scan else None
                if image is None:
                    image = page.render(scale=WORKING_LONG_SIDE / max(width, height)).to_pil().convert("RGB")
                page.close()
            except pdfium.PdfiumError as exc:
                raise DecodeFailure(DecodeProblem("corrupt", f"page {index + 1} cannot be rendered ({exc})", index + 1))
            yield Page(number=index + 1, image=image, source_size=(round(width), round(height)),
                       text=text, kind=SCANNED_PAGE if scan else DIGITAL_PAGE,
                       effective_dpi=scan.dpi if scan else None)
    finally:
        pdf.close()


@dataclass(frozen=True)
class _Scan:
    """The embedded image that makes a PDF page a scan."""

    image: object  # a pypdfium2 PdfImage
    coverage: float
    dpi: float
    axis_aligned: bool


def _page_scan(page, page_area: float, max_pixels: int, number: int) -> _Scan | None:
    """The page's scan, if it is one; an embedded image beyond the pixel limit is a bomb, whether
    or not the page is a scan (rendering the page would decode it)."""
    import pypdfium2.raw as pdfium_raw

    largest: _Scan | None = None
    has_text = False
    for obj in page.get_objects(filter=(pdfium_raw.FPDF_PAGEOBJ_IMAGE, pdfium_raw.FPDF_PAGEOBJ_TEXT),
                                max_depth=MAX_FORM_NESTING):
        if obj.type == pdfium_raw.FPDF_PAGEOBJ_TEXT:
            has_text = True
            continue
        pixels_wide, pixels_high = obj.get_px_size()
        _check_embedded_pixels(obj, (pixels_wide, pixels_high), max_pixels, number)
        left, bottom, right, top = obj.get_bounds()
        coverage = (right - left) * (top - bottom) / page_area
        if largest is not None and coverage <= largest.coverage:
            continue
        matrix = obj.get_matrix()
        # The image's unit square is mapped by the matrix: its sides' lengths in points are the
        # lengths of the matrix's column vectors, whatever the rotation.
        placed_width = math.hypot(matrix.a, matrix.b) / POINTS_PER_INCH
        placed_height = math.hypot(matrix.c, matrix.d) / POINTS_PER_INCH
        if placed_width <= 0 or placed_height <= 0:
            continue
        dpi = min(pixels_wide / placed_width, pixels_high / placed_height)
        axis_aligned = matrix.b == 0 and matrix.c == 0 and matrix.a > 0 and matrix.d > 0
        largest = _Scan(obj, coverage, dpi, axis_aligned)
    if largest is None:
        return None
    needed = SCANNED_PAGE_COVERAGE if has_text else SCANNED_TEXTLESS_PAGE_COVERAGE
    return largest if largest.coverage >= needed else None


# Filters whose decoder sizes the image from the stream's own header, not the PDF's dictionary.
HEADER_SIZED_FILTERS = ("DCTDecode", "JPXDecode")


def _check_embedded_pixels(obj, declared: tuple[int, int], max_pixels: int, number: int) -> None:
    """An embedded image beyond the pixel limit, by its dictionary or, for a JPEG or JPEG 2000
    stream, by the stream's own header (its decoder's word, whatever the dictionary claims)."""
    width, height = declared
    said = ""
    if any(name in HEADER_SIZED_FILTERS for name in obj.get_filters()):
        # Simple filters (Flate around a JPEG) are undone; the JPEG itself is not decoded.
        header = stream_size(bytes(obj.get_data(decode_simple=True)))
        if header and header[0] * header[1] > width * height:
            said = f"; its image dictionary claims {width}x{height}"
            width, height = header
    if width * height > max_pixels:
        raise DecodeFailure(DecodeProblem(
            "too_many_pixels", f"page {number} embeds an image of {width}x{height} "
            f"({width * height / 1e6:.0f} megapixels){said}", number))


def _scan_pixels(page, scan: _Scan, scale: Scale, max_pixels: int, number: int) -> Image.Image | None:
    """A full-page JPEG scan, decoded straight from its stream in draft mode: much cheaper than
    rendering the page, which decodes the JPEG at full size. None when the page needs rendering."""
    if not (scan.axis_aligned and scan.coverage >= FULL_PAGE_COVERAGE and page.get_rotation() == 0):
        return None
    if scan.image.get_filters() != ["DCTDecode"]:
        return None
    try:
        embedded = pillow_open(io.BytesIO(bytes(scan.image.get_data(decode_simple=False))), max_pixels,
                                f"the image on page {number}", number)
        if embedded.mode not in ("RGB", "L"):
            return None
        # A PDF places its images as they are: EXIF orientation does not apply.
        image, _ = _decode_reduced(embedded, scale, orient=False)
        return image
    except (OSError, SyntaxError, ValueError, EOFError):
        return None
