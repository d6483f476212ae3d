"""The staff panel: status, settings, usage, actions. Touch-sized, no keyboard.

Staff text is English only (clinic staff, not patients). Changes are saved to
the staff settings file atomically and applied at once, without a restart.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk import __version__
from kiosk.settings import SETTINGS, Setting, Value
from kiosk.status import StatusReport
from kiosk.ui.idle import INPUT_EVENTS
from kiosk.ui.staff_charts import BarChart, RateBar
from kiosk.ui.widgets import FitScrollArea, make_button, make_label
from kiosk.usage import Summary

log = logging.getLogger(__name__)
STEPS = {"kiosk.idle_timeout_s": 10, "kiosk.idle_warning_s": 5, "usage.retention_days": 30}
TABS = ("Status", "Settings", "Usage", "Actions")
STAFF_GAP = 24  # between any two buttons: well over the 16 px a finger needs
DAYS_CHARTED = 14


def export_targets(data_dir: Path) -> list[Path]:
    """Where an export may go: removable drives, then the data folder. No file chooser."""
    found: list[Path] = []
    for root in (Path("/media"), Path("/run/media"), Path("/mnt")):
        try:
            for child in sorted(root.iterdir()):
                if child.is_dir() and child.is_mount():
                    found.append(child)
                elif child.is_dir():
                    found.extend(d for d in sorted(child.iterdir()) if d.is_dir() and d.is_mount())
        except OSError:
            continue
    return [*found, data_dir / "exports"]


def check_only(buttons: dict[Value, QPushButton]) -> Callable[[Value], None]:
    """For a row of segment buttons: show `value` as the one checked."""
    def show(value: Value) -> None:
        for option, button in buttons.items():
            button.setChecked(option == value)
    return show


class StaffPanel(QFrame):
    """Full-window panel; closes itself after `timeout_ms` untouched."""

    closed = Signal()

    def __init__(self, parent: QWidget, actions: StaffActions, timeout_ms: int = 60_000) -> None:
        super().__init__(parent)
        self.setObjectName("staffPanel")
        self.kiosk = actions
        self.pending: dict[str, Value] = {}
        # Per setting: redraw its control for a value, so a tap changes one control only.
        self.shown: dict[str, Callable[[Value], object]] = {}
        self.confirm_ms = 5000  # second tap window for Restart/Exit (tests shorten it)
        self.tab_buttons: list[QPushButton] = []
        tabs = QHBoxLayout()
        tabs.setSpacing(STAFF_GAP)
        group = QButtonGroup(self)
        for index, name in enumerate(TABS):
            button = make_button(name, "segment", f"staffTab-{name.lower()}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, i=index: self.show_tab(i))
            group.addButton(button)
            tabs.addWidget(button, 1)
            self.tab_buttons.append(button)
        self.close_button = make_button("Close staff mode", "primary", "staffClose")
        self.close_button.clicked.connect(self.leave)
        self.pages = QStackedWidget()
        self.pages.setMinimumSize(1, 1)
        # The pages scroll: a tall tab must not ask the panel for more than the screen.
        self.pages.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.status_box = QVBoxLayout()
        self.settings_box = QVBoxLayout()
        self.usage_box = QVBoxLayout()
        self.actions_box = QVBoxLayout()
        for box in (self.status_box, self.settings_box, self.usage_box, self.actions_box):
            content = QWidget()
            content.setLayout(box)
            self.pages.addWidget(FitScrollArea(content, kinetic=False))
        self.message = make_label("", "h2")
        self.message.setObjectName("staffMessage")
        column = QVBoxLayout(self)
        column.setContentsMargins(40, 30, 40, 30)
        column.setSpacing(20)
        top = QHBoxLayout()
        top.addWidget(make_label(f"Staff mode · kiosk {__version__}", "h2"), 1)
        top.addWidget(self.close_button)
        column.addLayout(top)
        column.addLayout(tabs)
        column.addWidget(self.message)
        column.addWidget(self.pages, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(timeout_ms)
        self.timer.timeout.connect(self._timed_out)
        self.hide()

    # --- lifetime ------------------------------------------------------------
    def open(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.pending = {}
        self.message.setText("")
        self.show_tab(0)
        self.show()
        self.raise_()
        self.timer.start()
        instance = QApplication.instance()
        if instance is not None:
            instance.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in INPUT_EVENTS and self.isVisible():
            self.timer.start()
        return False

    def _timed_out(self) -> None:
        log.info("staff panel closed after %d s untouched", self.timer.interval() // 1000)
        self.leave()

    def leave(self) -> None:
        instance = QApplication.instance()
        if instance is not None:
            instance.removeEventFilter(self)
        self.timer.stop()
        self.hide()
        self.closed.emit()

    def show_tab(self, index: int) -> None:
        for i, button in enumerate(self.tab_buttons):
            button.setChecked(i == index)
        builders: list[Callable[[], None]] = [self._status, self._settings, self._usage,
                                              self._actions]
        builders[index]()
        self.pages.setCurrentIndex(index)
        scroll = self.pages.currentWidget()
        if isinstance(scroll, FitScrollArea):
            scroll.refit()

    @staticmethod
    def _clear(box: QVBoxLayout) -> None:
        while box.count():
            item = box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
            elif item is not None and item.layout() is not None:
                inner = item.layout()
                while inner is not None and inner.count():
                    child = inner.takeAt(0)
                    w = child.widget() if child is not None else None
                    if w is not None:
                        w.hide()
                        w.deleteLater()

    # --- tabs ------------------------------------------------------------------
    def _status(self) -> None:
        box = self.status_box
        self._clear(box)
        report = self.kiosk.status()
        for line in report.lines():
            box.addWidget(make_label(line))
        problems = report.problems
        box.addWidget(make_label(f"Problems ({len(problems)})", "h2"))
        for problem in problems or ["None."]:
            box.addWidget(make_label(problem, "muted"))
        recent = report.recent
        box.addWidget(make_label(f"Recent warnings and errors ({len(recent)})", "h2"))
        for record in reversed(recent or ["None."]):
            box.addWidget(make_label(record, "muted"))
        box.addStretch(1)

    def _value(self, setting: Setting) -> Value:
        return self.pending.get(setting.key, self.kiosk.value(setting.key))

    def _settings(self) -> None:
        box = self.settings_box
        self._clear(box)
        self.shown = {}
        for setting in SETTINGS:
            if not setting.staff_editable:
                continue
            row = QGridLayout()
            label = make_label(setting.help, "muted")
            row.addWidget(make_label(setting.label or setting.key, "h2"), 0, 0, 1, 2)
            row.addWidget(label, 1, 0, 1, 2)
            row.addLayout(self._control(setting), 2, 0, 1, 2)
            holder = QWidget()
            holder.setLayout(row)
            box.addWidget(holder)
        save = make_button("Save and apply", "primary", "staffSave")
        save.clicked.connect(self._save)
        box.addWidget(save, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)

    def _control(self, setting: Setting) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(STAFF_GAP)
        value = self._value(setting)
        key = setting.key
        if setting.type is bool:
            toggles: dict[Value, QPushButton] = {}
            for flag, text in ((True, "On"), (False, "Off")):
                toggle = make_button(text, "segment", f"set-{key}-{text}")
                toggle.setCheckable(True)
                toggle.clicked.connect(lambda _=False, f=flag: self._change(key, f))
                row.addWidget(toggle)
                toggles[flag] = toggle
            self.shown[key] = check_only(toggles)
        elif setting.type is int:
            minus = make_button("−", "nav", f"set-{key}-minus")  # noqa: RUF001 (minus sign)
            plus = make_button("+", "nav", f"set-{key}-plus")
            shown = make_label(f"{value} {setting.unit}".strip(), "h2", wrap=False)
            shown.setMinimumWidth(220)
            shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
            shown.setObjectName(f"set-{key}-value")
            self.shown[key] = lambda v: shown.setText(f"{v} {setting.unit}".strip())
            step = STEPS.get(key, 1)
            assert isinstance(value, int)
            lo, hi = setting.minimum or 0, setting.maximum or 10**6
            minus.clicked.connect(lambda: self._step(setting, -step, lo, hi))
            plus.clicked.connect(lambda: self._step(setting, step, lo, hi))
            minus.setAccessibleName(f"Decrease {key}")
            plus.setAccessibleName(f"Increase {key}")
            row.addWidget(minus)
            row.addWidget(shown)
            row.addWidget(plus)
        elif setting.choices or key == "kiosk.default_language":
            languages = self.kiosk.value("kiosk.languages")
            choices = setting.choices or tuple(languages if isinstance(languages, list) else [])
            options: dict[Value, QPushButton] = {}
            for choice in choices:
                button = make_button(choice, "segment", f"set-{key}-{choice}")
                button.setCheckable(True)
                button.clicked.connect(lambda _=False, c=choice: self._change(key, c))
                row.addWidget(button)
                options[choice] = button
            self.shown[key] = check_only(options)
        else:
            text = f"“{value}”" if value else "(empty)"
            row.addWidget(make_label(f"{text} — set in the config file by IT", "muted"), 1)
        row.addStretch(1)
        if key in self.shown:
            self.shown[key](value)
        return row

    def _step(self, setting: Setting, delta: int, lo: int, hi: int) -> None:
        current = self._value(setting)
        assert isinstance(current, int)
        self._change(setting.key, min(hi, max(lo, current + delta)))

    def _change(self, key: str, value: Value) -> None:
        self.pending[key] = value
        self.message.setText("Not saved yet: tap “Save and apply”.")
        self.shown[key](value)  # only this control changes; the tab is not rebuilt

    def _save(self) -> None:
        if not self.pending:
            self.message.setText("Nothing changed.")
            return
        error = self.kiosk.save(dict(self.pending))
        if error:
            self.message.setText(f"Could not save: {error}")
            return
        self.pending = {}
        self.message.setText("Saved and applied.")
        for key, show in self.shown.items():
            show(self.kiosk.value(key))

    def _usage(self) -> None:
        """Headline numbers, then three small charts: visits per day, pages read, finished."""
        box = self.usage_box
        self._clear(box)
        box.setSpacing(STAFF_GAP)
        box.addWidget(make_label(f"Counting: {self.kiosk.status().usage_counting}", "muted"))
        for days, name in ((1, "Today"), (7, "Last 7 days"), (30, "Last 30 days")):
            events = self.kiosk.usage(days).events
            box.addWidget(make_label(
                f"Visits: {events.get('visit', 0)} ({name.lower()}) · read the whole session "
                f"walk-through: {events.get('steps_completed', 0)} · timed out: "
                f"{events.get('idle_reset', 0)} · tapped 'Finished': "
                f"{events.get('finished', 0)}", "muted"))
        # Visits on one day = visits in the last d days minus those in the last d-1 days.
        totals = [self.kiosk.usage(d).events.get("visit", 0) for d in range(1, DAYS_CHARTED + 1)]
        today = dt.date.today()
        per_day = [((today - dt.timedelta(days=ago)).strftime("%d"),
                    totals[ago] - (totals[ago - 1] if ago else 0))
                   for ago in reversed(range(DAYS_CHARTED))]
        box.addWidget(make_label(f"Visits per day (last {DAYS_CHARTED} days)", "h2"))
        visits = BarChart("visitsChart", across=True)
        visits.set_values(per_day, "Visits per day")
        box.addWidget(visits)
        month = self.kiosk.usage(30)
        box.addWidget(make_label("Pages read (last 30 days)", "h2"))
        if month.views:
            pages = BarChart("pagesChart", across=False)
            pages.set_values(list(month.views.items()), "Pages read")
            box.addWidget(pages)
        else:
            box.addWidget(make_label("No page views counted.", "muted"))
        rate = RateBar("finishedRate")
        rate.set_rate(month.events.get("finished", 0), month.events.get("visit", 0),
                      "Finished (tapped 'Finished'), last 30 days")
        box.addWidget(rate)
        box.addStretch(1)

    def _actions(self) -> None:
        """A grid of equal buttons; Restart and Exit apart, below, and each confirmed."""
        box = self.actions_box
        self._clear(box)
        box.setSpacing(STAFF_GAP)
        a = self.kiosk
        targets = export_targets(a.data_dir())
        everyday: list[tuple[str, str, Callable[[], None]]] = [
            ("Reset to welcome screen now", "staffReset", self._do(a.reset, "Reset done.")),
            ("Reload content", "staffReload", self._do(a.reload_content, "Content reloaded.")),
            ("Change staff PIN", "staffPin", a.change_pin),
        ]
        for target in targets:
            name = "data folder" if target == targets[-1] else f"drive {target.name}"
            everyday.append((f"Export counts to {name}", f"export-{target.name}",
                             partial(self._export, target)))
        box.addLayout(self._button_grid(everyday))
        box.addWidget(make_label("Usage counts are exported as CSV to: "
                                 + ", ".join(str(t) for t in targets), "muted"))
        box.addSpacing(STAFF_GAP * 3)  # the ones that end the kiosk stand apart
        box.addWidget(make_label("Maintenance (tap twice to confirm)", "h2"))
        box.addLayout(self._button_grid([
            ("Restart the kiosk", "staffRestart", a.restart),
            ("Exit to desktop (maintenance)", "staffExit", a.exit_kiosk),
        ], confirm=True))
        box.addStretch(1)

    def _button_grid(self, entries: list[tuple[str, str, Callable[[], None]]],
                     confirm: bool = False) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(STAFF_GAP)
        for index, (text, name, callback) in enumerate(entries):
            button = make_button(text, "nav", name)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            if confirm:
                button.clicked.connect(lambda _=False, b=button, c=callback: self._confirm(b, c))
            else:
                button.clicked.connect(lambda _=False, c=callback: c())
            grid.addWidget(button, index // 2, index % 2)
        for column in range(2):
            grid.setColumnStretch(column, 1)
        return grid

    def _confirm(self, button: QPushButton, action: Callable[[], None]) -> None:
        """Leaving the kiosk takes a second tap within 5 s, so it never happens by accident."""
        if button.property("armed"):
            action()
            return
        button.setProperty("armed", True)
        original = button.text()
        button.setText(f"Tap again: {original.lower()}")
        self.message.setText("Tap the same button again within 5 seconds to confirm.")

        def disarm() -> None:
            if button.isVisible():
                button.setProperty("armed", False)
                button.setText(original)

        QTimer.singleShot(self.confirm_ms, button, disarm)  # dies with the button

    def _do(self, action: Callable[[], str | None], done: str) -> Callable[[], None]:
        def run() -> None:
            error = action()
            self.message.setText(f"Failed: {error}" if error else done)
        return run

    def _export(self, folder: Path) -> None:
        out = folder / f"kiosk-usage-{dt.date.today().isoformat()}.csv"
        error = self.kiosk.export(out)
        self.message.setText(f"Export failed: {error}" if error else f"Exported to {out}")


class StaffActions(Protocol):
    """What the panel may ask of the kiosk (`kiosk.ui.staff_actions.PanelActions`)."""

    def status(self) -> StatusReport: ...
    def value(self, key: str) -> Value: ...
    def save(self, changes: dict[str, Value]) -> str | None: ...
    def usage(self, days: int) -> Summary: ...
    def reset(self) -> str | None: ...
    def reload_content(self) -> str | None: ...
    def change_pin(self) -> None: ...
    def restart(self) -> None: ...
    def exit_kiosk(self) -> None: ...
    def data_dir(self) -> Path: ...
    def export(self, out: Path) -> str | None: ...
