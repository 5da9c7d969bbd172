"""Benchmark: how long `validate` takes on a bundle of 24 phone photos (4032x3024 JPEG) and a
20-page scanned PDF, how much memory its process tree peaks at, and the floor: decoding every
file once at full size with Pillow in one process, which any tool that reads the pixels pays.

    python -m bench [--jobs N] [--bundle DIR] [--runs 3] [--without-ocr]

The bundle is generated once into DIR (default: a folder in the system's temporary directory)
and reused by later runs."""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from PIL import Image

from tests import docgen
from validator.config import Settings

PHOTOS = 24
PHOTO_FRAME = (4032, 3024)
# Sensor noise (standard deviation, 0..255) and JPEG quality that give files of a phone's usual
# size (3-4 MB at 12 megapixels); smooth synthetic photos would decode unrealistically fast.
PHOTO_NOISE = 6.0
PHOTO_QUALITY = 90
PDF_PAGES = 20
SCAN_DPI = 300
A4_INCHES = (8.27, 11.69)
POLL_SECONDS = 0.01

MANIFEST_HEAD = """\
schema_version: 1
account: {holder_type: company, region: mainland_china}
complainant: {name: "深圳市明星科技有限公司", email: ip@brightstar.example, phone: "+86 755 1234 5678", address: "深圳"}
documents:
"""


def build_bundle(root: Path) -> None:
    """Six different photographed documents, each saved four times with its own noise draw, and
    a scanned 20-page PDF at 300 dpi."""
    root.mkdir(parents=True, exist_ok=True)
    documents = [
        ("business_registration", docgen.business_license()),
        ("passport", docgen.passport()),
        ("trademark_certificate", docgen.certificate_original("深圳市明星科技有限公司", "18123456")),
        ("other", docgen.text_page(["Invoice 2024-0117", "Goods: 400 units"] * 8, title="INVOICE")),
        ("business_registration", docgen.rotated(docgen.business_license(), 90)),
        ("trademark_certificate", docgen.stamped_copy(docgen.certificate_original("深圳市明星科技有限公司", "3344"),
                                                       "深圳市明星科技有限公司")),
    ]
    lines = []
    for index in range(PHOTOS):
        doc_type, document = documents[index % len(documents)]
        shot = docgen.Shot(frame=PHOTO_FRAME, angle=(index * 5) % 21 - 10, seed=index, quality=PHOTO_QUALITY,
                           noise=PHOTO_NOISE)
        name = f"photos/photo-{index:02d}.jpg"
        (root / name).parent.mkdir(exist_ok=True)
        (root / name).write_bytes(docgen.jpeg_bytes(docgen.photographed(document, shot), PHOTO_QUALITY))
        lines.append(f"  - {{file: {name}, type: {doc_type}, name_on_document: \"深圳市明星科技有限公司\", language: zh, "
                     "expires_on: 2032-04-15}")
    page = docgen.text_page(["第一条 本合同由双方签订。", "Article 1. This contract is made between the parties."] * 12,
                            size=(round(A4_INCHES[0] * SCAN_DPI), round(A4_INCHES[1] * SCAN_DPI)), face="cjk", title="合同")
    scans = [docgen.with_noise(page, 0.1, seed=index) for index in range(PDF_PAGES)]
    (root / "scans").mkdir(exist_ok=True)
    (root / "scans/contract.pdf").write_bytes(docgen.scanned_pdf_bytes(scans, dpi=SCAN_DPI))
    lines.append("  - {file: scans/contract.pdf, type: other, language: zh}")
    (root / "bundle.yaml").write_text(MANIFEST_HEAD + "\n".join(lines) + "\n", encoding="utf-8")


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                total += next((int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as children:
                    pending += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_validate(bundle: Path, jobs: int | None, *options: str, cache: Path | None = None) -> tuple[float, int, Counter, float]:
    """validate's wall time, its process tree's peak resident memory, its findings by rule, and
    the CPU time (user + system) of its process tree, which a busy machine does not inflate.
    `cache`: the OCR cache folder to use (XDG_CACHE_HOME), never the user's own. `jobs`: None
    for validate's default."""
    command = [sys.executable, "-m", "validator", *(["--jobs", str(jobs)] if jobs else []), "--format", "json",
               "--no-progress", *options, str(bundle)]
    environment = {**os.environ, **({"XDG_CACHE_HOME": str(cache)} if cache else {})}
    with tempfile.TemporaryFile() as output:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, env=environment)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(POLL_SECONDS)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        output.seek(0)
        report = json.load(output)
    rules = Counter(finding["rule"] for bundle_report in report["bundles"] for finding in bundle_report["findings"])
    if any(rule.startswith("IPP-SCHEMA") for rule in rules):
        raise SystemExit(f"the benchmark bundle's manifest is invalid: {dict(rules)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, peak, rules, cpu


def decode_floor(bundle: Path) -> tuple[float, float]:
    """Every file decoded once at full size with Pillow, in this process: for the PDF, each
    page's embedded JPEG. Wall time and CPU time."""
    import pypdfium2 as pdfium

    started, cpu_started = time.perf_counter(), time.process_time()
    for path in sorted(bundle.rglob("*.jpg")):
        with Image.open(path) as image:
            image.load()
    for path in bundle.rglob("*.pdf"):
        pdf = pdfium.PdfDocument(path.read_bytes())
        for page in pdf:
            for obj in page.get_objects():
                if isinstance(obj, pdfium.PdfImage):
                    with Image.open(io.BytesIO(bytes(obj.get_data(decode_simple=False)))) as image:
                        image.load()
        pdf.close()
    return time.perf_counter() - started, time.process_time() - cpu_started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=None, help="default: validate's own (one per CPU, bounded)")
    parser.add_argument("--runs", type=int, default=3, help="repetitions; the best time is reported")
    parser.add_argument("--without-ocr", action="store_true", help="skip the runs with OCR")
    parser.add_argument("--bundle", type=Path, default=Path(tempfile.gettempdir()) / "ipp-preflight-bench")
    args = parser.parse_args(argv)
    if not (args.bundle / "bundle.yaml").exists():
        print(f"Generating the bundle in {args.bundle} ...", file=sys.stderr)
        build_bundle(args.bundle)
    photo_sizes = [path.stat().st_size for path in args.bundle.rglob("*.jpg")]
    pdf_size = sum(path.stat().st_size for path in args.bundle.rglob("*.pdf"))
    load = os.getloadavg()[0]
    # Alternated, so that a change in the machine's load affects both alike.
    runs, floors = [], []
    for _ in range(args.runs):
        runs.append(run_validate(args.bundle, args.jobs, "--no-ocr"))
        floors.append(decode_floor(args.bundle))
    wall = min(run[0] for run in runs)
    peak = max(run[1] for run in runs)
    floor = min(wall for wall, _ in floors)
    validate_cpu = min(run[3] for run in runs)
    floor_cpu = min(cpu for _, cpu in floors)
    print(f"bundle: {PHOTOS} photos {PHOTO_FRAME[0]}x{PHOTO_FRAME[1]} JPEG (mean {sum(photo_sizes) / len(photo_sizes) / 1e6:.1f} MB) "
          f"+ {PDF_PAGES}-page scanned PDF ({SCAN_DPI} dpi, {pdf_size / 1e6:.1f} MB); {os.cpu_count()} CPUs; "
          f"best of {args.runs}")
    workers = Settings(jobs=args.jobs).worker_count()
    jobs = f"--jobs {args.jobs}" if args.jobs else f"(default: {workers} files at once)"
    print(f"validate {jobs} --no-ocr (every check but OCR) wall time: {wall:.2f} s")
    print(f"validate peak memory (process tree): {peak / 2**20:.0f} MB")
    print(f"floor, full-size Pillow decode of every file in one process: {floor:.2f} s")
    print(f"validate / floor: {wall / floor:.2f}")
    print(f"CPU time (user + system): validate {validate_cpu:.2f} s over {workers} processes at a time, "
          f"floor {floor_cpu:.2f} s; load average before the runs: {load:.1f}")
    if not args.without_ocr:
        uncached = [run_validate(args.bundle, args.jobs, "--no-cache") for _ in range(args.runs)]
        with tempfile.TemporaryDirectory() as cache:
            run_validate(args.bundle, args.jobs, cache=Path(cache))
            cached = [run_validate(args.bundle, args.jobs, cache=Path(cache)) for _ in range(args.runs)]
        print(f"validate peak memory with OCR (process tree): first run {max(run[1] for run in uncached) / 2**20:.0f} MB, "
              f"cached {max(run[1] for run in cached) / 2**20:.0f} MB")
        print(f"with OCR: first run (--no-cache) {min(run[0] for run in uncached):.2f} s "
              f"({min(run[0] for run in uncached) / floor:.2f}x the floor); cached run "
              f"{min(run[0] for run in cached):.2f} s ({min(run[0] for run in cached) / floor:.2f}x)")
        # CPU time is what a busy machine does not inflate: the figures to compare across runs there.
        print(f"CPU time with OCR: first run {min(run[3] for run in uncached):.2f} s, cached run "
              f"{min(run[3] for run in cached):.2f} s; load average now: {os.getloadavg()[0]:.1f}")
        print("findings (with OCR): " + ", ".join(f"{rule} x{count}" for rule, count in sorted(cached[0][2].items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
