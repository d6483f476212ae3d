"""UI strings, one TOML file per language in assets/i18n.

Keeping them as data means a clinic adds a language with files only; a
missing string falls back to English rather than showing a blank button.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

FALLBACK = "en"
log = logging.getLogger(__name__)


@dataclass
class Strings:
    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def tr(self, lang: str, key: str, **values: object) -> str:
        text = self.tables.get(lang, {}).get(key) or self.tables.get(FALLBACK, {}).get(key)
        if text is None:
            log.warning("missing UI string %s", key)
            return key
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text

    def name(self, lang: str) -> str:
        return self.names.get(lang, lang)

    def missing(self, lang: str) -> list[str]:
        """Keys English has that `lang` lacks: a translation gap."""
        return sorted(set(self.tables.get(FALLBACK, {})) - set(self.tables.get(lang, {})))


def load_strings(folder: Path) -> Strings:
    strings = Strings()
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            strings.problems.append(f"{path}: cannot read UI strings: {exc}")
            continue
        table = data.get("strings", {})
        meta = data.get("meta", {})
        strings.tables[path.stem] = {str(k): str(v) for k, v in table.items()}
        strings.names[path.stem] = str(meta.get("name", path.stem))
    if FALLBACK not in strings.tables:
        strings.problems.append(f"{folder}: no {FALLBACK}.toml; buttons will show their keys")
    return strings
