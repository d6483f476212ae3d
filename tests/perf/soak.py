"""Long soak: `python -m tests.perf.soak [--events 20000] [--seed 7]` prints JSON.

Memory is PSS from /proc/self/smaps_rollup; growth is measured after the first
1,000 events (Qt and font caches fill up early).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pss_mib() -> float:
    with open("/proc/self/smaps_rollup", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from kiosk.runtime import load_runtime
    from kiosk.ui.app import make_app
    from kiosk.ui.idle import IdleTimings
    from kiosk.ui.window import KioskWindow
    from kiosk.usage import UsageLog
    from tests.perf.monkey import run

    warnings: list[str] = []
    errors: list[str] = []

    def messages(kind: QtMsgType, context: object, text: str) -> None:
        if kind != QtMsgType.QtDebugMsg and "propagateSizeHints" not in text:
            warnings.append(text)

    qInstallMessageHandler(messages)
    sys.excepthook = lambda kind, value, trace: errors.append(repr(value))
    data = Path(tempfile.mkdtemp())
    runtime = load_runtime(data_dir=str(data))
    app = make_app()
    window = KioskWindow(runtime.config, runtime.pack, runtime.strings, runtime.paths,
                         locked=True, timings=IdleTimings(10**8, 10**4),
                         usage=UsageLog(data / "usage.sqlite3"))
    window.resize(1920, 1080)
    window.show()
    app.processEvents()
    samples: dict[int, float] = {}

    def sample(index: int) -> None:
        if index + 1 in (1_000, args.events) or (index + 1) % 2_000 == 0:
            samples[index + 1] = round(pss_mib(), 1)
            print(f"{index + 1} events, {time.perf_counter() - started:.0f} s, "
                  f"PSS {samples[index + 1]} MiB", file=sys.stderr, flush=True)

    started = time.perf_counter()
    counts = run(window, args.events, args.seed, sample)
    elapsed = time.perf_counter() - started
    baseline = samples.get(1_000, samples[min(samples)])
    print(json.dumps({
        "events": args.events, "seed": args.seed, "seconds": round(elapsed, 1),
        "counts": counts, "pss_mib_by_event": samples,
        "pss_growth_after_1000_mib": round(samples[args.events] - baseline, 1),
        "exceptions": errors, "qt_warnings": warnings[:20], "qt_warning_count": len(warnings),
        "still_open": window.isVisible(),
    }, indent=2))
    window.exit_kiosk()
    return 0 if not errors and not warnings and window.isVisible() is False else 1


if __name__ == "__main__":
    sys.exit(main())
