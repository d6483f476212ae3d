"""What every screen does: render from the session, and give the state back."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.session import Route
from kiosk.ui.host import Host


def set_prop(widget: QWidget, name: str, value: object) -> None:
    """Change a dynamic property that the stylesheet matches on, and restyle."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class ScreenBase(QWidget):
    """A screen draws itself only from `host.session`, so a reset needs no undo.

    `never_scroll`: the screen must fit whole at every size (a menu, a welcome); the
    self-test fails it if anything on it scrolls. Reading screens may scroll.
    """

    never_scroll = False

    def __init__(self, host: Host) -> None:
        super().__init__()
        self.host = host
        self.route: Route | None = None
        self.setProperty("screen", True)

    def enter(self, route: Route) -> None:
        """Show `route` from the session's state (also used to re-render in place)."""
        self.route = route
        self.redraw()

    def redraw(self) -> None:
        raise NotImplementedError

    def pinned(self) -> list[QWidget]:
        """What must always be in view, whole (title, primary action): never scrolled away
        or cut. The self-test checks it on every screen at every size."""
        return []

    def leave(self) -> None:
        """Save what the session should remember (scroll positions)."""

    def clear(self) -> None:
        """Drop everything shown, so nothing of a patient is left in a hidden widget."""
        self.route = None

    def refresh(self) -> None:
        """Re-render after language, text size, theme or orientation changed."""
        if self.route is not None:
            self.leave()
            self.redraw()
