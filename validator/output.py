"""Writing a report or a handout to the file `-o` names: checked before the run starts, so that a
wrong path costs no analysis, and written whole or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class OutputError(Exception):
    """The output cannot be written; the message is one line for the user."""


def check_output(path: str) -> None:
    """Raise OutputError when `path` cannot receive the output: its folder is missing or not
    writable, or it names a folder."""
    target = Path(path)
    folder = target.parent
    if target.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name for the output")
    if _is_special(target):
        return
    if not folder.is_dir():
        raise OutputError(f"{path}: the folder {folder} does not exist" if not folder.exists()
                          else f"{path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{path}: the folder {folder} is not writable")


def write_output(path: str, data: bytes) -> None:
    """`data` into `path`, atomically (an older file stays whole when writing fails). A device or
    a pipe (`-o /dev/stdout`) is written directly: it cannot be replaced. Raises OutputError."""
    target = Path(path)
    try:
        if _is_special(target):
            with open(target, "wb") as handle:
                handle.write(data)
        else:
            write_atomically(target, data)
    except OSError as exc:
        raise OutputError(f"{path}: the output could not be written ({exc.strerror or exc})") from None


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it into place: a full disk or a stop
    half-way never leaves half a file. Raises OSError."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            # mkstemp makes the file private; the result gets the permissions any new file would.
            os.fchmod(handle.fileno(), 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def _is_special(target: Path) -> bool:
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
