"""'Need a moment?': a calm breathing screen, separate from crisis help.

A circle grows while "Breathe in" shows and shrinks with "Breathe out". With
reduced motion on, the circle stays still and only the words change. No sound
(Listen reads the page only when tapped). The words come from the content
pack (`placement: moment`), so a clinic can edit them. "Back to where I was"
is the bar's One Back.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, QVariantAnimation
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.content import Page
from kiosk.ui.host import Host
from kiosk.ui.screens.base import ScreenBase
from kiosk.ui.screens.listen import ListenButton
from kiosk.ui.widgets import make_button, make_label, make_reader

BREATH_MS = 5000  # one breath in (and one out): slow, about 6 breaths a minute


class BreathingCircle(QWidget):
    """A soft circle whose size follows `level` (0 = small, 1 = full)."""

    def __init__(self) -> None:
        super().__init__()
        self.level = 0.5
        self.fill = QColor("#BFE3DF")
        self.ring = QColor("#2E7D76")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_level(self, level: float) -> None:
        self.level = level
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(200, 200)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(120, 120)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        full = min(self.width(), self.height()) * 0.9
        radius = full * (0.45 + 0.55 * self.level) / 2
        centre = self.rect().center()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self.fill)
        painter.drawEllipse(centre, radius, radius)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        pen = painter.pen()
        pen.setStyle(Qt.PenStyle.SolidLine)
        pen.setColor(self.ring)
        pen.setWidth(max(2, round(full / 90)))
        painter.setPen(pen)
        painter.drawEllipse(centre, full / 2, full / 2)  # the still outline to breathe toward
        painter.end()


class MomentScreen(ScreenBase):
    def __init__(self, host: Host, breath_ms: int = BREATH_MS) -> None:
        super().__init__(host)
        self.setObjectName("moment")
        self.page: Page | None = None
        self.breathing_in = True
        self.title = make_label("", "h1")
        self.cue = make_label("", "hero", wrap=False)
        self.cue.setObjectName("breathCue")
        self.cue.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.circle = BreathingCircle()
        self.circle.setObjectName("breathingCircle")
        self.stop_note = make_label("", "muted")
        self.browser = make_reader()
        self.browser.setObjectName("momentBody")
        self.back_button = make_button("", "primary", "momentBack")
        self.listen = ListenButton(host, lambda: self.page.text if self.page else "")
        # One breath is one animation run; the words change at each turn.
        self.animation = QVariantAnimation(self)
        self.animation.setDuration(breath_ms)
        self.animation.valueChanged.connect(lambda v: self.circle.set_level(float(v)))
        self.animation.finished.connect(self._turn)
        self.still = QTimer(self)  # reduced motion: the words alone keep the pace
        self.still.setInterval(breath_ms)
        self.still.timeout.connect(self._turn)
        breathe = QVBoxLayout()
        breathe.addWidget(self.cue)
        breathe.addWidget(self.circle, 1)
        words = QVBoxLayout()
        words.addWidget(self.title)
        words.addWidget(self.stop_note)
        words.addWidget(self.browser, 1)
        words.addWidget(self.listen.button, 0, Qt.AlignmentFlag.AlignLeft)
        words.addWidget(self.back_button)
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.body.addLayout(breathe, 1)
        self.body.addLayout(words, 1)

    @property
    def reduced_motion(self) -> bool:
        return self.host.config.get_bool("kiosk.reduced_motion")

    def _turn(self) -> None:
        self.breathing_in = not self.breathing_in
        self._breathe()

    def _breathe(self) -> None:
        self.cue.setText(self.host.say("moment.in" if self.breathing_in else "moment.out"))
        if self.reduced_motion or not self.isVisible():
            self.circle.set_level(0.75)
            return
        self.animation.setStartValue(0.0 if self.breathing_in else 1.0)
        self.animation.setEndValue(1.0 if self.breathing_in else 0.0)
        self.animation.start()

    def redraw(self) -> None:
        host = self.host
        m = host.metrics
        p = host.colours
        pages = host.pack.ordered(host.session.language, "moment")
        self.page = pages[0] if pages else None
        self.body.setContentsMargins(m.px(48), m.px(24), m.px(48), m.px(16))
        self.body.setSpacing(m.px(40))
        self.body.setDirection(QBoxLayout.Direction.TopToBottom if host.portrait
                               else QBoxLayout.Direction.LeftToRight)
        self.title.setText(self.page.title if self.page else host.say("moment.title"))
        self.stop_note.setText(host.say("moment.stop"))
        self.browser.document().setDefaultStyleSheet(host.document_css())
        self.browser.set_max_text_width(m.body * 30)
        self.browser.setHtml(self.page.html if self.page else "")
        self.browser.setAccessibleName(self.title.text())
        self.back_button.setText(host.say("moment.back"))
        self.back_button.setAccessibleName(host.say("moment.back"))
        self.circle.fill = QColor(p.selected)
        self.circle.ring = QColor(p.primary)
        self.listen.update()
        self.animation.stop()
        self.still.stop()
        self.breathing_in = True
        if self.reduced_motion:
            self.still.start()
        QTimer.singleShot(0, self._breathe)  # once shown: nothing moves off screen

    def leave(self) -> None:
        self.animation.stop()
        self.still.stop()

    def clear(self) -> None:
        super().clear()
        self.leave()
        self.page = None
        self.browser.clear()
