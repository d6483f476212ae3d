"""A seeded random patient: taps, swipes, waits, idle resets, wrong staff PINs.

Used by the short soak test (1,000 events) and by `python -m tests.perf.soak`
(20,000 events, prints memory growth).
"""

from __future__ import annotations

import random
from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtWidgets import QAbstractButton, QApplication

from kiosk.ui.screens.steps import StepsScreen
from kiosk.ui.window import KioskWindow
from tests.uihelp import drag, tap

NEVER = {"staffExit", "staffRestart"}  # the monkey has no PIN, but be explicit


def visible_buttons(window: KioskWindow) -> list[QAbstractButton]:
    return [b for b in window.findChildren(QAbstractButton)
            if b.isVisible() and b.isEnabled() and b.objectName() not in NEVER]


def run(window: KioskWindow, events: int, seed: int,
        every: Callable[[int], None] | None = None) -> dict[str, int]:
    rng = random.Random(seed)
    counts = {"tap": 0, "swipe": 0, "idle": 0, "corner": 0, "pin": 0, "wait": 0}
    for index in range(events):
        roll = rng.random()
        if roll < 0.70:
            buttons = visible_buttons(window)
            if buttons:
                tap(rng.choice(buttons))
                counts["tap"] += 1
        elif roll < 0.80:
            screen = window.current_screen
            target = screen.browser.viewport() if isinstance(screen, StepsScreen) else screen
            middle = target.rect().center()
            offset = QPoint(rng.choice((-300, 300)), rng.randint(-40, 40))
            drag(target, middle - offset, middle + offset)
            counts["swipe"] += 1
        elif roll < 0.84:
            window.idle._warn()
            if rng.random() < 0.5:
                window.idle.left_ms = 0
                window.idle._tick()  # the countdown runs out: a full reset
            elif window.idle_overlay.isVisible():
                tap(window.idle_overlay.stay)
            counts["idle"] += 1
        elif roll < 0.86:
            for _ in range(5):
                tap(window.current_screen, QPoint(20, 20))
            counts["corner"] += 1
        elif roll < 0.90 and window.pin_pad.isVisible():
            keys = [k for k in window.pin_pad.keys.values() if k.isVisible() and k.isEnabled()]
            for _ in range(rng.randint(1, 5)):
                if keys:
                    tap(rng.choice(keys))
            counts["pin"] += 1
        else:
            QApplication.processEvents()
            counts["wait"] += 1
        # What the real event loop does between events: delete widgets scheduled for
        # deletion (processEvents alone never does, so they would pile up here only).
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if every is not None:
            every(index)
    return counts
