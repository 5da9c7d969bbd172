"""How long the guide site takes to build: `mkdocs build --strict` into a temporary folder, as
CI and tests/test_docs_site.py run it, with its wall time and the CPU time of its process tree
(user and system), which a machine shared with other work does not inflate.

    python -m bench.docs_build [--runs 1] [--profile 25]

Each run starts cold: a fresh site folder and a fresh OCR cache for the validator runs the
sample-report hook makes. `--profile N` runs the build once more under cProfile and prints the
N functions with the most cumulative time."""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]


def build_once(profile: Path | None = None) -> tuple[float, float, float]:
    """Wall, user and system seconds of one cold build."""
    with tempfile.TemporaryDirectory(prefix="ipp-docs-bench-") as work:
        command = [*BUILD, "--site-dir", str(Path(work) / "site")]
        if profile:
            command[1:1] = ["-m", "cProfile", "-o", str(profile)]
        environment = {**os.environ, "XDG_CACHE_HOME": str(Path(work) / "cache"), "NO_MKDOCS_2_WARNING": "1"}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=environment, check=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.docs_build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--profile", type=int, metavar="N", default=0)
    args = parser.parse_args(argv)
    print(f"mkdocs build --strict, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for run in range(1, args.runs + 1):
        wall, user, system = build_once()
        print(f"run {run}: wall {wall:5.1f} s   user {user:5.1f} s   system {system:4.1f} s")
    if args.profile:
        import pstats

        with tempfile.TemporaryDirectory() as work:
            profile = Path(work) / "build.prof"
            build_once(profile)
            pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
