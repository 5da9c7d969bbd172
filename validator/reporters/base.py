"""What every reporter is given."""

from __future__ import annotations

from dataclasses import dataclass

from validator.findings import BundleReport


@dataclass(frozen=True)
class RunReport:
    bundles: tuple[BundleReport, ...]
    strict: bool = False


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False
    lang: str = "en"
    # Text report: only error findings listed (quiet), or each with its reference link (verbose).
    quiet: bool = False
    verbose: bool = False
