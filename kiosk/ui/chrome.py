"""What stays on screen everywhere: a slim header and the navigation bar.

The bar sits at the bottom, where a seated person reaches; in portrait it
takes two rows so every label fits at every text size.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton

from kiosk.ui.host import Host
from kiosk.ui.widgets import make_button, make_label, set_icon


class Header(QFrame):
    def __init__(self, host: Host, on_about: Callable[[], None]) -> None:
        super().__init__()
        self.host = host
        self.setObjectName("header")
        self.clinic = make_label("", "clinic", wrap=False)
        self.clinic.setObjectName("clinicName")
        self.about = make_button("", "link", "aboutButton")
        self.about.clicked.connect(on_about)
        row = QHBoxLayout(self)
        self.row = row
        row.addWidget(self.clinic, 1)
        row.addWidget(self.about)

    def redraw(self, has_about: bool) -> None:
        host = self.host
        m = host.metrics
        self.row.setContentsMargins(m.px(40), m.px(6), m.px(28), m.px(6))
        self.clinic.setText(host.config.get_str("clinic.name"))
        self.about.setText(host.say("nav.about"))
        self.about.setAccessibleName(host.say("nav.about"))
        self.about.setVisible(has_about)
        set_icon(self.about, "book", host.colours.on_accent, m.chrome(32))


class NavBar(QFrame):
    """Home, Back, text size, contrast, language, and 'Need help now?'."""

    def __init__(self, host: Host) -> None:
        super().__init__()
        self.host = host
        self.setObjectName("navbar")
        self.home = make_button("", "nav", "homeButton")
        self.back = make_button("", "nav", "backButton")
        self.text_size = make_button("", "nav", "textSizeButton")
        self.contrast = make_button("", "nav", "contrastButton")
        self.language = make_button("", "nav", "languageButton")
        self.help = make_button("", "help", "helpButton")
        self.grid = QGridLayout(self)
        self.portrait: bool | None = None

    def buttons(self) -> list[QPushButton]:
        return [self.home, self.back, self.text_size, self.contrast, self.language, self.help]

    def arrange(self, portrait: bool) -> None:
        """One row in landscape; in portrait tools on top, Home/Back/Help below."""
        if portrait == self.portrait:
            return
        self.portrait = portrait
        for button in self.buttons():
            self.grid.removeWidget(button)
        for column in range(8):
            self.grid.setColumnStretch(column, 0)
        if portrait:
            for column, button in enumerate((self.text_size, self.contrast, self.language)):
                self.grid.addWidget(button, 0, column * 2, 1, 2)
            self.grid.addWidget(self.home, 1, 0, 1, 1)
            self.grid.addWidget(self.back, 1, 1, 1, 2)
            self.grid.addWidget(self.help, 1, 3, 1, 3)
            for column in range(6):
                self.grid.setColumnStretch(column, 1)
        else:
            row: tuple[QPushButton | None, ...] = (
                self.home, self.back, None, self.text_size, self.contrast, self.language,
                self.help)
            for column, slot in enumerate(row):
                if slot is not None:
                    self.grid.addWidget(slot, 0, column)
            self.grid.setColumnStretch(2, 1)

    def redraw(self, on_attract: bool, next_language: str) -> None:
        host = self.host
        m = host.metrics
        p = host.colours
        session = host.session
        self.arrange(host.portrait)
        self.grid.setContentsMargins(m.px(24), m.px(14), m.px(24), m.px(14))
        self.grid.setHorizontalSpacing(m.px(14))
        self.grid.setVerticalSpacing(m.px(12))
        size_name = host.say(f"size.{session.text_size}")
        labels = {
            self.home: (host.say("nav.home"), host.say("nav.home"), "home"),
            self.back: (host.say("nav.back"), host.say("nav.back"), "back"),
            self.text_size: (host.say("nav.text_size"),
                             host.say("a11y.text_size", size=size_name), "text"),
            self.contrast: (host.say("nav.contrast"),
                            host.say("a11y.contrast_on" if session.high_contrast
                                    else "a11y.contrast_off"), "contrast"),
            self.language: (host.strings.name(next_language),
                            host.say("a11y.language", name=host.strings.name(next_language)),
                            "language"),
            self.help: (host.say("nav.help"), host.say("nav.help"), "help"),
        }
        icon_size = m.chrome(34)
        for button, (text, name, icon) in labels.items():
            button.setText(text)
            button.setAccessibleName(name)
            colour = p.on_help if button is self.help else p.text
            set_icon(button, icon, colour, icon_size)
            button.setMinimumHeight(m.px(96))
        self.language.setVisible(next_language != session.language)
        self.home.setVisible(not on_attract)
        self.back.setVisible(not on_attract)
