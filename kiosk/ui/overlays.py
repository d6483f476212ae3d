"""Panels drawn over the whole window: 'Need help now?' and 'Are you still there?'.

They are child widgets, not dialogs: a dialog is a separate window the window
manager may let a patient move, minimise or close behind the kiosk. Their text
grows less than page text with the text-size setting, so crisis numbers always
fit on one screen without scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent, QMouseEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.crisis import lines_for, vcard
from kiosk.mylist import matrix
from kiosk.ui.host import Host
from kiosk.ui.widgets import QrView, layout_height, make_button, make_label, set_icon

# The kiosk's font draws zero with a slash ("dial Ø"): phone numbers use a plain
# sans whose zero is an open oval (DejaVu Sans on Linux, Segoe UI or Arial on Windows).
PRESSES = (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin)
RELEASES = (QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel)
SAFE_DIGITS = 'font-family: "DejaVu Sans", "Segoe UI", Arial, "Liberation Sans", sans-serif;'


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
        # A widget this layer must never cover (the bar, for the PIN pad: help stays reachable).
        self.keep_clear: QWidget | None = None
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
        clear = self.keep_clear
        below = clear.height() if clear is not None and clear.isVisible() else 0
        self.setGeometry(parent.rect().adjusted(0, 0, 0, -below))
        m = self.host.metrics
        width = min(parent.width() - m.px(48), m.px(1150))
        self.card.setFixedWidth(width)
        self.body.setContentsMargins(m.px(44), m.px(36), m.px(44), m.px(32))
        self.body.setSpacing(m.px(18))
        self.body.activate()
        # Wrapped labels do not pass their height up through a grid; ask the layout.
        self.card.setFixedHeight(min(layout_height(self.body, width),
                                     self.height() - m.px(24)))

    def open(self) -> None:
        self.redraw()
        self.show()
        self.raise_()
        self._fit()

    def redraw(self) -> None:
        raise NotImplementedError


class HelpOverlay(Overlay):
    """Help at the clinic first and largest, then the region's lines, then a QR to keep them.

    Close is a plain secondary button: the panel stays until the patient closes
    it (idle holds while it is shown; see IdleWatcher.hold_while_visible).
    """

    def __init__(self, parent: QWidget, host: Host) -> None:
        super().__init__(parent, host, "help")
        self.title = make_label("", "ovTitle")
        self.in_person = QFrame()
        self.in_person.setObjectName("inPerson")
        person = QVBoxLayout(self.in_person)
        person.setContentsMargins(0, 0, 0, 0)
        person.setSpacing(0)
        self.danger = make_label("")
        self.contact = make_label("")
        self.contact.setObjectName("clinicContact")
        person.addWidget(self.danger)
        person.addWidget(self.contact)
        self.intro = make_label("")
        self.lines = QGridLayout()
        self.qr = QrView()
        self.qr.setObjectName("crisisQr")
        self.qr_hint = make_label("", "ovMuted")
        self.qr_hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        # Under the code beside the lines (landscape); beside the code under the lines
        # (portrait), where a caption under it would cost the panel the height it lacks.
        self.qr_column = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.qr_column.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.qr_column.addWidget(self.qr_hint)
        self.qr_column.addStretch(1)
        self.middle = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.middle.addLayout(self.lines, 1)
        self.middle.addLayout(self.qr_column)
        self.moment_button = make_button("", "nav", "momentFromHelp")
        # The panel in the patient's other language (the welcome screen has not asked yet).
        self.language_button = make_button("", "nav", "helpLanguage")
        self.close_button = make_button("", "nav", "closeHelp")
        self.close_button.clicked.connect(self.hide)
        self.body.addWidget(self.title)
        self.body.addWidget(self.in_person)
        self.body.addWidget(self.intro)
        self.body.addLayout(self.middle)
        self.footer.addWidget(self.moment_button)
        self.footer.addStretch(1)
        self.footer.addWidget(self.language_button)
        self.footer.addWidget(self.close_button)
        self.body.addLayout(self.footer)
        self.line_widgets: list[QWidget] = []
        self.built_for: tuple[str, str] = ("", "")

    def redraw(self) -> None:
        host = self.host
        m = host.metrics
        self.title.setText(host.say("help.title"))
        self.danger.setText(host.say("help.danger"))
        contact = host.config.get_str("clinic.contact")
        self.contact.setText(contact)
        self.contact.setVisible(bool(contact))
        # The clinic's own line is the largest text on the panel; its digits must read plainly.
        p = host.colours
        self.in_person.setStyleSheet(
            f"QFrame#inPerson {{ background: {p.help}; border-radius: {m.px(12)}px; }}"
            f" QLabel {{ background: transparent; color: {p.on_help}; font-weight: bold;"
            f" padding: {m.px(10)}px {m.px(18)}px; }}")
        self.contact.setStyleSheet(f"{SAFE_DIGITS} font-size: {m.chrome(50)}px;")
        self.danger.setStyleSheet(f"font-size: {m.chrome(36)}px;")
        self.intro.setText(host.say("help.intro"))
        region = host.config.get_str("clinic.region")
        if self.built_for != (region, host.session.language):
            self.built_for = (region, host.session.language)
            self._build_lines(region)
        self.lines.setVerticalSpacing(m.px(18))
        self.lines.setHorizontalSpacing(m.px(24))
        self.middle.setSpacing(m.px(32))
        self.middle.setDirection(QBoxLayout.Direction.TopToBottom if host.portrait
                                 else QBoxLayout.Direction.LeftToRight)
        self.qr_column.setDirection(QBoxLayout.Direction.LeftToRight if host.portrait
                                    else QBoxLayout.Direction.TopToBottom)
        self.qr_column.setSpacing(m.px(24))
        self.qr_hint.setAlignment(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
                                  if host.portrait else Qt.AlignmentFlag.AlignHCenter)
        code = matrix(vcard(host.say("help.qr_name"), lines_for(region))) or []
        self.qr.set_matrix(code, len(code) * max(6, m.px(8)))
        self.qr.setAccessibleName(host.say("help.qr"))
        self.qr_hint.setText(host.say("help.qr"))
        self.qr_hint.setMaximumWidth(max(self.qr.width(), m.px(320)))
        for button, key in ((self.close_button, "help.close"),
                            (self.moment_button, "nav.moment")):
            button.setText(host.say(key))
            button.setAccessibleName(host.say(key))
            button.setMinimumWidth(m.px(220))  # three fit in portrait, in Spanish, largest
        other = host.navigator.next_language()
        self.language_button.setText(host.strings.name(other))
        self.language_button.setAccessibleName(host.say("a11y.language",
                                                        name=host.strings.name(other)))
        self.language_button.setMinimumWidth(m.px(220))
        self.language_button.setVisible(other != host.session.language)
        self.footer.setSpacing(m.px(24))

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
                detail = make_label(host.say(line.detail_key), "ovMuted")
                detail.setStyleSheet(SAFE_DIGITS)
                column.addWidget(detail)
            number = make_label(line.number, "number", wrap=False)
            number.setObjectName(f"number-{row}")
            number.setStyleSheet(SAFE_DIGITS)
            number.setAccessibleName(f"{host.say(line.label_key)}: {line.number}")
            self.lines.addWidget(texts, row, 0)
            self.lines.addWidget(number, row, 1, Qt.AlignmentFlag.AlignRight
                                 | Qt.AlignmentFlag.AlignVCenter)
            self.line_widgets.extend([texts, number])
        self.lines.setColumnStretch(0, 1)
        for row in range(self.lines.rowCount()):
            self.lines.setRowStretch(row, 0)
        self.lines.setRowStretch(len(lines_for(region)), 1)  # lines at the top, together

    def numbers(self) -> list[str]:
        return [w.text() for w in self.line_widgets if isinstance(w, QLabel)]


class IdleOverlay(Overlay):
    """'Are you still there?': a large countdown, "Keep going" and "Finish and clear".

    Any touch keeps the visit; "Finish and clear" ends it now (the window offers
    the QR of My list first, see kiosk.ui.finish).
    """

    def __init__(self, parent: QWidget, host: Host) -> None:
        super().__init__(parent, host, "idle")
        self.seconds = 0
        self.pressing = False
        self.pending = False
        self.title = make_label("", "ovTitle")
        self.number = make_label("", "ovTitle", wrap=False)
        self.number.setObjectName("idleNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = make_label("")
        self.countdown.setObjectName("idleCountdown")
        self.stay = make_button("", "primary", "stayButton")
        self.finish = make_button("", "nav", "finishNow")
        self.body.addWidget(self.title)
        self.body.addWidget(self.number)
        self.body.addWidget(self.countdown)
        self.footer.addWidget(self.finish, 1)
        self.footer.addWidget(self.stay, 1)
        self.body.addLayout(self.footer)

    def set_seconds(self, seconds: int) -> None:
        self.seconds = seconds
        self.number.setText(str(seconds))
        self.countdown.setText(self.host.say("idle.countdown", n=seconds))
        self.number.setAccessibleName(self.countdown.text())

    def redraw(self) -> None:
        host = self.host
        m = host.metrics
        self.title.setText(host.say("idle.title"))
        self.set_seconds(self.seconds)
        self.number.setStyleSheet(f"{SAFE_DIGITS} font-size: {m.chrome(150)}px;"
                                  " font-weight: bold;")
        self.footer.setSpacing(m.px(32))
        for button, key in ((self.stay, "idle.stay"), (self.finish, "idle.finish")):
            button.setText(host.say(key))
            button.setAccessibleName(host.say(key))
            button.setMinimumHeight(m.px(110))
        set_icon(self.stay, "next", host.colours.on_primary, m.px(40))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        self.dismiss()

    # --- a touch that dismisses the warning must not also tap what lies beneath -----
    def dismiss(self) -> None:
        """Hide now, or when the finger that woke the kiosk lifts (its release lands here)."""
        if self.pressing:
            self.pending = True
            return
        self.hide()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # after the idle watcher's: sees a press first

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        super().hideEvent(event)
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.pressing = self.pending = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind in PRESSES:
            self.pressing = True
        elif kind in RELEASES:
            self.pressing = False
            if self.pending:
                self.pending = False
                QTimer.singleShot(0, self.hide)  # after this release is delivered
        return super().eventFilter(watched, event)
