"""The commands IT runs: check, --version, self-test; and the single-instance lock."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import build_parser, main
from kiosk.runtime import load_runtime


def run_main(args: list[str], capsys) -> tuple[int, str]:
    code = main(args)
    return code, capsys.readouterr().out


def test_check_passes_on_bundled_content(tmp_path: Path, capsys) -> None:
    code, out = run_main(["check", "--data-dir", str(tmp_path / "data"),
                          "--config", str(tmp_path / "none.toml")], capsys)
    assert "file not found; using defaults" in out  # an explicit --config that is missing
    assert code == 1
    (tmp_path / "kiosk.toml").write_text('[clinic]\nname = "Clinic"\n', encoding="utf-8")
    code, out = run_main(["check", "--data-dir", str(tmp_path / "data"),
                          "--config", str(tmp_path / "kiosk.toml")], capsys)
    assert code == 0, out
    assert out.strip().endswith("check: ok")
    assert "en/safety:" in out and "Flesch-Kincaid grade" in out
    assert "es/safety:" in out and "Fernandez-Huerta" in out


def test_check_reports_file_key_value_and_allowed(tmp_path: Path, capsys) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text("[kiosk]\nidle_timeout_s = 3\n", encoding="utf-8")
    code, out = run_main(["check", "--data-dir", str(tmp_path), "--config", str(config)],
                         capsys)
    assert code == 1
    assert (f"{config}:2: kiosk.idle_timeout_s = 3: out of range: expected a whole number "
            "from 20 to 1800") in out


def test_check_on_a_broken_clinic_pack(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "pack" / "en"
    pack.mkdir(parents=True)
    (pack / "a.md").write_text("no front matter\n", encoding="utf-8")
    code, out = run_main(["check", "--data-dir", str(tmp_path), "--content",
                          str(tmp_path / "pack")], capsys)
    assert code == 1
    assert "a.md:1: error: no front matter" in out


def test_check_reports_unwritable_data_dir(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, out = run_main(["check", "--data-dir", str(blocker / "data")], capsys)
    assert code == 1
    assert "data folder is not writable" in out


def test_environment_names_config_and_data(tmp_path: Path, monkeypatch) -> None:
    config = tmp_path / "site.toml"
    config.write_text('[clinic]\nregion = "CA"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(config))
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "d"))
    runtime = load_runtime()
    assert runtime.config.get_str("clinic.region") == "CA"
    assert runtime.paths.data_dir == tmp_path / "d"
    assert load_runtime(data_dir=str(tmp_path / "flag")).paths.data_dir == tmp_path / "flag"


def test_broken_clinic_pack_falls_back_to_bundled(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ncontent_dir = "{tmp_path / "nowhere"}"\n', encoding="utf-8")
    runtime = load_runtime(str(config), str(tmp_path))
    assert runtime.fell_back and runtime.pack.pages
    assert any("bundled content instead" in str(p) for p in runtime.pack.problems)


def test_version(capsys) -> None:
    code, out = run_main(["--version"], capsys)
    assert code == 0
    assert out.startswith("kiosk 0.1.0")
    assert "content reviewed 2026-" in out and "Qt 6." in out


def test_self_test_passes(tmp_path: Path, qapp, capsys) -> None:
    from kiosk.ui.selftest import self_test

    lines: list[str] = []
    code = self_test(load_runtime(data_dir=str(tmp_path)), None, lines.append)
    assert code == 0, lines
    assert lines[-1].startswith("self-test ok: 2 languages, 9 pages, 10 steps")


def test_self_test_fails_without_content(tmp_path: Path, qapp) -> None:
    from kiosk.ui.selftest import self_test

    runtime = load_runtime(data_dir=str(tmp_path), content=str(tmp_path / "none"))
    lines: list[str] = []
    assert self_test(runtime, None, lines.append) == 1
    assert "no content loaded" in lines[0]


def test_second_instance_is_refused(tmp_path: Path, qapp) -> None:
    from kiosk.ui.app import acquire_lock

    runtime = load_runtime(data_dir=str(tmp_path))
    first = acquire_lock(runtime)
    assert first is not None and first.isLocked()
    child = subprocess.run(
        [sys.executable, "-c", "import sys; from kiosk.runtime import load_runtime; "
         "from kiosk.ui.app import acquire_lock; "
         f"sys.exit(3 if acquire_lock(load_runtime(data_dir={str(tmp_path)!r})) is None "
         "else 0)"], capture_output=True, timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert child.returncode == 3, child.stderr
    first.unlock()


def test_stale_lock_from_a_crash_is_recovered(tmp_path: Path, qapp) -> None:
    import socket

    from kiosk.ui.app import acquire_lock, make_app

    make_app()
    runtime = load_runtime(data_dir=str(tmp_path))
    # A lock file left on this machine by a kiosk process that no longer exists.
    runtime.paths.lock_file.write_text(f"999999\nmdma-kiosk\n{socket.gethostname()}\n",
                                       encoding="utf-8")
    lock = acquire_lock(runtime)
    assert lock is not None and lock.isLocked()
    lock.unlock()


def subcommands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def test_every_command_is_documented_with_its_options(capsys) -> None:
    """A command added without help or without a README line fails here."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    commands = subcommands()
    assert {"run", "self-test", "check", "set-pin", "stats", "status"} <= set(commands)
    for name, parser in commands.items():
        if name != "run":  # `kiosk` alone runs it
            assert f"`kiosk {name}" in readme, f"README's command table lacks kiosk {name}"
        options = {o for a in parser._actions for o in a.option_strings} - {"-h", "--help"}
        with pytest.raises(SystemExit) as stop:
            main([name, "--help"] if name != "stats" else [name, "export", "--help"])
        assert stop.value.code == 0
        shown = capsys.readouterr().out
        for option in options:
            assert option in shown, f"kiosk {name} --help does not show {option}"


def test_self_test_as_a_command_is_quiet(tmp_path: Path) -> None:
    """What IT runs after an install: one known line, nothing on stderr."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "kiosk", "self-test", "--data-dir",
                           str(tmp_path)], capture_output=True, text=True, timeout=240, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("self-test ok: 2 languages, 9 pages, 10 steps")
    assert done.stderr == ""


def test_defaults_never_reach_the_host(no_host_files: Path) -> None:
    """Tests that rely on default locations still stay inside their tmp folder."""
    from kiosk.paths import KioskPaths

    paths = KioskPaths.resolve()
    assert paths.config_file.is_relative_to(no_host_files)
    assert paths.data_dir.is_relative_to(no_host_files)
