"""Diagram data: the course calendar, the session-day timeline and icon arrays.

Each diagram is one TOML file in the content pack (`images/diagrams/<name>.toml`)
holding numbers once and labels per language, so a translation can never
change a number. Loading never raises: a file that cannot be used gives
`ContentProblem`s (with what to fix) for `kiosk check`, and no diagram.
Qt-free; kiosk/ui/diagrams.py draws what this module describes.
"""

from __future__ import annotations

import itertools
import math
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content import ContentProblem

DIAGRAM_FOLDER = Path("images") / "diagrams"
KINDS = ("course-calendar", "timeline", "icon-array")
# Icons a timeline moment may have (drawn by kiosk/ui/diagrams.py; "" for none).
TIMELINE_ICONS = ("", "arrive", "dose", "rest", "talk", "check", "end", "night", "home")
MAX_FILE_BYTES = 64 * 1024
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FIELD = re.compile(r"\{(\w+)\}")

Labels = dict[str, str]


class DiagramError(ValueError):
    """One problem in a diagram file; collected, never raised past `load_diagram`."""


def plain_fraction(percent: float, icons: int) -> int:
    """How many of `icons` to fill for `percent`: the nearest whole icon, halves up.

    This is the rounding rule for every icon array: 67% of 3 icons is 2 ("about
    2 in 3"), 32% of 3 is 1, 71% of 10 is 7, 48% of 10 is 5. An array is only
    honest when that count is what its words say, so `check` compares them.
    """
    if icons < 1:
        raise DiagramError(f"an icon array needs at least 1 icon, not {icons}")
    if not 0 <= percent <= 100:
        raise DiagramError(f"a percentage must be 0 to 100, not {percent}")
    return math.floor(percent * icons / 100 + 0.5)


def fraction_error(percent: float, filled: int, icons: int) -> float:
    """How far 'filled in icons' is from the percentage, in percentage points."""
    return abs(filled * 100 / icons - percent)


@dataclass(frozen=True)
class CourseCalendar:
    """Preparation visits, then MDMA sessions each followed by integration visits."""

    preparation_visits: int
    sessions: int
    weeks_apart: int
    session_hours: int
    integration_after_each: int
    integration_minutes: int
    total_weeks: int
    labels: dict[str, Labels]

    @property
    def integration_visits(self) -> int:
        return self.sessions * self.integration_after_each

    def stops(self) -> list[str]:
        """Names a screen can pass as 'you are here', in course order."""
        names = ["preparation"]
        for number in range(1, self.sessions + 1):
            names += [f"session-{number}", f"integration-{number}"]
        return [*names, "after"]

    def week_of(self, session: int) -> int:
        """Week (1-based) of MDMA session `session` (1-based) in the treatment period."""
        return 1 + (session - 1) * self.weeks_apart


@dataclass(frozen=True)
class TimelineEvent:
    at: float  # hours from the first dose; order and dose timing are checked on it
    until: float | None
    icon: str
    dose: int  # 0: not a dose, 1: first dose, 2: the optional smaller second dose
    optional: bool
    when: Labels
    label: Labels

    @property
    def stop(self) -> str:
        """Its name as 'you are here' (`diagram:session-day#dose-1`): the icon, or the dose."""
        return f"dose-{self.dose}" if self.dose else (self.icon or f"hour-{self.at:g}")


@dataclass(frozen=True)
class Timeline:
    session_hours: float
    events: list[TimelineEvent]
    labels: dict[str, Labels]

    def stops(self) -> list[str]:
        """Names a screen can pass as 'you are here', in time order."""
        return [event.stop for event in self.events]


@dataclass(frozen=True)
class IconGroup:
    heading: Labels  # the trial, shown above its groups ("" when the same as the last)
    label: Labels
    icons: int
    filled: int
    percent: float | None


@dataclass(frozen=True)
class IconArray:
    groups: list[IconGroup]
    labels: dict[str, Labels]


Diagram = CourseCalendar | Timeline | IconArray


@dataclass
class DiagramSet:
    """Every diagram of a pack by name, with what was wrong in the files."""

    diagrams: dict[str, Diagram] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)

    def get(self, name: str) -> Diagram | None:
        return self.diagrams.get(name)


# Labels every diagram of a kind must have, in every language.
REQUIRED_LABELS: dict[str, tuple[str, ...]] = {
    "course-calendar": ("title", "preparation", "session", "integration", "before", "week",
                        "here", "summary"),
    "timeline": ("title",),
    "icon-array": ("title", "filled", "empty", "about"),
}
# Placeholders each label may use; the numbers come from the data, never the words.
LABEL_FIELDS: dict[str, set[str]] = {
    "summary": {"preparation", "sessions", "weeks_apart", "integration", "total_weeks"},
    "about": {"filled", "icons"},
    "sentence": {"label", "about"},
    "week": {"number"},
}


class _Reader:
    """Typed access to one parsed TOML table, with errors naming the key."""

    def __init__(self, data: dict[str, Any], where: str) -> None:
        self.data = data
        self.where = where

    def _get(self, key: str) -> Any:
        if key not in self.data:
            raise DiagramError(f"{self.where}missing '{key}'")
        return self.data[key]

    def integer(self, key: str, low: int, high: int) -> int:
        value = self._get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise DiagramError(f"{self.where}'{key}' = {value!r}: must be a whole number "
                               f"from {low} to {high}")
        return value

    def number(self, key: str, low: float, high: float, default: float | None = None) -> float:
        if default is not None and key not in self.data:
            return default
        value = self._get(key)
        if not isinstance(value, int | float) or isinstance(value, bool) \
                or not low <= value <= high:
            raise DiagramError(f"{self.where}'{key}' = {value!r}: must be a number from "
                               f"{low} to {high}")
        return float(value)

    def text(self, key: str, default: str | None = None) -> str:
        if default is not None and key not in self.data:
            return default
        value = self._get(key)
        if not isinstance(value, str):
            raise DiagramError(f"{self.where}'{key}' must be text in quotes")
        return value

    def labels(self, key: str, languages: Iterable[str], required: bool = True) -> Labels:
        """A `{ en = "...", es = "..." }` table with every language filled in."""
        if not required and key not in self.data:
            return {}
        value = self._get(key)
        if not isinstance(value, dict):
            raise DiagramError(f"{self.where}'{key}' must be a table of languages, for "
                               f"example {key} = {{ en = \"...\", es = \"...\" }}")
        missing = [lang for lang in languages
                   if not isinstance(value.get(lang), str) or not value[lang].strip()]
        if missing:
            raise DiagramError(f"{self.where}'{key}' has no text in {', '.join(missing)}")
        return {lang: text.strip() for lang, text in value.items() if isinstance(text, str)}

    def tables(self, key: str) -> list[_Reader]:
        value = self._get(key)
        if not isinstance(value, list) or not value or \
                not all(isinstance(item, dict) for item in value):
            raise DiagramError(f"{self.where}needs at least one [[{key}]] table")
        return [_Reader(item, f"{self.where}[[{key}]] {n}: ") for n, item in
                enumerate(value, start=1)]


def _label_set(reader: _Reader, kind: str, languages: list[str]) -> dict[str, Labels]:
    """The diagram's own labels ([labels] table), checked for fields and languages."""
    table = reader.data.get("labels")
    if not isinstance(table, dict):
        raise DiagramError("missing the [labels] table")
    labels_reader = _Reader(table, "[labels] ")
    found: dict[str, Labels] = {}
    for key in REQUIRED_LABELS[kind]:
        found[key] = labels_reader.labels(key, languages)
    for key in table:
        if key not in found:
            found[key] = labels_reader.labels(key, languages)
    for key, texts in found.items():
        allowed = LABEL_FIELDS.get(key, set())
        for lang, text in texts.items():
            for name in _FIELD.findall(text):
                if name not in allowed:
                    raise DiagramError(f"[labels] '{key}' ({lang}) uses {{{name}}}; allowed "
                                       f"here: {', '.join(sorted(allowed)) or 'none'}")
            if re.search(r"\d", _FIELD.sub("", text)) and key in LABEL_FIELDS:
                raise DiagramError(f"[labels] '{key}' ({lang}) writes a number; use the "
                                   f"placeholders {', '.join(sorted(allowed))} so the "
                                   "words cannot contradict the data")
    return found


def _calendar(reader: _Reader, languages: list[str]) -> CourseCalendar:
    calendar = CourseCalendar(
        preparation_visits=reader.integer("preparation_visits", 1, 10),
        sessions=reader.integer("sessions", 1, 6),
        weeks_apart=reader.integer("weeks_apart", 1, 12),
        session_hours=reader.integer("session_hours", 1, 24),
        integration_after_each=reader.integer("integration_after_each", 0, 6),
        integration_minutes=reader.integer("integration_minutes", 15, 240),
        total_weeks=reader.integer("total_weeks", 1, 52),
        labels=_label_set(reader, "course-calendar", languages),
    )
    span = calendar.sessions * calendar.weeks_apart
    if span != calendar.total_weeks:
        raise DiagramError(f"{calendar.sessions} sessions {calendar.weeks_apart} weeks apart "
                           f"make {span} weeks, but total_weeks is {calendar.total_weeks}")
    if calendar.integration_after_each >= calendar.weeks_apart:
        raise DiagramError(f"{calendar.integration_after_each} weekly integration visits do "
                           f"not fit between sessions {calendar.weeks_apart} weeks apart")
    return calendar


def _timeline(reader: _Reader, languages: list[str]) -> Timeline:
    hours = reader.number("session_hours", 1, 24)
    events: list[TimelineEvent] = []
    for item in reader.tables("event"):
        at = item.number("at", -24, 48)
        until = item.number("until", at, 48, default=math.nan)
        events.append(TimelineEvent(
            at=at, until=None if math.isnan(until) else until, icon=item.text("icon", ""),
            dose=item.integer("dose", 0, 2) if "dose" in item.data else 0,
            optional=bool(item.data.get("optional", False)),
            when=item.labels("when", languages), label=item.labels("label", languages)))
    for event in events:
        if event.icon not in TIMELINE_ICONS:
            raise DiagramError(f"icon '{event.icon}' is not one of "
                               f"{', '.join(i for i in TIMELINE_ICONS if i)}")
    for before, after in itertools.pairwise(events):
        if after.at < before.at:
            raise DiagramError(f"event '{after.label.get('en', '')}' at hour {after.at} comes "
                               f"after one at hour {before.at}: list events in time order")
    firsts = [e for e in events if e.dose == 1]
    seconds = [e for e in events if e.dose == 2]
    if len(firsts) != 1:
        raise DiagramError(f"a session day has exactly one first dose (dose = 1), "
                           f"found {len(firsts)}")
    if len(seconds) > 1:
        raise DiagramError(f"at most one second dose (dose = 2), found {len(seconds)}")
    if seconds:
        gap = seconds[0].at - firsts[0].at
        if not 1.5 <= gap <= 2 or (seconds[0].until or seconds[0].at) - firsts[0].at > 2:
            raise DiagramError(f"the second dose is {gap:g} h after the first; the facts say "
                               "about 1.5 to 2 hours")
        if not seconds[0].optional:
            raise DiagramError("the second dose must be marked optional = true (it is not "
                               "always given)")
    for event in events:
        if event.until is not None and event.until > hours and event.at < hours:
            raise DiagramError(f"'{event.label.get('en', '')}' runs to hour {event.until:g}, "
                               f"past the end of the {hours:g}-hour session")
    if not any(e.at == hours for e in events):
        raise DiagramError(f"no event marks the end of the day at hour {hours:g} "
                           "(session_hours)")
    return Timeline(hours, events, _label_set(reader, "timeline", languages))


def _icon_array(reader: _Reader, languages: list[str]) -> IconArray:
    groups: list[IconGroup] = []
    for item in reader.tables("group"):
        icons = item.integer("icons", 2, 20)
        filled = item.integer("filled", 0, icons)
        percent = item.number("percent", 0, 100, default=-1.0)
        group = IconGroup(item.labels("heading", languages, required=False),
                          item.labels("label", languages), icons, filled,
                          None if percent < 0 else percent)
        if group.percent is not None:
            rounded = plain_fraction(group.percent, icons)
            if rounded != filled:
                raise DiagramError(f"{item.where}{group.percent:g}% of {icons} icons is "
                                   f"{rounded} filled (nearest whole icon), not {filled}")
            if fraction_error(group.percent, filled, icons) > 100 / (2 * icons):
                raise DiagramError(f"{item.where}{filled} in {icons} is too far from "
                                   f"{group.percent:g}%")
        groups.append(group)
    return IconArray(groups, _label_set(reader, "icon-array", languages))


def parse_diagram(text: str, languages: list[str]) -> Diagram:
    """One diagram from TOML text; raises DiagramError with what to fix."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DiagramError(f"not valid TOML: {exc}") from exc
    reader = _Reader(data, "")
    kind = reader.text("kind")
    if kind == "course-calendar":
        return _calendar(reader, languages)
    if kind == "timeline":
        return _timeline(reader, languages)
    if kind == "icon-array":
        return _icon_array(reader, languages)
    raise DiagramError(f"kind '{kind}' is not one of {', '.join(KINDS)}")


def load_diagram(path: Path, languages: list[str]) -> tuple[Diagram | None, ContentProblem | None]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DiagramError(f"file is over {MAX_FILE_BYTES // 1024} KiB")
        return parse_diagram(path.read_text(encoding="utf-8"), languages), None
    except (OSError, UnicodeDecodeError) as exc:
        return None, ContentProblem(str(path), f"cannot read the file: {exc}")
    except DiagramError as exc:
        return None, ContentProblem(str(path), f"diagram not shown: {exc}")


def load_diagrams(content_root: Path, languages: list[str]) -> DiagramSet:
    """Every `images/diagrams/*.toml` of a pack (a pack without the folder has none)."""
    found = DiagramSet()
    folder = content_root / DIAGRAM_FOLDER
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        if not _NAME.match(path.stem):
            found.problems.append(ContentProblem(str(path), "diagram file names may use only "
                                                 "lowercase letters, digits and '-'"))
            continue
        diagram, problem = load_diagram(path, languages)
        if problem is not None:
            found.problems.append(problem)
        if diagram is not None:
            found.diagrams[path.stem] = diagram
    return found


def fill(text: str, **values: object) -> str:
    """A label with its {placeholders} filled from the data."""
    return _FIELD.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)


def about_text(diagram: IconArray, group: IconGroup, lang: str) -> str:
    return fill(diagram.labels["about"][lang], filled=group.filled, icons=group.icons)


def describe(diagram: Diagram, lang: str) -> str:
    """The whole diagram in words: its accessible description and what Listen reads."""
    labels = {key: texts.get(lang, "") for key, texts in diagram.labels.items()}
    lines = [labels["title"]]
    if isinstance(diagram, CourseCalendar):
        lines.append(fill(labels["summary"], preparation=diagram.preparation_visits,
                          sessions=diagram.sessions, weeks_apart=diagram.weeks_apart,
                          integration=diagram.integration_visits,
                          total_weeks=diagram.total_weeks))
    elif isinstance(diagram, Timeline):
        lines += [f"{e.when[lang]}: {e.label[lang]}" for e in diagram.events]
    else:
        heading = ""
        for group in diagram.groups:
            if group.heading and group.heading[lang] != heading:
                heading = group.heading[lang]
                lines.append(heading)
            lines.append(fill(labels.get("sentence") or "{label}: {about}",
                              label=group.label[lang], about=about_text(diagram, group, lang)))
    return "\n".join(line for line in lines if line)
