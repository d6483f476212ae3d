"""The Qt half of `kiosk check`'s preflight, run in a child process.

Qt may abort the whole process when a platform plugin cannot load, so the
check runs this in a child and reads one JSON line from it: which platform
plugins load (their shared libraries, via the dynamic loader), whether a GUI
application starts, and which bundled fonts fail to load.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
from pathlib import Path


def candidates() -> list[str]:
    """The platforms the kiosk would try: QT_QPA_PLATFORM's list, else xcb/wayland."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    names = [n.split(":", 1)[0].strip() for n in chosen.split(";") if n.strip()]
    if names:
        return names
    return ["wayland", "xcb"] if os.environ.get("WAYLAND_DISPLAY") else ["xcb"]


def has_display(name: str) -> bool:
    if name == "xcb":
        return bool(os.environ.get("DISPLAY"))
    if name.startswith("wayland"):
        return bool(os.environ.get("WAYLAND_DISPLAY"))
    return name in ("offscreen", "minimal")


def main() -> int:
    report: dict[str, object] = {}
    try:
        from PySide6.QtCore import QLibraryInfo
        from PySide6.QtGui import QFontDatabase, QGuiApplication
    except ImportError as exc:
        report["qt_error"] = str(exc)
        print(json.dumps(report), flush=True)
        return 0
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    platforms: dict[str, str] = {}
    for name in candidates():
        files = sorted(folder.glob(f"libq{name}.so")) + sorted(folder.glob(f"qq{name}.dll")) \
            + sorted(folder.glob(f"q{name}.dll"))
        if not files:
            platforms[name] = f"Qt platform plugin '{name}' not found in {folder}"
            continue
        try:
            ctypes.CDLL(str(files[0]))
        except OSError as exc:
            platforms[name] = f"plugin '{name}' cannot load: {exc}"
            continue
        platforms[name] = ""
    report["platforms"] = platforms
    ready = [n for n, problem in platforms.items() if not problem and has_display(n)]
    platform = ready[0] if ready else "offscreen"  # fonts load the same way offscreen
    print(json.dumps(report), flush=True)  # in case starting the application aborts
    app = QGuiApplication([sys.argv[0], "-platform", platform])
    report["started"] = app.platformName()
    from kiosk.paths import assets_dir

    report["fonts"] = [path.name for path in sorted((assets_dir() / "fonts").glob("*.ttf"))
                       if QFontDatabase.addApplicationFont(str(path)) < 0]
    print(json.dumps(report), flush=True)
    return 0
