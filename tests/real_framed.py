"""Real specimens photographed from across the desk: each small in a large photo, and its label.

A document that fills too little of a 12-megapixel photo has small characters although the file
has many pixels. Each real specimen (tests/real_specimens) is scaled so that its characters (the
upper quartile of its character heights, validator/text_geometry.py) are `CHARACTER_HEIGHTS`
source pixels tall, turned by a few degrees, laid on a wooden desk drawn by code in a 4032x3024
frame (a phone's 12-megapixel photo), given sensor noise and saved as JPEG quality 90.

Labels, by what still reads. The document is cut out of the framed photo (where it was laid) and
enlarged back to the specimen's own size, as a reviewer zooms in on a screen; when its MRZ reads
with valid check digits there (Tesseract through the validator's own MRZ reader), the framed
document is readable: the photo holds every character. When it no longer reads at this size nor
at any smaller one, the characters were too small to hold them: unreadable. A failure above a
size that reads is the OCR's (a tilt, a JPEG block), not the size's: unlabelled. Only specimens
whose MRZ verifies as they are are labelled (the others say nothing by failing). The results are computed once and kept in
tests/real_specimens/framed-labels.yaml:

    python -m tests.real_framed            # recompute them (a few minutes)
"""

from __future__ import annotations

import io
import sys
import zlib
from functools import cache
from multiprocessing import get_context

import numpy as np
import yaml
from PIL import Image

from tests import docgen, real_degraded
from validator.text_geometry import character_height

LABELS = real_degraded.FOLDER / "framed-labels.yaml"
FRAME = (4032, 3024)
# The document's character height in the framed photo's own pixels.
CHARACTER_HEIGHTS = (4, 6, 8, 10, 14, 20)
# Turned by up to this many degrees either way.
MAX_TILT = 4.0
# Sensor noise: a Gaussian of this many grey levels, the same on the three channels.
SENSOR_NOISE = 2.0


@cache
def desk(seed: int) -> Image.Image:
    """A wooden desk top: brown, with a grain of long wavy streaks, knots of darker wood and a
    light falling off toward one corner."""
    width, height = FRAME
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    wave = 40 * np.sin(xx / 700 + rng.uniform(0, 6)) + 15 * np.sin(xx / 170 + rng.uniform(0, 6))
    grain = np.sin((yy + wave) / rng.uniform(9, 14)) * 0.5 + np.sin((yy + wave * 1.7) / 3.1) * 0.2
    light = 1.0 - 0.25 * ((xx / width) ** 2 + (yy / height) ** 2) / 2
    tone = (0.78 + 0.08 * grain) * light
    base = np.array(rng.choice([(150, 105, 70), (120, 85, 55), (175, 140, 100)]), dtype=np.float32)
    return Image.fromarray(np.clip(tone[..., None] * base, 0, 255).astype(np.uint8))


def on_desk(document: Image.Image, scale: float, seed: int) -> tuple[Image.Image, tuple[int, int, int, int]]:
    """The document scaled by `scale`, turned by a few degrees and laid on a desk in a 4032x3024
    frame, with sensor noise; and its box in the frame (with the tilt)."""
    rng = np.random.default_rng(seed)
    size = (max(1, round(document.width * scale)), max(1, round(document.height * scale)))
    method = Image.Resampling.BOX if scale < 1 else Image.Resampling.BICUBIC
    turned = document.convert("RGB").resize(size, method).convert("RGBA")
    turned = turned.rotate(float(rng.uniform(-MAX_TILT, MAX_TILT)), resample=Image.Resampling.BICUBIC, expand=True)
    x = int(rng.integers(0, max(1, FRAME[0] - turned.width)))
    y = int(rng.integers(0, max(1, FRAME[1] - turned.height)))
    frame = desk(seed % 3).copy()
    frame.paste(turned, (x, y), turned)
    noise = rng.normal(0, SENSOR_NOISE, (FRAME[1], FRAME[0], 1)).astype(np.float32)
    pixels = np.clip(np.asarray(frame, dtype=np.float32) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels), (x, y, x + turned.width, y + turned.height)


@cache
def specimen_character_height(file: str) -> float:
    return character_height(real_degraded.specimen(file)) or 8.0


def framed(file: str, target: float) -> tuple[bytes, tuple[int, int, int, int]]:
    """The specimen with characters `target` pixels tall in the framed photo, as a phone saves it
    (JPEG quality 90), and where it lies."""
    image = real_degraded.specimen(file)
    photo, box = on_desk(image, target / specimen_character_height(file), zlib.crc32(f"{file}/{target}".encode()))
    return docgen.jpeg_bytes(photo, 90), box


def framed_bytes(file: str, target: float) -> bytes:
    return framed(file, target)[0]


def _reads_framed(task: tuple[str, float]) -> bool:
    file, target = task
    data, box = framed(file, target)
    cut = Image.open(io.BytesIO(data)).convert("RGB").crop(box)
    specimen = real_degraded.specimen(file)
    # Back to the specimen's own size (its box grows with the tilt), as a reviewer zooms in.
    grow = max(specimen.width / max(1, cut.width), specimen.height / max(1, cut.height), 1.0)
    zoomed = cut.resize((round(cut.width * grow), round(cut.height * grow)), Image.Resampling.BICUBIC)
    reads = real_degraded._reads(zoomed)
    print(f"{file} {target} px: {'reads' if reads else 'does not read'}", file=sys.stderr)
    return reads


def framed_samples() -> list[tuple[str, int, bool]]:
    """(specimen file, character height, unreadable) of the labelled framed specimens. A framed
    specimen whose MRZ reads is readable. One whose MRZ does not read is unreadable only when it
    does not read at any smaller size either: making a document smaller only removes detail, so a
    failure above a size that reads is the OCR's, not the size's (left unlabelled)."""
    stored = yaml.safe_load(LABELS.read_text(encoding="utf-8")) or []
    samples = []
    for row in stored:
        reads = {int(height): read for height, read in row["mrz_reads"].items()}
        smallest = min((height for height, read in reads.items() if read), default=None)
        for height, read in sorted(reads.items()):
            if read or smallest is None or height < smallest:
                samples.append((row["file"], height, not read))
    return samples


def main(argv: list[str] | None = None) -> int:
    jobs = real_degraded.labelling_jobs("python -m tests.real_framed", __doc__, argv)
    verified = [row["file"] for row in yaml.safe_load(real_degraded.LABELS.read_text(encoding="utf-8"))]
    tasks = [(file, height) for file in verified for height in CHARACTER_HEIGHTS]
    with get_context("fork").Pool(jobs) as pool:
        results = pool.map(_reads_framed, tasks, chunksize=1)
    rows = [{"file": file, "mrz_reads": {height: reads for (f, height), reads in zip(tasks, results) if f == file}}
            for file in verified]
    header = ("# Written by `python -m tests.real_framed`: for each real specimen whose MRZ verifies, whether its MRZ\n"
              "# still reads with valid check digits when it is photographed small in a 4032x3024 frame, its\n"
              "# characters this many pixels tall (cut out and enlarged back to the specimen's size).\n")
    real_degraded.write_labels(LABELS, header, rows)
    print(f"{len(rows)} specimens, {len(tasks)} framed versions read into {LABELS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
