"""Reporters render a run's findings; they never decide anything. Chosen by name."""

from __future__ import annotations

from collections.abc import Callable

from validator.reporters import github, html, json, junit, sarif, text
from validator.reporters.base import RenderOptions, RunReport

REPORTERS: dict[str, Callable[[RunReport, RenderOptions], str]] = {
    "text": text.render,
    "json": json.render,
    "html": html.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
}
