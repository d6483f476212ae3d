"""Regenerate README.md's settings table from kiosk/settings.py (the one declaration)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.settings import settings_table_markdown  # noqa: E402

readme = ROOT / "README.md"
text = readme.read_text(encoding="utf-8")
pattern = re.compile(r"(<!-- settings-table:[^\n]*-->\n).*?(\n<!-- /settings-table -->)", re.S)
new = pattern.sub(lambda m: m.group(1) + settings_table_markdown() + m.group(2), text)
readme.write_text(new, encoding="utf-8")
print("README settings table", "updated" if new != text else "already current")
