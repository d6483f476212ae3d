"""PIN hashing and lock-out, the staff settings file, usage counts, and IT commands."""

from __future__ import annotations

import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest

from kiosk.admin import export_stats, set_pin
from kiosk.config import load_config
from kiosk.pin import Lockout, hash_pin, valid_pin, verify_pin
from kiosk.runtime import load_runtime
from kiosk.staff_settings import read_staff_values, save_staff_values
from kiosk.usage import EVENTS, UsageLog, bucket
from tests.conftest import FakeClock


def test_pin_hash_is_salted_and_checks() -> None:
    one, two = hash_pin("2468"), hash_pin("2468")
    assert one != two and "2468" not in one
    assert verify_pin("2468", one) and verify_pin("2468", two)
    assert not verify_pin("2469", one)
    assert not verify_pin("2468", "") and not verify_pin("2468", "scrypt$1$1$1$!!$!!")
    assert [valid_pin(p) for p in ("123", "1234", "12345678", "123456789", "12a4")] == [
        False, True, True, False, False]


def test_lockout_grows_and_expires() -> None:
    clock = FakeClock()
    lock = Lockout(attempts=5, base_s=60, clock=clock)
    for _ in range(4):
        lock.failed()
    assert not lock.locked
    lock.failed()
    assert lock.locked and lock.seconds_left() == 60
    clock.now += 61
    assert not lock.locked
    for _ in range(5):
        lock.failed()
    assert lock.seconds_left() == 120  # doubled on the second lock-out
    clock.now += 121
    lock.succeeded()
    for _ in range(5):
        lock.failed()
    assert lock.seconds_left() == 60  # a success starts over


def test_staff_file_merges_and_ignores_junk(tmp_path: Path) -> None:
    path = tmp_path / "staff.toml"
    save_staff_values(path, {"kiosk.idle_timeout_s": 120})
    save_staff_values(path, {"clinic.region": "AU"})
    assert read_staff_values(path) == {"kiosk.idle_timeout_s": 120, "clinic.region": "AU"}
    config = load_config(tmp_path / "none.toml", path)
    assert config.get_int("kiosk.idle_timeout_s") == 120
    with pytest.raises(ValueError):
        save_staff_values(path, {"kiosk.idle_timeout_s": 1})
    path.write_text("not toml [", encoding="utf-8")
    assert read_staff_values(path) == {}


def test_set_pin_stores_only_a_hash(tmp_path: Path) -> None:
    runtime = load_runtime(data_dir=str(tmp_path))
    lines: list[str] = []
    assert set_pin(runtime, io.StringIO("5791\n"), False, lines.append) == 0
    text = runtime.paths.staff_settings_file.read_text(encoding="utf-8")
    assert "5791" not in text and "scrypt$" in text
    config = load_config(tmp_path / "none.toml", runtime.paths.staff_settings_file)
    assert verify_pin("5791", config.get_str("staff.pin_hash"))
    assert set_pin(runtime, io.StringIO("12\n"), False, lines.append) == 1
    assert set_pin(runtime, io.StringIO("4321\n"), True, lines.append) == 0
    assert lines[-1].startswith('[staff]\npin_hash = "scrypt$')


def test_bad_pin_hash_in_config_is_reported(write_config) -> None:
    config = load_config(write_config('[staff]\npin_hash = "1234"\n'))
    assert "kiosk set-pin --print" in config.problems[0].message
    assert config.get_str("staff.pin_hash") == ""


def test_usage_counts_views_and_events(tmp_path: Path) -> None:
    now = dt.datetime(2026, 11, 27, 14, 5)
    usage = UsageLog(tmp_path / "u.db", now=lambda: now)
    usage.page_view("safety", "es", 45)
    usage.page_view("safety", "en", 5)
    usage.page_view("what-is", "en", 400)
    usage.event("visit")
    usage.event("idle_reset")
    summary = usage.summary(1)
    assert summary.views == {"safety": 2, "what-is": 1}
    assert summary.events == {"visit": 1, "idle_reset": 1}
    with pytest.raises(ValueError):
        usage.event("checklist: heart")  # nothing free-form can be stored
    assert bucket(5) == "under 10 s" and bucket(400) == "over 3 min"


def test_schema_holds_nothing_personal(tmp_path: Path) -> None:
    usage = UsageLog(tmp_path / "u.db")
    assert usage.db is not None
    columns = {row[1] for table in ("page_views", "events")
               for row in usage.db.execute(f"PRAGMA table_info({table})")}
    assert columns == {"day", "hour", "page_id", "lang", "time_bucket", "kind"}
    tables = {row[0] for row in usage.db.execute("SELECT name FROM sqlite_master "
                                                 "WHERE type='table'")}
    assert tables == {"page_views", "events"}
    assert set(EVENTS) == {"visit", "steps_completed", "idle_reset", "finished"}


def test_old_rows_are_pruned(tmp_path: Path) -> None:
    moment = [dt.datetime(2025, 1, 1, 9)]
    usage = UsageLog(tmp_path / "u.db", retention_days=30, now=lambda: moment[0])
    usage.page_view("a", "en", 1)
    moment[0] = dt.datetime(2025, 3, 1, 9)
    usage.page_view("b", "en", 1)
    usage.prune()
    assert usage.summary(365).views == {"b": 1}


def test_corrupted_database_is_moved_aside(tmp_path: Path, caplog) -> None:
    path = tmp_path / "u.db"
    path.write_bytes(b"this is not sqlite" * 200)
    usage = UsageLog(path)
    assert usage.enabled
    usage.page_view("a", "en", 1)
    assert any(p.name.startswith("u.db.corrupt-") for p in tmp_path.iterdir())
    assert "damaged" in caplog.text


def test_read_only_database_turns_counting_off_and_keeps_the_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SQLite itself refuses every write (the tests run as root, so a chmod would not)."""
    path = tmp_path / "u.db"
    first = UsageLog(path)
    first.event("visit")
    first.close()
    real_connect = sqlite3.connect

    def read_only(database: object, **kwargs: object) -> sqlite3.Connection:
        return real_connect(f"{Path(str(database)).as_uri()}?mode=ro", uri=True,
                            **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("kiosk.usage.sqlite3.connect", read_only)
    usage = UsageLog(path)
    usage.event("visit")  # no exception: the kiosk keeps going
    assert not usage.enabled and "readonly" in usage.status
    assert not list(tmp_path.glob("*corrupt*"))  # a good database is never set aside
    monkeypatch.setattr("kiosk.usage.sqlite3.connect", real_connect)
    again = UsageLog(path)
    assert again.summary(1).events == {"visit": 1}  # the counts are still there
    again.close()


def test_uncreatable_data_folder_turns_counting_off(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    usage = UsageLog(blocker / "sub" / "u.db")
    assert not usage.enabled and usage.status.startswith("off:")
    usage.page_view("a", "en", 1)  # no exception: the kiosk keeps going
    assert usage.summary(7).views == {}


def test_full_disk_during_a_write_turns_counting_off(tmp_path: Path) -> None:
    usage = UsageLog(tmp_path / "u.db")

    class FullDisk:
        def execute(self, *args: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def close(self) -> None:
            pass

    usage.db = FullDisk()  # type: ignore[assignment]
    usage.page_view("a", "en", 1)
    assert not usage.enabled and "disk is full" in usage.status


def test_stats_export_command(tmp_path: Path) -> None:
    runtime = load_runtime(data_dir=str(tmp_path))
    usage = UsageLog(runtime.paths.usage_db)
    usage.page_view("safety", "en", 20)
    usage.event("visit")
    usage.close()
    lines: list[str] = []
    out = tmp_path / "out" / "usage.csv"
    assert export_stats(runtime, str(out), None, lines.append) == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "day,hour,kind,page_id,lang,time_on_page,count"
    assert any(",page_view,safety,en,10-30 s,1" in row for row in rows)
    assert export_stats(runtime, str(out), "yesterday", lines.append) == 2
    assert export_stats(runtime, str(out), "2999-01-01", lines.append) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
