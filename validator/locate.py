"""Finding a listed file inside its bundle without ever following a path out of it."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from validator.manifest import MANIFEST_NAME


@dataclass(frozen=True)
class Located:
    real_path: str
    size: int = 0


@dataclass(frozen=True)
class LocationProblem:
    """`kind`: absolute, parent_reference, link_outside, missing, not_a_file."""

    kind: str
    detail: str


def bundle_path(relative: str) -> str:
    """A manifest path in the one spelling the folder listing uses: sellers on Windows write
    `identity\\IMG.jpg`, others `./identity/IMG.jpg`; both name identity/IMG.jpg. Locating a file
    and telling whether a file in the folder is listed go through here, so they cannot disagree."""
    return "/".join(part for part in relative.replace("\\", "/").split("/") if part not in ("", "."))


def same_path(first: str | None, second: str | None) -> bool:
    """Whether two manifest paths name the same file of the bundle."""
    return first is not None and second is not None and bundle_path(first) == bundle_path(second)


class CaseIndex:
    """The names in each folder of one bundle by their case-folded form, each folder read once:
    a missing file's case variant is looked up, not searched for (a folder of 50,000 files took
    45 ms to scan per missing file)."""

    def __init__(self) -> None:
        self._folders: dict[str, dict[str, str]] = {}

    def variant(self, folder: str, name: str) -> str | None:
        if folder not in self._folders:
            names: dict[str, str] = {}
            try:
                with os.scandir(folder) as scan:
                    for entry in scan:
                        names.setdefault(entry.name.casefold(), entry.name)
            except OSError:
                pass
            self._folders[folder] = names
        return self._folders[folder].get(name.casefold())


def locate(bundle_dir: Path, relative: str, case_index: CaseIndex | None = None) -> Located | LocationProblem:
    """Resolve a manifest path. Links are resolved by name only: the target of a link that
    leaves the bundle is never opened or read. `case_index` is shared by the lookups of one
    bundle."""
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute() or relative.startswith("\\"):
        return LocationProblem("absolute", f"{relative} is an absolute path")
    parts = bundle_path(relative).split("/")
    if ".." in parts:
        return LocationProblem("parent_reference", f"{relative} climbs out of the bundle with '..'")
    root = os.path.realpath(bundle_dir)
    candidate = os.path.join(root, *parts)
    try:
        real = os.path.realpath(candidate)
    except ValueError:  # a NUL character, or a string the file system cannot encode
        return LocationProblem("missing", f"{relative!r} is not a possible file name")
    if os.path.commonpath([root, real]) != root:
        return LocationProblem("link_outside", f"{relative} is a link to a place outside the bundle")
    try:
        info = os.stat(real)
    except FileNotFoundError:
        if os.path.lexists(candidate):
            return LocationProblem("missing", f"{relative} is a link to a file that does not exist")
        hint = _case_variant(Path(candidate), root, case_index or CaseIndex())
        return LocationProblem("missing", f"{relative} does not exist{hint}")
    except OSError as exc:
        return LocationProblem("missing", f"{relative} cannot be reached: {exc.strerror}")
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "a special file (device, pipe or socket)"
        return LocationProblem("not_a_file", f"{relative} is {what}, not a document file")
    return Located(real, info.st_size)


def _case_variant(missing: Path, root: str, case_index: CaseIndex) -> str:
    """Names are case-sensitive here but not on every seller's computer: point at a file whose
    name differs only in case."""
    match = case_index.variant(str(missing.parent), missing.name)
    if match is None:
        return ""
    found = (missing.parent / match).relative_to(root).as_posix()
    return f" (but {found} does: names are case-sensitive)"


@dataclass(frozen=True)
class FolderProblem:
    """Why a folder given or found is not checked as a bundle. `kind`: unreadable (`detail` is
    the system's reason), and for a batch's sub-folders: hidden, link, no_manifest."""

    kind: str
    detail: str


@dataclass(frozen=True)
class FolderListing:
    files: tuple[str, ...]
    truncated: bool


def list_bundle_files(bundle_dir: Path, limit: int) -> FolderListing:
    """Bundle-relative paths of the files below the bundle, links included but not followed,
    hidden files (.DS_Store, .git) and the manifest left out; at most `limit` of them.

    The walk keeps its own stack rather than recursing (as os.walk does before Python 3.12), so
    folders nested a thousand deep cannot exhaust the interpreter's recursion limit."""
    found: list[str] = []
    folders = [""]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(os.path.join(bundle_dir, folder)) as scan:
                entries = sorted((entry for entry in scan if not entry.name.startswith(".")), key=lambda e: e.name)
        except OSError:  # unreadable, or its path too long to open
            continue
        subfolders = []
        for entry in entries:
            relative = f"{folder}/{entry.name}" if folder else entry.name
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(relative)
                continue
            if entry.is_symlink() and os.path.isdir(entry.path):  # a linked folder is not entered
                continue
            if relative == MANIFEST_NAME:
                continue
            if len(found) == limit:
                return FolderListing(tuple(found), truncated=True)
            found.append(relative)
        folders.extend(reversed(subfolders))
    return FolderListing(tuple(found), truncated=False)
