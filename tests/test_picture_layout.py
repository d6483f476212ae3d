"""How pictures sit on the page: icon arrays beside their numbers, icons a patient can
count, illustrations on the theme's own background, and the list of every picture with
its alt text for a review note."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QImage

from kiosk.content import ContentPack
from kiosk.diagrams import load_diagrams
from kiosk.paths import bundled_content_dir
from kiosk.pictures import load_illustrations
from kiosk.theme import HIGH_CONTRAST, NORMAL, palette_for

LANGS = ["en", "es"]
ROOT = bundled_content_dir()
DIAGRAMS = load_diagrams(ROOT, LANGS)
PICTURES = load_illustrations(ROOT, LANGS)


def pixels(image: QImage) -> np.ndarray:
    """The image's RGB values (blue, green, red order) as an array of its own."""

    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(),
                                                               image.bytesPerLine())
    # A copy: the array must outlive the converted image it was read from.
    return rows[:, :image.width() * 4].reshape(image.height(), image.width(),
                                               4)[..., :3].copy()


def near(image, colour: str):
    """Mask of pixels within a small distance of `colour`."""
    import numpy as np
    from PySide6.QtGui import QColor

    want = QColor(colour)
    rgb = pixels(image).astype(int)
    return (np.abs(rgb[..., 2] - want.red()) + np.abs(rgb[..., 1] - want.green())
            + np.abs(rgb[..., 0] - want.blue())) < 40


def icon_array(qtbot, name: str, lang: str, screen: tuple[int, int], text_size: int,
               contrast: bool):
    from kiosk.ui.app import load_fonts
    from kiosk.ui.diagrams import IconArrayWidget, make_picture
    from kiosk.ui.style import Metrics

    load_fonts()
    widget = make_picture(name, DIAGRAMS, PICTURES)
    assert isinstance(widget, IconArrayWidget)
    qtbot.addWidget(widget)
    widget.set_theme(palette_for(contrast), Metrics.for_size(*screen, text_size))
    widget.set_language(lang)
    return widget


def picture_image(widget, width: int):
    from kiosk.ui.picture_blocks import render_picture

    return render_picture(widget, width, widget.palette_, widget.metrics,
                          widget.lang).toImage()


@pytest.mark.parametrize("name", ["results", "unblinding"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("screen", "width", "text_size", "contrast"), [
    ((1920, 1080), 1000, 0, False), ((1920, 1080), 1000, 2, True),
    ((1080, 1920), 960, 0, True), ((1366, 768), 1000, 1, False)])
def test_icons_sit_beside_their_numbers_when_there_is_room(
        qtbot, name: str, lang: str, screen: tuple[int, int], width: int, text_size: int,
        contrast: bool) -> None:
    from kiosk.ui.diagrams import Canvas

    widget = icon_array(qtbot, name, lang, screen, text_size, contrast)
    side = widget.columns(Canvas(None, widget.palette_, widget.metrics), width)
    assert side is not None, "the icons went under their words at a reading column's width"
    words_w, icon = side
    assert icon >= 40 * widget.metrics.unit  # large enough to count (40 px at 1080p)
    image = picture_image(widget, width)
    assert widget.measure(width)[1] == []  # every word fits its column
    filled = near(image, widget.palette_.primary)
    # Rows with a filled icon have it right of the words' column; the only highlight in
    # that column is the legend's marker, on rows of its own.
    icons = filled[:, int(words_w):].any(axis=1)
    left = filled[:, :int(words_w)].any(axis=1)
    assert icons.sum() > 2 * icon and not (icons & left).any()


@pytest.mark.parametrize("lang", LANGS)
def test_icons_go_under_their_words_when_narrow_and_stay_countable(qtbot, lang: str) -> None:
    from kiosk.ui.diagrams import Canvas

    widget = icon_array(qtbot, "results", lang, (800, 1280), 2, False)
    assert widget.columns(Canvas(None, widget.palette_, widget.metrics), 660) is None
    image = picture_image(widget, 660)
    filled = near(image, NORMAL.primary)
    assert filled[:, :60].sum() > 0.15 * filled.sum()  # icons start at the left edge
    # The widest run of highlight pixels in a row is one icon's body: at least 40 px
    # scaled to this screen (0.74 of 1080p).
    import numpy as np

    runs = [np.diff(np.flatnonzero(np.diff(np.r_[0, row.astype(int), 0]))).max(initial=0)
            for row in filled]
    assert max(runs) >= 0.8 * 40 * widget.metrics.unit * 0.8


@pytest.mark.parametrize("palette", [NORMAL, HIGH_CONTRAST], ids=["normal", "contrast"])
def test_filled_and_empty_icons_differ_in_shape_not_only_colour(qtbot, palette) -> None:
    """In grey (no colour at all) a filled icon still covers far more than an outline."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter

    from kiosk.ui.diagrams import Canvas

    widget = icon_array(qtbot, "results", "en", (1920, 1080), 0, palette is HIGH_CONTRAST)
    ink = []
    for kind in ("filled", "empty"):
        image = QImage(60, 70, QImage.Format.Format_RGB32)
        image.fill(QColor(palette.surface))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        widget.marker(Canvas(painter, palette, widget.metrics), kind, QRectF(4, 2, 52, 60))
        painter.end()
        grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
        background = QColor(palette.surface).lightness()
        values = pixels(grey.convertToFormat(QImage.Format.Format_RGB32))[..., 0].astype(int)
        ink.append(int((abs(values - background) > 60).sum()))
    assert ink[1] > 100, "the empty icon vanished"
    assert ink[0] > 2 * ink[1], ink


def test_an_illustration_narrower_than_its_box_shows_the_screen_background(qtbot) -> None:
    """High contrast: no pale box round a dark picture (the step screen's letterbox); the
    picture sits on the theme's own card."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from kiosk.ui.diagrams import make_picture
    from kiosk.ui.picture_blocks import FittedPicture
    from kiosk.ui.style import Metrics

    picture = make_picture("room", DIAGRAMS, PICTURES)
    assert picture is not None
    fitted = FittedPicture(picture)
    screen = QWidget()
    screen.setStyleSheet(f"background: {HIGH_CONTRAST.background};")
    QVBoxLayout(screen).addWidget(fitted)
    qtbot.addWidget(screen)
    fitted.configure(HIGH_CONTRAST, Metrics(1.0, 1.0), "en", 300)
    screen.resize(900, 340)
    screen.show()
    qtbot.waitUntil(lambda: fitted.width() > 800)
    image = screen.grab().toImage()
    left = fitted.mapTo(screen, fitted.rect().topLeft())
    drawn_w = 300 * 800 / 500  # the room is 800x500: 480 px wide at 300 px high
    side = int((fitted.width() - drawn_w) / 2) - 4
    assert side > 100
    strip = pixels(image)[left.y() + 10:left.y() + 290, left.x() + 8:left.x() + side]
    assert strip.max() < 40, "the space beside the picture is not the theme's black"
    assert fitted.overflow == []
    fitted.configure(NORMAL, Metrics(1.0, 1.0), "en", 300)  # the normal theme: its card
    fitted.repaint()
    strip = pixels(screen.grab().toImage())[left.y() + 10:left.y() + 290,
                                             left.x() + 8:left.x() + side]
    assert (strip == 255).all(), "the space beside the picture is not the white card"


def test_every_picture_is_listed_with_its_alt_text_and_uses(
        qtbot, bundled_pack: ContentPack) -> None:
    from kiosk.ui.picture_preview import picture_list

    text = picture_list(bundled_pack)
    for name in [*DIAGRAMS.diagrams, *PICTURES.pictures]:
        assert f"## {name} (" in text
    for picture in PICTURES.pictures.values():
        assert f"- en: {picture.alt['en']}" in text and f"- es: {picture.alt['es']}" in text
    assert "MDMA con terapia: alrededor de 7 de cada 10 ya no tenían TEPT." in text
    room = text.split("## room (")[1].split("## ")[0]
    assert "(`how-it-helps`)" in room and 'step 4 "Resting and talking"' in room
    day = text.split("## session-day (")[1].split("## ")[0]
    assert "- en: You are here: Hour 0: First dose, with your therapists" in day
    assert "- es: Usted está aquí: Hora 0" in day
    assert "not shown on any page" not in text


def test_picture_list_command_prints_markdown(capsys) -> None:
    from kiosk.ui.picture_preview import main

    assert main(["--list"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Pictures and their alt text")
    assert out.count("\n## ") == len(DIAGRAMS.diagrams) + len(PICTURES.pictures)


def fitted(qtbot, name: str, here: str, lang: str, screen: tuple[int, int], text_size: int,
           contrast: bool, box: tuple[int, int]):
    from kiosk.ui.app import load_fonts
    from kiosk.ui.diagrams import make_picture
    from kiosk.ui.picture_blocks import FittedPicture
    from kiosk.ui.style import Metrics

    load_fonts()
    picture = make_picture(name, DIAGRAMS, PICTURES, here=here)
    assert picture is not None
    widget = FittedPicture(picture)
    qtbot.addWidget(widget)
    widget.configure(palette_for(contrast), Metrics.for_size(*screen, text_size), lang, box[1])
    widget.resize(box[0], widget.heightForWidth(box[0]))
    return widget


# (screen, text size, the step picture's room there): measured on the step screen.
STEP_BOXES = [((1920, 1080), 0, (875, 471)), ((1920, 1080), 2, (729, 455)),
              ((1280, 800), 0, (580, 348)), ((1280, 800), 2, (483, 336)),
              ((1366, 768), 2, (519, 319)), ((800, 1280), 2, (728, 292)),
              ((1080, 1920), 2, (984, 450))]


@pytest.mark.parametrize(("name", "here"), [("session-day", "dose-1"),
                                            ("course-calendar", "preparation"),
                                            ("course-calendar", "after")])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("screen", "text_size", "box"), STEP_BOXES)
def test_step_diagrams_keep_readable_words_in_their_box(
        qtbot, name: str, here: str, lang: str, screen: tuple[int, int], text_size: int,
        box: tuple[int, int]) -> None:
    """A diagram in a step's small box switches to its one-line strip instead of shrinking
    to 40%: its words stay at least two thirds of their size, and nothing is cut off."""
    widget = fitted(qtbot, name, here, lang, screen, text_size, text_size == 2, box)
    scale = widget.scale(box[0])
    assert widget.picture.compact
    assert scale >= 0.6, scale
    assert widget.heightForWidth(box[0]) <= box[1]
    widget.show()
    widget.repaint()
    assert widget.overflow == []
    assert widget.picture.accessibleDescription().count("\n") >= 1  # words say it all


def test_diagram_words_grow_with_the_text_size_in_a_step_box(qtbot) -> None:
    sizes = []
    for text_size in (0, 2):
        widget = fitted(qtbot, "session-day", "home", "en", (1920, 1080), text_size, False,
                        (729, 408))
        sizes.append(widget.picture.metrics.tx(30) * widget.scale(729))
    assert sizes[1] >= 1.3 * sizes[0], sizes


def test_a_diagram_with_room_is_drawn_whole(qtbot) -> None:
    widget = fitted(qtbot, "session-day", "end", "en", (1080, 1920), 0, False, (984, 1400))
    assert widget.scale(984) >= 1.0 and not widget.picture.compact  # whole, maybe larger


def test_a_diagram_with_a_tall_box_fills_more_of_it_and_stays_whole(qtbot) -> None:
    # A step's picture column with room below the course calendar: a larger picture, not
    # a bare band (issue #13, empty background on step screens).
    small = fitted(qtbot, "course-calendar", "preparation", "en", (1920, 1080), 0, False,
                   (839, 0))
    assert small.scale(839) == 1.0  # no room given: drawn as it is
    room = small.height() + 200
    tall = fitted(qtbot, "course-calendar", "preparation", "en", (1920, 1080), 0, False,
                  (839, room))
    assert tall.scale(839) > 1.0 and not tall.picture.compact
    assert small.height() < tall.height() <= room
    tall.repaint()
    assert tall.overflow == []


def test_a_page_drawn_again_reuses_its_pictures_but_follows_theme_and_language(
        qtbot, bundled_pack: ContentPack) -> None:
    """Pictures of reading pages are kept once drawn; a change of contrast, text size or
    language draws them afresh, never a stale one."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument
    from PySide6.QtWidgets import QTextBrowser

    from kiosk.ui.picture_blocks import document_html
    from kiosk.ui.style import Metrics

    browser = QTextBrowser()
    qtbot.addWidget(browser)

    def shown(palette, lang: str):
        page = bundled_pack.page(lang, "research")
        assert page is not None
        html = document_html(browser, bundled_pack, page.blocks, palette, Metrics(1.0, 1.0),
                             lang, 900)
        url = html.split('src="')[1].split('"')[0]
        image = browser.document().resource(QTextDocument.ResourceType.ImageResource,
                                             QUrl(url))
        return html, image

    first_html, first = shown(NORMAL, "en")
    _, again = shown(NORMAL, "en")
    assert again.cacheKey() == first.cacheKey()  # the same drawing, not drawn again
    _, contrast = shown(HIGH_CONTRAST, "en")
    assert near(contrast.toImage(), HIGH_CONTRAST.primary).sum() > 500
    assert near(contrast.toImage(), NORMAL.primary).sum() == 0
    spanish_html, _ = shown(NORMAL, "es")
    assert "alrededor de 2 de cada 3" in spanish_html and "about 2 in 3" in first_html


def test_an_illustration_in_an_article_has_no_pale_corners(qtbot) -> None:
    """Its rounded corners let the page show through (they were light grey, which stood
    out on a high-contrast page)."""
    from kiosk.ui.diagrams import make_picture
    from kiosk.ui.picture_blocks import render_picture
    from kiosk.ui.style import Metrics

    picture = make_picture("room", DIAGRAMS, PICTURES)
    assert picture is not None
    qtbot.addWidget(picture)
    image = render_picture(picture, 800, HIGH_CONTRAST, Metrics(1.0, 1.0), "en").toImage()
    assert image.pixelColor(2, 2).alpha() == 0
    assert image.pixelColor(400, 250).alpha() == 255  # the drawing itself


@pytest.mark.parametrize(("stop", "lang", "expected"), [
    ("dose-1", "en", "Next \u2013 Hours 0-8: Rest with eye shades and music"),
    ("end", "en", "Next \u2013 That night: You stay the night at the clinic"),
    ("end", "es", "Después \u2013 Esa noche:"),
    ("home", "en", ""),
])
def test_the_day_strip_says_what_comes_next(qapp, stop: str, lang: str, expected: str) -> None:
    # Predictability: under "you are here" the strip names the next moment of the day
    # (the all-day moments count once), in words and for a screen reader; nothing at the end.
    from kiosk.ui.diagrams import TimelineWidget, make_picture
    from kiosk.ui.style import Metrics

    diagrams = load_diagrams(bundled_content_dir(), ["en", "es"])
    widget = make_picture("session-day", diagrams, load_illustrations(bundled_content_dir(),
                                                                       ["en", "es"]))
    assert isinstance(widget, TimelineWidget)
    widget.set_theme(NORMAL, Metrics.for_size(1920, 1080, 0))
    widget.set_language(lang)
    widget.set_here(stop)
    assert widget.after_here().startswith(expected) and bool(widget.after_here()) == bool(expected)
    if expected:
        assert widget.after_here() in widget.alt_text()
