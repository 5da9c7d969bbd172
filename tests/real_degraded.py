"""Real specimens degraded by code, and their labels: can the document still be read?

The legibility rules are calibrated on real documents too (tests/calibration.py): the 17 real
specimens as they are (a person reads them: no legibility error may fire), and each of them
degraded here: blurred, washed out, darkened, and with a glare spot burnt over its
machine-readable zone, each at graded strengths.

Labels. A degraded specimen whose MRZ, which reads with valid check digits on the specimen itself,
still does (Tesseract through the validator's own MRZ reader) is readable: the machine read every
character. The converse does not hold for every degradation:
- glare burns the print under it to white, for OCR and a person alike: a specimen whose MRZ no
  longer reads under the spot is unreadable;
- blur defeats Tesseract before it defeats a person (a 14 px Romanian ID card blurred by a tenth
  of its character height no longer reads). A blurred specimen whose MRZ no longer reads is
  unreadable when the blur's sigma is at least a fifth of the character height: letters are
  recognised from about three cycles per letter height (Solomon and Pelli, Nature 369, 1994),
  which such a blur attenuates a thousandfold, far below a person's contrast threshold (a tenth
  of the height leaves a sixth of their contrast); weaker blurs are left unlabelled;
- OCR binarises the page and reads through darkening and low contrast a reviewer on a screen
  struggles with (the rendered passport darkened to 22 % still verifies), so exposure is
  labelled as the rendered corpus labels it (tests/calibration.py): contrast kept at 35 % or
  less, brightness at 42 % or less, is a defect; a readable MRZ makes no difference.
Specimens whose MRZ does not verify as they are get no degraded versions. OCR is slow, so its
results are computed once and kept in tests/real_specimens/degraded-labels.yaml:

    python -m tests.real_degraded            # recompute them (a few minutes)
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import yaml
from PIL import Image

from tests import docgen
from validator.text_geometry import character_height

FOLDER = Path(__file__).parent / "real_specimens"
LABELS = FOLDER / "degraded-labels.yaml"
# Blur: Gaussian sigma as a share of the specimen's own character height (the upper quartile of
# its characters' heights, validator/text_geometry.py); from this share on, unreadable.
BLUR_SHARES = (0.1, 0.2, 0.35)
UNREADABLE_BLUR_SHARE = 0.2
# Contrast kept (Pillow's contrast enhancement toward the mean grey) and brightness kept.
WASHED_FACTORS = (0.12, 0.25, 0.45)
DARK_FACTORS = (0.25, 0.45)
# A glare spot over the middle of the MRZ: its radius as a share of the image's short side
# (docgen.photographed's spot: clipped white within about 1.26 radii, a halo beyond).
GLARE_RADII = (0.05, 0.1)


def specimens() -> list[dict]:
    return yaml.safe_load((FOLDER / "specimens.yaml").read_text(encoding="utf-8"))


@cache
def specimen(file: str) -> Image.Image:
    return Image.open(FOLDER / file).convert("RGB")


def glare_spot(image: Image.Image, centre: tuple[float, float], radius: float) -> Image.Image:
    """A lamp's reflection: a burnt-out spot with a soft halo at `centre` (fractions of the
    image), `radius` a share of its short side."""
    width, height = image.size
    r = radius * min(width, height)
    yy, xx = np.mgrid[0:height, 0:width]
    spot = np.exp(-((xx - centre[0] * width) ** 2 + (yy - centre[1] * height) ** 2) / (2 * r * r))
    pixels = np.asarray(image, dtype=np.float32) + np.clip(spot * 2.2, 0, 1)[..., None] * 300
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def degradations(file: str, mrz_centre: tuple[float, float]) -> dict[str, Callable[[], Image.Image]]:
    """name -> the degraded specimen."""
    image = specimen(file)
    height = character_height(image) or 8.0
    made: dict[str, Callable[[], Image.Image]] = {}
    for share in BLUR_SHARES:
        made[f"blur-{share}h"] = lambda share=share: docgen.blurred(image, share * height)
    for factor in WASHED_FACTORS:
        made[f"washed-{factor}"] = lambda factor=factor: docgen.washed_out(image, factor)
    for factor in DARK_FACTORS:
        made[f"dark-{factor}"] = lambda factor=factor: docgen.darkened(image, factor)
    for radius in GLARE_RADII:
        made[f"glare-{radius}"] = lambda radius=radius: glare_spot(image, mrz_centre, radius)
    return made


def degraded_bytes(file: str, name: str, mrz_centre: tuple[float, float]) -> bytes:
    """As a phone or scanner would save it: a JPEG of quality 90."""
    return docgen.jpeg_bytes(degradations(file, mrz_centre)[name](), 90)


# The rendered corpus's labels for exposure (tests/calibration.py): at most this share of the
# contrast or of the brightness kept is a defect.
WASHED_DEFECT = 0.35
DARK_DEFECT = 0.42


def label(name: str, mrz_reads: bool) -> bool | None:
    """Whether the degraded specimen is unreadable; None when it is left unlabelled."""
    kind, strength = name.split("-", 1)
    if kind == "washed":
        return True if float(strength) <= WASHED_DEFECT else None
    if kind == "dark":
        return True if float(strength) <= DARK_DEFECT else None
    if mrz_reads:
        return False
    if kind == "blur":
        return True if float(strength.removesuffix("h")) >= UNREADABLE_BLUR_SHARE else None
    return True


def degraded_samples() -> list[tuple[str, str, tuple[float, float], bool]]:
    """(specimen file, degradation, MRZ centre, unreadable) of the labelled degraded specimens."""
    stored = yaml.safe_load(LABELS.read_text(encoding="utf-8")) or []
    samples = []
    for row in stored:
        for name, reads in row["mrz_reads"].items():
            unreadable = label(name, reads)
            if unreadable is not None:
                samples.append((row["file"], name, tuple(row["mrz_centre"]), unreadable))
    return samples


def _read(image: Image.Image):
    from validator.mrz_zone import read_zone
    from validator.ocr import MRZ_CHARACTERS, recognise

    def tesseract(crop: Image.Image) -> str:
        return recognise(crop, ("eng",), 60, page_mode=6, whitelist=MRZ_CHARACTERS).text
    return read_zone(image, tesseract)


def _reads(image: Image.Image) -> bool:
    """Whether the MRZ on the image reads with valid check digits. The reader failing on a
    degraded image counts as not reading, and is said (a fault of the reader to report)."""
    try:
        reading = _read(image)
    except Exception as error:  # noqa: BLE001 - reported, and counted as not read
        print(f"the MRZ reader failed: {error!r}", file=sys.stderr)
        return False
    return reading is not None and reading.mrz.valid


def _centre(file: str) -> tuple[float, float] | None:
    """The centre of the specimen's MRZ when it reads with valid check digits."""
    reading = _read(specimen(file))
    if reading is None or not reading.mrz.valid:
        return None
    x, y, w, h = reading.box
    return round(x + w / 2, 3), round(y + h / 2, 3)


def _reads_degraded(task: tuple[str, str, tuple[float, float]]) -> bool:
    file, name, centre = task
    reads = _reads(Image.open(io.BytesIO(degraded_bytes(file, name, centre))))
    print(f"{file} {name}: {'reads' if reads else 'does not read'}", file=sys.stderr)
    return reads


def labelling_jobs(prog: str, description: str, argv: list[str] | None) -> int:
    """The number of processes a labelling command (`python -m tests.real_*`) reads with."""
    parser = argparse.ArgumentParser(prog=prog, description=description.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    return parser.parse_args(argv).jobs


def write_labels(path: Path, header: str, rows: list[dict]) -> None:
    path.write_text(header + yaml.safe_dump(rows, sort_keys=False, allow_unicode=True), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    jobs = labelling_jobs("python -m tests.real_degraded", __doc__, argv)
    files = [row["file"] for row in specimens()]
    with get_context("fork").Pool(jobs) as pool:
        centres = dict(zip(files, pool.map(_centre, files, chunksize=1)))
        tasks = [(file, name, centre) for file, centre in centres.items() if centre is not None
                 for name in degradations(file, centre)]
        results = pool.map(_reads_degraded, tasks, chunksize=1)
    rows = [{"file": file, "mrz_centre": list(centre),
             "mrz_reads": {name: reads for (f, name, _), reads in zip(tasks, results) if f == file}}
            for file, centre in centres.items() if centre is not None]
    header = ("# Written by `python -m tests.real_degraded`: for each real specimen whose MRZ verifies, where the\n"
              "# MRZ is (its centre, fractions of the image) and whether each degraded version's MRZ still reads\n"
              "# with valid check digits.\n")
    write_labels(LABELS, header, rows)
    print(f"{len(rows)} specimens, {sum(len(row['mrz_reads']) for row in rows)} degraded versions read into {LABELS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
