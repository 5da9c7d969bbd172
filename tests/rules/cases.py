"""Per-rule cases: each rule has bundles that make it fire and bundles on which it stays silent.

A case builds a bundle under a folder and returns the settings to check it with. The catalogue
test checks that every registered rule has at least one case of each kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.bundles import contract_bundle, passport_bundle

Builder = Callable[[Path], Path]


@dataclass(frozen=True)
class Case:
    rule: str
    build: Builder
    settings: dict[str, Any] = field(default_factory=dict)
    fires: bool = True
    # Text that the rule's message must contain when it fires.
    message: str = ""
    # Faults of the surroundings the case needs and a file cannot carry (a folder that root, who
    # runs the tests here, can always read), set up on the built folder before the run.
    environment: Callable[[pytest.MonkeyPatch, Path], None] | None = None


def contract(change=None) -> Builder:
    return lambda root: contract_bundle(root, change)


def passport(change=None) -> Builder:
    return lambda root: passport_bundle(root, change)


def silent_on_contract_example(*rules: str) -> list[Case]:
    return [Case(rule, contract(), fires=False) for rule in rules]


def silent_on_passport_example(*rules: str) -> list[Case]:
    return [Case(rule, passport(), fires=False) for rule in rules]
