"""Turn the old UI string tables (assets/i18n/<lang>.toml) into gettext catalogues.

    python build/i18n_toml_to_po.py            # merge every assets/i18n/*.toml into the .po files
    python build/i18n_toml_to_po.py --check    # exit 1 if running it would change a .po

Writes assets/i18n/<lang>/LC_MESSAGES/kiosk.po: msgctxt = the key the code asks for,
msgid = the English text, msgstr = the language's text. A TOML value that is an array is a
plural entry (its forms in the language's Plural-Forms order: en/es ["1 second", "{n} seconds"]).

Why a merge and not an overwrite: branches made before the switch still add keys to the TOML
files. After merging one, the integrator restores its TOML files, re-runs this and deletes them
again. Entries only in a .po are kept; a key the TOML gives as a plain string but the .po
already has as a plural keeps its plural; everything else takes the TOML text. Running it twice
changes nothing (no dates in the header), so a re-run diff shows only real changes.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "assets" / "i18n"
DOMAIN = "kiosk"
SOURCE = "en"
NAME_KEY = "meta.name"  # the language's own name, shown on the language button


@dataclass
class Entry:
    """One UI string: English (singular, plural or None) and this language's forms."""

    key: str
    msgid: str
    msgid_plural: str | None
    forms: list[str]


def po_path(folder: Path, lang: str) -> Path:
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_toml(path: Path) -> dict[str, str | list[str]]:
    """Key -> text (or plural forms), with [meta] name as `meta.name`."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    table: dict[str, str | list[str]] = {}
    if "name" in data.get("meta", {}):
        table[NAME_KEY] = str(data["meta"]["name"])
    for key, value in data.get("strings", {}).items():
        table[str(key)] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return table


def read_existing(path: Path) -> tuple[dict[str, str | list[str]], str | None]:
    """Key -> text (or forms) already in a .po, and its Plural-Forms header if any."""
    if not path.exists():
        return {}, None
    with path.open("rb") as fp:
        catalog = read_po(fp)
    table: dict[str, str | list[str]] = {}
    for message in catalog:
        if not message.id or message.context is None:
            continue
        string = message.string
        table[message.context] = list(string) if isinstance(string, tuple) else str(string)
    header = dict(catalog.mime_headers).get("Plural-Forms")
    return table, header


def merged(old: dict[str, str | list[str]], new: dict[str, str | list[str]]
           ) -> dict[str, str | list[str]]:
    """The .po order first, new TOML keys after; TOML wins except over a converted plural."""
    out = dict(old)
    for key, value in new.items():
        if isinstance(old.get(key), list) and isinstance(value, str):
            continue
        out[key] = value
    return out


def quote(text: str) -> str:
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\t", "\\t"))
    return f'"{escaped}"'


def render(lang: str, plural_forms: str, entries: list[Entry]) -> str:
    lines = [
        f"# Kiosk UI strings ({lang}). msgctxt is the key the code asks for; msgid is the",
        "# English text; translate msgstr. Compile: bash build/dev.sh (or build/i18n_compile.py).",
        'msgid ""',
        'msgstr ""',
        quote("Project-Id-Version: mdma-kiosk\n"),
        quote(f"Language: {lang}\n"),
        quote("MIME-Version: 1.0\n"),
        quote("Content-Type: text/plain; charset=UTF-8\n"),
        quote("Content-Transfer-Encoding: 8bit\n"),
        quote(f"Plural-Forms: {plural_forms}\n"),
    ]
    for entry in entries:
        lines += ["", f"msgctxt {quote(entry.key)}", f"msgid {quote(entry.msgid)}"]
        if entry.msgid_plural is None:
            lines.append(f"msgstr {quote(entry.forms[0] if entry.forms else '')}")
            continue
        lines.append(f"msgid_plural {quote(entry.msgid_plural)}")
        lines += [f"msgstr[{i}] {quote(form)}" for i, form in enumerate(entry.forms)]
    return "\n".join(lines) + "\n"


def english_of(value: str | list[str]) -> tuple[str, str | None]:
    if isinstance(value, str):
        return value, None
    forms = [*value, value[-1]] if len(value) == 1 else value
    return forms[0], forms[-1]


def build_catalogues(folder: Path) -> tuple[dict[Path, str], list[str]]:
    """Every .po's new text, plus warnings for a translator or integrator to read."""
    warnings: list[str] = []
    langs = sorted({p.stem for p in folder.glob("*.toml")}
                   | {p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")})
    if SOURCE not in langs:
        return {}, [f"{folder}: no {SOURCE}.toml or {SOURCE} .po; nothing to convert"]
    tables: dict[str, dict[str, str | list[str]]] = {}
    headers: dict[str, str] = {}
    for lang in langs:
        old, header = read_existing(po_path(folder, lang))
        toml = folder / f"{lang}.toml"
        new = read_toml(toml) if toml.exists() else {}
        tables[lang] = merged(old, new)
        plural = get_plural(lang)
        headers[lang] = header or f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
    english = tables[SOURCE]
    out: dict[Path, str] = {}
    for lang in langs:
        nplurals = int(headers[lang].split("nplurals=")[1].split(";")[0])
        entries: list[Entry] = []
        for key in [*tables[lang], *(k for k in english if k not in tables[lang])]:
            if key not in english:
                warnings.append(f"{lang}: '{key}' is not in English; dropped")
                continue
            msgid, msgid_plural = english_of(english[key])
            value = tables[lang].get(key, "")
            if msgid_plural is None:
                forms = [value if isinstance(value, str) else value[0]]
            else:
                forms = [value] * nplurals if isinstance(value, str) else list(value)
                if len(forms) != nplurals:
                    warnings.append(f"{lang}: '{key}' has {len(forms)} plural forms, "
                                    f"{lang} needs {nplurals}")
                    forms = (forms + [""] * nplurals)[:nplurals]
            if not "".join(forms).strip():
                warnings.append(f"{lang}: '{key}' is untranslated (English will show)")
            entries.append(Entry(key, msgid, msgid_plural, forms))
        out[po_path(folder, lang)] = render(lang, headers[lang], entries)
    return out, warnings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=I18N)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    catalogues, warnings = build_catalogues(args.folder)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    changed = [p for p, text in catalogues.items()
               if not p.exists() or p.read_text(encoding="utf-8") != text]
    for path in changed:
        print(f"{'stale' if args.check else 'wrote'} {path}")
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(catalogues[path], encoding="utf-8")
    if not catalogues:
        return 1
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
