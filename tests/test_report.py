"""`kiosk stats report`: two kiosks' real exports in, one self-contained page out."""

from __future__ import annotations

import csv
import datetime as dt
import random
import re
from pathlib import Path

from kiosk.cli import main
from kiosk.usage import UsageLog

PAGES = ("what-is", "how-it-helps", "research", "session", "safety", "availability",
         "questions")


def export_for(tmp: Path, name: str, seed: int, days: int = 14) -> Path:
    """A kiosk's real `kiosk stats export` after `days` of made-up but plausible use."""
    rng = random.Random(seed)
    moment = [dt.datetime(2026, 11, 2, 8)]
    usage = UsageLog(tmp / f"{name}.sqlite3", now=lambda: moment[0])
    for day in range(days):
        date = dt.date(2026, 11, 2) + dt.timedelta(days=day)
        if date.weekday() >= 5:
            continue  # the clinic is closed at weekends
        for _ in range(rng.randint(6, 18) + seed):
            moment[0] = dt.datetime.combine(date, dt.time(rng.choice(
                (8, 9, 9, 10, 10, 10, 11, 11, 13, 14, 14, 15, 16))))
            usage.event("visit")
            lang = "es" if rng.random() < 0.2 + 0.15 * seed else "en"
            for page in rng.sample(PAGES, rng.randint(1, 4)):
                usage.page_view(page, lang, rng.uniform(5, 200))
                if page == "session" and rng.random() < 0.5:
                    usage.event("steps_completed")
            usage.event("finished" if rng.random() < 0.6 else "idle_reset")
    out = tmp / f"{name}.csv"
    usage.export_csv(out)
    usage.close()
    return out


def test_report_for_two_kiosks_has_every_chart_and_no_personal_field(tmp_path: Path,
                                                                      capsys) -> None:
    first = export_for(tmp_path, "riverside-lobby", 0)
    second = export_for(tmp_path, "eastside-2nd-floor", 1)
    # Someone added a column by hand: it must not reach the page.
    with second.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[0].append("patient_name")
    for row in rows[1:]:
        row.append("Jane Q Public")
    rows.append(["2026-11-03", "10", "page_view", "Jane Q Public", "en", "", "1", "x"])
    with second.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)

    out = tmp_path / "report.html"
    assert main(["stats", "report", "--out", str(out), str(first), str(second)]) == 0
    assert "2 kiosks" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    for chart in ("Visits per day, by kiosk", "Pages read", "Step-through finished, share of "
                  "visits", "Language split by kiosk", "Busiest hours by kiosk"):
        assert f"<title>{chart}</title>" in page, chart
    assert page.count("<svg ") == 5
    assert "riverside-lobby" in page and "eastside-2nd-floor" in page and "All kiosks" in page
    assert "Jane" not in page and "patient_name" not in page
    assert "1 rows that were not usage counts were skipped" in page
    assert "What a session is like" in page  # page ids are shown as their titles
    # self-contained: nothing loaded from anywhere
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<script" not in page and "@import" not in page


def test_report_totals_add_up(tmp_path: Path) -> None:
    from kiosk.report import read_export

    paths = [export_for(tmp_path, f"k{n}", n, days=7) for n in range(2)]
    kiosks = [read_export(p) for p in paths]
    with paths[0].open(encoding="utf-8") as handle:
        visits = sum(int(r["count"]) for r in csv.DictReader(handle) if r["kind"] == "visit")
    assert kiosks[0].total_visits == visits > 0
    out = tmp_path / "r.html"
    assert main(["stats", "report", "--out", str(out), *map(str, paths)]) == 0
    total = kiosks[0].total_visits + kiosks[1].total_visits
    assert f"<b>{total:,}</b><span>visits</span>" in out.read_text(encoding="utf-8")


def test_report_refuses_a_file_that_is_not_an_export(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "names.csv"
    bad.write_text("name,phone\nJane,555\n", encoding="utf-8")
    assert main(["stats", "report", "--out", str(tmp_path / "r.html"), str(bad)]) == 1
    assert "not a `kiosk stats export` file" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()
