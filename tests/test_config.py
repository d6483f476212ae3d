"""Configuration: layering, every kind of bad input, and crash-safe writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.atomic import atomic_write_text
from kiosk.config import load_config, to_toml
from kiosk.settings import SETTINGS, settings_table_markdown


def test_defaults_when_no_file(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml")
    assert config.get_int("kiosk.idle_timeout_s") == 90
    assert config.get_int("kiosk.idle_warning_s") == 30
    assert config.get_list("kiosk.languages") == ["en", "es"]
    assert config.problems == []


def test_explicit_missing_file_is_reported(tmp_path: Path) -> None:
    config = load_config(tmp_path / "none.toml", require_machine_file=True)
    assert "file not found" in str(config.problems[0])


def test_machine_file_then_staff_file_wins(tmp_path: Path) -> None:
    machine = tmp_path / "machine.toml"
    machine.write_text('[clinic]\nname = "Riverside"\nregion = "AU"\n'
                       '[kiosk]\nidle_timeout_s = 120\n', encoding="utf-8")
    staff = tmp_path / "staff.toml"
    staff.write_text("[kiosk]\nidle_timeout_s = 200\n", encoding="utf-8")
    config = load_config(machine, staff)
    assert config.get_str("clinic.name") == "Riverside"
    assert config.get_str("clinic.region") == "AU"
    assert config.get_int("kiosk.idle_timeout_s") == 200
    assert config.sources == [str(machine), str(staff)]


def test_syntax_error_names_the_line_and_keeps_defaults(write_config) -> None:
    path = write_config('[clinic]\nname = "A"\nregion = \n')
    config = load_config(path)
    (problem,) = config.problems
    assert problem.line == 3
    assert "TOML syntax error" in problem.message
    assert config.get_str("clinic.name") == ""  # whole file ignored, default kept


@pytest.mark.parametrize(("text", "key", "words"), [
    ("[kiosk]\nidle_timeout_s = \"soon\"\n", "kiosk.idle_timeout_s", "whole number from 20"),
    ("[kiosk]\nidle_timeout_s = 5\n", "kiosk.idle_timeout_s", "out of range"),
    ("[clinic]\nregion = \"FR\"\n", "clinic.region", '"US", "CA", "AU", "UK"'),
    ("[kiosk]\nhide_cursor = \"yes\"\n", "kiosk.hide_cursor", "true or false"),
    ("[kiosk]\nlanguages = \"en\"\n", "kiosk.languages", "list of strings"),
    ("[kiosk]\nlanguages = [\"EN!\"]\n", "kiosk.languages", "not allowed: EN!"),
    ("[kiosk]\nidle_timout_s = 30\n", "kiosk.idle_timout_s", "unknown key"),
    ("[kiosks]\nidle_timeout_s = 30\n", "kiosks", "unknown section"),
])
def test_bad_values_fall_back_with_a_clear_message(write_config, text, key, words) -> None:
    config = load_config(write_config(text))
    (problem,) = config.problems
    assert problem.key == key
    assert words in problem.message
    assert problem.line is not None
    assert str(problem).startswith(str(write_config(text)) + ":")
    assert config.get_int("kiosk.idle_timeout_s") == 90


def test_bad_value_message_shows_value_and_fallback(write_config) -> None:
    config = load_config(write_config("[kiosk]\nidle_timeout_s = 5\n"))
    text = str(config.problems[0])
    assert "kiosk.idle_timeout_s = 5" in text
    assert "using 90 instead" in text


def test_good_keys_survive_a_bad_neighbour(write_config) -> None:
    config = load_config(write_config('[clinic]\nname = "Ok"\nregion = "XX"\n'))
    assert config.get_str("clinic.name") == "Ok"
    assert config.get_str("clinic.region") == "US"


def test_default_language_must_be_offered(write_config) -> None:
    config = load_config(write_config('[kiosk]\nlanguages = ["es"]\ndefault_language = "en"\n'))
    assert config.get_str("kiosk.default_language") == "es"
    assert "not one of the offered languages" in config.problems[0].message


def test_warning_must_not_be_longer_than_timeout(write_config) -> None:
    config = load_config(write_config("[kiosk]\nidle_timeout_s = 25\nidle_warning_s = 60\n"))
    assert config.get_int("kiosk.idle_warning_s") == 25
    assert "must not be longer than kiosk.idle_timeout_s" in str(config.problems[0])


def test_unreadable_file_is_a_problem_not_a_crash(write_config) -> None:
    path = write_config("")
    path.write_bytes(b"\xff\xfe\x00bad")
    config = load_config(path)
    assert "cannot read" in config.problems[0].message


def test_to_toml_round_trips(tmp_path: Path) -> None:
    values = {"clinic.name": 'A "quoted" name', "kiosk.idle_timeout_s": 45,
              "kiosk.hide_cursor": False, "kiosk.languages": ["es", "en"]}
    path = tmp_path / "staff.toml"
    atomic_write_text(path, to_toml(values))  # type: ignore[arg-type]
    config = load_config(tmp_path / "none.toml", path)
    assert config.problems == []
    for key, value in values.items():
        assert config.values[key] == value


def test_atomic_write_keeps_old_file_when_the_write_fails(tmp_path: Path,
                                                          monkeypatch) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("old", encoding="utf-8")

    def power_cut(src: str, dst: str) -> None:
        raise OSError("power lost before rename")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError):
        atomic_write_text(path, "new")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]  # no temp file left


def test_every_setting_is_documented() -> None:
    table = settings_table_markdown()
    for setting in SETTINGS:
        assert f"`{setting.key}`" in table
        assert setting.help
        assert setting.check(setting.default) is None, setting.key


def test_readme_settings_table_matches_the_declaration() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert settings_table_markdown() in readme
