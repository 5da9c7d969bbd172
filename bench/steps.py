"""Where a page's time goes: each decoding step and each pixel measure, in milliseconds per
photo of the benchmark bundle (build it first with `python -m bench`).

    python -m bench.steps [--bundle DIR] [--photos 12]"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image

from validator.decode import MEASURING_SCALE, READING_SCALE, _decode_reduced
from validator.pixels import PageMeasures
from validator.text_lines import find_lines, sample_lines, stacked

# In the order the checks first ask for them, so that each line times only its own step. The last
# is asked for only on a page whose edges are soft (legibility.MAX_EDGE_WIDTH): timed on every photo.
MEASURES = ("_block_low_high", "paper_level", "print_contrast", "_document_interior", "edge_width",
            "_block_chroma", "glare", "red_mask", "colour_share", "seal_shapes", "character_height")


def _per_item(label: str, items: list, step: Callable) -> list:
    started = time.perf_counter()
    results = [step(item) for item in items]
    print(f"{label:38s} {(time.perf_counter() - started) / len(items) * 1000:6.1f} ms")
    return results


def _decoded(path: Path, divisor: int) -> Image.Image:
    image = Image.open(path)
    if divisor > 1:
        image.draft("RGB", (image.width // divisor, image.height // divisor))
    image.load()
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.steps", description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=Path(tempfile.gettempdir()) / "ipp-preflight-bench")
    parser.add_argument("--photos", type=int, default=12)
    args = parser.parse_args(argv)
    photos = sorted(args.bundle.glob("photos/*.jpg"))[:args.photos]
    if not photos:
        raise SystemExit(f"no photos in {args.bundle}: run `python -m bench` first")
    for path in photos:  # from the disk cache from here on, as for the floor's repeated runs
        path.read_bytes()
    for divisor, name in ((1, "full size (the floor)"), (2, "half size"), (4, "quarter size")):
        _per_item(f"decode at {name}", photos, lambda path, d=divisor: _decoded(path, d))
    read = _per_item("decode for reading, as with OCR", photos,
                     lambda path: _decode_reduced(Image.open(path), READING_SCALE)[0])
    found = _per_item("OCR's sample: find the lines", read, find_lines)
    _per_item("OCR's sample: stack its lines", list(zip(read, found)),
              lambda pair: stacked(pair[0], pair[1], sample_lines(pair[1].lines)))
    images = _per_item("decode for measuring, as without OCR", photos,
                       lambda path: _decode_reduced(Image.open(path), MEASURING_SCALE)[0])
    measures = _per_item("to the measuring scale, and gray", images, PageMeasures)
    for name in MEASURES:
        _per_item(f"measure {name}", measures, lambda page, n=name: getattr(page, n))
    return 0


if __name__ == "__main__":
    sys.exit(main())
