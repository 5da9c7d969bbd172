"""A region of an image file at its full resolution, for the one check that needs finer pixels
than the decoded page holds (validator/decode.py decodes a page near the measuring or the working
size): how tall the characters are of a document that fills little of a large photo.

The file is opened again as the worker opened it (`files.open_regular`: no link followed, only a
regular file read) and decoded only when it is still the image that was analysed (same size) and
within the pixel limit (`decode.pillow_open`, as the first decode); anything else gives None,
never an exception."""

from __future__ import annotations

from PIL import Image, ImageOps

from validator.decode import DecodeFailure, pillow_open
from validator.files import open_regular
from validator.findings import Region


def source_region(path: str, region: Region, source_size: tuple[int, int], max_pixels: int) -> Image.Image | None:
    """The region (fractions of the oriented image) of the image file at `path`, at full
    resolution and EXIF-oriented, in RGB; None when the file cannot be read again as the image of
    `source_size` (oriented) that was analysed."""
    try:
        with open_regular(path) as handle:
            image = pillow_open(handle, max_pixels, "the image")
            if sorted(image.size) != sorted(source_size):
                return None
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
    return image.crop(box).convert("RGB")
