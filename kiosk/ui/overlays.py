"""Panels drawn over the whole window: 'Need help now?' and 'Are you still there?'.

They are child widgets, not dialogs: a dialog is a separate window the window
manager may let a patient move, minimise or close behind the kiosk. Their text
grows less than page text with the text-size setting, so crisis numbers always
fit on one screen without scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.crisis import lines_for
from kiosk.ui.host import Host
from kiosk.ui.widgets import layout_height, make_button, make_label, set_icon


class Overlay(QFrame):
    """A dimmed full-window layer holding one centred card."""

    def __init__(self, parent: QWidget, host: Host, name: str) -> None:
        super().__init__(parent)
        self.host = host
        self.setObjectName("scrim")
        self.card = QFrame(self)
        self.card.setObjectName("dialogCard")
        self.card.setAccessibleName(name)
        self.body = QVBoxLayout(self.card)
        self.footer = QHBoxLayout()
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(1)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.parent() and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        self.setGeometry(parent.rect())
        m = self.host.metrics
        width = min(parent.width() - m.px(48), m.px(1150))
        self.card.setFixedWidth(width)
        self.body.setContentsMargins(m.px(44), m.px(36), m.px(44), m.px(32))
        self.body.setSpacing(m.px(18))
        self.body.activate()
        # Wrapped labels do not pass their height up through a grid; ask the layout.
        self.card.setFixedHeight(min(layout_height(self.body, width),
                                     parent.height() - m.px(24)))

    def open(self) -> None:
        self.redraw()
        self.show()
        self.raise_()
        self._fit()

    def redraw(self) -> None:
        raise NotImplementedError


class HelpOverlay(Overlay):
    """'Tell the front desk' first, then the crisis lines for the configured region."""

    def __init__(self, parent: QWidget, host: Host) -> None:
        super().__init__(parent, host, "help")
        self.title = make_label("", "ovTitle")
        self.danger = make_label("", "danger")
        self.intro = make_label("")
        self.lines = QGridLayout()
        self.contact = make_label("", "ovMuted")
        self.close_button = make_button("", "primary", "closeHelp")
        self.close_button.clicked.connect(self.hide)
        self.body.addWidget(self.title)
        self.body.addWidget(self.danger)
        self.body.addWidget(self.intro)
        self.body.addLayout(self.lines)
        self.body.addWidget(self.contact)
        self.footer.addStretch(1)
        self.footer.addWidget(self.close_button)
        self.body.addLayout(self.footer)
        self.line_widgets: list[QWidget] = []
        self.built_for: tuple[str, str] = ("", "")

    def redraw(self) -> None:
        host = self.host
        self.title.setText(host.say("help.title"))
        self.intro.setText(host.say("help.intro"))
        region = host.config.get_str("clinic.region")
        if self.built_for != (region, host.session.language):
            self.built_for = (region, host.session.language)
            self._build_lines(region)
        self.lines.setVerticalSpacing(host.metrics.px(18))
        self.lines.setHorizontalSpacing(host.metrics.px(24))
        self.danger.setText(host.say("help.danger"))
        contact = host.config.get_str("clinic.contact")
        self.contact.setText(contact)
        self.contact.setVisible(bool(contact))
        self.close_button.setText(host.say("help.close"))
        self.close_button.setAccessibleName(host.say("help.close"))
        self.close_button.setMinimumWidth(host.metrics.px(300))

    def _build_lines(self, region: str) -> None:
        """Rebuilt only when region or language changes, not on every open."""
        for widget in self.line_widgets:
            self.lines.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self.line_widgets = []
        host = self.host
        for row, line in enumerate(lines_for(region)):
            texts = QWidget()
            column = QVBoxLayout(texts)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(make_label(host.say(line.label_key), "ovName"))
            if line.detail_key:
                column.addWidget(make_label(host.say(line.detail_key), "ovMuted"))
            number = make_label(line.number, "number", wrap=False)
            number.setObjectName(f"number-{row}")
            number.setAccessibleName(f"{host.say(line.label_key)}: {line.number}")
            self.lines.addWidget(texts, row, 0)
            self.lines.addWidget(number, row, 1, Qt.AlignmentFlag.AlignRight
                                 | Qt.AlignmentFlag.AlignVCenter)
            self.line_widgets.extend([texts, number])
        self.lines.setColumnStretch(0, 1)

    def numbers(self) -> list[str]:
        return [w.text() for w in self.line_widgets if isinstance(w, QLabel)]


class IdleOverlay(Overlay):
    """'Are you still there?' with a live countdown; any touch keeps the visit."""

    def __init__(self, parent: QWidget, host: Host) -> None:
        super().__init__(parent, host, "idle")
        self.seconds = 0
        self.title = make_label("", "ovTitle")
        self.countdown = make_label("")
        self.countdown.setObjectName("idleCountdown")
        self.stay = make_button("", "primary", "stayButton")
        self.body.addWidget(self.title)
        self.body.addWidget(self.countdown)
        self.footer.addStretch(1)
        self.footer.addWidget(self.stay)
        self.footer.addStretch(1)
        self.body.addLayout(self.footer)

    def set_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        self.countdown.setText(self.host.say("idle.countdown", n=seconds))

    def redraw(self) -> None:
        host = self.host
        self.title.setText(host.say("idle.title"))
        self.set_seconds(self.seconds)
        self.stay.setText(host.say("idle.stay"))
        self.stay.setAccessibleName(host.say("idle.stay"))
        self.stay.setMinimumWidth(host.metrics.px(480))
        set_icon(self.stay, "next", host.colours.on_primary, host.metrics.px(40))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.hide()
