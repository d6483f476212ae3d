"""Layouts that never break (issue #12): what a patient would trip over, per screen."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.layout import MIN_TARGET_GAP_PX
from kiosk.ui.layout_judge import (
    gap,
    moved,
    not_in_view,
    out_of_reach,
    scrolling,
    targets,
    too_close,
    wrapped_buttons,
)
from kiosk.ui.screens.article import ArticleScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.pager import home_pages
from kiosk.ui.widgets import FitScrollArea, RichButton
from tests.uihelp import tap


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def at(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


# --- the judge itself: each rule catches what it is for ------------------------------
def test_judge_finds_buttons_too_close_and_out_of_reach(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    row = QHBoxLayout(root)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(MIN_TARGET_GAP_PX - 6)
    for name in ("one", "two"):
        row.addWidget(QPushButton(name))
    root.resize(400, 100)
    root.show()
    qtbot.waitExposed(root)
    found = targets(root, "screens")
    assert [t.name for t in found] == ["one", "two"]
    close = too_close(found)
    assert len(close) == 1 and "10 px apart" in close[0].text
    row.setSpacing(MIN_TARGET_GAP_PX)
    settle()
    assert too_close(targets(root, "screens")) == []
    # Portrait reach: both buttons sit at the very top of a 1920 px screen.
    assert len(out_of_reach(found, 1920)) == 2
    assert out_of_reach(found, 60) == []


def test_judge_finds_a_pinned_widget_scrolled_away(qtbot) -> None:
    content = QWidget()
    column = QVBoxLayout(content)
    title, far = QLabel("Title"), QPushButton("Start")
    column.addWidget(title)
    column.addSpacing(2000)
    column.addWidget(far)
    area = FitScrollArea(content)
    qtbot.addWidget(area)
    area.resize(300, 300)
    area.show()
    qtbot.waitExposed(area)
    settle()
    assert scrolling(area, "screens")
    assert [f.text for f in not_in_view([title, far], "screens")] == [
        "QPushButton must always be in view, whole"]


def test_judge_finds_a_button_label_wrapped_to_three_lines(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    column = QVBoxLayout(root)
    button = RichButton("nav", "previousTopic", top=False)
    button.set_content("Previous topic", "What a session is like, step by step, hour by hour")
    column.addWidget(button)
    root.resize(900, 300)
    root.show()
    qtbot.waitExposed(root)
    settle()
    assert wrapped_buttons(root, "screens") == []
    root.resize(160, 600)
    settle()
    button.resize(button.width(), button.heightForWidth(button.width()))
    settle()
    found = wrapped_buttons(root, "screens")
    assert found and "lines" in found[0].text


def test_judge_gap_is_the_real_distance() -> None:
    assert gap(QRect(0, 0, 10, 10), QRect(10, 0, 10, 10)) == 0  # touching
    assert gap(QRect(0, 0, 10, 10), QRect(30, 0, 10, 10)) == 20
    assert gap(QRect(0, 0, 10, 10), QRect(13, 14, 10, 10)) == 5  # diagonal: 3, 4 -> 5
    assert moved({"a": QRect(0, 0, 5, 5)}, {"a": QRect(95, 0, 5, 5)})
    assert not moved({"a": QRect(0, 0, 5, 5)}, {"a": QRect(0, 0, 5, 5)})


# --- Home never scrolls ----------------------------------------------------------------
@pytest.mark.parametrize("size", [(1280, 800), (800, 1280), (1080, 1920), (1366, 768)])
def test_home_fits_without_scrolling_in_spanish_at_the_largest_text(make_window, size) -> None:
    w = make_window(size=size)
    w.start("es")
    w.session.text_size = 2
    w.apply_theme()
    settle()
    home = w.current_screen
    assert isinstance(home, HomeScreen)
    assert scrolling(home, "screens") == []
    tiles = [t for t in home.tiles if t.isVisible()]
    assert len(tiles) == len(home_pages(w))
    bottom = at(w, w.nav).top()
    for tile in tiles:
        rect = at(w, tile)
        assert rect.bottom() < bottom, f"{tile.title.text()} runs under the bar"
        assert tile.title.height() >= tile.title.heightForWidth(tile.title.width()) - 2
    if size[1] > size[0]:  # portrait: every tile within reach, below the top third
        assert min(at(w, t).top() for t in tiles) >= size[1] // 3


def test_home_drops_subtitles_before_it_would_scroll(make_window) -> None:
    w = make_window(size=(1280, 800))
    w.start("es")
    settle()
    home = w.current_screen
    assert isinstance(home, HomeScreen)
    assert home.arrangement.subtitles and any(t.sub.isVisible() for t in home.tiles)
    w.session.text_size = 2
    w.apply_theme()
    settle()
    assert not home.arrangement.subtitles
    assert not any(t.sub.isVisible() for t in home.tiles)


# --- reading ----------------------------------------------------------------------------
def open_article(w, page: str = "what-is") -> ArticleScreen:
    w.start("en")
    w.open_page(page)
    settle()
    screen = w.current_screen
    assert isinstance(screen, ArticleScreen)
    return screen


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (2560, 1440)])
def test_title_and_text_share_one_left_edge(make_window, size) -> None:
    w = make_window(size=size)
    screen = open_article(w)
    cursor = QTextCursor(screen.browser.document())
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    text_x = screen.browser.viewport().mapTo(w, screen.browser.cursorRect(cursor).topLeft()).x()
    title_x = screen.title.mapTo(w, screen.title.contentsRect().topLeft()).x()
    assert abs(text_x - title_x) <= 4, (title_x, text_x)
    # ... the buttons below start on the same column as the text box, and the "Go to"
    # cards at the end of the text where the text does.
    assert at(w, screen.pager.previous).left() == at(w, screen.browser).left()
    screen.browser.verticalScrollBar().setValue(screen.browser.verticalScrollBar().maximum())
    settle()
    assert abs(at(w, screen.foot).left() - text_x) <= 4


def test_more_scrolls_one_screenful_then_go_to_cards_open_the_linked_page(make_window) -> None:
    w = make_window(size=(1280, 800))
    screen = open_article(w)
    bar = screen.browser.verticalScrollBar()
    assert bar.maximum() > 0 and screen.foot.more.isVisible()
    assert screen.foot.fade.isVisible()  # the last line fades instead of being cut
    tap(screen.foot.more)
    page = screen.browser.viewport().height()
    assert page // 2 < bar.value() <= page
    while screen.foot.more.isVisible():
        tap(screen.foot.more)
    assert bar.value() == bar.maximum() and not screen.foot.fade.isVisible()
    cards = [c for c in screen.foot.cards if c.isVisible()]
    assert [c.title.text() for c in cards] == ["Go to: Where can you get it?",
                                               "Go to: What a session is like"]
    assert cards[0].width() > screen.foot.width() // 3  # a card, not a word in a sentence
    tap(cards[0])
    assert w.session.route.page_id == "availability"


def test_listen_sits_in_one_place_in_reach(make_window) -> None:
    """Listen is at the right end of the foot, below the text, on every article."""
    w = make_window(size=(1080, 1920))
    screen = open_article(w)
    button = screen.listen.button
    button.show()  # no speech engine in tests: place it as if there were one
    settle()
    first = at(w, button)
    assert first.top() >= 1920 // 3 and first.top() > at(w, screen.browser).bottom()
    w.open_page("research")
    button.show()
    settle()
    assert at(w, button).right() == first.right()


def test_topic_n_of_n_counts_what_home_shows_and_stays_off_the_buttons(make_window) -> None:
    w = make_window(size=(800, 1280))
    w.start("es")
    w.session.text_size = 2
    w.apply_theme()
    w.open_page("how-it-helps")
    settle()
    pager = w.current_screen.pager
    assert pager.position.text() == f"Tema 2 de {len(home_pages(w))}"
    position = at(w, pager.position)
    for button in (pager.previous, pager.next):
        assert gap(position, at(w, button)) >= MIN_TARGET_GAP_PX // 2
        line = button.title.fontMetrics().lineSpacing()
        texts = button.title.height() + button.sub.height()
        assert texts <= 3 * line + 8, "Previous/Next wraps to more than two lines"
    w.open_page("about")
    settle()
    assert pager.position.text() == f"Tema {len(home_pages(w))} de {len(home_pages(w))}"


def test_one_name_for_about_in_each_language(make_window) -> None:
    """The bar's About and the About tile are one page; they share their name."""
    w = make_window()
    for lang in w.languages:
        w.start(lang)
        about = w.navigator.about_page()
        assert about is not None
        assert about.tile.startswith(w.say("nav.about")), (lang, about.tile)
        assert about.title == about.tile


# --- staff panel -------------------------------------------------------------------
def test_staff_actions_are_equal_and_the_ones_that_end_the_kiosk_stand_apart(
        make_window) -> None:
    w = make_window(size=(1920, 1080))
    w.staff_panel.open()
    w.staff_panel.show_tab(3)
    settle()
    panel = w.staff_panel
    every = {b.objectName(): at(w, b) for b in panel.findChildren(QPushButton)
             if b.isVisible() and b.objectName().startswith(("staff", "export-"))
             and b.objectName() != "staffClose" and not b.objectName().startswith("staffTab")}
    assert {"staffReset", "staffReload", "staffPin", "staffRestart", "staffExit"} <= set(every)
    assert len({r.width() for r in every.values()}) == 1, "buttons of different widths"
    assert too_close(targets(panel, "staff")) == []
    everyday = max(r.bottom() for n, r in every.items() if n not in ("staffRestart", "staffExit"))
    assert at(w, panel.findChild(QPushButton, "staffRestart")).top() - everyday > 3 * 16
    panel.leave()


def test_self_test_judges_the_smallest_screens_and_says_how_many(tmp_path, qapp) -> None:
    """The two tightest supported sizes pass every layout rule, in every text size."""
    from kiosk.runtime import load_runtime
    from kiosk.ui.selftest import WALKS, self_test

    lines: list[str] = []
    code = self_test(load_runtime(data_dir=str(tmp_path)), None, lines.append,
                     sizes=[(1366, 768), (800, 1280)])
    assert code == 0, lines
    assert WALKS == ((0, False), (1, False), (2, False), (2, True))  # largest twice
    counted = re.search(r"(\d+) screens at 2 sizes, ([\d.]+) s", lines[-1])
    assert counted is not None and int(counted.group(1)) > 300, lines[-1]


def test_sizes_alone_means_every_supported_screen() -> None:
    from kiosk.cli import build_parser

    args = build_parser().parse_args(["self-test", "--sizes"])
    assert args.sizes == [(1280, 800), (1366, 768), (1920, 1080), (2560, 1440), (1080, 1920),
                          (800, 1280)]
    assert build_parser().parse_args(["self-test"]).sizes is None
    assert build_parser().parse_args(["self-test", "--sizes", "800x1280"]).sizes == [(800, 1280)]
