"""Issue #14 hardening in the Qt-free core: the staff file, PIN hashes and lock-out,
usage counts on a full disk and a jumping clock, and exports that never follow links."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk.admin import set_pin
from kiosk.check import run_check
from kiosk.config import load_config
from kiosk.pin import Lockout, hash_pin, hash_problem, verify_pin
from kiosk.preflight import package_for
from kiosk.runtime import load_runtime
from kiosk.staff_settings import save_staff_values
from kiosk.usage import PRUNE_WINDOW_DAYS, UsageLog
from tests.conftest import FakeClock

ROOT = Path(__file__).resolve().parent.parent


def test_set_pin_keeps_a_file_that_parses_with_newlines_in_strings(tmp_path: Path) -> None:
    runtime = load_runtime(data_dir=str(tmp_path))
    staff = runtime.paths.staff_settings_file
    staff.write_text('[clinic]\ncontact = "Front desk:\\ndial 0"\nname = "A \\"quoted\\" \\\\ '
                     'clinic"\n', encoding="utf-8")
    lines: list[str] = []
    assert set_pin(runtime, io.StringIO("5791\n"), False, lines.append) == 0
    data = tomllib.loads(staff.read_text(encoding="utf-8"))  # still TOML
    assert data["clinic"] == {"contact": "Front desk:\ndial 0", "name": 'A "quoted" \\ clinic'}
    config = load_config(tmp_path / "none.toml", staff)
    assert not config.problems
    assert verify_pin("5791", config.get_str("staff.pin_hash"))
    assert config.get_str("clinic.contact") == "Front desk:\ndial 0"


def test_a_staff_file_that_no_longer_parses_is_kept_aside(tmp_path: Path, caplog) -> None:
    runtime = load_runtime(data_dir=str(tmp_path))
    staff = runtime.paths.staff_settings_file
    staff.write_text('[staff]\npin_hash = "scrypt$16384$8$1$broken\n', encoding="utf-8")
    lines: list[str] = []
    assert set_pin(runtime, io.StringIO("5791\n"), False, lines.append) == 0
    kept = list(tmp_path.glob("staff-settings.toml.broken-*"))
    assert len(kept) == 1 and "broken" in kept[0].read_text(encoding="utf-8")
    assert any("could not be read" in line and kept[0].name in line for line in lines)
    assert "kept it as" in caplog.text
    config = load_config(tmp_path / "none.toml", staff)
    assert verify_pin("5791", config.get_str("staff.pin_hash"))


def test_a_save_that_does_not_read_back_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "staff.toml"
    save_staff_values(path, {"clinic.region": "AU"})
    before = path.read_text(encoding="utf-8")
    monkeypatch.setattr("kiosk.staff_settings.to_toml", lambda values: 'region = "\n')
    with pytest.raises(ValueError, match="nothing changed"):
        save_staff_values(path, {"clinic.region": "UK"})
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["staff.toml"]  # no temp file left


def _counts_db(tmp_path: Path, day: dt.datetime) -> Path:
    path = tmp_path / "usage.sqlite3"
    usage = UsageLog(path, now=lambda: day)
    for _ in range(3):
        usage.event("visit")
        usage.page_view("what-is", "en", 12)
    usage.close()
    return path


FULL_DISK = """
import resource, signal, sys
from pathlib import Path
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.RLIM_INFINITY))  # no byte more fits
from kiosk.usage import UsageLog
print(UsageLog(Path(sys.argv[1])).status)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE stands in for a full disk")
def test_full_disk_at_start_is_not_corruption(tmp_path: Path) -> None:
    path = _counts_db(tmp_path, dt.datetime(2026, 11, 29, 10))
    before = path.read_bytes()
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(path)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("off: cannot open"), done.stdout
    assert [p.name for p in tmp_path.iterdir() if "corrupt" in p.name] == []
    assert path.read_bytes() == before
    usage = UsageLog(path, now=lambda: dt.datetime(2026, 11, 29, 11))
    assert usage.summary(1).events == {"visit": 3}  # the counts are all still there
    usage.close()


def test_damaged_database_is_still_moved_aside(tmp_path: Path) -> None:
    path = _counts_db(tmp_path, dt.datetime(2026, 11, 29, 10))
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a wrecked table page
    path.write_bytes(bytes(data))
    usage = UsageLog(path)
    assert usage.enabled
    assert any(p.name.startswith("usage.sqlite3.corrupt-") for p in tmp_path.iterdir())
    usage.close()


def test_forward_clock_jump_keeps_the_counts(tmp_path: Path, caplog) -> None:
    path = _counts_db(tmp_path, dt.datetime(2026, 11, 29, 10))
    usage = UsageLog(path, retention_days=365, now=lambda: dt.datetime(2029, 6, 1, 9))
    assert usage.summary(3650).events == {"visit": 3}
    usage.close()


def test_one_prune_deletes_at_most_a_month_of_days(tmp_path: Path) -> None:
    moment = [dt.datetime(2026, 1, 1, 9)]
    usage = UsageLog(tmp_path / "u.db", retention_days=365, now=lambda: moment[0])
    for _ in range(300):  # a visit a day for 300 days
        usage.event("visit")
        moment[0] += dt.timedelta(days=1)
    usage.retention_days = 30
    usage.prune()
    kept = usage.summary(3650).events["visit"]
    assert kept == 300 - PRUNE_WINDOW_DAYS
    usage.close()


def test_usb_export_never_writes_through_a_planted_link(tmp_path: Path) -> None:
    staff = tmp_path / "data" / "staff-settings.toml"
    staff.parent.mkdir()
    staff.write_text("[clinic]\nregion = \"AU\"\n", encoding="utf-8")
    stick = tmp_path / "stick"
    stick.mkdir()
    out = stick / "kiosk-usage-2026-11-29.csv"
    for name in (out.name, out.name + ".tmp"):
        (stick / name).symlink_to(staff)
    usage = UsageLog(tmp_path / "u.db", now=lambda: dt.datetime(2026, 11, 29, 9))
    usage.event("visit")
    with pytest.raises(OSError, match="already exists; nothing was overwritten"):
        usage.export_csv(out, new_file=True)
    usage.export_csv(out)  # IT's command replaces the link itself, never writes through it
    assert staff.read_text(encoding="utf-8") == "[clinic]\nregion = \"AU\"\n"
    assert not out.is_symlink() and "visit" in out.read_text(encoding="utf-8")
    fresh = stick / "new.csv"
    assert usage.export_csv(fresh, new_file=True) == 1
    assert fresh.read_text(encoding="utf-8").startswith("day,hour,kind")
    usage.close()


def test_pin_hash_format_and_cost_are_checked() -> None:
    good = hash_pin("2468")
    assert hash_problem(good) is None and verify_pin("2468", good)
    n, r, p, salt, digest = good.split("$")[1:]
    assert "too high" in str(hash_problem(f"scrypt${n}${r}$32${salt}${digest}"))
    assert "too high" in str(hash_problem(f"scrypt$1048576${r}${p}${salt}${digest}"))
    assert "not usable" in str(hash_problem(f"scrypt$16383${r}${p}${salt}${digest}"))
    assert "truncated" in str(hash_problem(f"scrypt${n}${r}${p}${salt}${digest[:-3]}"))
    assert "truncated" in str(hash_problem(f"scrypt${n}${r}${p}${salt}$"))
    assert not verify_pin("2468", f"scrypt${n}${r}$32${salt}${digest}")  # never even tried


def test_check_reports_a_truncated_pin_hash(tmp_path: Path, capsys) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[staff]\npin_hash = "{hash_pin("2468")[:-20]}"\n', encoding="utf-8")
    assert run_check(load_runtime(str(config), str(tmp_path / "data"))) == 1
    assert "staff.pin_hash" in capsys.readouterr().out


def test_lockout_state_from_disk_never_outlasts_its_lock(tmp_path: Path) -> None:
    state = tmp_path / "pin-lockout.json"
    wall = [1_000_000.0]
    lock = Lockout(attempts=3, base_s=60, clock=FakeClock(), state_file=state,
                   wall=lambda: wall[0])
    for _ in range(3):
        lock.failed()
    assert lock.seconds_left() == 60
    wall[0] -= 10 * 365 * 86400  # the clock was set back ten years
    again = Lockout(attempts=3, base_s=60, clock=FakeClock(), state_file=state,
                    wall=lambda: wall[0])
    assert again.seconds_left() == 60  # still locked, but not for ten years
    again.succeeded()
    assert not Lockout(state_file=state).locked
    state.write_text("{not json", encoding="utf-8")
    assert not Lockout(state_file=state).locked  # a damaged state file is not a lock-out


def _qt_lock_lines(tmp_path: Path) -> list[str]:
    """The host, machine and boot lines Qt writes into a lock file on this machine."""
    from PySide6.QtCore import QLockFile

    probe = QLockFile(str(tmp_path / "probe.lock"))
    assert probe.tryLock(0)
    lines = (tmp_path / "probe.lock").read_text(encoding="utf-8").splitlines()
    probe.unlock()
    return lines


@pytest.mark.skipif(sys.platform != "linux", reason="start-time check reads /proc")
def test_stale_lock_whose_pid_now_runs_another_python_is_recovered(tmp_path: Path,
                                                                   qapp) -> None:
    import os

    from kiosk.ui.app import acquire_lock

    runtime = load_runtime(data_dir=str(tmp_path / "data"))
    runtime.paths.data_dir.mkdir()
    lines = _qt_lock_lines(tmp_path)
    lock_file = runtime.paths.lock_file
    # A python3.11 process (same name as the kiosk's) that started after the lock was
    # written: the crashed kiosk's PID, reused.
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock_file.write_text("\n".join([str(other.pid), *lines[1:]]) + "\n", encoding="utf-8")
        old = lock_file.stat().st_mtime - 3600
        os.utime(lock_file, (old, old))
        lock = acquire_lock(runtime)
        assert lock is not None and lock.isLocked()
        assert lock_file.read_text(encoding="utf-8").split()[0] == str(os.getpid())
        lock.unlock()
        # The same process holding a lock it wrote after it started is a live owner.
        lock_file.write_text("\n".join([str(other.pid), *lines[1:]]) + "\n", encoding="utf-8")
        assert acquire_lock(runtime) is None
    finally:
        other.kill()
        other.wait(timeout=10)


def test_check_reports_a_missing_sqlite_library_with_its_package(tmp_path: Path) -> None:
    """As on a machine without libsqlite3-0: Python's _sqlite3 cannot load its library."""
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "_sqlite3.py").write_text(
        'raise ImportError("libsqlite3.so.0: cannot open shared object file: '
        'No such file or directory")\n', encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=f"{fake}{os.pathsep}{ROOT}", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "kiosk", "check", "--data-dir",
                           str(tmp_path / "data")], capture_output=True, text=True,
                          timeout=120, env=env, cwd=tmp_path)
    assert done.returncode == 1, done.stdout
    line = next(x for x in done.stdout.splitlines() if x.startswith("preflight: sqlite3"))
    assert "error" in line and "libsqlite3-0" in line


def test_check_reports_a_qt_platform_that_cannot_load(tmp_path: Path, capsys,
                                                      monkeypatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "bogus")
    assert run_check(load_runtime(data_dir=str(tmp_path / "data"))) == 1
    out = capsys.readouterr().out
    assert "preflight: Qt platform bogus: error: Qt platform plugin 'bogus' not found" in out
    assert "no platform plugin the kiosk would use can load" in out


def test_check_names_the_package_of_a_missing_library() -> None:
    message = ("plugin 'xcb' cannot load: libxcb-cursor.so.0: cannot open shared object "
               "file: No such file or directory")
    assert package_for(message) == " (install the Debian package libxcb-cursor0)"
    assert "libfoo.so.7" in package_for("libfoo.so.7: cannot open shared object file")


def test_check_on_a_working_machine_lists_what_start_up_loads(tmp_path: Path, capsys) -> None:
    assert run_check(load_runtime(data_dir=str(tmp_path / "data"))) == 0
    out = capsys.readouterr().out
    assert "preflight: sqlite3: SQLite 3." in out
    assert "preflight: Qt platform: offscreen can load" in out
    assert "preflight: fonts: bundled fonts load" in out


def test_check_refuses_an_idle_warning_under_20_seconds(tmp_path: Path, capsys) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nidle_warning_s = 15\n", encoding="utf-8")
    runtime = load_runtime(str(config), str(tmp_path / "data"))
    assert runtime.config.get_int("kiosk.idle_warning_s") == 30  # the kiosk runs on 30 s
    assert run_check(runtime) == 1
    assert "kiosk.idle_warning_s = 15: out of range: expected a whole number from 20 to 120" \
        in capsys.readouterr().out
