"""Reading bundle.yaml: bytes to YAML to plain data, with the line of every field.

Parsing is defensive: the manifest comes from a client, so its size, nesting and aliases are
bounded before PyYAML builds anything, and only PyYAML's safe constructors run."""

from __future__ import annotations

import datetime as dt
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from validator.files import NotRegularFile, open_regular

MANIFEST_NAME = "bundle.yaml"
MAX_NESTING = 32
# libyaml's parser when PyYAML was built with it: a manifest at the size limit parses in a tenth
# of a second where the pure-Python parser took seconds. Both are safe loaders (plain data only).
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Events (scalars, mapping and sequence starts and ends) a manifest may hold: with aliases refused,
# parsing and validating cost grows with them. A manifest of the 200 documents the engine takes
# holds a few thousand; the validator's own default.
MAX_EVENTS = 50_000


@dataclass(frozen=True)
class ParsedManifest:
    data: Any
    lines: dict[tuple, int]
    duplicate_keys: tuple[tuple[tuple, int], ...]


@dataclass(frozen=True)
class ManifestProblem:
    """Why the manifest could not be read. `kind` is one of: missing, not_a_file, too_large,
    not_utf8, syntax, alias, too_deep, unsafe_tag, multiple_documents."""

    kind: str
    detail: str
    line: int | None = None


def read_manifest(bundle_dir: Path, max_bytes: int) -> ParsedManifest | ManifestProblem:
    path = bundle_dir / MANIFEST_NAME
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return ManifestProblem("missing", f"{MANIFEST_NAME} not found in {bundle_dir}")
    except OSError as exc:
        return ManifestProblem("not_a_file", f"{MANIFEST_NAME} cannot be read: {exc.strerror}")
    not_regular = ManifestProblem("not_a_file", f"{MANIFEST_NAME} is a link or special file, not a regular file")
    if not stat.S_ISREG(info.st_mode):
        return not_regular
    if info.st_size > max_bytes:
        return ManifestProblem("too_large", f"{MANIFEST_NAME} is {info.st_size:,} bytes; the limit is {max_bytes:,}")
    # Opened again without following a link: the manifest may have been swapped since the lstat.
    try:
        with open_regular(path) as handle:
            raw = handle.read(max_bytes + 1)
    except NotRegularFile:
        return not_regular
    except OSError as exc:
        return ManifestProblem("not_a_file", f"{MANIFEST_NAME} cannot be read: {exc.strerror}")
    if len(raw) > max_bytes:
        return ManifestProblem("too_large", f"{MANIFEST_NAME} is larger than {max_bytes:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return ManifestProblem("not_utf8", f"byte {exc.start} is not UTF-8", line)
    return parse_manifest_text(text)


def nearest_line(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of a field, or of its nearest ancestor that has one (a missing field has none)."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def parse_manifest_text(text: str) -> ParsedManifest | ManifestProblem:
    problem = _screen_events(text)
    if problem:
        return problem
    loader = LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.constructor.ConstructorError as exc:
        return ManifestProblem("unsafe_tag", _yaml_problem(exc), _yaml_line(exc))
    except yaml.composer.ComposerError as exc:
        return ManifestProblem("multiple_documents", _yaml_problem(exc), _yaml_line(exc))
    except yaml.YAMLError as exc:
        return _syntax_problem(exc)
    except ValueError as exc:  # a value YAML's syntax allows but Python cannot hold: 2032-13-45
        return ManifestProblem("syntax", f"a value cannot be read ({exc})")
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    duplicates: list[tuple[tuple, int]] = []
    if node is not None:
        _index_lines(node, (), lines, duplicates)
    return ParsedManifest(_jsonable(data), lines, tuple(duplicates))


def _screen_events(text: str) -> ManifestProblem | None:
    """Walk the event stream before anything is built: aliases (the 'billion laughs'), deep
    nesting and more events than a manifest needs are refused while they cost nothing, and so is text that is not Unicode (a lone
    surrogate written as an escape), which no file name or report can hold."""
    depth = 0
    try:
        for count, event in enumerate(yaml.parse(text, Loader=LOADER)):
            if count == MAX_EVENTS:
                return ManifestProblem(
                    "too_large", f"more than {MAX_EVENTS:,} values and structures", event.start_mark.line + 1
                )
            if isinstance(event, yaml.AliasEvent):
                return ManifestProblem(
                    "alias", f"the alias *{event.anchor} repeats another part of the file", event.start_mark.line + 1
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_NESTING:
                    return ManifestProblem(
                        "too_deep", f"nesting deeper than {MAX_NESTING} levels", event.start_mark.line + 1
                    )
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.ScalarEvent) and not _is_unicode(event.value):
                return ManifestProblem(
                    "not_utf8", "an escape such as \\ud800 stands for no Unicode character", event.start_mark.line + 1
                )
    except yaml.YAMLError as exc:
        return _syntax_problem(exc)
    return None


def _syntax_problem(exc: yaml.YAMLError) -> ManifestProblem:
    # libyaml (PyYAML 6.0.4 and later) refuses deep nesting itself, as it scans ahead of the
    # events that would have reached MAX_NESTING: the same refusal, whichever layer makes it.
    kind = "too_deep" if "maximum nesting depth" in str(exc) else "syntax"
    return ManifestProblem(kind, _yaml_problem(exc), _yaml_line(exc))


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return True


def _index_lines(node: yaml.Node, path: tuple, lines: dict[tuple, int], duplicates: list) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                duplicates.append((path + (key,), key_line))
            seen.add(key)
            _index_lines(value_node, path + (key,), lines, duplicates)
            lines[path + (key,)] = key_line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, path + (index,), lines, duplicates)


def _jsonable(value: Any) -> Any:
    """YAML's safe types as JSON types, so the JSON Schema sees what a JSON reader would."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (bytes, set)):
        return repr(value)
    return value


def _yaml_problem(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        return " ".join(part for part in (exc.context, exc.problem) if part)
    return " ".join(str(exc).split())  # a ReaderError spans lines


def _yaml_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None
