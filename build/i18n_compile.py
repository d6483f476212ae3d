"""Compile the UI catalogues: assets/i18n/<lang>/LC_MESSAGES/kiosk.po -> kiosk.mo (Babel).

The kiosk reads only the .mo (stdlib gettext, no Babel at run time); the .mo files are build
output, ignored by git. build/dev.sh, build/build.py and the test suite run this first. A .mo
is rewritten only when its bytes change, so a second run is a no-op. Exits 1 on a .po that does
not parse, printing file and problem.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po

I18N = Path(__file__).resolve().parent.parent / "assets" / "i18n"


def compile_all(folder: Path = I18N) -> list[str]:
    """Compile every catalogue under `folder`; returns the problems (empty when all compiled)."""
    problems: list[str] = []
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        try:
            with po.open("rb") as fp:
                catalog = read_po(fp, locale=po.parent.parent.name, abort_invalid=True)
        except (OSError, ValueError, PoFileError) as exc:
            problems.append(f"{po}: cannot compile: {exc}")
            continue
        for message, errors in catalog.check():
            problems += [f"{po}: {message.context}: {error}" for error in errors]
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != buffer.getvalue():
            mo.write_bytes(buffer.getvalue())
    return problems


def main() -> int:
    problems = compile_all(Path(sys.argv[1]) if len(sys.argv) > 1 else I18N)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
