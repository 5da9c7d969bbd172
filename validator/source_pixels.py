"""A region of an image file at its full resolution, for the one check that needs finer pixels
than the decoded page holds (validator/decode.py decodes a page near the measuring or the working
size): how tall the characters are of a document that fills little of a large photo.

The file is opened again as the worker opened it (`files.open_regular`: no link followed, only a
regular file read) and decoded only when it is still the image that was analysed (same size) and
within the pixel limit (`decode.pillow_open`, as the first decode); anything else gives None,
never an exception."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageOps

from validator.decode import DecodeFailure, pillow_open
from validator.files import open_regular
from validator.findings import Region
from validator.text_geometry import character_height


# Names how a region's characters are measured, in the OCR cache's key
# (context.FileContext.region_characters): a change to how the region is decoded or measured must
# change it, so that no measurement of the old way is taken for one of the new.
MEASURE_KEY = "luma"


def source_region(path: str, region: Region, source_size: tuple[int, int], max_pixels: int) -> Image.Image | None:
    """The region (fractions of the oriented image) of the image file at `path`, at full
    resolution and EXIF-oriented, in gray (the characters are measured on gray); None when the
    file cannot be read again as the image of `source_size` (oriented) that was analysed."""
    try:
        with open_regular(path) as handle:
            image = pillow_open(handle, max_pixels, "the image")
            if sorted(image.size) != sorted(source_size):
                return None
            # A JPEG decoded straight to gray (its luma, not converted from RGB): half the time of
            # a colour decode, the same characters measured (docs/validator/performance.md).
            image.draft("L", image.size)
            image.load()
            # In place: a 12-megapixel photo's second copy would be 36 MB more in the worker.
            ImageOps.exif_transpose(image, in_place=True)
    except (DecodeFailure, OSError, SyntaxError, ValueError, EOFError):
        return None
    if image.size != tuple(source_size):
        return None
    width, height = image.size
    box = (round(region.x * width), round(region.y * height),
           round((region.x + region.width) * width), round((region.y + region.height) * height))
    crop = image.crop(box)
    # Any other mode through RGB, as its colours were measured on the page.
    return crop if crop.mode == "L" else crop.convert("RGB").convert("L")


@dataclass(frozen=True)
class RegionCharacters:
    """How tall the characters are in a region of the image file, measured at full resolution."""

    height: float | None  # text_geometry.character_height's; None when no character could be measured


def region_characters(path: str, region: Region, source_size: tuple[int, int],
                      max_pixels: int) -> RegionCharacters | None:
    """The characters of the region (source_region's), or None when the file cannot be read again
    as the image that was analysed."""
    crop = source_region(path, region, source_size, max_pixels)
    if crop is None:
        return None
    # The region may be a strip of the document (a passport's MRZ, set apart from its other
    # print): a character is at most a share of the strip's length, not of its height.
    return RegionCharacters(character_height(crop, page_height=max(crop.size)))
