"""The Kiosk service without a window: settings, counting, content, PIN, export, status."""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.config import Config, load_config
from kiosk.content import ContentPack
from kiosk.i18n import Strings
from kiosk.paths import KioskPaths, bundled_content_dir
from kiosk.pin import verify_pin
from kiosk.service import Kiosk, PinChange, last_logged_error
from tests.conftest import FakeClock

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def paths(tmp_path: Path) -> KioskPaths:
    config = tmp_path / "kiosk.toml"
    config.write_text("", encoding="utf-8")
    return KioskPaths(config_file=config, config_explicit=True, data_dir=tmp_path / "data")


@pytest.fixture
def make_kiosk(paths: KioskPaths, bundled_pack: ContentPack, strings: Strings):
    made: list[Kiosk] = []

    def make(config_text: str = "", clock: FakeClock | None = None) -> Kiosk:
        paths.config_file.write_text(config_text, encoding="utf-8")
        config = load_config(paths.config_file, paths.staff_settings_file, True)
        kiosk = Kiosk(config, bundled_pack, strings, paths, clock=clock or FakeClock(),
                      today=lambda: TODAY)
        made.append(kiosk)
        return kiosk

    yield make
    for kiosk in made:
        kiosk.close()


def test_saved_settings_apply_now_and_tell_subscribers(make_kiosk, paths) -> None:
    kiosk = make_kiosk()
    seen: list[Config] = []
    kiosk.config_changed.append(seen.append)
    assert kiosk.save_settings({"clinic.region": "AU", "kiosk.idle_timeout_s": 120}) is None
    assert kiosk.config.get_str("clinic.region") == "AU"
    assert [c.get_int("kiosk.idle_timeout_s") for c in seen] == [120]
    again = load_config(paths.config_file, paths.staff_settings_file)  # what a restart reads
    assert again.get_str("clinic.region") == "AU"


def test_a_refused_setting_changes_nothing(make_kiosk) -> None:
    kiosk = make_kiosk()
    seen: list[Config] = []
    kiosk.config_changed.append(seen.append)
    error = kiosk.save_settings({"kiosk.idle_timeout_s": 1})
    assert error is not None and "kiosk.idle_timeout_s" in error
    assert seen == [] and kiosk.config.get_int("kiosk.idle_timeout_s") == 90


def test_an_unwritable_staff_file_is_an_error_not_a_crash(make_kiosk, paths) -> None:
    kiosk = make_kiosk()
    paths.staff_settings_file.mkdir(parents=True)  # a folder where the file should be
    error = kiosk.save_settings({"clinic.region": "UK"})
    assert error is not None
    assert kiosk.config.get_str("clinic.region") == "US"


def test_turning_counting_off_stops_counting_at_once(make_kiosk) -> None:
    """The bug: 'Saved and applied', yet counting went on until a restart."""
    kiosk = make_kiosk()
    kiosk.count("visit")
    assert kiosk.save_settings({"usage.enabled": False}) is None
    kiosk.count("visit")
    kiosk.page_view("safety", "en", 12)
    assert kiosk.status().usage_counting == "off (turned off in settings)"
    assert kiosk.save_settings({"usage.enabled": True}) is None
    assert kiosk.usage.enabled
    summary = kiosk.usage_summary(1)
    assert summary.events == {"visit": 1} and summary.views == {}  # nothing while off


def test_retention_applies_without_a_restart(make_kiosk) -> None:
    kiosk = make_kiosk()
    kiosk.save_settings({"usage.retention_days": 30})
    assert kiosk.usage.retention_days == 30


def test_set_pin_stores_a_hash_the_next_check_accepts(make_kiosk) -> None:
    kiosk = make_kiosk()
    assert kiosk.set_pin("97531") is None
    stored = kiosk.config.get_str("staff.pin_hash")
    assert verify_pin("97531", stored) and "97531" not in stored


def test_pin_change_needs_the_same_pin_twice() -> None:
    saved: list[str] = []

    def save(pin: str) -> str | None:
        saved.append(pin)
        return None

    change = PinChange(save)
    assert change.begin() == PinChange.FIRST
    assert change.enter("1234") == (False, PinChange.AGAIN)
    assert change.enter("4321") == (True, "The two PINs did not match; PIN not changed.")
    assert saved == []
    change.begin()
    change.enter("2468")
    assert change.enter("2468") == (True, "New staff PIN saved.")
    assert saved == ["2468"]
    failing = PinChange(lambda pin: "disk full")
    failing.enter("2468")
    assert failing.enter("2468") == (True, "Could not save the PIN: disk full")


def test_reload_content_swaps_the_pack_and_tells_subscribers(make_kiosk, tmp_path) -> None:
    clinic = tmp_path / "clinic"
    shutil.copytree(bundled_content_dir(), clinic)
    kiosk = make_kiosk(f'[kiosk]\ncontent_dir = "{clinic}"\n')
    packs: list[ContentPack] = []
    kiosk.content_changed.append(packs.append)
    assert kiosk.reload_content() is None
    assert packs == [kiosk.pack] and kiosk.pack.root == clinic
    shutil.rmtree(clinic)
    clinic.mkdir()  # the clinic's pack is now empty: keep showing the old one
    error = kiosk.reload_content()
    assert error is not None and "kept the content already shown" in error
    assert kiosk.pack is packs[0] and len(packs) == 1


def test_export_writes_counts_or_says_why_not(make_kiosk, tmp_path) -> None:
    kiosk = make_kiosk()
    kiosk.page_view("safety", "en", 3)
    out = tmp_path / "usb" / "counts.csv"
    assert kiosk.export(out) is None
    assert "safety" in out.read_text(encoding="utf-8")
    kiosk.save_settings({"usage.enabled": False})
    assert "turned off" in (kiosk.export(tmp_path / "again.csv") or "")


@pytest.fixture
def recent_errors():
    """The in-memory error list the running kiosk keeps (set up by setup_logging)."""
    from kiosk.logs import FORMAT, RECENT

    RECENT.setFormatter(logging.Formatter(FORMAT))
    RECENT.records.clear()
    logging.getLogger().addHandler(RECENT)
    yield RECENT
    logging.getLogger().removeHandler(RECENT)
    RECENT.records.clear()


def test_status_report(make_kiosk, bundled_pack, recent_errors) -> None:
    clock = FakeClock()
    kiosk = make_kiosk("[kiosk]\nidle_timeout_s = 3\n", clock)
    kiosk.count("visit")
    kiosk.count("visit")
    clock.now += 3 * 3600 + 5 * 60
    logging.getLogger("kiosk.test").error("speech engine crashed")
    logging.getLogger("kiosk.test").warning("a warning is not an error")
    report = kiosk.status()
    oldest = min(p.reviewed for pages in bundled_pack.pages.values() for p in pages.values()
                 if p.reviewed)
    assert report.uptime_s == 3 * 3600 + 5 * 60
    assert report.reviewed_oldest == oldest.isoformat()
    assert report.review_due_in_days == (oldest + dt.timedelta(days=365) - TODAY).days
    assert report.content_pages == 18 and report.content_languages == ["en", "es"]
    assert report.visits_today == 2 and report.usage_enabled
    assert any("idle_timeout_s" in p for p in report.config_problems)
    assert "speech engine crashed" in report.last_error
    assert report.last_start_reason == "started"
    assert report.lines()[1] == "Uptime: 3 h 5 min (last start: started)"
    assert json.loads(report.to_json())["visits_today"] == 2  # what metrics read


def test_status_command_prints_json_and_creates_nothing(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    assert main(["status", "--json", "--data-dir", str(data)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["uptime_s"] is None and report["visits_today"] == 0
    assert report["usage_counting"].startswith("on; no counts yet")
    assert not data.exists()  # a status query never writes


def test_status_command_reads_counts_and_the_last_logged_error(tmp_path: Path, capsys) -> None:
    from kiosk.usage import UsageLog

    data = tmp_path / "data"
    usage = UsageLog(data / "usage.sqlite3")
    usage.event("visit")
    usage.close()
    log_file = data / "logs" / "kiosk.log"
    log_file.parent.mkdir(parents=True)
    log_file.write_text("2026-12-01 10:00:00,000 ERROR kiosk.ui: first\n"
                        "2026-12-01 10:00:01,000 INFO kiosk: fine\n"
                        "2026-12-01 10:00:02,000 ERROR kiosk.ui: newest\n", encoding="utf-8")
    assert main(["status", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "visits today: 1" in out
    assert "Last error: 2026-12-01 10:00:02,000 ERROR kiosk.ui: newest" in out
    assert last_logged_error(tmp_path / "missing.log") == ""


def test_a_staff_restart_is_named_in_the_next_status(make_kiosk, monkeypatch) -> None:
    """The restart re-executes the kiosk; the reason travels in its environment, once."""
    from kiosk.service import START_REASON_ENV

    monkeypatch.setenv(START_REASON_ENV, "restart requested by staff")
    assert make_kiosk().status().last_start_reason == "restart requested by staff"
    assert make_kiosk().status().last_start_reason == "started"  # not inherited further


def test_an_overdue_review_is_said_plainly(paths, bundled_pack, strings) -> None:
    config = load_config(paths.config_file)
    later = Kiosk(config, bundled_pack, strings, paths, today=lambda: dt.date(2028, 1, 1))
    report = later.status()
    later.close()
    assert report.review_due_in_days is not None and report.review_due_in_days < 0
    assert f"review overdue by {-report.review_due_in_days} days" in report.lines()[3]
