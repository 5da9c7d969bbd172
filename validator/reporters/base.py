"""What every reporter is given."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from validator.findings import BundleReport


@dataclass(frozen=True)
class RunReport:
    bundles: tuple[BundleReport, ...]
    strict: bool = False
    # The day the run was made, which a report for a client carries.
    made_on: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    lang: str = "en"
    # Text report: only error findings listed (quiet), or each with its reference link (verbose).
    quiet: bool = False
    verbose: bool = False
