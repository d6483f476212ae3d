"""UI strings: gettext catalogues, assets/i18n/<lang>/LC_MESSAGES/kiosk.mo.

Translators edit the .po next to each .mo with any standard tool (Poedit, Weblate); the build
compiles it (build/i18n_compile.py). msgctxt is the key the code asks for, so code keeps
asking `tr(lang, "nav.home")` and English wording can change without touching code. A plural
entry (msgid_plural) picks its form with the catalogue's own Plural-Forms rule. A missing or
broken catalogue, or a missing string, falls back to English with a log line, never a blank
button or a crash.
"""

from __future__ import annotations

import gettext
import logging
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FALLBACK = "en"
DOMAIN = "kiosk"
NAME_KEY = "meta.name"  # the language's own name ("Español"), for the language button
log = logging.getLogger(__name__)


def english_rule(n: int) -> int:
    """Plural form index for English (and the rule when a catalogue gives none)."""
    return int(n != 1)


@dataclass
class Strings:
    tables: dict[str, dict[str, str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    plurals: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    rules: dict[str, Callable[[int], int]] = field(default_factory=dict)

    def tr(self, lang: str, key: str, **values: object) -> str:
        """The text for `key`; a plural key picks its form by the value `count`, else `n`.

        Callers pass `count` where the number to agree with is not `n` ("Step {n} of {total}"
        agrees with total), so screens keep one lookup for plain and plural strings.
        """
        count = values.pop("count", None)
        if key in self.plurals.get(lang, {}) or key in self.plurals.get(FALLBACK, {}):
            number = count if count is not None else values.get("n")
            return self.ntr(lang, key, number if isinstance(number, int) else 0, **values)
        text = self.tables.get(lang, {}).get(key) or self.tables.get(FALLBACK, {}).get(key)
        if text is None:
            log.warning("missing UI string %s", key)
            return key
        return _format(text, values)

    def ntr(self, lang: str, key: str, count: int, **values: object) -> str:
        """ngettext: the form of `key` for `count` in `lang`, else English's form."""
        values.setdefault("n", count)
        for code in (lang, FALLBACK):
            forms = self.plurals.get(code, {}).get(key, [])
            index = self.rules.get(code, english_rule)(count)
            if 0 <= index < len(forms) and forms[index]:
                return _format(forms[index], values)
        log.warning("missing UI plural string %s", key)
        return key

    def name(self, lang: str) -> str:
        return self.names.get(lang, lang)

    def missing(self, lang: str) -> list[str]:
        """Keys English has that `lang` lacks (or leaves a plural form empty): a gap."""
        have = set(self.tables.get(lang, {}))
        have |= {k for k, forms in self.plurals.get(lang, {}).items() if all(forms)}
        english = set(self.tables.get(FALLBACK, {})) | set(self.plurals.get(FALLBACK, {}))
        return sorted(english - have)


def _format(text: str, values: dict[str, object]) -> str:
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return text


def catalogue_path(folder: Path, lang: str, suffix: str = ".mo") -> Path:
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def read_catalogue(path: Path) -> gettext.GNUTranslations:
    """Parse one .mo; raises OSError/ValueError on a file that is not a sound catalogue."""
    try:
        with path.open("rb") as fp:
            return gettext.GNUTranslations(fp)
    except (struct.error, IndexError, KeyError, SyntaxError, RecursionError) as exc:
        raise ValueError(f"not a valid .mo file ({exc})") from exc


def load_strings(folder: Path) -> Strings:
    strings = Strings()
    langs = sorted({p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.[mp]o")})
    for lang in langs:
        path = catalogue_path(folder, lang)
        if not path.exists():
            problem = f"{path}: missing; compile the .po next to it (bash build/dev.sh)"
        else:
            try:
                _add(strings, lang, read_catalogue(path))
                continue
            except (OSError, ValueError) as exc:
                problem = f"{path}: cannot read UI strings: {exc}"
        strings.problems.append(problem)
        log.warning("%s; %s shows English", problem, lang)
    if FALLBACK not in strings.tables:
        strings.problems.append(f"{catalogue_path(folder, FALLBACK)}: no English catalogue; "
                                "buttons will show their keys")
    return strings


def _add(strings: Strings, lang: str, catalogue: gettext.GNUTranslations) -> None:
    """Index one parsed catalogue by key (msgctxt); entries without a context are ignored."""
    # The stdlib keeps the parsed entries in `_catalog` ({"ctx\x04msgid": text} and, for
    # plurals, {("ctx\x04msgid", i): text}); there is no public way to list them.
    entries: dict[object, str] = vars(catalogue).get("_catalog", {})
    table: dict[str, str] = {}
    plurals: dict[str, list[str]] = {}
    for raw, text in entries.items():
        msgid, index = raw if isinstance(raw, tuple) else (raw, None)
        key, sep, _ = str(msgid).partition("\x04")
        if not sep:
            continue
        if index is None:
            table[key] = text
        else:
            forms = plurals.setdefault(key, [])
            forms += [""] * (int(index) + 1 - len(forms))
            forms[int(index)] = text
    strings.tables[lang] = table
    strings.plurals[lang] = plurals
    rule: Callable[[int], int] = getattr(catalogue, "plural", english_rule)  # not in typeshed
    strings.rules[lang] = rule
    strings.names[lang] = table.get(NAME_KEY, lang)
