"""The QR codes of My list: one code at a time, whole-pixel modules, tap to enlarge.

The plan (which questions go in which code, what did not fit) is
`kiosk.mylist.plan`, Qt-free; this only draws it at a size the screen allows
and never below `mylist.MIN_MODULE_PX` a module (at 1080p; scaled with the screen).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk import mylist
from kiosk.ui.host import Host
from kiosk.ui.widgets import QrView, make_button, make_label


class TapQr(QrView):
    """A QR view that says when it is tapped (to enlarge it)."""

    tapped = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if self.rect().contains(event.position().toPoint()):
            self.tapped.emit()


class QrPanel(QWidget):
    """Code k of n, 'Next code', a scan hint, and a plain note of what did not fit.

    The code itself (`qr`) is placed by the screen, so it can have a column of its
    own. Tapping it toggles `enlarged` (and emits `enlarge`): the screen then
    gives it more room, and the same codes are drawn with bigger modules.
    """

    enlarge = Signal(bool)

    def __init__(self, host: Host, name: str) -> None:
        super().__init__()
        self.host = host
        self.setObjectName(name)
        self.plan = mylist.QrPlan()
        self.index = 0
        self.side = 0
        self.big_side = 0
        self.enlarged = False
        self.left_out_key = "list.left_out"  # the Finish screen points to My list instead
        self.qr = TapQr()
        self.qr.setObjectName(f"{name}Code")
        self.qr.tapped.connect(self.toggle_size)
        self.position = make_label("", "h2")
        self.next_code = make_button("", "nav", f"{name}Next")
        self.next_code.clicked.connect(self.show_next)
        self.hint = make_label("", "hint")
        self.left_out = make_label("", "muted")
        self.left_out.setObjectName(f"{name}LeftOut")
        row = QHBoxLayout()
        row.addWidget(self.position, 1)
        row.addWidget(self.next_code)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addLayout(row)
        self.column.addWidget(self.hint)
        self.column.addWidget(self.left_out)
        self.column.addStretch(1)

    def show_questions(self, questions: list[str], side: int, big_side: int = 0) -> None:
        """Plan the codes for a `side` px square; `big_side` is the room when enlarged."""
        host = self.host
        self.side = side
        self.big_side = max(side, big_side)
        self.plan = mylist.plan(host.say("list.heading"), questions, side, self.min_module_px())
        self.index = min(self.index, max(0, len(self.plan.codes) - 1))
        if not self.plan.codes:
            self.enlarged = False  # nothing to enlarge
        numbers = self.plan.left_out
        if not numbers:
            note = ""
        elif self.plan.codes:  # "Question 4 did not fit" / "Questions 4-22 did not fit"
            note = host.say(self.left_out_key, numbers=_ranges(numbers), count=len(numbers))
        else:  # no code at all: no numbers, no "scan", just what to do instead
            note = host.say("list.no_code")
        self.left_out.setText(note)
        self.left_out.setVisible(bool(numbers))
        self._draw()

    def min_module_px(self) -> int:
        """The smallest module on this screen: `MIN_MODULE_PX` at 1080p, scaled like any size."""
        return self.host.metrics.px(mylist.MIN_MODULE_PX)

    def room_for_first(self, questions: list[str]) -> int:
        """Side a code needs to hold the first question (0: none, or too long for any code)."""
        if not questions:
            return 0
        return mylist.side_for(self.host.say("list.heading"), questions[0], self.min_module_px())

    def show_next(self) -> None:
        if self.plan.codes:
            self.index = (self.index + 1) % len(self.plan.codes)
            self._draw()

    def toggle_size(self) -> None:
        if not self.plan.codes and not self.enlarged:
            return  # no code to enlarge
        self.enlarged = not self.enlarged
        self.enlarge.emit(self.enlarged)
        self._draw()

    def module_px(self) -> int:
        """Pixels a module is drawn with now (a whole number, at least the minimum)."""
        return len(self.qr.matrix) and self.qr.width() // len(self.qr.matrix)

    def _draw(self) -> None:
        host = self.host
        m = host.metrics
        codes = self.plan.codes
        self.column.setSpacing(m.px(14))
        if not codes:
            self.qr.set_matrix([], 1)
            self.qr.hide()
            self.position.hide()
            self.next_code.hide()
            self.hint.hide()
            return
        code = codes[self.index]
        room = self.big_side if self.enlarged else self.side
        px = max(self.min_module_px(), room // code.modules)  # whole pixels a module
        self.qr.set_matrix(code.matrix, code.modules * px)
        self.qr.setAccessibleName(host.say("a11y.qr", n=code.last - code.first + 1))
        self.qr.show()
        several = len(codes) > 1
        self.position.setText(host.say("list.code", k=self.index + 1, n=len(codes)))
        self.position.setVisible(several)
        self.next_code.setText(host.say("list.next_code"))
        self.next_code.setAccessibleName(self.next_code.text())
        self.next_code.setVisible(several)
        self.hint.setText(f"{host.say('list.scan')} {host.say('list.enlarge')}")
        self.hint.show()

    def clear(self) -> None:
        self.plan = mylist.QrPlan()
        self.index = 0
        self.enlarged = False
        self.qr.set_matrix([], 1)
        self.left_out.clear()


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5 -> '1-3, 5': short enough to read at a glance."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], -1]:
        if n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}-{prev}" if prev > start else str(start))
        start = prev = n
    return ", ".join(parts)
