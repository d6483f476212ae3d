"""Every control a patient can touch is big enough and named for screen readers."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton

from kiosk.ui.screens.screening import ScreeningScreen


def visible_buttons(window) -> list[QAbstractButton]:
    return [b for b in window.findChildren(QAbstractButton) if b.isVisible()]


def check_buttons(window, where: str) -> int:
    checked = 0
    for button in visible_buttons(window):
        name = QAccessible.queryAccessibleInterface(button).text(QAccessible.Text.Name)
        assert name.strip(), f"{where}: unnamed button {button.objectName()}"
        assert button.width() >= 60 and button.height() >= 60, (
            f"{where}: {button.objectName()} is {button.width()}x{button.height()}")
        checked += 1
    return checked


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)], ids=["landscape", "portrait"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_targets_and_names_on_every_screen(make_window, size, lang) -> None:
    w = make_window(size=size)
    total = check_buttons(w, "attract")
    w.start(lang)
    total += check_buttons(w, "home")
    for page in w.topics():
        w.open_page(page.id)
        total += check_buttons(w, page.id)
        screen = w.current_screen
        if isinstance(screen, ScreeningScreen):
            screen.list_tab.click()
            screen.items[0].click()
            total += check_buttons(w, f"{page.id} list")
    w.open_help()
    total += check_buttons(w, "help")
    assert total > 60


def test_names_follow_the_language(make_window) -> None:
    w = make_window()
    w.start("es")
    w.open_page("what-is")
    names = {QAccessible.queryAccessibleInterface(b).text(QAccessible.Text.Name)
             for b in visible_buttons(w)}
    assert "Inicio" in names and "¿Necesita ayuda ya?" in names
    assert "Cambiar el idioma a English" in names
