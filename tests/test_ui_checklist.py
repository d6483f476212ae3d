"""The "Could it be right for me?" checklist (issues #12 and #13): what a patient sees
when they tap, where the controls are, and the small icon beside each item."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.check import run_check
from kiosk.checklist_icons import ITEM_ICONS
from kiosk.content import ContentPack
from kiosk.i18n import Strings
from kiosk.paths import bundled_content_dir
from kiosk.runtime import load_runtime
from kiosk.theme import NORMAL
from kiosk.ui.item_icons import item_icon
from kiosk.ui.layout_judge import out_of_reach, targets, too_close
from kiosk.ui.screens.screening import ScreeningScreen, first_sentence
from tests.test_content import make_pack
from tests.uihelp import tap


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def at(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def whole_in_view(widget: QWidget) -> bool:
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


def open_list(w, lang: str = "en", text_size: int = 0, page_id: str = "safety"
              ) -> ScreeningScreen:
    if w.session.touched:
        w.reset_session()  # a new patient: nothing ticked yet
    w.start(lang)
    w.session.text_size = text_size
    w.session.high_contrast = text_size == 2
    w.apply_theme()
    w.open_page(page_id)
    screen = w.current_screen
    assert isinstance(screen, ScreeningScreen)
    tap(screen.list_tab)
    settle()
    return screen


def test_a_tick_says_what_it_added_beside_the_list_at_1366x768(make_window) -> None:
    w = make_window(size=(1366, 768))
    screen = open_list(w)
    page = screen.page
    assert page is not None
    last = screen.items[len(page.checklist) - 1]
    assert not whole_in_view(last)  # below the fold: the list scrolls to it...
    tap(last)
    settle()
    assert screen.list_scroll.verticalScrollBar().value() > 0
    # ...and the card did not scroll with it: it says what was added, with the way on.
    assert whole_in_view(screen.card) and whole_in_view(screen.jump)
    assert screen.added.isVisible() and whole_in_view(screen.added)
    assert screen.added.text() == f"Added: {page.checklist[-1].question}"
    assert page.checklist[-1].question in screen.questions.text()
    assert at(w, screen.card).bottom() < at(w, screen.pager).top()
    tap(last)  # untick: the line and the question go
    settle()
    assert not screen.added.isVisible()
    assert page.checklist[-1].question not in screen.questions.text()


def test_a_new_patient_finds_nothing_ticked_and_nothing_added(make_window, qtbot) -> None:
    w = make_window(timings=(1500, 300, 50))  # time to tap before the warning
    screen = open_list(w)
    tap(screen.items[1])
    assert screen.added.isVisible()
    with qtbot.waitSignal(w.reset_done, timeout=10_000):  # the idle warning runs out
        pass
    screen = open_list(w)
    assert not any(item.isChecked() for item in screen.items)
    assert not screen.added.isVisible() and not screen.jump.isVisible()
    assert screen.questions.text() == ("Tap anything that applies to you. Your questions "
                                       "will show here.")


@pytest.mark.parametrize("size", [(1280, 800), (1366, 768)])
def test_more_than_three_and_a_half_items_in_view_at_the_largest_text(make_window,
                                                                       size) -> None:
    w = make_window(size=size)
    for lang in ("en", "es"):
        screen = open_list(w, lang, text_size=2)
        tap(screen.items[0])
        settle()
        seen = sum(item.visibleRegion().boundingRect().height() / item.height()
                   for item in screen.items if item.isVisible())
        assert seen > 3.5, (lang, seen)


@pytest.mark.parametrize("size", [(1080, 1920), (800, 1280)])
@pytest.mark.parametrize("page_id", ["safety", "questions"])
def test_portrait_every_checklist_control_is_below_the_top_third(make_window, size,
                                                                 page_id) -> None:
    w = make_window(size=size)
    for lang, text_size in (("en", 0), ("es", 2)):
        screen = open_list(w, lang, text_size, page_id)
        tap(screen.items[0])
        settle()
        found = targets(screen, "checklist")
        names = {t.name for t in found}
        assert screen.info_tab.text() in names and screen.jump.text() in names
        assert out_of_reach(found, size[1]) == [], (lang, text_size)
        assert too_close(found) == [], (lang, text_size)
        # The top third is not wasted: the card's words start there.
        assert at(w, screen.card).top() < size[1] // 3 <= at(w, screen.jump).top()
        tap(screen.info_tab)
        screen.listen.button.show()  # no speech engine in tests: place it as if there were
        settle()
        found = targets(screen, "checklist")
        assert at(w, screen.listen.button).top() > at(w, screen.browser).bottom()
        assert out_of_reach(found, size[1]) == [] and too_close(found) == []


def test_items_show_their_icon_and_screen_readers_hear_only_the_words(make_window) -> None:
    w = make_window(size=(1920, 1080))
    screen = open_list(w)
    page = screen.page
    assert page is not None and all(item.icon for item in page.checklist)
    item = screen.items[0]
    icon = item.icon_label.pixmap()
    # The tick box, then the heart: two squares side by side, the second in the palette.
    assert icon.width() > 2 * icon.height() - 4
    image = icon.toImage()
    primary = QColor(NORMAL.primary)
    right_half = [image.pixelColor(x, y) for x in range(icon.width() // 2, icon.width())
                  for y in range(icon.height())]
    assert any(c.alpha() == 255 and c.rgb() == primary.rgb() for c in right_half)
    name = QAccessible.queryAccessibleInterface(item).text(QAccessible.Text.Name)
    assert name == f"{page.checklist[0].label}. Not selected"
    assert not item.icon_label.accessibleName()


def test_every_icon_is_drawn_and_both_languages_use_the_same(bundled_pack: ContentPack,
                                                             qapp) -> None:
    for name in ITEM_ICONS:
        image = item_icon(name, "#000000", 48).toImage()
        inked = sum(image.pixelColor(x, y).alpha() > 0 for x in range(48) for y in range(48))
        assert 48 * 48 // 20 < inked < 48 * 48 // 2, name  # lines, not a blot, not empty
    assert item_icon("no-such-icon", "#000000", 48).toImage().pixelColor(24, 24).alpha() == 0
    icons = {lang: [i.icon for i in bundled_pack.pages[lang]["safety"].checklist]
             for lang in bundled_pack.languages}
    assert icons["en"] == icons["es"] and len(set(icons["en"])) == len(icons["en"])


def test_an_item_of_two_questions_shows_one_per_line_group() -> None:
    assert first_sentence("Who will be with me? What training do they have?") == (
        "Who will be with me?", "What training do they have?")
    assert first_sentence("¿Quién estará conmigo? ¿Qué capacitación tienen?") == (
        "¿Quién estará conmigo?", "¿Qué capacitación tienen?")
    assert first_sentence("I have liver disease") == ("I have liver disease", "")


CHECKLIST_PAGE = """---
id: a
title: A page
kind: screening
order: 1
tile: A page
reviewed: 2026-11-01
sources: [Mitchell JM et al. Nature Medicine 2021 (MAPP1)]
checklist:
  - I have X :: Does X matter?
    icon: heart
  - label: I have Y
    question: Does Y matter?
    icon: kidney
  - I have Z :: Does Z matter?
---
Words.
"""


def test_item_icons_are_read_and_an_unknown_one_is_named(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": CHECKLIST_PAGE})
    items = pack.pages["en"]["a"].checklist
    assert [(i.label, i.icon) for i in items] == [("I have X", "heart"), ("I have Y", ""),
                                                  ("I have Z", "")]
    assert [str(p) for p in pack.errors] == [
        f"{tmp_path / 'en' / 'a.md'}:12: error: unknown checklist icon 'kidney'; use one of: "
        f"{', '.join(ITEM_ICONS)} (the item is shown without one)"]


def test_kiosk_check_names_an_unknown_item_icon(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), pack)
    safety = pack / "es" / "safety.md"
    safety.write_text(safety.read_text(encoding="utf-8").replace("icon: liver", "icon: higado"),
                      encoding="utf-8")
    lines: list[str] = []
    code = run_check(load_runtime(data_dir=str(tmp_path / "data"), content=str(pack)),
                     lines.append)
    assert code == 1
    assert any(line.startswith(f"{safety}:") and "unknown checklist icon 'higado'" in line
               for line in lines), lines


@pytest.mark.parametrize("page_id", ["safety", "questions"])
def test_one_tap_adds_its_own_question_and_the_card_names_the_last_tap(make_window,
                                                                       page_id) -> None:
    w = make_window(size=(1920, 1080))
    screen = open_list(w, page_id=page_id)
    page = screen.page
    assert page is not None
    first, last = screen.items[0], screen.items[len(page.checklist) - 1]
    tap(last)
    settle()
    assert screen.jump.text() == "My list (1)"
    tap(first)  # the patient's last tap: the card names this one, not the earlier one
    settle()
    assert screen.jump.text() == "My list (2)" == w.nav.my_list.text().strip()
    assert screen.added.text() == f"Added: {page.checklist[0].question}"
    tap(last)  # unticking the earlier one leaves the line on the last tap's question
    settle()
    assert screen.jump.text() == "My list (1)"
    assert screen.added.text() == f"Added: {page.checklist[0].question}"
    w.next_language()  # Spanish: the line follows the language: it names the item, not a text
    settle()
    es_page = w.pack.page("es", page_id)
    assert es_page is not None
    assert screen.added.text() == f"Agregada: {es_page.checklist[0].question}"
    w.open_page("what-is" if page_id == "safety" else "safety")
    w.open_page(page_id)  # another page and back: still this page's last tick
    settle()
    assert screen.added.text().endswith(es_page.checklist[0].question)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_pages_a_list_is_built_on_have_one_name(bundled_pack: ContentPack,
                                                    strings: Strings, lang: str) -> None:
    """Home's tile, Previous/Next and the empty list's hint name the page its title names
    (Spanish said "¿Podría ser para mí?" on Home, "¿Podría ser una opción...?" on the page)."""
    empty_hint = strings.tr(lang, "list.empty")
    for page_id in ("safety", "questions", "availability"):
        page = bundled_pack.page(lang, page_id)
        assert page is not None
        assert page.title.startswith(page.tile.rstrip("?")), (page.tile, page.title)
        if page_id != "availability":
            assert f'"{page.tile}"' in empty_hint


def test_judge_finds_words_hidden_under_a_button_that_is_not_theirs(qtbot) -> None:
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout

    from kiosk.ui.layout_judge import covered
    from kiosk.ui.widgets import FitScrollArea

    root = QWidget()
    qtbot.addWidget(root)
    column = QVBoxLayout(root)
    words = QLabel("Optional. This is not a test.")
    column.addWidget(words)
    column.addStretch(1)
    button = QPushButton("My list (2)", root)  # floats: not in the layout
    root.resize(400, 300)
    root.show()
    qtbot.waitExposed(root)
    button.setGeometry(QRect(words.mapTo(root, QPoint(0, 0)), words.size()))
    button.raise_()
    settle()
    found = covered(root, [(root, "checklist")])
    assert len(found) == 1 and "hidden under 'My list (2)'" in found[0].text
    button.move(0, 250)  # below the words: nothing hidden, the button's own text is fine
    settle()
    assert covered(root, [(root, "checklist")]) == []
    # Words scrolled out of a viewport are cut by it, not hidden under a button beside it.
    content = QWidget()
    inner = QVBoxLayout(content)
    inner.addSpacing(400)
    inner.addWidget(QLabel("far below"))
    area = FitScrollArea(content)
    column.insertWidget(1, area)
    area.setFixedHeight(100)
    button.setGeometry(0, area.mapTo(root, QPoint(0, 0)).y() + 110, 300, 60)
    settle()
    assert covered(root, [(root, "checklist")]) == []


@pytest.mark.parametrize(("size", "lang", "text_size"), [((1366, 768), "es", 1),
                                                          ((1920, 1080), "en", 0)])
def test_the_information_reaches_down_to_previous_next(make_window, size, lang,
                                                       text_size) -> None:
    """No empty band between the text and Previous/Next topic: "More" sits in their row
    (never over the text), as on an article, and Listen sits between Previous and Next."""
    w = make_window(size=size)
    screen = open_list(w, lang, text_size)
    tap(screen.info_tab)
    settle()
    box, pager = at(w, screen.browser), at(w, screen.pager)
    assert 0 <= pager.top() - box.bottom() <= 2 * screen.column.spacing(), (box, pager)
    more = at(w, screen.foot.more)
    assert screen.foot.more.isVisible() and pager.contains(more) and not more.intersects(box)
    screen.listen.button.show()  # no speech engine in tests: place it as if there were
    settle()
    listen = at(w, screen.listen.button)
    assert at(w, screen.pager.previous).right() < listen.left()
    assert listen.right() < at(w, screen.pager.next).left()
    # "More" belongs to the information: the list tab has no "More" for a hidden text.
    tap(screen.list_tab)
    settle()
    assert not screen.foot.more.isVisible()
