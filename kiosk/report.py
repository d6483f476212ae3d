"""`kiosk stats report`: one self-contained HTML page from the CSV exports of many kiosks.

For a clinic manager: visits per day, pages read, step-through finished,
language split, busiest hours, per kiosk and in total, and a short table. The
charts are inline SVG written here (no script, no CDN, no network; opens from
a USB stick or an e-mail attachment). Only the anonymous columns of `kiosk
stats export` are read; any other column is dropped unread, and rows that do
not look like counts are skipped, so nothing about a person can reach the page.
Qt-free and stdlib-only, so it costs the frozen bundle nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.atomic import atomic_write_text

COLUMNS = ("day", "hour", "kind", "page_id", "lang", "time_on_page", "count")
KINDS = ("page_view", "visit", "steps_completed", "idle_reset", "finished")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
# Okabe-Ito: told apart by people with colour-vision deficiency, and in grey print.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F",
           "#404040")
INK, GRID, MUTED = "#1a1a1a", "#d9d9d9", "#595959"
LANG_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "zh": "Chinese",
              "vi": "Vietnamese", "ar": "Arabic"}


class ReportError(Exception):
    """No usable file: the message says which and why."""


@dataclass
class Kiosk:
    """The counts of one kiosk's export (named after its file)."""

    name: str
    visits: Counter[str] = field(default_factory=Counter)  # day -> visits
    views: Counter[str] = field(default_factory=Counter)  # page id -> views
    langs: Counter[str] = field(default_factory=Counter)  # language -> page views
    hours: Counter[int] = field(default_factory=Counter)  # hour -> visits
    events: Counter[str] = field(default_factory=Counter)
    days: set[str] = field(default_factory=set)
    skipped: int = 0
    dropped_columns: int = 0

    def add(self, other: Kiosk) -> None:
        for mine, theirs in ((self.visits, other.visits), (self.views, other.views),
                             (self.langs, other.langs), (self.events, other.events)):
            mine.update(theirs)
        self.hours.update(other.hours)
        self.days |= other.days

    @property
    def total_visits(self) -> int:
        return sum(self.visits.values())

    @property
    def finished_share(self) -> float:
        return self.events["steps_completed"] / self.total_visits if self.total_visits else 0.0


def read_export(path: Path, name: str | None = None) -> Kiosk:
    """One CSV from `kiosk stats export`; only its known columns are looked at."""
    kiosk = Kiosk(name or path.stem)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise ReportError(f"{path}: not a `kiosk stats export` file (no column "
                                  f"{', '.join(missing)})")
            kiosk.dropped_columns = len([c for c in header if c not in COLUMNS])
            for row in reader:
                if not _take(kiosk, row):
                    kiosk.skipped += 1
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ReportError(f"{path}: cannot read ({exc})") from None
    return kiosk


def _take(kiosk: Kiosk, row: dict[str, str]) -> bool:
    try:
        day = dt.date.fromisoformat(row["day"]).isoformat()
        hour, count = int(row["hour"]), int(row["count"])
    except (ValueError, TypeError, KeyError):
        return False
    kind, page, lang = row.get("kind", ""), row.get("page_id", ""), row.get("lang", "")
    if kind not in KINDS or not 0 <= hour <= 23 or count < 0:
        return False
    kiosk.days.add(day)
    if kind == "page_view":
        if not _ID.match(page) or not _LANG.match(lang):
            return False
        kiosk.views[page] += count
        kiosk.langs[lang] += count
    elif kind == "visit":
        kiosk.visits[day] += count
        kiosk.hours[hour] += count
    kiosk.events[kind] += count
    return True


def page_titles() -> dict[str, str]:
    """English page titles from the bundled pack (ids are shown when a title is unknown)."""
    from kiosk.content import parse_front_matter
    from kiosk.paths import bundled_content_dir

    titles: dict[str, str] = {}
    for path in sorted(bundled_content_dir().glob("en/*.md")):
        try:
            values = parse_front_matter(path.read_text(encoding="utf-8")).values
        except (OSError, UnicodeDecodeError):
            continue
        if isinstance(values.get("id"), str) and isinstance(values.get("title"), str):
            titles[str(values["id"])] = str(values["title"])
    return titles


# --- SVG charts ------------------------------------------------------------------------
def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg(width: int, height: int, title: str, body: Iterable[str]) -> str:
    return (f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" '
            f'aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg" '
            f'font-family="inherit"><title>{_e(title)}</title>{"".join(body)}</svg>')


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= factor * step:
            return float(factor * step)
    return float(value)


def _text(x: float, y: float, text: object, *, size: int = 13, anchor: str = "start",
          colour: str = INK, weight: str = "normal") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{colour}" font-weight="{weight}">{_e(text)}</text>')


def _rect(x: float, y: float, w: float, h: float, colour: str, tip: str = "") -> str:
    tip_xml = f"<title>{_e(tip)}</title>" if tip else ""
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
            f'fill="{colour}">{tip_xml}</rect>')


def column_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]],
                 *, label_every: int = 1, height: int = 260) -> str:
    """Stacked columns: one per label, one coloured segment per series."""
    width, left, bottom, top = 900, 44, 34, 12
    totals = [sum(s[1][i] for s in series) for i in range(len(labels))]
    peak = _nice_max(max(totals, default=0))
    plot_h, plot_w = height - top - bottom, width - left - 8
    slot = plot_w / max(len(labels), 1)
    out: list[str] = []
    steps = 4 if (peak / 4).is_integer() else 5
    for tick in range(steps + 1):
        value = peak * tick / steps
        y = top + plot_h - plot_h * tick / steps
        out.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(_text(left - 6, y + 4, f"{value:g}", size=11, anchor="end", colour=MUTED))
    for i, label in enumerate(labels):
        x = left + i * slot + slot * 0.15
        y = top + plot_h
        for n, (name, values) in enumerate(series):
            h = plot_h * values[i] / peak
            y -= h
            out.append(_rect(x, y, slot * 0.7, h, COLOURS[n % len(COLOURS)],
                             f"{label}: {name} {values[i]}"))
        if i % label_every == 0:
            out.append(_text(x + slot * 0.35, height - bottom + 16, label, size=11,
                             anchor="middle", colour=MUTED))
    return _svg(width, height, title, out)


def bar_chart(title: str, rows: Sequence[tuple[str, int, str]], *, unit: str = "",
              peak: int | None = None) -> str:
    """Horizontal bars, largest first as given: (label, value, value text)."""
    width, label_w, row_h = 900, 300, 30
    height = row_h * len(rows) + 10
    track = peak is not None  # a share: show the whole 100% behind each bar
    peak = peak or max((v for _, v, _ in rows), default=0) or 1
    plot_w = width - label_w - 200
    out = []
    for i, (label, value, shown) in enumerate(rows):
        y = 6 + i * row_h
        if track:
            out.append(_rect(label_w, y + 4, plot_w, row_h - 10, "#e8edf2"))
        out.append(_text(label_w - 10, y + 18, label, anchor="end"))
        out.append(_rect(label_w, y + 4, plot_w * value / peak, row_h - 10, COLOURS[0],
                         f"{label}: {shown}"))
        out.append(_text(label_w + (plot_w if track else plot_w * value / peak) + 8, y + 18,
                         shown + unit,
                         weight="bold"))
    return _svg(width, height, title, out)


def share_chart(title: str, rows: Sequence[tuple[str, Counter[str]]], keys: Sequence[str],
                names: dict[str, str]) -> str:
    """100% bars: each row split by key (language split per kiosk)."""
    width, label_w, row_h = 900, 220, 34
    height = row_h * len(rows) + 40
    plot_w = width - label_w - 20
    out = []
    for i, (label, counts) in enumerate(rows):
        y = 6 + i * row_h
        total = sum(counts[k] for k in keys) or 1
        out.append(_text(label_w - 10, y + 20, label, anchor="end",
                         weight="bold" if label == "All kiosks" else "normal"))
        x = float(label_w)
        for n, key in enumerate(keys):
            w = plot_w * counts[key] / total
            share = round(100 * counts[key] / total)
            out.append(_rect(x, y + 4, w, row_h - 10, COLOURS[n % len(COLOURS)],
                             f"{label}: {names.get(key, key)} {share}%"))
            if w > 44:
                out.append(_text(x + w / 2, y + 20, f"{share}%", anchor="middle",
                                 colour="#ffffff", weight="bold"))
            x += w
    legend_y = height - 12
    for n, key in enumerate(keys):
        x = label_w + n * 150
        out.append(_rect(x, legend_y - 11, 14, 14, COLOURS[n % len(COLOURS)]))
        out.append(_text(x + 20, legend_y + 1, names.get(key, key)))
    return _svg(width, height, title, out)


def heat_rows(title: str, rows: Sequence[tuple[str, Counter[int]]]) -> str:
    """Kiosk x hour of day: darker is busier (the busiest hours across the fleet)."""
    hours = [h for h in range(24) if any(c[h] for _, c in rows)] or list(range(8, 18))
    first, last = min(hours), max(hours)
    span = list(range(first, last + 1))
    width, label_w, row_h = 900, 220, 28
    cell = (width - label_w - 10) / len(span)
    height = row_h * len(rows) + 30
    out = []
    for i, (label, counts) in enumerate(rows):
        y = i * row_h
        peak = max(counts.values(), default=0) or 1
        out.append(_text(label_w - 10, y + 19, label, anchor="end",
                         weight="bold" if label == "All kiosks" else "normal"))
        for j, hour in enumerate(span):
            share = counts[hour] / peak
            shade = f"rgba(0,114,178,{0.08 + 0.92 * share:.2f})" if counts[hour] else "#f2f2f2"
            out.append(_rect(label_w + j * cell + 1, y + 2, cell - 2, row_h - 4, shade,
                             f"{label}, {hour:02d}:00: {counts[hour]} visits"))
    for j, hour in enumerate(span):
        out.append(_text(label_w + j * cell + cell / 2, height - 8, f"{hour:02d}", size=11,
                         anchor="middle", colour=MUTED))
    return _svg(width, height, title, out)


# --- the page ----------------------------------------------------------------------------
CSS = """
body{font-family:"Atkinson Hyperlegible","Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;
margin:0;background:#f4f6f8}
main{max-width:980px;margin:0 auto;padding:32px 28px 48px;background:#fff}
h1{font-size:30px;margin:0 0 4px} h2{font-size:21px;margin:36px 0 6px;
border-top:1px solid #e3e3e3;padding-top:22px}
.sub,.note{color:#595959;font-size:15px;margin:0 0 10px}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:14px;margin:24px 0 8px}
.kpi{background:#eef4f9;border-radius:10px;padding:14px 16px}
.kpi b{display:block;font-size:32px;color:#0b4f80}.kpi span{font-size:14px;color:#404040}
table{border-collapse:collapse;width:100%;font-size:15px;margin-top:8px}
th,td{padding:7px 8px;border-bottom:1px solid #e3e3e3;text-align:right}
th:first-child,td:first-child,th:last-child,td:last-child{text-align:left}
td:first-child{white-space:nowrap} th{background:#f4f6f8}
tr.total td{font-weight:bold;border-top:2px solid #1a1a1a}
.legend span{display:inline-block;margin-right:16px;font-size:14px}
.legend i{display:inline-block;width:12px;height:12px;margin-right:6px;vertical-align:-1px}
footer{margin-top:36px;color:#595959;font-size:13px}
@media print{body{background:#fff} main{padding:0} h2{break-after:avoid} svg{break-inside:avoid}}
"""


def _days(kiosks: Sequence[Kiosk]) -> list[str]:
    days = sorted(set().union(*(k.days for k in kiosks)))
    if not days:
        return []
    start, end = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
    return [(start + dt.timedelta(days=n)).isoformat() for n in range((end - start).days + 1)]


def _fmt_day(day: str) -> str:
    return dt.date.fromisoformat(day).strftime("%d %b")


def render(kiosks: Sequence[Kiosk], title: str, titles: dict[str, str] | None = None,
           generated: dt.date | None = None) -> str:
    titles = titles or {}
    total = Kiosk("All kiosks")
    for kiosk in kiosks:
        total.add(kiosk)
    days = _days(kiosks)
    period = f"{_fmt_day(days[0])} to {_fmt_day(days[-1])} {days[-1][:4]}" if days else "no days"
    open_days = len(total.days) or 1
    every = max(1, -(-len(days) // 14))  # at most 14 day labels
    parts: list[str] = [f"<h1>{_e(title)}</h1>",
                        f'<p class="sub">{len(kiosks)} kiosk{"s" if len(kiosks) != 1 else ""}'
                        f" · {period} · anonymous counts only (no names, no answers, nothing "
                        "about a person)</p>"]
    kpis = [(f"{total.total_visits:,}", "visits"),
            (f"{total.total_visits / open_days:.1f}", "visits per day (days with data)"),
            (f"{total.events['page_view']:,}", "pages read"),
            (f"{round(100 * total.finished_share)}%", "of visits finished the step-through")]
    parts.append('<div class="kpis">' + "".join(
        f'<div class="kpi"><b>{_e(v)}</b><span>{_e(t)}</span></div>' for v, t in kpis) + "</div>")

    legend = '<p class="legend">' + "".join(
        f'<span><i style="background:{COLOURS[n % len(COLOURS)]}"></i>{_e(k.name)}</span>'
        for n, k in enumerate(kiosks)) + "</p>"
    stacked = len(kiosks) <= len(COLOURS)
    series = [(k.name, [k.visits[d] for d in days]) for k in kiosks] if stacked else \
        [("All kiosks", [total.visits[d] for d in days])]
    parts += ["<h2>Visits per day</h2>",
              '<p class="note">A visit starts when someone touches the welcome screen.</p>',
              column_chart("Visits per day" + (", by kiosk" if stacked else ""),
                           [_fmt_day(d) for d in days], series, label_every=every),
              legend if stacked else ""]
    peak_views = total.views.most_common()
    parts += ["<h2>Pages read</h2>",
              '<p class="note">How often each topic was opened, all kiosks together.</p>',
              bar_chart("Pages read", [(titles.get(p, p), n, f"{n:,}") for p, n in peak_views])]
    parts += ["<h2>Step-through finished</h2>",
              '<p class="note">Share of visits that went through every step of "What a '
              'session is like".</p>',
              bar_chart("Step-through finished, share of visits",
                        [(k.name, round(1000 * k.finished_share),
                          f"{round(100 * k.finished_share)}% ({k.events['steps_completed']:,}"
                          f" of {k.total_visits:,})") for k in [*kiosks, total]],
                        peak=1000)]
    langs = [lang for lang, _ in total.langs.most_common()]
    parts += ["<h2>Language</h2>",
              '<p class="note">Pages read in each language.</p>',
              share_chart("Language split by kiosk", [(k.name, k.langs) for k in
                                                      [*kiosks, total]], langs, LANG_NAMES)]
    parts += ["<h2>Busiest hours</h2>",
              '<p class="note">Visits by hour of the day; darker is busier (each row against '
              "its own busiest hour).</p>",
              heat_rows("Busiest hours by kiosk", [(k.name, k.hours) for k in
                                                   [*kiosks, total]])]
    parts += ["<h2>Each kiosk</h2>", _table([*kiosks, total], titles)]
    skipped = sum(k.skipped for k in kiosks)
    dropped = sum(k.dropped_columns for k in kiosks)
    notes = [f"Made {(generated or dt.date.today()).isoformat()} by \"kiosk stats report\" "
             "from the kiosks' anonymous usage exports."]
    if skipped:
        notes.append(f"{skipped} rows that were not usage counts were skipped.")
    if dropped:
        notes.append(f"{dropped} unknown columns were ignored unread.")
    parts.append(f"<footer>{' '.join(_e(n) for n in notes)}</footer>")
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>"
            + "\n".join(parts) + "</main></body></html>\n")


def _table(rows: Sequence[Kiosk], titles: dict[str, str]) -> str:
    head = ("<tr><th>Kiosk</th><th>Days</th><th>Visits</th><th>Per day</th><th>Pages read</th>"
            "<th>Step-through finished</th><th>Idle resets</th><th>Busiest hour</th>"
            "<th>Most read</th></tr>")
    body = []
    for kiosk in rows:
        busiest = f"{kiosk.hours.most_common(1)[0][0]:02d}:00" if kiosk.hours else "-"
        top = titles.get(p, p) if (p := next(iter(kiosk.views.most_common(1)), ("-", 0))[0]) \
            else "-"
        days = len(kiosk.days) or 1
        cls = ' class="total"' if kiosk.name == "All kiosks" else ""
        body.append(
            f"<tr{cls}><td>{_e(kiosk.name)}</td><td>{len(kiosk.days)}</td>"
            f"<td>{kiosk.total_visits:,}</td><td>{kiosk.total_visits / days:.1f}</td>"
            f"<td>{kiosk.events['page_view']:,}</td>"
            f"<td>{kiosk.events['steps_completed']:,} ({round(100 * kiosk.finished_share)}%)"
            f"</td><td>{kiosk.events['idle_reset']:,}</td><td>{busiest}</td>"
            f"<td>{_e(top)}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def kiosk_names(paths: Sequence[Path]) -> list[str]:
    """File stems, made unique (two `usage.csv` from different folders stay apart)."""
    names: list[str] = []
    for path in paths:
        name = path.stem if [p.stem for p in paths].count(path.stem) == 1 else \
            f"{path.parent.name}/{path.stem}"
        names.append(name)
    return names


def write_report(paths: Sequence[Path], out: Path, title: str,
                 generated: dt.date | None = None) -> str:
    """Read every export, write the page atomically; returns a one-line summary."""
    kiosks = [read_export(p, n) for p, n in zip(paths, kiosk_names(paths), strict=True)]
    counts: defaultdict[str, int] = defaultdict(int)
    for kiosk in kiosks:
        counts["visits"] += kiosk.total_visits
        counts["skipped"] += kiosk.skipped
    try:
        atomic_write_text(out, render(kiosks, title, page_titles(), generated))
    except OSError as exc:
        raise ReportError(f"cannot write {out}: {exc}") from None
    return (f"{len(kiosks)} kiosks, {counts['visits']} visits"
            + (f", {counts['skipped']} rows skipped" if counts["skipped"] else ""))
