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


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace `path` with `data` through a new temp file (O_EXCL: never a planted link)."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)  # replaces a link at `path`, never writes through it
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def write_new_file(path: Path, data: bytes) -> None:
    """Create `path` as a new file directly inside its folder; never follow or overwrite.

    For folders others control (a USB stick): an existing file or a link of that
    name is refused (OSError), and a linked folder is refused too.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0)
    use_dir_fd = os.open in os.supports_dir_fd and bool(_DIRECTORY)
    dir_fd = os.open(path.parent, os.O_RDONLY | _DIRECTORY | _NOFOLLOW) if use_dir_fd else None
    try:
        try:
            fd = os.open(path.name if dir_fd is not None else path, flags, 0o644, dir_fd=dir_fd)
        except FileExistsError:
            raise FileExistsError(f"{path} already exists; nothing was overwritten (remove or "
                                  "rename it, then export again)") from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path.name if dir_fd is not None else path, dir_fd=dir_fd)
            raise
    finally:
        if dir_fd is not None:
            os.close(dir_fd)
