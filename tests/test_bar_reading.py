"""The bar and the reading screen (issue #12): what a patient would notice."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAccessible, QTextBlock, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.session import Screen
from kiosk.ui.journey import ENDING
from kiosk.ui.layout_judge import moved, places
from kiosk.ui.screens.article import ArticleScreen
from tests.uihelp import tap


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def at(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def spoken(widget: QWidget) -> str:
    """What a screen reader says for `widget`."""
    face = QAccessible.queryAccessibleInterface(widget)
    assert face is not None
    return face.text(QAccessible.Text.Name)


@pytest.mark.parametrize(("lang", "selected", "other"), [
    ("en", "Text size: Largest, selected", "Text size: Normal"),
    ("es", "Tamaño de letra: Muy grande, seleccionado", "Tamaño de letra: Normal"),
])
def test_tapping_a_text_size_segment_sets_that_size_and_marks_it(make_window, lang, selected,
                                                                  other) -> None:
    w = make_window()
    w.start(lang)
    w.open_page("what-is")
    segments = w.nav.text_size.segments
    body_before = w.metrics.body
    assert segments[0].isChecked() and not segments[2].isChecked()
    tap(segments[2])
    assert w.session.text_size == 2 and w.metrics.body > body_before
    assert [s.isChecked() for s in segments] == [False, False, True]
    assert spoken(segments[2]) == selected and spoken(segments[0]) == other
    # The mark is more than colour: the selected segment is drawn with a thicker frame.
    assert "QPushButton:checked" in w.nav.text_size.styleSheet()
    tap(segments[2])  # a repeat tap on the current size changes nothing
    assert w.session.text_size == 2 and segments[2].isChecked()
    tap(segments[0])
    assert w.session.text_size == 0 and [s.isChecked() for s in segments] == [True, False, False]


def test_text_size_segments_are_targets_a_finger_can_hit(make_window) -> None:
    w = make_window(size=(1920, 1080))
    w.start()
    settle()
    rects = [at(w, s) for s in w.nav.text_size.segments]
    for rect in rects:
        assert rect.width() >= 60 and rect.height() >= 60
    for left, right in itertools.pairwise(rects):
        assert right.left() - left.right() - 1 >= 16


@pytest.mark.parametrize("size", [(1366, 768), (1080, 1920)])
def test_no_bar_button_moves_across_the_three_text_sizes(make_window, size) -> None:
    w = make_window(size=size)
    w.start("es")
    w.open_page("research")
    settle()
    before = places(list(w.nav.buttons()))
    assert {"textSize0", "textSize2", "helpButton", "homeButton"} <= before.keys()
    for text_size in (1, 2, 0):
        tap(w.nav.text_size.segments[text_size])
        settle()
        assert moved(before, places(list(w.nav.buttons()))) == []


def test_the_thank_you_after_finish_offers_no_back_into_the_cleared_visit(make_window) -> None:
    w = make_window()
    w.start()
    w.open_page("what-is")
    assert w.nav.back.isVisible()
    tap(w.nav.finish)
    assert w.session.route == ENDING
    settle()
    nav = w.nav
    assert not nav.back.isVisible() and not nav.my_list.isVisible()
    assert not nav.moment.isVisible() and not nav.about.isVisible()
    assert nav.home.isVisible() and nav.help.isVisible()
    tap(w.nav.text_size.segments[1])  # a redraw of the bar does not bring Back again
    assert w.session.route == ENDING and not nav.back.isVisible()
    tap(nav.home)
    assert w.session.route.screen is Screen.HOME


def visible_lines(screen: ArticleScreen) -> int:
    """Lines of text wholly inside the text box at its current scroll."""
    browser = screen.browser
    top = browser.verticalScrollBar().value()
    height = browser.viewport().height()
    doc = browser.document()
    layout = doc.documentLayout()
    count = 0
    block = doc.begin()
    while block.isValid():
        box = layout.blockBoundingRect(block)
        text = block.layout()
        for index in range(text.lineCount()):
            line = text.lineAt(index).rect().translated(box.topLeft())
            if line.top() >= top and line.bottom() <= top + height:
                count += 1
        block = block.next()
    return count


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_article_at_1366x768_and_the_largest_text_shows_six_lines(make_window, lang) -> None:
    """The text box, not the buttons, takes the height (it showed four lines before)."""
    w = make_window(size=(1366, 768))
    w.start(lang)
    tap(w.nav.text_size.segments[2])
    for page in ("what-is", "research", "availability"):
        w.open_page(page)
        settle()
        screen = w.current_screen
        assert isinstance(screen, ArticleScreen)
        assert visible_lines(screen) >= 6, page


@pytest.mark.parametrize(("size", "page", "text_size"), [((1366, 768), "research", 2),
                                                          ((1920, 1080), "how-it-helps", 0),
                                                          ((800, 1280), "research", 2)])
def test_more_covers_no_text_or_picture_and_cards_rest_below_the_last_line(
        make_window, size, page, text_size) -> None:
    """"More" has a place of its own under the text box (it sat on an illustration's
    corner and on the faded lines); at the end the cards cover only a blank margin."""
    w = make_window(size=size)
    w.start()
    w.set_text_size(text_size)
    w.open_page(page)
    settle()
    screen = w.current_screen
    assert isinstance(screen, ArticleScreen)
    foot, box = screen.foot, at(w, screen.browser)
    bar = screen.browser.verticalScrollBar()
    doc = screen.browser.document()
    pictures = [block for block in _blocks(doc) if _has_image(block)]
    assert page != "how-it-helps" or pictures, "the illustration is a picture in the text"
    # Wherever the patient has scrolled to (a picture at the foot of the box, too).
    height = screen.browser.viewport().height()
    for value in (0, *[_at_foot(doc, block, height) for block in pictures], bar.maximum() - 1):
        bar.setValue(min(value, bar.maximum() - 1))
        settle()
        assert foot.more.isVisible() and foot.fade.isVisible()
        more = at(w, foot.more)
        assert not more.intersects(box), (value, more, box)
        assert more.height() >= w.metrics.px(60) and more.width() >= more.height()
        assert spoken(foot.more) == w.say("article.more_button")
    tap(foot.more)  # past the last screenful: the end
    bar.setValue(bar.maximum())
    settle()
    assert not foot.more.isVisible() and foot.cards[0].isVisible()
    # The last line of text ends above the cards: they cover only the blank margin.
    last = doc.documentLayout().blockBoundingRect(doc.lastBlock())
    last_bottom = screen.browser.viewport().mapTo(w, QPoint(0, round(last.bottom()) - bar.value()))
    assert last_bottom.y() <= at(w, foot).top()


def _blocks(doc: QTextDocument) -> Iterator[QTextBlock]:
    block = doc.begin()
    while block.isValid():
        yield block
        block = block.next()


def _has_image(block: QTextBlock) -> bool:
    it = block.begin()
    while not it.atEnd():
        if it.fragment().charFormat().isImageFormat():
            return True
        it += 1
    return False


def _at_foot(doc: QTextDocument, block: QTextBlock, height: int) -> int:
    """Scroll value that puts the picture's bottom edge at the foot of the text box."""
    return max(0, round(doc.documentLayout().blockBoundingRect(block).bottom()) - height)
