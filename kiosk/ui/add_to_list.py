"""'Add to my list' for anything that suggests a question (the API other screens call).

Usage, from a screen that shows a step of a step-through:

    button = AddToListButton(host, host.refresh_chrome)
    layout.addWidget(button)
    ...
    button.show_for(page, step_index)   # hides itself when the step suggests no question

or, in one line at the end of the screen's redraw, `add_button_for(self, host, page, index)`.

The question is the step's marked question (`kiosk.mylist.step_question`: a
paragraph that is only a bold question). The pick lives in the patient session
as (page id, step index), so it follows a language change and is gone on reset.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk import mylist
from kiosk.content import Page
from kiosk.ui.host import Host
from kiosk.ui.widgets import set_icon


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
            f" color: {p.text}; font-size: {m.chrome(28)}px; padding: 0 {m.px(20)}px;"
            f" min-height: {m.px(60)}px; }}"
            f" QPushButton:checked {{ background: {p.accent}; color: {p.text};"
            f" border: {m.px(4)}px solid {p.primary}; }}")
        self.setVisible(bool(self.question()))

    def _toggle(self) -> None:
        if self.page is not None and self.question():
            mylist.toggle_step(self.host.session, self.page, self.index)
        self.redraw()
        self.changed()


def add_button_for(screen: QWidget, host: Host, page: Page, index: int) -> AddToListButton:
    """The step screen's 'Add to my list', made once: between Previous and Next in
    landscape, on its own line above them in portrait (too narrow for three).

    One call at the end of a step screen's redraw; the screen needs a `column`
    (QVBoxLayout) whose last item is its Previous/Next row.
    """
    button = screen.findChild(AddToListButton, "addToList")
    if button is None:
        button = AddToListButton(host, host.refresh_chrome)
        button.setParent(screen)
    column = getattr(screen, "column", None)
    item = column.itemAt(column.count() - 1) if isinstance(column, QVBoxLayout) else None
    row = item.layout() if item is not None else None
    if isinstance(column, QVBoxLayout) and isinstance(row, QHBoxLayout):
        wanted = column if host.portrait else row
        if button.property("placedIn") != ("column" if host.portrait else "row"):
            column.removeWidget(button)
            row.removeWidget(button)
            if host.portrait:
                column.insertWidget(column.count() - 1, button)
            else:
                row.insertWidget(1, button, 1)
            button.setProperty("placedIn", "column" if wanted is column else "row")
    button.show_for(page, index)
    return button
