"""The window's look for one patient: sizes from the screen and text size, colours from contrast.

A full restyle costs about 50 ms, so the stylesheet is set only when the
metrics or the contrast actually changed.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.theme import Palette, palette_for
from kiosk.ui.style import Metrics, document_css, stylesheet


class Theming:
    def __init__(self, text_size: int = 0, high_contrast: bool = False) -> None:
        self.metrics = Metrics.for_size(1920, 1080, text_size)
        self.colours: Palette = palette_for(high_contrast)
        self.portrait = False
        self._styled: tuple[Metrics, bool] | None = None

    def outdated(self, widget: QWidget, text_size: int) -> bool:
        """After a resize: does the orientation or scale differ from what is drawn?"""
        portrait = widget.height() > widget.width()
        metrics = Metrics.for_size(widget.width(), widget.height(), text_size)
        return portrait != self.portrait or metrics != self.metrics

    def apply(self, widget: QWidget, text_size: int, high_contrast: bool) -> None:
        self.metrics = Metrics.for_size(widget.width(), widget.height(), text_size)
        self.colours = palette_for(high_contrast)
        self.portrait = widget.height() > widget.width()
        key = (self.metrics, high_contrast)
        if key != self._styled:
            self._styled = key
            widget.setStyleSheet(stylesheet(self.colours, self.metrics))

    def document_css(self, large: bool = False) -> str:
        return document_css(self.colours, self.metrics, large)
