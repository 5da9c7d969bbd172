"""The threat model's table of limits says what the code does: each default as set in the code,
each option one the command takes, in both languages."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from validator import decode, engine, formats, manifest
from validator.cli import _check_parser
from validator.config import MB, Settings
from validator.rules import RULES

DOCS = Path(__file__).resolve().parent.parent / "docs" / "validator"
DEFAULTS = Settings()
# The settings that bound what hostile input can cost are named so; thresholds of the checks
# (expiry, legibility...) are not limits and are documented with their rules.
LIMIT_NAME = re.compile(r"max_\w+|file_\w+|run_\w+|jobs")
EXPECTED = {
    "config.Settings.max_file_bytes": f"{DEFAULTS.max_file_bytes // MB} MB",
    "config.Settings.max_pixels": f"{DEFAULTS.max_pixels // 1_000_000} megapixels",
    "config.Settings.max_pdf_pages": str(DEFAULTS.max_pdf_pages),
    "config.Settings.max_documents": str(DEFAULTS.max_documents),
    "config.Settings.file_timeout_seconds": f"{DEFAULTS.file_timeout_seconds:g}",
    "config.Settings.file_memory_bytes": f"{DEFAULTS.file_memory_bytes // MB} MB",
    # None: one worker per CPU, bounded by the run's memory.
    "config.Settings.jobs": "CPU",
    "config.Settings.run_memory_bytes": f"{DEFAULTS.run_memory_bytes // MB} MB",
    "config.Settings.max_manifest_bytes": f"{DEFAULTS.max_manifest_bytes // 1024} KB",
    "manifest.MAX_NESTING": str(manifest.MAX_NESTING),
    "manifest.MAX_EVENTS": str(manifest.MAX_EVENTS),
    "engine.MAX_LISTED_FOLDER_FILES": str(engine.MAX_LISTED_FOLDER_FILES),
    "formats.SNIFF_BYTES": str(formats.SNIFF_BYTES),
    "decode.PDF_TRAILER_WINDOW": str(decode.PDF_TRAILER_WINDOW),
    "decode.WORKING_LONG_SIDE": str(decode.WORKING_LONG_SIDE),
}


def _limit_rows(page: Path) -> dict[str, tuple[str, str]]:
    """`set in` -> (default, option) from the page's table of limits."""
    rows = {}
    for line in page.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"`[\w.]+`", cells[3]):
            rows[cells[3].strip("`")] = (cells[1], cells[2])
    return rows


def test_every_setting_that_limits_input_is_in_the_table() -> None:
    limits = {f"config.Settings.{f.name}" for f in dataclasses.fields(Settings) if LIMIT_NAME.fullmatch(f.name)}
    assert len(limits) >= 7
    assert limits <= set(EXPECTED)


@pytest.mark.parametrize("page", ["threat-model.md", "threat-model.zh.md"])
def test_the_table_of_limits_matches_the_code(page: str) -> None:
    rows = _limit_rows(DOCS / page)
    assert set(rows) == set(EXPECTED)
    options = {option for action in _check_parser()._actions for option in action.option_strings}
    for place, (default, option) in rows.items():
        assert EXPECTED[place] in default, (place, default)
        named = re.findall(r"--[\w-]+", option)
        assert all(name in options for name in named), option


@pytest.mark.parametrize("page", ["threat-model.md", "threat-model.zh.md"])
def test_every_rule_the_page_names_exists(page: str) -> None:
    named = set(re.findall(r"IPP-[A-Z]+-\d{3}", (DOCS / page).read_text(encoding="utf-8")))
    assert named and named <= set(RULES)
