"""Issue #14 hardening in the Qt-free core: the staff file, PIN hashes and lock-out,
usage counts on a full disk and a jumping clock, and exports that never follow links."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest

from kiosk.admin import set_pin
from kiosk.config import load_config
from kiosk.pin import verify_pin
from kiosk.runtime import load_runtime
from kiosk.staff_settings import save_staff_values


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
