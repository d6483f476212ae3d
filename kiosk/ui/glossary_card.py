"""Tap to define: a card with a glossary word's plain meaning, in big type.

The card is a child of the reading screen, not of the window: it covers the page
but never the bottom bar, so "Need help now?" stays visible and tappable, and the
help panel (a child of the window, raised) always opens above it. It closes when
its screen is left or the session is reset.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QUrl
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QTextBrowser, QWidget

from kiosk.glossary import TERM_SCHEME, Term
from kiosk.render import INTERNAL_SCHEME, escape
from kiosk.ui.host import Host
from kiosk.ui.overlays import Overlay
from kiosk.ui.screens.listen import ListenButton
from kiosk.ui.widgets import make_button, make_label

TAP_SLOP_PX = 12  # a press and release closer than this is a tap, not a scroll


class GlossaryCard(Overlay):
    """One word and its meaning; Close, and Listen where the machine can speak."""

    def __init__(self, parent: QWidget, host: Host) -> None:
        super().__init__(parent, host, "glossary")
        self.setObjectName("scrim")
        self.term: Term | None = None
        self.word = make_label("", "ovTitle")
        self.word.setObjectName("glossaryWord")
        self.meaning = make_label("")
        self.meaning.setObjectName("glossaryMeaning")
        self.listen = ListenButton(host, self.spoken)
        self.close_button = make_button("", "primary", "closeGlossary")
        self.close_button.clicked.connect(self.close_card)
        self.body.addWidget(self.word)
        self.body.addWidget(self.meaning)
        self.footer.addWidget(self.listen.button)
        self.footer.addStretch(1)
        self.footer.addWidget(self.close_button)
        self.body.addLayout(self.footer)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.parent() and event.type() == QEvent.Type.Hide:
            self.close_card()  # the screen was left: the card does not wait for it
        return super().eventFilter(watched, event)

    def spoken(self) -> str:
        return f"{self.term.term}. {self.term.definition}" if self.term else ""

    def show_term(self, term: Term) -> None:
        self.term = term
        self.open()

    def redraw(self) -> None:
        host = self.host
        if self.term is None:
            return
        self.word.setText(self.term.term)
        self.meaning.setText(self.term.definition)
        # Big type: page size and up, growing with the patient's text size.
        self.meaning.setStyleSheet(f"font-size: {host.metrics.tx(40)}px;")
        self.card.setAccessibleName(host.say("glossary.card", term=self.term.term))
        self.close_button.setText(host.say("glossary.close"))
        self.close_button.setAccessibleName(host.say("glossary.close"))
        self.listen.update()

    def close_card(self) -> None:
        if self.isVisible() and self.host.reader.speaking:
            self.host.reader.stop()
        self.hide()


def show_term(host: Host, where: QWidget, term_id: str) -> GlossaryCard | None:
    """Open the card for `term_id` over the screen `where` (made on first use)."""
    glossary = host.pack.glossaries.get(host.session.language)
    term = glossary.terms.get(term_id) if glossary else None
    if term is None:
        return None
    card = where.findChild(GlossaryCard)
    if card is None:
        card = GlossaryCard(where, host)
    card.show_term(term)
    return card


def words_on_page(host: Host, term_ids: list[str]) -> str:
    """'Words on this page': each glossary word, tappable, with its meaning."""
    glossary = host.pack.glossaries.get(host.session.language)
    terms = [glossary.terms[t] for t in term_ids if glossary and t in glossary.terms]
    if not terms:
        return ""
    items = "".join(f'<li><a class="term" href="{TERM_SCHEME}{escape(t.id)}">{escape(t.term)}'
                    f"</a>: {escape(t.definition)}</li>" for t in terms)
    return f"<h2>{escape(host.say('glossary.words'))}</h2><ul>{items}</ul>"


class GenerousLinks(QObject):
    """A tap near a link or glossary word follows it: words are small targets for a finger.

    Qt follows a tap right on the anchor itself; this only handles taps that land
    within `radius()` pixels of one, and only when the finger did not move (a scroll).
    """

    def __init__(self, browser: QTextBrowser, radius: Callable[[], int],
                 follow: Callable[[QUrl], None]) -> None:
        super().__init__(browser)
        self.browser = browser
        self.radius = radius
        self.follow = follow
        self.pressed: QPoint | None = None
        browser.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return False
        point = event.position().toPoint()
        if event.type() == QEvent.Type.MouseButtonPress:
            self.pressed = point
        elif event.type() == QEvent.Type.MouseButtonRelease and self.pressed is not None:
            start, self.pressed = self.pressed, None
            if (point - start).manhattanLength() <= TAP_SLOP_PX and \
                    not self.browser.anchorAt(point):
                anchor = self.nearest(point)
                if anchor:
                    self.follow(QUrl(anchor))
        return False

    def nearest(self, point: QPoint) -> str:
        """The closest kiosk anchor within the radius (probing outwards), or ''."""
        radius = self.radius()
        step = max(4, radius // 4)
        for distance in range(step, radius + 1, step):
            for dx, dy in ((0, -distance), (0, distance), (-distance, 0), (distance, 0),
                           (-distance, -distance), (distance, -distance),
                           (-distance, distance), (distance, distance)):
                anchor = self.browser.anchorAt(point + QPoint(dx, dy))
                if anchor.startswith((TERM_SCHEME, INTERNAL_SCHEME)):
                    return anchor
        return ""
