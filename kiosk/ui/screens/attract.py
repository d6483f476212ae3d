"""Welcome screen: who we are, one headline, touch to start, pick a language.

Its content drifts a few pixels a minute so no pixel shows the same thing for
hours (burn-in), too slowly for anyone to see it move.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.host import Host
from kiosk.ui.layout import Grid
from kiosk.ui.screens.base import ScreenBase, set_prop
from kiosk.ui.widgets import layout_height, load_logo, make_button, make_label, set_icon

DRIFT_TICK_MS = 2000
DRIFT_PERIOD_TICKS = 300  # one slow loop every 10 minutes


class AttractScreen(ScreenBase):
    never_scroll = True
    def __init__(self, host: Host) -> None:
        super().__init__(host)
        self.setObjectName("attract")
        self.logo = QLabel()
        self.logo.setObjectName("clinicLogo")
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_for: tuple[str, int] | None = None
        self.clinic = make_label("", "h2")
        self.hero = make_label("", "hero")
        self.sub = make_label("", "muted")
        self.others = make_label("", "h2")  # the headline in the other offered languages
        self.others.setObjectName("otherLanguages")
        self.start_button = make_button("", "primary", "start")
        self.choose = make_label("", "muted")
        self.language_buttons: dict[str, QPushButton] = {}
        for label in (self.clinic, self.hero, self.sub, self.choose, self.others):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QWidget()
        column = QVBoxLayout(self.card)
        column.setContentsMargins(0, 0, 0, 0)
        self.card_column = column
        column.addWidget(self.logo)
        column.addWidget(self.clinic)
        column.addWidget(self.hero)
        column.addWidget(self.others)
        column.addWidget(self.sub)
        column.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addWidget(self.choose)
        self.language_row = QHBoxLayout()
        column.addLayout(self.language_row)
        self.outer = QVBoxLayout(self)
        self.outer.addStretch(1)
        self.outer.addWidget(self.card)
        self.outer.addStretch(1)
        self.start_button.clicked.connect(lambda: self.host.start())
        self.drift_step = 0
        self.drift = QTimer(self)
        self.drift.setInterval(DRIFT_TICK_MS)
        self.drift.timeout.connect(self._drift)

    def _drift(self) -> None:
        """Move the content along a slow Lissajous path of about +-40 px."""
        self.drift_step += 1
        angle = 2 * math.pi * self.drift_step / DRIFT_PERIOD_TICKS
        amplitude = self.host.metrics.px(40)
        dx = round(amplitude * math.sin(angle))
        dy = round(amplitude * math.sin(2 * angle + 1))
        side = self.host.metrics.px(80)
        top = self.host.metrics.px(44)
        self.outer.setContentsMargins(side + dx, top + dy, side - dx, top - dy)

    def redraw(self) -> None:
        host = self.host
        lang = host.session.language
        self.clinic.setText(host.config.get_str("clinic.name") or host.say("attract.welcome"))
        logo_path = host.config.get_str("clinic.logo")
        height = host.metrics.px(140)
        if self.logo_for != (logo_path, height):
            self.logo_for = (logo_path, height)
            pixmap = load_logo(logo_path, height)
            self.logo.setVisible(pixmap is not None)
            if pixmap is not None:
                self.logo.setPixmap(pixmap)
            self.logo.setAccessibleName(host.config.get_str("clinic.name"))
        self.hero.setText(host.say("attract.headline"))
        self.sub.setText(host.say("attract.sub"))
        self.start_button.setText(host.say("attract.start"))
        self.start_button.setAccessibleName(host.say("attract.start"))
        self.start_button.setMinimumWidth(host.metrics.px(520))
        self.start_button.setMinimumHeight(host.metrics.px(120))
        set_icon(self.start_button, "next", host.colours.on_primary, host.metrics.px(44))
        # The prompt is shown in every offered language: the patient may not read this one.
        offered = host.config.get_list("kiosk.languages")
        self.others.setText("\n".join(
            f"{host.strings.tr(code, 'attract.headline')} · "
            f"{host.strings.tr(code, 'attract.start')}"
            for code in offered if code != lang and code in host.strings.tables))
        prompts = dict.fromkeys(host.strings.tr(code, "attract.language") for code in offered)
        self.choose.setText("  ·  ".join(prompts))
        if list(self.language_buttons) != offered:
            for button in self.language_buttons.values():
                button.deleteLater()
            self.language_buttons = {}
            self.language_row.addStretch(1)
            for code in offered:
                button = make_button(host.strings.name(code), "segment", f"lang-{code}")
                button.setCheckable(True)
                button.clicked.connect(lambda _=False, c=code: self.host.start(c))
                self.language_buttons[code] = button
                self.language_row.addWidget(button)
            self.language_row.addStretch(1)
        for code, button in self.language_buttons.items():
            button.setChecked(code == lang)
            button.setMinimumWidth(host.metrics.px(260))
            button.setAccessibleName(host.strings.tr(code, "attract.start") + ": "
                                     + host.strings.name(code))
            set_prop(button, "lang", code)
        grid = Grid(host.metrics)
        self.card_column.setSpacing(grid.target_gap)
        self.language_row.setSpacing(grid.target_gap)
        self._fit()
        self._drift()
        # Reduced motion: no drift at all (the setting's help names the burn-in trade-off).
        if self.host.config.get_bool("kiosk.reduced_motion"):
            self.drift.stop()
        elif not self.drift.isActive():
            self.drift.start()

    def pinned(self) -> list[QWidget]:
        return [self.hero, self.start_button, *self.language_buttons.values()]

    def _fit(self) -> None:
        """Never scroll, never cut: on a short screen at the largest text, the
        reassurance line goes first (headline and Start are what matter)."""
        m = self.host.metrics
        room = self.height() - 2 * (m.px(44) + m.px(40))  # margins plus the drift
        self.sub.show()
        if layout_height(self.card_column, self.width() - 2 * m.px(120)) > room:
            self.sub.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if self.route is not None:
            self._fit()

    def leave(self) -> None:
        self.drift.stop()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        """A tap anywhere that is not a button starts, in the current language."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.host.start()
