"""`validate prepare`: a corrected copy of a bundle, the original left untouched.

Every listed file is prepared in a worker process under the same limits as `validate`. What a
machine can fix is fixed: a page turned upright (its EXIF orientation, or a turn that makes its
text read better or its MRZ verify: draft.read_page), HEIC/WebP/TIFF converted to JPEG, an image
over the size limit re-encoded to just under it, photo metadata (GPS position, camera serial, comments) removed. The
copy's bundle.yaml is the original's text with the renamed paths replaced, comments kept. The
copy is then validated, which re-measures every legibility rule on the changed files."""

from __future__ import annotations

import io
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

from validator.config import MB, Settings
from validator.decode import EXIF_ORIENTATION
from validator.draft import CONVERTIBLE, open_convertible, read_page
from validator.files import NotRegularFile, open_regular
from validator.formats import JPEG, PDF, PNG, SNIFF_BYTES, sniff
from validator.isolation import Limits, WorkerFailure, run_isolated
from validator.locate import LocationProblem, locate
from validator.manifest import MANIFEST_NAME, ManifestProblem, read_manifest
from validator.ocr import OcrUnavailable
from validator.output import write_atomically

# An image over the limit is re-encoded to this share of it: "just under", with room for the
# platform's own way of counting a megabyte. The validator's own default.
TARGET_SHARE_OF_LIMIT = 0.95
JPEG_QUALITIES = (92, 88, 84, 80)
# After the qualities, the image shrinks by this factor a step, never below this long side (the
# validator's own floor, well above IPP-LEGIBILITY-001's; the final validation re-measures).
SHRINK_STEP = 0.85
MIN_LONG_SIDE = 1600
ORIENTATION_LONG_SIDE = 1600
# Files above this are not loaded to be prepared (they are far beyond any upload limit).
MAX_PREPARED_BYTES = 256 * MB
# JPEG segments that carry metadata, not pixels: APP1 (EXIF with GPS and camera serial, XMP),
# APP3-APP13 (Photoshop/IPTC and makers' data) and comments. APP0 (JFIF), APP2 (ICC colour
# profile) and APP14 (Adobe colour transform) are needed to show the pixels right.
_JPEG_METADATA_MARKERS = {0xE1, *range(0xE3, 0xEE), 0xEF, 0xFE}
_PNG_METADATA_CHUNKS = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


class PrepareRefused(Exception):
    """The copy cannot be made (the output folder is not empty, the manifest is unreadable...)."""


@dataclass(frozen=True)
class PrepareTask:
    real_path: str
    file: str
    new_file: str
    settings: Settings


@dataclass(frozen=True)
class PreparedFile:
    file: str
    new_file: str | None  # None: not copied
    data: bytes | None = None
    actions: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.new_file is None:
            return f"{self.file}: not copied ({'; '.join(self.actions)})"
        renamed = f" -> {self.new_file}" if self.new_file != self.file else ""
        return f"{self.file}{renamed}: {'; '.join(self.actions) if self.actions else 'copied unchanged'}"


# --- in the worker ----------------------------------------------------------------------------

def prepare_file(task: PrepareTask) -> PreparedFile:
    try:
        with open_regular(task.real_path) as handle:
            data = handle.read(MAX_PREPARED_BYTES + 1)
    except NotRegularFile:
        return PreparedFile(task.file, None, actions=("not a regular file",))
    except OSError as exc:
        return PreparedFile(task.file, None, actions=(f"cannot be read: {exc.strerror}",))
    if len(data) > MAX_PREPARED_BYTES:
        return PreparedFile(task.file, None, actions=(f"larger than {MAX_PREPARED_BYTES // MB} MB",))
    fmt = sniff(data[:SNIFF_BYTES])
    limit = task.settings.max_file_bytes
    if fmt is PDF or not (fmt.accepted or fmt in CONVERTIBLE):
        actions = []
        if fmt is not PDF:
            actions.append(f"a {fmt.label} is not converted: {fmt.conversion}")
        elif len(data) > limit:
            actions.append(f"{len(data) / MB:.1f} MB: a PDF is not reduced; scan it again at a lower resolution")
        return PreparedFile(task.file, task.file, data, tuple(actions))
    try:
        return _prepare_image(task, data, fmt)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        return PreparedFile(task.file, task.file, data, (f"copied unchanged: the image cannot be decoded ({exc})",))


def _prepare_image(task: PrepareTask, data: bytes, fmt) -> PreparedFile:
    settings = task.settings
    actions: list[str] = []
    if fmt in CONVERTIBLE:
        image = open_convertible(io.BytesIO(data), settings.max_pixels)
        actions.append(f"converted from {fmt.label} to JPEG")
    else:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > settings.max_pixels:
            return PreparedFile(task.file, task.file, data, ("copied unchanged: more pixels than the limit",))
        if image.getexif().get(EXIF_ORIENTATION, 1) != 1:
            image = ImageOps.exif_transpose(image)
            actions.append("turned upright by its EXIF orientation")
    turn = _upright_turn(image, settings)
    if turn:
        image = image.rotate(-turn, expand=True)
        actions.append(f"turned {turn}° clockwise: its text read {'upside down' if turn == 180 else 'sideways'}")
    pixels_changed = bool(actions)
    metadata = _metadata_kinds(data, fmt)
    if metadata:
        actions.append(f"removed metadata ({', '.join(metadata)})")
    if not pixels_changed and len(data) <= settings.max_file_bytes:
        return PreparedFile(task.file, task.file, strip_metadata(data, fmt) if metadata else data, tuple(actions))
    encoded, detail = encode_under(image.convert("RGB"), int(settings.max_file_bytes * TARGET_SHARE_OF_LIMIT))
    if len(data) > settings.max_file_bytes:
        actions.append(f"reduced from {len(data) / MB:.1f} MB to {len(encoded) / MB:.1f} MB ({detail})")
    return PreparedFile(task.file, task.new_file, encoded, tuple(actions))


def _upright_turn(image: Image.Image, settings: Settings) -> int:
    if not settings.ocr:
        return 0
    small = image.convert("RGB")
    small.thumbnail((ORIENTATION_LONG_SIDE, ORIENTATION_LONG_SIDE))
    try:
        return read_page(small, settings.ocr_timeout_seconds).turn
    except OcrUnavailable:
        return 0


def encode_under(image: Image.Image, target: int) -> tuple[bytes, str]:
    """The image as JPEG at the best quality (then the largest size) that fits in `target` bytes,
    never smaller than MIN_LONG_SIDE; the last try when nothing fits."""
    while True:
        for quality in JPEG_QUALITIES:
            buffer = io.BytesIO()
            image.save(buffer, "JPEG", quality=quality, optimize=True)
            if buffer.tell() <= target:
                return buffer.getvalue(), f"JPEG quality {quality}, {image.width}x{image.height} px"
        smaller = (round(image.width * SHRINK_STEP), round(image.height * SHRINK_STEP))
        if max(smaller) < MIN_LONG_SIDE:
            return buffer.getvalue(), f"JPEG quality {quality}, {image.width}x{image.height} px; still over the limit"
        image = image.resize(smaller, Image.Resampling.LANCZOS)


def _metadata_kinds(data: bytes, fmt) -> list[str]:
    try:
        exif = Image.open(io.BytesIO(data)).getexif()
    except (OSError, SyntaxError, ValueError):
        return []
    kinds = []
    if exif.get_ifd(0x8825):
        kinds.append("GPS position")
    camera = exif.get_ifd(0x8769)
    if exif.get(0x010F) or exif.get(0x0110) or camera.get(0xA431):
        kinds.append("camera make, model or serial")
    if fmt is JPEG and not kinds and any(marker in _JPEG_METADATA_MARKERS for marker, _ in _jpeg_segments(data)):
        kinds.append("EXIF/XMP or comments")
    if fmt is PNG and any(kind in _PNG_METADATA_CHUNKS for kind, _ in _png_chunks(data)):
        kinds.append("text chunks")
    return kinds


def strip_metadata(data: bytes, fmt) -> bytes:
    """The same pixels, byte for byte, without the metadata segments or chunks."""
    if fmt is JPEG:
        kept = [segment for marker, segment in _jpeg_segments(data) if marker not in _JPEG_METADATA_MARKERS]
        return b"".join(kept)
    if fmt is PNG:
        return data[:8] + b"".join(chunk for kind, chunk in _png_chunks(data) if kind not in _PNG_METADATA_CHUNKS)
    return data


def _jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, bytes) of each segment up to the start of scan; the scan and everything after it
    is one last segment (marker 0xDA)."""
    segments = [(0xD8, data[:2])]
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        if marker == 0xDA:
            break
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        segments.append((marker, data[position:position + 2 + length]))
        position += 2 + length
    segments.append((0xDA, data[position:]))
    return segments


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks = []
    position = 8
    while position + 12 <= len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        chunks.append((kind, data[position:position + 12 + length]))
        position += 12 + length
    return chunks


# --- in the main process -----------------------------------------------------------------------

def prepare_bundle(bundle: Path, output: Path, settings: Settings) -> list[PreparedFile]:
    _check_folders(bundle, output)
    parsed = read_manifest(bundle, settings.max_manifest_bytes)
    if isinstance(parsed, ManifestProblem):
        raise PrepareRefused(f"{bundle / MANIFEST_NAME}: {parsed.detail} (write one with `validate draft`)")
    documents = parsed.data.get("documents") if isinstance(parsed.data, dict) else None
    files = list(dict.fromkeys(d["file"] for d in documents or [] if isinstance(d, dict) and isinstance(d.get("file"), str)))
    tasks, refused = [], []
    for file in files:
        location = locate(bundle, file)
        if isinstance(location, LocationProblem):
            refused.append(PreparedFile(file, None, actions=(location.detail,)))
        else:
            tasks.append(PrepareTask(location.real_path, file, _jpeg_name(file, files), settings))
    results = run_isolated(prepare_file, tasks, Limits(settings.file_timeout_seconds, settings.file_memory_bytes))
    prepared = [result if isinstance(result, PreparedFile) else _failed(task, result) for task, result in zip(tasks, results)]
    output.mkdir(parents=True, exist_ok=True)
    for result in prepared:
        if result.new_file is not None:
            target = output / result.new_file
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, result.data)
    renames = {r.file: r.new_file for r in prepared if r.new_file and r.new_file != r.file}
    manifest = (bundle / MANIFEST_NAME).read_text(encoding="utf-8")
    write_atomically(output / MANIFEST_NAME, rename_paths(manifest, renames))
    return refused + prepared


def _failed(task: PrepareTask, failure: WorkerFailure) -> PreparedFile:
    return PreparedFile(task.file, None, actions=(f"could not be prepared: {failure.describe()}",))


def _check_folders(bundle: Path, output: Path) -> None:
    if not bundle.is_dir():
        raise PrepareRefused(f"{bundle} is not a folder")
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise PrepareRefused(f"{output} exists and is not an empty folder; give a new folder")
    real_bundle, real_output = Path(os.path.realpath(bundle)), Path(os.path.realpath(output))
    if real_output.is_relative_to(real_bundle) or real_bundle.is_relative_to(real_output):
        raise PrepareRefused(f"{output} may not be inside the bundle (or contain it): the original is never written to")


def _jpeg_name(file: str, taken: list[str]) -> str:
    """The name a converted file gets: its own name with .jpg, unless another file has it."""
    stem = re.sub(r"\.[^./]*$", "", file)
    name = f"{stem}.jpg"
    return name if name == file or name not in taken else f"{stem}-converted.jpg"


def rename_paths(manifest: str, renames: dict[str, str]) -> str:
    """The manifest's text with each renamed path replaced where it is a value of `file`,
    `translation_of` or `certificate`; everything else (comments included) as it was."""
    def replace(match: re.Match) -> str:
        quote, value = match.group("quote") or "", match.group("value")
        return f"{match.group('key')}{quote}{renames.get(value, value)}{quote}" if value in renames else match.group(0)

    pattern = re.compile(r"(?P<key>\b(?:file|translation_of|certificate):[ \t]*)(?P<quote>[\"']?)(?P<value>[^\"'#\n]+?)(?P=quote)(?=[ \t]*(?:#|$))",
                         re.MULTILINE)
    return pattern.sub(replace, manifest)
