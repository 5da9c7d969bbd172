"""The main process's share of a run: its CPU and wall time up to each step of `validate` (its
imports, the manifests read, the workers started and done, the bundle checks, the report), and
the workers' CPU, for one run of the command in this process. Everything the main process does
before the workers start and after they finish is on every run's critical path.

    python -m bench.main_process [validate's options and bundle folder]

For example, a cached run of the benchmark bundle (fill the cache once first):

    XDG_CACHE_HOME=/tmp/bench-cache python -m bench.main_process --no-progress --format json \\
        /tmp/ipp-preflight-bench >/dev/null"""

from __future__ import annotations

import resource
import sys
import time

_STARTED = (time.perf_counter(), time.process_time())


def _mark(step: str) -> None:
    wall, cpu = time.perf_counter() - _STARTED[0], time.process_time() - _STARTED[1]
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{step:32s} wall {wall:6.3f} s   main process CPU {cpu:6.3f} s   "
          f"workers CPU {workers.ru_utime + workers.ru_stime:6.3f} s", file=sys.stderr)


def main(argv: list[str]) -> int:
    from validator import cli, engine

    _mark("imports done")

    def timed(function, done: str, starting: str | None = None):
        def run(*args, **kwargs):
            if starting:
                _mark(starting)
            result = function(*args, **kwargs)
            _mark(done)
            return result
        return run

    engine._plan = timed(engine._plan, "manifest read")
    engine.run_isolated = timed(engine.run_isolated, "workers done", starting="workers start")
    engine._bundle_findings = timed(engine._bundle_findings, "bundle checks done")
    try:
        return cli.main(argv)
    finally:
        _mark("report written")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
