"""The Qt-free core: patient session, questions, crisis lines, colours."""

from __future__ import annotations

import pytest

from kiosk.content import ChecklistItem
from kiosk.crisis import LINES, lines_for
from kiosk.questions import qr_matrix, qr_text, questions_for
from kiosk.session import PatientSession
from kiosk.settings import REGIONS
from kiosk.theme import HIGH_CONTRAST, NORMAL, TEXT_PAIRS, UI_PAIRS, contrast_ratio


def test_checklist_toggle_and_text_size_cycle() -> None:
    s = PatientSession(language="en")
    assert s.toggle_item("safety", 2) is True
    assert s.toggle_item("safety", 2) is False
    assert [s.cycle_text_size() for _ in range(4)] == [1, 2, 0, 1]
    assert s.touched


def test_questions_keep_page_order() -> None:
    items = [ChecklistItem("A", "Qa?"), ChecklistItem("B", "Qb?"), ChecklistItem("C", "Qc?")]
    assert questions_for(items, [2, 0]) == ["Qa?", "Qc?"]
    assert qr_text("Questions", ["Qa?", "Qc?"]) == "Questions\n1. Qa?\n2. Qc?"


def test_qr_matrix_is_square_with_quiet_zone() -> None:
    matrix = qr_matrix("hello")
    assert len(matrix) == len(matrix[0]) >= 21 + 8
    assert not any(matrix[0]) and not any(row[0] for row in matrix)


@pytest.mark.parametrize("region", sorted(LINES))
def test_crisis_lines_are_dialable_and_translated(region: str, strings) -> None:
    """Every region ends with its emergency number; every label reads in every language."""
    lines = lines_for(region)
    assert lines[-1].label_key == "crisis.emergency"
    for line in lines:
        assert line.number and set(line.number) <= set("0123456789 -/"), line.number
        for lang in strings.tables:
            for key in filter(None, (line.label_key, line.detail_key)):
                assert strings.tables[lang].get(key, "").strip(), f"{lang}: {key} untranslated"


def test_an_unknown_region_falls_back_to_us_lines() -> None:
    assert lines_for("XX") == lines_for("US")


def test_every_configurable_region_has_lines() -> None:
    assert set(REGIONS) == set(LINES)


@pytest.mark.parametrize("palette", [NORMAL, HIGH_CONTRAST], ids=["normal", "high-contrast"])
def test_palette_contrast(palette) -> None:
    text_min = 7.0 if palette is HIGH_CONTRAST else 4.5
    for fg, bg in TEXT_PAIRS:
        ratio = contrast_ratio(getattr(palette, fg), getattr(palette, bg))
        assert ratio >= text_min, f"{fg} on {bg}: {ratio:.2f}"
    for fg, bg in UI_PAIRS:
        ratio = contrast_ratio(getattr(palette, fg), getattr(palette, bg))
        assert ratio >= 3.0, f"{fg} on {bg}: {ratio:.2f}"


def test_contrast_formula_known_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_every_ui_string_is_translated(strings) -> None:
    """Every key English has, every language has, with the same {placeholders} in each form."""
    def slots(text: str) -> list[str]:
        return sorted(part.split("}")[0] for part in text.split("{")[1:])

    assert strings.problems == []
    assert strings.missing("es") == []
    assert strings.plurals["en"], "no plural entries: the .po catalogues lost them"
    for lang in strings.tables:
        english = strings.tables["en"]
        for key, text in strings.tables[lang].items():
            assert key in english, f"{lang} has a key English lacks: {key}"
            assert text.strip(), key
            assert slots(text) == slots(english[key]), key
        for key, forms in strings.plurals[lang].items():
            assert key in strings.plurals["en"], f"{lang} has a plural English lacks: {key}"
            assert len(forms) == 2 and all(form.strip() for form in forms), (lang, key)
            for form in forms:
                assert slots(form) == slots(strings.plurals["en"][key][-1]), (lang, key)


def test_missing_string_falls_back_to_english(strings) -> None:
    from kiosk.i18n import Strings

    partial = Strings(tables={"en": {"nav.home": "Home"}, "fr": {}}, names={"fr": "Français"})
    assert partial.tr("fr", "nav.home") == "Home"
    assert partial.missing("fr") == ["nav.home"]
