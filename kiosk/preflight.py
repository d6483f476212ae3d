"""`kiosk check`'s start-up preflight: load what the kiosk loads when it starts.

`check` used to say "ok" on a machine where the kiosk could not start (no
libsqlite3-0, no xcb libraries). Here sqlite3 is imported and opened, and a
child process (Qt can abort the process when a platform plugin will not load)
imports Qt, loads the platform plugins the kiosk would use, starts a GUI
application and loads the bundled fonts. Each missing piece is reported with
the Debian package that provides it. Qt-free itself; the child is
`kiosk.ui.probe`, reached through the kiosk's own entry point so the frozen
bundle checks its own Qt.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass

PROBE_ENV = "KIOSK_PREFLIGHT_PROBE"
PROBE_TIMEOUT_S = 30.0
# Libraries the kiosk (Python, Qt and its platform plugins) loads, and their Debian package.
PACKAGES = {
    "libsqlite3.so.0": "libsqlite3-0", "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0", "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6", "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1", "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-util.so.1": "libxcb-util1", "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1", "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0", "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0", "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-glx.so.0": "libxcb-glx0", "libSM.so.6": "libsm6", "libICE.so.6": "libice6",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0", "libwayland-egl.so.1": "libwayland-egl1",
    "libpulse.so.0": "libpulse0", "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libssl.so.3": "libssl3", "libcrypto.so.3": "libssl3",
}
_SONAME = re.compile(r"(lib[\w.+-]+?\.so(?:\.\d+)*)")


def package_for(message: str) -> str:
    """'(install libxcb-cursor0)' for a loader error naming a known library, else ''."""
    for name in _SONAME.findall(message):
        if name in PACKAGES:
            return f" (install the Debian package {PACKAGES[name]})"
    found = _SONAME.search(message)
    return f" (install the package that provides {found.group(1)})" if found else ""


@dataclass(frozen=True)
class Finding:
    """One line for `kiosk check`: what was loaded and how it went."""

    what: str
    message: str
    error: bool = False
    warning: bool = False

    def __str__(self) -> str:
        kind = "error: " if self.error else "warning: " if self.warning else ""
        return f"preflight: {self.what}: {kind}{self.message}"


def check_sqlite() -> Finding:
    """Usage counts need sqlite3 (Python's _sqlite3 and the system's libsqlite3)."""
    try:
        sqlite3 = importlib.import_module("sqlite3")
        db = sqlite3.connect(":memory:")
        try:
            version = db.execute("SELECT sqlite_version()").fetchone()[0]
        finally:
            db.close()
    except Exception as exc:  # ImportError, OSError from the loader, sqlite3.Error
        text = str(exc) or type(exc).__name__
        return Finding("sqlite3", f"cannot load SQLite ({text}); usage counts cannot start"
                       + (package_for(text) or " (install the Debian package libsqlite3-0)"),
                       error=True)
    return Finding("sqlite3", f"SQLite {version}")


def probe_command() -> list[str]:
    """The kiosk's own entry point: the frozen binary checks its own bundled Qt."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "kiosk"]


def check_qt(timeout_s: float = PROBE_TIMEOUT_S) -> list[Finding]:
    """Run the Qt probe in a child process and turn its report into findings."""
    env = dict(os.environ, **{PROBE_ENV: "1"})
    try:
        done = subprocess.run(probe_command(), env=env, capture_output=True, text=True,
                              timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return [Finding("Qt", f"the start-up probe did not finish in {timeout_s:.0f} s; the "
                        "kiosk may hang at start", warning=True)]
    except OSError as exc:
        return [Finding("Qt", f"cannot run the start-up probe ({exc})", error=True)]
    report = None
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            try:
                report = json.loads(line)
            except ValueError:
                continue
            break
    if not isinstance(report, dict):
        text = " ".join(done.stderr.split())[-400:] or f"exit status {done.returncode}"
        return [Finding("Qt", f"Qt could not start ({text}){package_for(text)}", error=True)]
    return _findings(report)


def _findings(report: dict[str, object]) -> list[Finding]:
    findings: list[Finding] = []
    qt_error = report.get("qt_error")
    if isinstance(qt_error, str):
        return [Finding("Qt", f"cannot load Qt ({qt_error}){package_for(qt_error)}",
                        error=True)]
    platforms = report.get("platforms")
    usable: list[str] = []
    if isinstance(platforms, dict):
        for name, problem in platforms.items():
            if problem:
                findings.append(Finding(f"Qt platform {name}", f"{problem}"
                                        f"{package_for(str(problem))}", warning=True))
            else:
                usable.append(name)
    if not usable:
        findings.append(Finding("Qt platform", "no platform plugin the kiosk would use can "
                                "load; it cannot show a window (see the lines above)",
                                error=True))
    else:
        findings.append(Finding("Qt platform", f"{', '.join(usable)} can load"))
    started = report.get("started")
    if isinstance(started, str) and started:
        findings.append(Finding("Qt", f"started a GUI application on '{started}'"))
    fonts = report.get("fonts")
    if isinstance(fonts, list):
        bad = [str(font) for font in fonts]
        if bad:
            findings.append(Finding("fonts", f"could not load {', '.join(bad)}; the kiosk "
                                    "falls back to another font (install libfontconfig1 "
                                    "and libfreetype6)", warning=True))
        else:
            findings.append(Finding("fonts", "bundled fonts load"))
    # Errors first only where a platform is needed: demote plugin warnings when one works.
    if not usable:
        findings = [Finding(f.what, f.message, error=True) if f.warning and
                    f.what.startswith("Qt platform ") else f for f in findings]
    return findings


def run_preflight(timeout_s: float = PROBE_TIMEOUT_S) -> list[Finding]:
    return [check_sqlite(), *check_qt(timeout_s)]
