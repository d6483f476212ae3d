"""The 'Listen' button on reading screens: reads the page aloud, tap again to stop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton

from kiosk.ui.host import Host
from kiosk.ui.widgets import make_button, set_icon


class ListenButton:
    def __init__(self, host: Host, text: Callable[[], str]) -> None:
        self.host = host
        self.text = text
        self.button: QPushButton = make_button("", "nav", "listenButton")
        self.button.clicked.connect(self.toggle)
        host.reader.speaking_changed.connect(lambda _speaking: self.update())
        host.reader.changed.connect(self.update)

    def toggle(self) -> None:
        reader = self.host.reader
        if reader.speaking:
            reader.stop()
        else:
            reader.say(self.text(), self.host.session.language)
        self.update()

    def update(self) -> None:
        host = self.host
        lang = host.session.language
        # Hidden, not broken: no engine, or no voice for this language.
        available = host.reader.can_speak(lang)
        self.button.setVisible(available)
        if not available:
            return
        key = "nav.stop_listening" if host.reader.speaking else "nav.listen"
        self.button.setText(host.say(key))
        self.button.setAccessibleName(host.say(key))
        set_icon(self.button, "stop" if host.reader.speaking else "speaker", host.colours.text,
                 host.metrics.chrome(34))
