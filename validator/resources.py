"""Data files shipped with the package. In a wheel they sit inside `validator/` (see
pyproject.toml's force-include); in a source checkout they are the project's top-level folders."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    packaged = Path(str(resources.files("validator"))) / name
    return packaged if packaged.is_dir() else _SOURCE_ROOT / name


@cache
def schema(name: str) -> dict[str, Any]:
    return json.loads((data_dir("schemas") / f"{name}.schema.json").read_text(encoding="utf-8"))
