"""`--statistics`: how many findings each rule made over the whole run, most first."""

from __future__ import annotations

import json
from collections import Counter

from validator.reporters.base import RenderOptions, RunReport
from validator.rules import RULES


def counts(run: RunReport) -> list[tuple[str, int]]:
    counted = Counter(f.rule for bundle in run.bundles for f in bundle.counted)
    return sorted(counted.items(), key=lambda item: (-item[1], item[0]))


def render(run: RunReport, options: RenderOptions, as_json: bool = False) -> str:
    rows = [(rule, count, RULES[rule]) for rule, count in counts(run)]
    if as_json:
        return json.dumps([{"rule": rule, "count": count, "severity": known.severity.value, "title": known.title}
                           for rule, count, known in rows], ensure_ascii=False, indent=2) + "\n"
    lines = [f"{count:>5}  {rule:<20} {known.severity.value:<8} "
             f"{known.title_zh if options.lang == 'zh' and known.title_zh else known.title}"
             for rule, count, known in rows]
    return "\n".join(lines) + "\n" if lines else ""
