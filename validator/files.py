"""Opening a file a client sent: a path swapped for a link or a FIFO since it was checked is
neither followed nor waited on, and only a regular file is read."""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


class NotRegularFile(OSError):
    """The path is a folder, device, pipe or socket, not a file."""


def open_regular(path: str | os.PathLike) -> BinaryIO:
    """The file, open for reading in binary; OSError when it cannot be opened, NotRegularFile
    when it is not a regular file."""
    handle = os.fdopen(os.open(path, READ_FLAGS), "rb")
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise NotRegularFile("not a regular file")
    return handle
