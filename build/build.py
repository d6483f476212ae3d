"""Build the one-folder bundle: `python build/build.py` -> dist/kiosk/.

PyInstaller's work folder goes to build/pyinstaller/ (ignored by git) so it
never mixes with the deployment recipes in build/. Prints the bundle size and
its biggest items, so the next person knows where to cut.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
BUDGET_MIB = 110


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    # The bundle carries compiled catalogues (.mo); a stale or missing one would show English.
    subprocess.run([sys.executable, str(ROOT / "build" / "i18n_compile.py")], check=True)
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(DIST), "--workpath", str(WORK), str(ROOT / "kiosk.spec")],
                   check=True)
    bundle = DIST / "kiosk"
    total = size_of(bundle)
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    print(f"\nbundle: {bundle} — {total / 2**20:.1f} MiB in {len(files)} files "
          f"(budget {BUDGET_MIB} MiB)")
    print("biggest items:")
    for path in sorted(files, key=lambda p: p.stat().st_size, reverse=True)[:12]:
        print(f"  {path.stat().st_size / 2**20:6.1f} MiB  {path.relative_to(bundle)}")
    return 0 if total <= BUDGET_MIB * 2**20 else 1


if __name__ == "__main__":
    sys.exit(main())
