"""'Add to my list' for anything that suggests a question (the API other screens call).

A step that suggests a question shows it on a card at the foot of its words, with
the button that adds it right beside it: the patient sees which question the
button adds, and a screen reader names it too.

    card = QuestionCard(host, host.refresh_chrome)
    layout.addWidget(card)
    ...
    card.show_for(page, step_index)   # hides itself when the step suggests no question

The question is the step's marked question (`kiosk.mylist.step_question`: a
paragraph that is only a bold question). The pick lives in the patient session
as (page id, step index), so it follows a language change and is gone on reset.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QPushButton, QSizePolicy, QVBoxLayout

from kiosk import mylist
from kiosk.content import Page
from kiosk.ui.host import Host
from kiosk.ui.widgets import make_label, set_icon


class AddToListButton(QPushButton):
    """A toggle: 'Add to my list' / 'Added to my list' (tick, border, pale tint when on)."""

    def __init__(self, host: Host, changed: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self.host = host
        self.changed = changed
        self.page: Page | None = None
        self.index = 0
        self.setObjectName("addToList")
        self.setProperty("role", "toggle")
        self.setCheckable(True)
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.clicked.connect(self._toggle)
        self.hide()

    def question(self) -> str:
        if self.page is None or not 0 <= self.index < len(self.page.steps):
            return ""
        return mylist.step_question(self.page.steps[self.index])

    def show_for(self, page: Page, index: int) -> None:
        self.page, self.index = page, index
        self.redraw()

    def redraw(self) -> None:
        host = self.host
        on = self.page is not None and (self.page.id, self.index) in host.session.step_picks
        self.setChecked(on)
        self.setText(host.say("list.added" if on else "list.add"))
        self.setAccessibleName(f"{self.text()}: {self.question()}")
        m, p = host.metrics, host.colours
        set_icon(self, "check" if on else "box", p.text, m.chrome(34))
        # Clearly a button when off; when on, a tick, a border and a pale tint (no solid fill).
        self.setStyleSheet(
            f"QPushButton {{ border: {m.px(3)}px solid {p.border}; background: {p.surface};"
            f" color: {p.text}; font-size: {m.chrome(30)}px; font-weight: bold;"
            f" padding: 0 {m.px(24)}px; min-height: {m.px(76)}px; }}"
            f" QPushButton:checked {{ background: {p.accent}; color: {p.text};"
            f" border: {m.px(4)}px solid {p.primary}; }}")
        self.setVisible(bool(self.question()))

    def _toggle(self) -> None:
        if self.page is not None and self.question():
            mylist.toggle_step(self.host.session, self.page, self.index)
        self.redraw()
        self.changed()


class QuestionCard(QFrame):
    """The step's question on a card, with 'Add to my list' beside it (under it when
    the card is too narrow for both side by side)."""

    SIDE_BY_SIDE_WORDS = 22  # the question's column is at least this many characters wide

    def __init__(self, host: Host, changed: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self.host = host
        self.setObjectName("questionCard")
        self.heading = make_label("", "muted")
        self.question = make_label("")
        self.question.setObjectName("stepQuestion")
        self.button = AddToListButton(host, changed)
        words = QVBoxLayout()
        words.setContentsMargins(0, 0, 0, 0)
        self.words = words
        words.addWidget(self.heading)
        words.addWidget(self.question)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.addLayout(words, 1)
        self.row.addWidget(self.button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.hide()

    def show_for(self, page: Page, index: int) -> None:
        """This step's question (hidden when it suggests none), styled for the theme."""
        host = self.host
        m, p = host.metrics, host.colours
        self.button.show_for(page, index)
        text = self.button.question()
        self.heading.setText(host.say("list.ask"))
        self.question.setText(text)
        self.setAccessibleName(f"{host.say('list.ask')}: {text}")
        self.setStyleSheet(
            f"QFrame#questionCard {{ background: {p.surface}; border: {m.px(2)}px solid "
            f"{p.border}; border-radius: {m.px(16)}px; }}"
            f"QLabel {{ border: none; background: transparent; }}"
            f"QLabel#stepQuestion {{ font-size: {m.body}px; font-weight: bold; }}")
        pad = m.px(20)
        self.row.setContentsMargins(pad, m.px(14), pad, m.px(14))
        self.row.setSpacing(m.px(20))
        self.words.setSpacing(m.px(6))
        self.setVisible(bool(text))

    def fit(self, width: int, most: int = 0) -> None:
        """Arranged and sized for `width`: a wrapped label's height for its real width,
        not the guess a layout makes before the card is placed. Over `most` px (a short
        screen with large text) the card drops its heading: the question and its button
        are what matter."""
        question = self.question.text()
        compact = self.compact(width, question, most)
        wide = self.side_by_side(width, compact)
        self.heading.setVisible(not compact)
        self.row.setDirection(QBoxLayout.Direction.LeftToRight if wide
                              else QBoxLayout.Direction.TopToBottom)
        self.row.setAlignment(self.button, Qt.AlignmentFlag.AlignVCenter if wide
                              else Qt.AlignmentFlag.AlignLeft)
        self.setFixedHeight(max(self.height_for(width, question, most), 1))

    def compact(self, width: int, question: str, most: int) -> bool:
        """Over `most` px the card drops its heading and puts the button beside the
        question wherever a short column (half the usual) is left for it."""
        return bool(most) and self._height(width, question, False) > most

    def side_by_side(self, width: int, compact: bool = False) -> bool:
        """Whether the question keeps a readable column beside the button."""
        self.ensurePolished()
        room = width - self.button.sizeHint().width() - self.host.metrics.px(80)
        least = self.SIDE_BY_SIDE_WORDS // 2 if compact else self.SIDE_BY_SIDE_WORDS
        return room >= self.question.fontMetrics().averageCharWidth() * least

    def height_for(self, width: int, question: str, most: int = 0) -> int:
        """How tall the card is at `width` holding `question` (0 for none), with its
        heading unless that makes it taller than `most`: the words' box is what the card
        leaves. Worked out from its parts, so it is right before the card is first shown
        (a layout skips hidden widgets)."""
        if not question:
            return 0
        return self._height(width, question, self.compact(width, question, most))

    def _height(self, width: int, question: str, compact: bool) -> int:
        """Measured only: arranging the card for it is `fit`'s job (the screen measures
        every step's question before it shows one)."""
        m = self.host.metrics
        wide = self.side_by_side(width, compact)
        button = self.button.sizeHint().height()
        edge = m.px(2)  # the card's border, inside its width
        beside = self.button.sizeHint().width() + m.px(20) if wide else 0
        words = width - 2 * m.px(20) - 2 * edge - beside
        shown = self.question.text()
        self.question.setText(question)
        text = self.question.heightForWidth(words)
        if not compact:
            text += self.heading.heightForWidth(words) + m.px(6)
        self.question.setText(shown)
        inner = max(text, button) if wide else text + m.px(20) + button
        return inner + 2 * m.px(14) + 2 * edge
