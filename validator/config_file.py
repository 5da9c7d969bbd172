"""The configuration file, found as ruff finds its own: in the bundle's folder or the nearest
folder above it, `ipp-preflight.toml` (its keys at the top level), else a `pyproject.toml` with a
`[tool.ipp-preflight]` table. Its keys are the command line's long options without their dashes
(`max-file-size = 8`, `ignore = ["IPP-CONTACT-002"]`, `no-ocr = true`); the command line wins."""

from __future__ import annotations

import argparse
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from validator.suggest import did_you_mean

CONFIG_NAME = "ipp-preflight.toml"
PYPROJECT_NAME = "pyproject.toml"
TOOL_TABLE = "ipp-preflight"
# A configuration is a few lines; a bigger file is not one.
MAX_CONFIG_BYTES = 1024 * 1024


class ConfigError(Exception):
    """A configuration file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class ConfigFile:
    path: Path
    table: Mapping[str, Any]

    @property
    def where(self) -> str:
        return f"{self.path} [tool.{TOOL_TABLE}]" if self.path.name == PYPROJECT_NAME else str(self.path)


def find(start: str | Path) -> ConfigFile | None:
    """The configuration that applies to `start` (a bundle or batch folder), or None."""
    folder = Path(os.path.abspath(start))
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if _is_file(own):
            return ConfigFile(own, _read(own))
        pyproject = candidate / PYPROJECT_NAME
        if _is_file(pyproject):
            table = _tool_table(pyproject)
            if table is not None:
                return ConfigFile(pyproject, table)
    return None


def _is_file(path: Path) -> bool:
    """Whether `path` is a file; a folder the user may not read (the bundle's own, reported by
    the checks as IPP-FILE-012) holds none that can apply."""
    try:
        return path.is_file()
    except OSError:
        return False


def load(path: Path) -> ConfigFile:
    """The file --config names: a pyproject.toml's table, or an ipp-preflight.toml by any name."""
    if not path.is_file():
        raise ConfigError(f"{path}: no such file")
    if path.name != PYPROJECT_NAME:
        return ConfigFile(path, _read(path))
    table = _tool_table(path)
    if table is None:
        raise ConfigError(f"{path}: has no [tool.{TOOL_TABLE}] table")
    return ConfigFile(path, table)


def _tool_table(pyproject: Path) -> dict[str, Any] | None:
    tool = _read(pyproject).get("tool")
    table = tool.get(TOOL_TABLE) if isinstance(tool, dict) else None
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{pyproject}: tool.{TOOL_TABLE} must be a table")
    return table


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KB, too large for a configuration")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def option_values(config: ConfigFile, options: Mapping[str, argparse.Action]) -> dict[str, Any]:
    """The table's values as the parser's defaults (by `dest`), each checked by its option's own
    type and choices. `options`: the configurable options by key (long option without dashes)."""
    values: dict[str, Any] = {}
    for key, value in config.table.items():
        action = options.get(key)
        if action is None:
            raise ConfigError(f"{config.where}: unknown key {key!r}{did_you_mean(key, options)}")
        values[action.dest] = _value(action, value, f"{config.where}: {key}")
    return values


def _value(action: argparse.Action, value: Any, where: str) -> Any:
    if action.nargs == 0:  # a flag such as --strict
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: must be true or false, not {value!r}")
        return value
    if isinstance(action.default, list):  # --ignore A,B: a list, or one string
        items = value if isinstance(value, list) else [value]
        return [part for item in items for part in _one(action, item, where)]
    return _one(action, value, where)


def _one(action: argparse.Action, value: Any, where: str) -> Any:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ConfigError(f"{where}: must be {'a number' if action.type else 'a string'}, not {value!r}")
    text = str(value)
    try:
        converted = action.type(text) if action.type else text
    except (argparse.ArgumentTypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from None
    if action.choices is not None and converted not in action.choices:
        choices = ", ".join(map(str, action.choices))
        raise ConfigError(f"{where}: {text!r} is not one of {choices}{did_you_mean(text, map(str, action.choices))}")
    return converted
