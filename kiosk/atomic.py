"""Crash-safe file writes: the old file or the new one, never half of either."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic_write_text(path: Path, text: str,
                      verify: Callable[[str], None] | None = None) -> None:
    """Write to a temp file in the same folder, fsync, then rename over `path`.

    `verify` is given the temp file's text as read back from disk and may raise
    ValueError to stop the replace. Raises OSError (disk full, read-only) or that
    ValueError, with the original file untouched.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if verify is not None:
            with open(tmp_name, encoding="utf-8", newline="\n") as written:
                verify(written.read())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):  # directory fsync is not possible on every platform
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
