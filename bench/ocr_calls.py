"""What a first run's OCR costs, call by call: every file of a bundle analysed in turn in this one
process (one job, no OCR cache), each Tesseract call the reader makes (reading.recognise) timed in
CPU seconds and counted by kind: the page's sample of lines, the whole page, the MRZ crops.

    python -m bench.ocr_calls [BUNDLE] [--calls] [--only SUBSTRING ...]

BUNDLE defaults to the one `python -m bench` builds (it must exist). CPU time, not wall time: on a
shared machine it is what holds from run to run (compare before and after in turns)."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from validator import analysis, reading
from validator.config import Settings
from validator.engine import _plan, discover


def _kind(options: dict) -> str:
    if options.get("whitelist"):
        return "MRZ crops"
    return "whole pages" if options.get("page_mode", 3) == 3 else "sample reads"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ocr_calls", description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=Path(tempfile.gettempdir()) / "ipp-preflight-bench")
    parser.add_argument("--calls", action="store_true", help="print every call")
    parser.add_argument("--only", nargs="+", default=[], help="files whose path holds one of these")
    args = parser.parse_args(argv)
    seconds: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    original = reading.recognise

    def timed(image, languages, timeout, **options):
        started = time.process_time()
        found = original(image, languages, timeout, **options)
        spent = time.process_time() - started
        kind = _kind(options)
        seconds[kind] += spent
        calls[kind] += 1
        if args.calls:
            print(f"    {spent:6.3f} s  {kind:12}  {image.width}x{image.height}  {'+'.join(languages)}  "
                  f"confidence {found.confidence if found.confidence is None else round(found.confidence)}")
        return found

    reading.recognise = timed
    plan = _plan(discover([str(args.bundle)])[0], Settings(ocr_cache=False, jobs=1))
    analysed = 0.0
    for task in plan.tasks:
        if args.only and not any(part in task.document.file for part in args.only):
            continue
        started = time.process_time()
        analysis.analyse_file(task)
        spent = time.process_time() - started
        analysed += spent
        if args.calls:
            print(f"{spent:6.3f} s  {task.document.file} ({task.document.type})")
    for kind in ("sample reads", "whole pages", "MRZ crops"):
        print(f"{kind}: {calls[kind]} calls, {seconds[kind]:.2f} s CPU")
    print(f"all OCR: {sum(calls.values())} calls, {sum(seconds.values()):.2f} s CPU; "
          f"analysing the files: {analysed:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
