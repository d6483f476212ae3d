"""Short soak: 1,000 seeded random events; no exception, no Qt warning, still locked."""

from __future__ import annotations

import sys

from tests.conftest import FAST
from tests.perf.monkey import run


def test_thousand_random_events(make_window, monkeypatch) -> None:
    errors: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, trace: errors.append(repr(value)))
    w = make_window(timings=(FAST[0] * 1000, FAST[1] * 1000, 1000))
    counts = run(w, 1_000, seed=11)
    assert errors == []
    assert w.isVisible() and not w.staff_panel.isVisible()
    assert counts["tap"] > 500 and counts["swipe"] > 50 and counts["idle"] > 10
