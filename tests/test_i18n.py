"""UI string catalogues: plurals, fallbacks and the TOML -> .po converter."""

from __future__ import annotations

import logging
import runpy
import shutil
from pathlib import Path
from typing import Any

import pytest

from kiosk.i18n import Strings, load_strings
from kiosk.paths import assets_dir

BUILD = Path(__file__).parent.parent / "build"


def tool(name: str) -> dict[str, Any]:
    return runpy.run_path(str(BUILD / name))


@pytest.mark.parametrize(("lang", "count", "expected"), [
    ("en", 1, "starts over in 1 second."),
    ("en", 2, "starts over in 2 seconds."),
    ("en", 0, "starts over in 0 seconds."),
    ("es", 1, "volverá al inicio en 1 segundo."),
    ("es", 5, "volverá al inicio en 5 segundos."),
])
def test_countdown_says_second_or_seconds(strings: Strings, lang: str, count: int,
                                          expected: str) -> None:
    """The idle warning's count agrees with its noun in both languages."""
    assert strings.tr(lang, "idle.countdown", n=count).endswith(expected)
    assert strings.ntr(lang, "idle.countdown", count).endswith(expected)


def test_question_counts_agree_with_their_noun(strings: Strings) -> None:
    assert strings.tr("en", "a11y.qr", n=1) == "QR code holding your 1 question"
    assert strings.tr("en", "a11y.qr", n=3) == "QR code holding your 3 questions"
    assert strings.tr("es", "a11y.qr", n=1) == "Código QR con 1 pregunta"
    assert strings.tr("es", "a11y.qr", n=2) == "Código QR con sus 2 preguntas"


def test_positions_pick_their_form_by_the_total(strings: Strings) -> None:
    assert strings.tr("en", "steps.position", n=1, total=1, count=1) == "Step 1 of 1"
    assert strings.tr("es", "article.position", n=2, total=7, count=7) == "Tema 2 de 7"


def copy_catalogues(tmp_path: Path) -> Path:
    folder = tmp_path / "i18n"
    shutil.copytree(assets_dir() / "i18n", folder)
    return folder


def test_a_broken_catalogue_falls_back_to_english_with_a_log_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = copy_catalogues(tmp_path)
    (folder / "es" / "LC_MESSAGES" / "kiosk.mo").write_bytes(b"\xde\x12\x04\x95 not really")
    with caplog.at_level(logging.WARNING, logger="kiosk.i18n"):
        strings = load_strings(folder)
    assert strings.tr("es", "nav.home") == "Home"
    assert strings.tr("es", "idle.countdown", n=1).endswith("in 1 second.")
    assert any("es/LC_MESSAGES/kiosk.mo" in p and "cannot read" in p for p in strings.problems)
    assert "shows English" in caplog.text


def test_a_missing_compiled_catalogue_is_reported_and_english_shown(tmp_path: Path) -> None:
    folder = copy_catalogues(tmp_path)
    (folder / "es" / "LC_MESSAGES" / "kiosk.mo").unlink()
    strings = load_strings(folder)
    assert strings.tr("es", "help.close") == "Close"
    assert strings.problems == [f"{folder}/es/LC_MESSAGES/kiosk.mo: missing; "
                                "compile the .po next to it (bash build/dev.sh)"]


def test_no_english_catalogue_shows_keys_and_says_so(tmp_path: Path) -> None:
    strings = load_strings(tmp_path)
    assert strings.tr("es", "nav.home") == "nav.home"
    assert strings.ntr("es", "idle.countdown", 3) == "idle.countdown"
    assert "no English catalogue" in strings.problems[0]


def test_a_partial_translation_falls_back_to_english_per_form() -> None:
    partial = Strings(plurals={"en": {"k": ["{n} item", "{n} items"]}, "fr": {"k": ["", ""]}})
    assert partial.tr("fr", "k", n=4) == "4 items"
    assert partial.missing("fr") == ["k"]


def test_the_converter_keeps_plurals_and_adds_keys_idempotently(tmp_path: Path) -> None:
    """The integrator's re-run: an old TOML (plain countdown, one new key) merges in."""
    folder = copy_catalogues(tmp_path)
    (folder / "en.toml").write_text(
        '[meta]\nname = "English"\n[strings]\n'
        '"idle.countdown" = "This screen starts over in {n} seconds."\n'
        '"new.thing" = "{n} new thing"\n', encoding="utf-8")
    (folder / "es.toml").write_text('[strings]\n"new.thing" = ["{n} cosa", "{n} cosas"]\n',
                                    encoding="utf-8")
    convert = tool("i18n_toml_to_po.py")["main"]
    assert convert(["--folder", str(folder)]) == 0
    assert convert(["--folder", str(folder), "--check"]) == 0  # a second run changes nothing
    assert tool("i18n_compile.py")["compile_all"](folder) == []
    strings = load_strings(folder)
    assert strings.tr("en", "idle.countdown", n=1).endswith("in 1 second.")
    assert strings.tr("en", "new.thing", n=2) == "2 new thing"
    assert strings.tr("es", "nav.home") == "Inicio"
    assert strings.missing("es") == []



def test_the_list_button_counts_what_a_patient_taps_in_spanish(make_window) -> None:
    """Through the window: each tapped item shows in the count, in the patient's language."""
    from kiosk.session import Screen
    from tests.uihelp import tap

    w = make_window()
    tap(w.screens[Screen.ATTRACT].language_buttons["es"])
    w.open_page("safety")
    screen = w.screens[Screen.SCREENING]
    tap(screen.list_tab)
    tap(screen.items[0])
    assert screen.jump.text() == "Mi lista (1)"
    tap(screen.items[1])
    assert screen.jump.text() == "Mi lista (2)"
