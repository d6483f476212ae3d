"""Layered TOML configuration: defaults < IT's machine file < staff overrides.

A bad file or value never stops the kiosk: the key falls back to the layer
below, and a `Problem` says which file, key and value, and what is allowed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import tomli_w

from kiosk.settings import BY_KEY, SECTIONS, SETTINGS, Value


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a config file, phrased for IT and staff."""

    source: str
    key: str
    message: str
    value: str = ""
    line: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = self.source + (f":{self.line}" if self.line else "")
        what = f"{self.key} = {self.value}: " if self.key and self.value else (
            f"{self.key}: " if self.key else "")
        return f"{where}: {'warning: ' if self.warning else ''}{what}{self.message}"


@dataclass
class Config:
    """The merged settings and every problem met while merging them."""

    values: dict[str, Value] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def get_str(self, key: str) -> str:
        value = self.values[key]
        assert isinstance(value, str), key
        return value

    def get_int(self, key: str) -> int:
        value = self.values[key]
        assert isinstance(value, int) and not isinstance(value, bool), key
        return value

    def get_bool(self, key: str) -> bool:
        value = self.values[key]
        assert isinstance(value, bool), key
        return value

    def get_list(self, key: str) -> list[str]:
        value = self.values[key]
        assert isinstance(value, list), key
        return list(value)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not p.warning]


def defaults() -> dict[str, Value]:
    return {s.key: (list(s.default) if isinstance(s.default, list) else s.default)
            for s in SETTINGS}


def _line_of(text: str, section: str, name: str | None) -> int | None:
    """Best-effort line number of `[section]` or of `name` inside it (tomllib gives none)."""
    current = ""
    header = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
    for number, line in enumerate(text.splitlines(), start=1):
        match = header.match(line)
        if match:
            current = match.group(1).strip().strip('"')
            if name is None and current == section:
                return number
            continue
        if name and current == section and re.match(rf"^\s*\"?{re.escape(name)}\"?\s*=", line):
            return number
    return None


def read_layer(path: Path, values: dict[str, Value], problems: list[Problem]) -> bool:
    """Merge one TOML file into `values`, recording problems; True when the file was read."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(source, "", f"cannot read the file ({exc}); using defaults"))
        return False
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's tomllib puts the position only in the message.
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(found.group(1)) if found else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        problems.append(Problem(source, "", f"TOML syntax error: {reason}; the whole file is "
                                "ignored until it is fixed", line=line))
        return False
    merge_data(data, text, source, values, problems)
    return True


def merge_data(data: dict[str, object], text: str, source: str, values: dict[str, Value],
               problems: list[Problem]) -> None:
    """Check every key of one parsed layer and take the good ones."""
    for section, table in data.items():
        if section not in SECTIONS or not isinstance(table, dict):
            problems.append(Problem(source, section, f"unknown section; known sections: "
                                    f"{', '.join(SECTIONS)}", line=_line_of(text, section, None)))
            continue
        for name, value in table.items():
            key = f"{section}.{name}"
            line = _line_of(text, section, name)
            setting = BY_KEY.get(key)
            if setting is None:
                known = ", ".join(s.name for s in SETTINGS if s.section == section)
                problems.append(Problem(source, key, f"unknown key; known keys in [{section}]: "
                                        f"{known}", line=line))
                continue
            reason = setting.check(value)
            if reason:
                problems.append(Problem(source, key, f"{reason}; using "
                                        f"{_toml_value(values[key])} instead",
                                        value=_toml_value(value), line=line))
                continue
            values[key] = value  # checked just above


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return str(value)


def cross_check(values: dict[str, Value], problems: list[Problem], source: str) -> None:
    """Rules that span keys: the default language must be one that is offered."""
    languages = values["kiosk.languages"]
    assert isinstance(languages, list)
    if not languages:
        problems.append(Problem(source, "kiosk.languages", "no language offered; using "
                                '["en"]', value="[]"))
        values["kiosk.languages"] = ["en"]
        languages = ["en"]
    if values["kiosk.default_language"] not in languages:
        problems.append(Problem(source, "kiosk.default_language",
                                f"not one of the offered languages {languages}; using "
                                f'"{languages[0]}"',
                                value=_toml_value(values["kiosk.default_language"])))
        values["kiosk.default_language"] = languages[0]
    warning, timeout = values["kiosk.idle_warning_s"], values["kiosk.idle_timeout_s"]
    default = BY_KEY["kiosk.idle_warning_s"].default
    assert isinstance(warning, int) and isinstance(timeout, int) and isinstance(default, int)
    if warning > timeout:
        fallback = min(default, timeout)
        problems.append(Problem(source, "kiosk.idle_warning_s", "must not be longer than "
                                f"kiosk.idle_timeout_s; using {fallback}",
                                value=_toml_value(warning)))
        values["kiosk.idle_warning_s"] = fallback


def load_config(machine_file: Path, staff_file: Path | None = None,
                require_machine_file: bool = False) -> Config:
    """Merge defaults, the machine-wide file and the staff overrides, in that order."""
    config = Config(values=defaults())
    if read_layer(machine_file, config.values, config.problems):
        config.sources.append(str(machine_file))
    elif require_machine_file and not machine_file.exists():
        config.problems.append(Problem(str(machine_file), "", "file not found; using defaults"))
    if staff_file is not None and read_layer(staff_file, config.values, config.problems):
        config.sources.append(str(staff_file))
    cross_check(config.values, config.problems, str(machine_file))
    return config


def to_toml(values: dict[str, Value]) -> str:
    """Serialise a flat key->value map as TOML, escaping with a maintained writer."""
    nested: dict[str, dict[str, Value]] = {}
    for key, value in values.items():
        section, name = key.split(".", 1)
        nested.setdefault(section, {})[name] = value
    ordered = {section: nested[section] for section in SECTIONS if section in nested}
    return tomli_w.dumps(ordered)
