"""Diagrams and illustrations: their data is checked, their numbers honest, their drawing
fits every width in both languages and themes, and every picture has words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.diagrams import (
    CourseCalendar,
    DiagramError,
    IconArray,
    describe,
    load_diagrams,
    parse_diagram,
    plain_fraction,
)
from kiosk.paths import bundled_content_dir
from kiosk.pictures import (
    HIGH_CONTRAST_COLOURS,
    colours_in,
    load_illustrations,
    pack_problems,
    recolour,
    reference_problem,
    svg_problems,
)
from kiosk.theme import HIGH_CONTRAST, NORMAL

LANGS = ["en", "es"]
ROOT = bundled_content_dir()
DIAGRAMS = load_diagrams(ROOT, LANGS)
PICTURES = load_illustrations(ROOT, LANGS)
CALENDAR = (ROOT / "images/diagrams/course-calendar.toml").read_text(encoding="utf-8")
DAY = (ROOT / "images/diagrams/session-day.toml").read_text(encoding="utf-8")
RESULTS = (ROOT / "images/diagrams/results.toml").read_text(encoding="utf-8")


def refused(text: str) -> str:
    with pytest.raises(DiagramError) as caught:
        parse_diagram(text, LANGS)
    return str(caught.value)


# --- data and validation (no Qt) ---

def test_bundled_pictures_load_with_no_problems() -> None:
    assert sorted(DIAGRAMS.diagrams) == ["course-calendar", "results", "session-day",
                                         "unblinding"]
    assert sorted(PICTURES.pictures) == ["bp-check", "integration", "overnight", "preparation",
                                         "room"]
    assert pack_problems(ROOT, LANGS) == []


def test_the_calendar_says_what_the_facts_say() -> None:
    calendar = DIAGRAMS.get("course-calendar")
    assert isinstance(calendar, CourseCalendar)
    assert (calendar.preparation_visits, calendar.sessions, calendar.weeks_apart,
            calendar.integration_visits, calendar.total_weeks) == (3, 3, 4, 9, 12)
    assert [calendar.week_of(n) for n in (1, 2, 3)] == [1, 5, 9]
    assert "3 preparation visits" in describe(calendar, "en")
    assert "9 en total" in describe(calendar, "es")


def test_rounding_rule_fills_the_nearest_whole_icon() -> None:
    # The facts' plain numbers: 67% and 32% of 3 icons, 71% and 48% of 10 icons.
    assert plain_fraction(67, 3) == 2 and plain_fraction(32, 3) == 1
    assert plain_fraction(71, 10) == 7 and plain_fraction(48, 10) == 5
    assert plain_fraction(50, 2) == 1 and plain_fraction(25, 2) == 1  # halves round up
    # 67% drawn on 10 icons would be 7 in 10, not "2 in 3": the words pick the icons.
    assert plain_fraction(67, 10) == 7
    with pytest.raises(DiagramError):
        plain_fraction(50, 0)
    results = DIAGRAMS.get("results")
    assert isinstance(results, IconArray)
    assert [(g.filled, g.icons) for g in results.groups] == [(2, 3), (1, 3), (7, 10), (5, 10)]
    unblinding = DIAGRAMS.get("unblinding")
    assert isinstance(unblinding, IconArray)
    assert [(g.filled, g.icons) for g in unblinding.groups] == [(9, 10), (3, 4)]


def test_an_icon_array_that_contradicts_its_percentage_is_refused() -> None:
    message = refused(RESULTS.replace("percent = 67\nicons = 3\nfilled = 2",
                                      "percent = 67\nicons = 3\nfilled = 3"))
    assert "67% of 3 icons is 2 filled" in message
    assert "percent" in refused(RESULTS.replace("percent = 32", "percent = 132"))


def test_calendar_counts_that_contradict_each_other_are_refused() -> None:
    assert "make 12 weeks, but total_weeks is 10" in refused(
        CALENDAR.replace("total_weeks = 12", "total_weeks = 10"))
    assert "do not fit" in refused(CALENDAR.replace("integration_after_each = 3",
                                                    "integration_after_each = 4"))
    # A number written into a label could disagree with the data: placeholders only.
    assert "writes a number" in refused(CALENDAR.replace("{preparation} preparation visits",
                                                         "3 preparation visits"))
    assert "{sessions_count}" in refused(CALENDAR.replace("{sessions} MDMA session days",
                                                          "{sessions_count} MDMA session days"))


def test_session_day_doses_are_checked() -> None:
    assert "1.5 to 2 hours" in refused(DAY.replace("at = 1.5\nuntil = 2", "at = 1\nuntil = 1.2"))
    assert "optional = true" in refused(DAY.replace("optional = true", "optional = false"))
    assert "exactly one first dose" in refused(DAY.replace("dose = 2", "dose = 1"))
    assert "time order" in refused(DAY.replace("at = 12", "at = 30"))
    assert "end of the day" in refused(DAY.replace("session_hours = 8", "session_hours = 9"))
    assert "icon 'pill' is not one of" in refused(DAY.replace('icon = "dose"', 'icon = "pill"'))


def test_labels_must_exist_in_every_language() -> None:
    text = CALENDAR.replace('here = { en = "You are here", es = "Usted está aquí" }',
                            'here = { en = "You are here" }')
    assert "'here' has no text in es" in refused(text)
    assert "not valid TOML" in refused("kind = ")
    assert "kind 'pie'" in refused('kind = "pie"')


def write_pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(ROOT, root)
    return root


def test_check_reports_broken_pictures(tmp_path: Path) -> None:
    root = write_pack(tmp_path)
    images = root / "images"
    catalogue = (images / "images.toml").read_text(encoding="utf-8")
    catalogue = catalogue.replace('alt.es = "Una persona duerme', 'alt.fr = "Une personne dort')
    catalogue = catalogue.replace('file = "integration.svg"', 'file = "talk.svg"')
    (images / "images.toml").write_text(catalogue, encoding="utf-8")
    room = (images / "room.svg").read_text(encoding="utf-8")
    (images / "room.svg").write_text(room.replace(
        "</svg>", '<image href="https://example.org/photo.jpg"/></svg>'), encoding="utf-8")
    (images / "preparation.svg").write_text("<svg viewBox='0 0 1 1'>" + " " * 300_000 + "</svg>",
                                            encoding="utf-8")
    (images / "extra.svg").write_text("<svg viewBox='0 0 1 1'/>", encoding="utf-8")
    (images / "diagrams" / "results.toml").write_text(RESULTS.replace("filled = 7", "filled = 6"),
                                                      encoding="utf-8")
    problems = [str(p) for p in pack_problems(root, LANGS)]
    text = "\n".join(problems)
    assert "[overnight]: no alt text in es" in text
    assert "[integration]: missing image: talk.svg" in text
    assert "<image> is not allowed" in text and "outside reference not allowed" in text
    assert "over the 256 KiB limit" in text
    assert "extra.svg: warning: not listed" in text
    assert "results.toml: error: diagram not shown" in text and "71% of 10 icons is 7" in text
    assert reference_problem("results", root, LANGS) is not None  # refused data: not shown
    assert reference_problem("room", ROOT, LANGS) is None
    assert "unknown picture 'pie'" in (reference_problem("pie", ROOT, LANGS) or "")


def test_kiosk_check_fails_on_a_contradictory_diagram(tmp_path: Path, capsys,
                                                      monkeypatch) -> None:
    from kiosk.cli import main

    root = write_pack(tmp_path)
    (root / "images/diagrams/course-calendar.toml").write_text(
        CALENDAR.replace("sessions = 3 ", "sessions = 2 "), encoding="utf-8")
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    assert main(["check", "--content", str(root)]) == 1
    out = capsys.readouterr().out
    assert "course-calendar.toml: error: diagram not shown: 2 sessions 4 weeks apart" in out


def test_svgs_are_plain_shapes_with_a_high_contrast_partner_for_every_colour() -> None:
    for picture in PICTURES.pictures.values():
        text = picture.path.read_text(encoding="utf-8")
        assert svg_problems(text) == []
        assert colours_in(text) <= set(HIGH_CONTRAST_COLOURS), picture.name
        contrast = colours_in(recolour(text, True))
        # High contrast keeps only the high-contrast theme's own colours and dark fills.
        assert NORMAL.text not in contrast and "#DCE9EE" not in contrast
        assert HIGH_CONTRAST.text in contrast and HIGH_CONTRAST.primary in contrast
    assert svg_problems("<svg viewBox='0 0 1 1' onload='x()'/>") == [
        "script attribute not allowed: onload"]


def test_every_illustration_has_alt_text_in_both_languages() -> None:
    for picture in PICTURES.pictures.values():
        assert len(picture.alt["en"].split()) >= 8, picture.name
        assert len(picture.alt["es"].split()) >= 8, picture.name
        assert picture.alt["en"] != picture.alt["es"]


# --- drawing (Qt, offscreen) ---

def grab(widget, width: int):
    from PySide6.QtWidgets import QApplication

    widget.resize(width, widget.heightForWidth(width))
    widget.show()
    QApplication.processEvents()
    return widget.grab().toImage()


def colour_share(image, colour: str) -> float:
    """Share of pixels within a small distance of `colour`."""
    import numpy as np
    from PySide6.QtGui import QColor, QImage

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                               image.bytesPerLine())
    pixels = rows[:, :image.width() * 4].reshape(image.height(), image.width(), 4)
    want = QColor(colour)
    distance = (np.abs(pixels[..., 2].astype(int) - want.red())
                + np.abs(pixels[..., 1].astype(int) - want.green())
                + np.abs(pixels[..., 0].astype(int) - want.blue()))
    return float((distance < 24).mean())


@pytest.mark.parametrize("name", sorted(DIAGRAMS.diagrams))
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("width", "text_size", "contrast"),
                         [(700, 2, True), (700, 0, False), (1800, 0, False), (1800, 2, True)],
                         ids=["700-largest-contrast", "700-normal", "1800-normal",
                              "1800-largest-contrast"])
def test_each_diagram_paints_in_palette_colours_and_fits(qtbot, name, lang, width, text_size,
                                                         contrast) -> None:
    from kiosk.theme import palette_for
    from kiosk.ui.app import load_fonts
    from kiosk.ui.diagrams import make_picture
    from kiosk.ui.style import Metrics

    load_fonts()
    palette = palette_for(contrast)
    widget = make_picture(name, DIAGRAMS, PICTURES, here="integration-2"
                          if name == "course-calendar" else None)
    assert widget is not None
    qtbot.addWidget(widget)
    widget.set_theme(palette, Metrics.for_size(1920, 1080, text_size))
    widget.set_language(lang)
    image = grab(widget, width)
    assert widget.overflow == [], widget.overflow  # no word wider than its box
    # Fits a portrait screen's content area, even at largest text in a 700 px column.
    assert widget.heightForWidth(width) <= (1600 if text_size else 1000)
    theme_colours = {str(v) for v in vars(palette).values()}
    assert widget.painted_colours and widget.painted_colours <= theme_colours
    assert colour_share(image, palette.primary) > 0.002  # the highlight is there
    assert colour_share(image, palette.text) > 0.002  # and words
    assert colour_share(image, palette.background) < 0.97  # not an empty box


def test_diagrams_are_named_and_described_in_the_page_language(qtbot) -> None:
    from kiosk.ui.diagrams import make_picture

    widget = make_picture("results", DIAGRAMS, PICTURES)
    assert widget is not None
    qtbot.addWidget(widget)
    widget.set_language("es")
    assert widget.accessibleName() == "Quiénes ya no tenían TEPT al final del estudio"
    assert "alrededor de 7 de cada 10 ya no tenían TEPT" in widget.accessibleDescription()
    widget.set_language("en")
    assert "about 2 in 3 no longer had PTSD" in widget.accessibleDescription()


def test_calendar_shows_you_are_here(qtbot) -> None:
    from kiosk.ui.diagrams import CalendarWidget, make_picture

    widget = make_picture("course-calendar", DIAGRAMS, PICTURES)
    assert isinstance(widget, CalendarWidget)
    qtbot.addWidget(widget)
    plain = grab(widget, 900)
    widget.set_here("session-2")
    assert widget.accessibleDescription().endswith(
        "You are here: Week 5, MDMA session day (about 8 hours)")
    marked = grab(widget, 900)
    assert marked.height() > plain.height()  # room for the tag above its row
    assert colour_share(marked, NORMAL.primary) > colour_share(plain, NORMAL.primary)
    widget.set_language("es")
    assert "Usted está aquí: Semana 5" in widget.accessibleDescription()
    with pytest.raises(ValueError, match="unknown stop"):
        widget.set_here("week-99")


@pytest.mark.parametrize("name", sorted(PICTURES.pictures))
def test_illustrations_draw_in_both_themes(qtbot, name) -> None:
    from kiosk.ui.diagrams import IllustrationWidget, make_picture
    from kiosk.ui.style import Metrics

    widget = make_picture(name, DIAGRAMS, PICTURES)
    assert isinstance(widget, IllustrationWidget)
    qtbot.addWidget(widget)
    widget.set_language("es")
    assert widget.accessibleName() == PICTURES.pictures[name].alt["es"]
    normal = grab(widget, 700)
    assert widget.height() == round(700 * 500 / 800)  # aspect kept
    assert colour_share(normal, NORMAL.text) > 0.01  # the line work
    widget.set_theme(HIGH_CONTRAST, Metrics(1.0, 1.0))
    contrast = grab(widget, 700)
    assert colour_share(contrast, "#FFFFFF") > 0.01
    # The light wall tint fills much of the normal picture and none of the high-contrast
    # one (a few anti-aliased edge pixels come close to it).
    assert colour_share(normal, "#DCE9EE") > 0.15 or name == "overnight"
    assert colour_share(contrast, "#DCE9EE") < 0.005
    widget.set_max_height(200)
    assert widget.heightForWidth(700) == 200


def test_preview_renders_every_picture_without_problems(qtbot) -> None:
    from kiosk.ui.picture_preview import render_all

    saved, problems = render_all(DIAGRAMS, PICTURES, LANGS, None)
    assert problems == []
    assert saved == 0
