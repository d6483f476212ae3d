"""Tap to define: glossary words are tappable (generously), the card never hides help."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QWidget

from kiosk.content import ContentPack, load_pack
from kiosk.paths import assets_dir
from kiosk.session import Screen
from kiosk.ui.glossary_card import GlossaryCard
from kiosk.ui.screens.article import ArticleScreen
from kiosk.ui.window import KioskWindow
from tests.test_content import page
from tests.test_content_validator import GLOSSARY
from tests.uihelp import tap

ES_GLOSSARY = """\
- term: placebo
  definition: Algo que se ve igual, pero no tiene medicamento.
"""


@pytest.fixture
def glossary_pack(tmp_path: Path) -> ContentPack:
    body = "Some people got a placebo in the study.\n\nAsk your care team.\n"
    for lang, glossary, text in (("en", GLOSSARY, body),
                                 ("es", ES_GLOSSARY, "Algunos recibieron un placebo.\n")):
        folder = tmp_path / "pack" / lang
        folder.mkdir(parents=True)
        (folder / "glossary.yaml").write_text(glossary, encoding="utf-8")
        (folder / "a.md").write_text(page("a", text), encoding="utf-8")
    return load_pack(tmp_path / "pack", assets_dir())


def word_rect(screen: ArticleScreen, word: str) -> QRect:
    """Where `word` is drawn in the browser's viewport (what a finger aims at)."""
    found = screen.browser.document().find(word)
    assert not found.isNull()
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 1)
    return screen.browser.cursorRect(cursor)


def open_article(make_window, pack: ContentPack) -> tuple[KioskWindow, ArticleScreen]:
    w = make_window(pack=pack)
    w.start()
    w.open_page("a")
    screen = w.screens[Screen.ARTICLE]
    assert isinstance(screen, ArticleScreen)
    return w, screen


def card_of(screen: QWidget) -> GlossaryCard | None:
    return screen.findChild(GlossaryCard)


def test_tapping_a_glossary_word_shows_its_card(make_window, glossary_pack) -> None:
    w, screen = open_article(make_window, glossary_pack)
    html = screen.browser.toHtml()
    assert "Words on this page" in html and "A look-alike pill" in html
    tap(screen.browser.viewport(), word_rect(screen, "placebo").center())
    card = card_of(screen)
    assert card is not None and card.isVisible()
    assert card.word.text() == "placebo"
    assert card.meaning.text().startswith("A look-alike pill")
    # The card covers the page, never the bottom bar with "Need help now?".
    help_button = w.nav.help
    card_area = QRect(card.mapTo(w, QPoint(0, 0)), card.size())
    help_area = QRect(help_button.mapTo(w, QPoint(0, 0)), help_button.size())
    assert help_button.isVisible() and not card_area.intersects(help_area)
    tap(help_button)
    assert w.help.isVisible()
    tap(w.help.close_button)
    tap(card.close_button)
    assert not card.isVisible()


def test_a_tap_just_beside_the_word_still_counts(make_window, glossary_pack) -> None:
    _, screen = open_article(make_window, glossary_pack)
    rect = word_rect(screen, "placebo")
    below = QPoint(rect.center().x(), rect.bottom() + screen.host.metrics.px(16))
    assert not screen.browser.anchorAt(below)  # a miss without the generous area
    tap(screen.browser.viewport(), below)
    card = card_of(screen)
    assert card is not None and card.isVisible()


def test_card_closes_when_the_patient_moves_on(make_window, glossary_pack) -> None:
    w, screen = open_article(make_window, glossary_pack)
    tap(screen.browser.viewport(), word_rect(screen, "placebo").center())
    card = card_of(screen)
    assert card is not None and card.isVisible()
    tap(w.nav.home)
    assert not card.isVisible()
    w.open_page("a")
    assert not card.isVisible()


def test_card_speaks_the_patients_language(make_window, glossary_pack) -> None:
    w, screen = open_article(make_window, glossary_pack)
    tap(w.nav.language)
    tap(screen.browser.viewport(), word_rect(screen, "placebo").center())
    card = card_of(screen)
    assert card is not None
    assert card.meaning.text().startswith("Algo que se ve igual")
    assert card.close_button.text() == "Cerrar"
    assert "Palabras de esta página" in screen.browser.toHtml()


def test_unknown_or_outside_links_never_open_a_card(make_window, glossary_pack) -> None:
    from PySide6.QtCore import QUrl

    _, screen = open_article(make_window, glossary_pack)
    screen.browser.anchorClicked.emit(QUrl("term:nothing-like-this"))
    screen.browser.anchorClicked.emit(QUrl("https://example.com"))
    assert card_of(screen) is None


def test_card_reads_the_word_aloud_where_speech_exists(make_window, glossary_pack,
                                                       qtbot) -> None:
    w = make_window('[kiosk]\nspeech_engine = "mock"\n', pack=glossary_pack)
    qtbot.waitUntil(lambda: w.reader.tried, timeout=10_000)
    w.start()
    w.open_page("a")
    screen = w.screens[Screen.ARTICLE]
    assert isinstance(screen, ArticleScreen)
    tap(screen.browser.viewport(), word_rect(screen, "placebo").center())
    card = card_of(screen)
    assert card is not None and card.listen.button.isVisible()
    tap(card.listen.button)
    qtbot.waitUntil(lambda: w.reader.speaking, timeout=10_000)
    tap(card.close_button)
    qtbot.waitUntil(lambda: not w.reader.speaking, timeout=10_000)


def test_kiosk_starts_on_the_rest_and_staff_see_the_left_out_page(make_window,
                                                                  tmp_path: Path) -> None:
    folder = tmp_path / "hostile" / "en"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(page("a", "- " * 249 + "deep\n"), encoding="utf-8")
    (folder / "b.md").write_text(page("b", "Fine.\n", order=2), encoding="utf-8")
    pack = load_pack(tmp_path / "hostile", assets_dir())
    w = make_window(pack=pack)
    w.start()
    assert [p.id for p in w.topics()] == ["b"]
    assert any("a.md" in line and "page left out" in line for line in w.service.status().problems)
