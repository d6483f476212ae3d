"""Which installed signed pack is current: the one small fact start-up needs from packs.

Kept apart from kiosk/packs.py (which runs `check` on what it installs) so that
loading the runtime never imports the installer.
"""

from __future__ import annotations

import re
from pathlib import Path

POINTER = "current"
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def current_name(packs_root: Path) -> str | None:
    """The version the pointer names, when that folder really holds content."""
    try:
        name = (packs_root / POINTER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if SAFE_NAME.match(name) and (packs_root / name / "content").is_dir() else None


def installed_pack_dir(data_dir: Path) -> Path | None:
    """The current signed pack's content folder in the data folder, if one is installed."""
    root = data_dir / "packs"
    name = current_name(root)
    return root / name / "content" if name else None
