"""The navigation bar: on every screen, at the bottom, where a seated person reaches.

Landscape: one row. Portrait: two rows (tools on top; Home, Back and
'Need help now?' below), so every label fits at every text size.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout

from kiosk.ui.host import Host
from kiosk.ui.screens.base import set_prop
from kiosk.ui.widgets import make_button, set_icon


class NavBar(QFrame):
    """Home, Back, About, text size, contrast, language, and 'Need help now?'."""

    def __init__(self, host: Host) -> None:
        super().__init__()
        self.host = host
        self.setObjectName("navbar")
        self.home = make_button("", "nav", "homeButton")
        self.back = make_button("", "nav", "backButton")
        self.about = make_button("", "nav", "aboutButton")
        self.text_size = make_button("", "nav", "textSizeButton")
        self.contrast = make_button("", "nav", "contrastButton")
        self.language = make_button("", "nav", "languageButton")
        self.help = make_button("", "help", "helpButton")
        self.rows = QVBoxLayout(self)
        self.top = QHBoxLayout()
        self.bottom = QHBoxLayout()
        self.rows.addLayout(self.top)
        self.rows.addLayout(self.bottom)
        self.portrait: bool | None = None

    def buttons(self) -> list[QPushButton]:
        return [self.home, self.back, self.about, self.text_size, self.contrast, self.language,
                self.help]

    def arrange(self, portrait: bool) -> None:
        if portrait == self.portrait:
            return
        self.portrait = portrait
        for row in (self.top, self.bottom):
            while row.count():
                row.takeAt(0)
        if portrait:
            for button in (self.text_size, self.contrast, self.language):
                self.top.addWidget(button, 1)
            self.bottom.addWidget(self.home, 1)
            self.bottom.addWidget(self.back, 1)
            self.bottom.addWidget(self.help, 2)
            # About is a Home tile in portrait: no room for a fourth button in a row.
            self.about.hide()
        else:
            for button in (self.home, self.back, self.about):
                self.bottom.addWidget(button)
            self.bottom.addStretch(1)
            for button in (self.text_size, self.contrast, self.language, self.help):
                self.bottom.addWidget(button)

    def redraw(self, screen: str, next_language: str, has_about: bool) -> None:
        host = self.host
        m = host.metrics
        p = host.colours
        session = host.session
        self.arrange(host.portrait)
        self.rows.setContentsMargins(m.px(24), m.px(14), m.px(24), m.px(14))
        self.rows.setSpacing(m.px(12))
        for row in (self.top, self.bottom):
            row.setSpacing(m.px(14))
        size_name = host.say(f"size.{session.text_size}")
        labels = {
            self.home: (host.say("nav.home"), host.say("nav.home"), "home"),
            self.back: (host.say("nav.back"), host.say("nav.back"), "back"),
            self.about: (host.say("nav.about"), host.say("nav.about"), "book"),
            self.text_size: (host.say("nav.text_size"),
                             host.say("a11y.text_size", size=size_name),
                             f"text-{session.text_size}"),  # bars show the current size
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
            if button is self.home and screen == "home":
                colour = p.on_selected
            set_icon(button, icon, colour, icon_size)
            button.setMinimumHeight(m.px(96))
        set_prop(self.contrast, "on", session.high_contrast)
        on_attract = screen == "attract"
        # The welcome screen has its own language buttons and is itself the start.
        self.language.setVisible(next_language != session.language and not on_attract)
        self.home.setVisible(not on_attract)
        set_prop(self.home, "current", screen == "home")  # "you are here", like a tab bar
        self.back.setVisible(not on_attract)
        self.about.setVisible(has_about and not host.portrait and not on_attract)
