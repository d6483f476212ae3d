"""Time to show a step with its picture: tap Next to the screen painted, offscreen.

`python -m tests.perf.step_render [--rounds N]` walks the step-through in both
orientations, normal and largest text, and prints the median and 95th percentile of
Next-to-painted (the window is repainted synchronously), with half a second of
"reading" between taps (the next step's picture is built meanwhile). "first time" is
the first walk, when every picture is built. Target: 16 / 33 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--shots", type=Path, help="save each step (normal theme) here, "
                        "for tests.perf.step_space")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.runtime import load_runtime
    from kiosk.session import Screen
    from kiosk.ui.app import make_app
    from kiosk.ui.idle import IdleTimings
    from kiosk.ui.screens.steps import StepsScreen
    from kiosk.ui.window import KioskWindow
    from kiosk.usage import UsageLog

    runtime = load_runtime(None, tempfile.mkdtemp(prefix="step-render-"))
    app = make_app()
    window = KioskWindow(runtime.config, runtime.pack, runtime.strings, runtime.paths,
                         locked=False, timings=IdleTimings(3_600_000, 15_000),
                         usage=UsageLog(runtime.paths.usage_db, enabled=False))
    window.show()
    times: dict[str, list[float]] = {}
    for size in ((1920, 1080), (1080, 1920)):
        for text_size in (0, 2):
            window.reset_session()
            window.resize(*size)
            app.processEvents()
            window.start("en")
            window.session.text_size = text_size
            window.apply_theme()
            window.open_page("session")
            steps = window.screens[Screen.STEPS]
            assert isinstance(steps, StepsScreen) and steps.page is not None
            key = f"{size[0]}x{size[1]} {'largest' if text_size else 'normal'}"
            for round_ in range(args.rounds):
                for _ in range(len(steps.page.steps) - 1):
                    started = time.perf_counter()
                    steps.step(1)
                    window.repaint()
                    elapsed = (time.perf_counter() - started) * 1000
                    if args.shots and round_ == 1:
                        args.shots.mkdir(parents=True, exist_ok=True)
                        variant = "-largest" if text_size else ""
                        window.grab().save(str(args.shots / f"{size[0]}x{size[1]}-en{variant}"
                                               f"-06-session-step{steps.index + 1:02d}.png"))
                    if round_:  # the first round builds each picture once: count it apart
                        times.setdefault(key, []).append(elapsed)
                    else:
                        times.setdefault(key + " (first time)", []).append(elapsed)
                    reading = time.perf_counter() + 0.5  # the patient reads: the next warms up
                    while time.perf_counter() < reading:
                        app.processEvents()
                window.open_page("session")
                steps.host.navigator.session.step_index["session"] = 0
                window.open_page("session")
    everything = [t for k, v in times.items() if "first" not in k for t in v]
    for key, values in sorted(times.items()):
        print(f"{key:30s} median {statistics.median(values):5.1f} ms, "
              f"p95 {statistics.quantiles(values, n=20)[-1]:5.1f} ms ({len(values)} steps)")
    print(f"{'all, after the first time':30s} median {statistics.median(everything):5.1f} ms, "
          f"p95 {statistics.quantiles(everything, n=20)[-1]:5.1f} ms")
    window.exit_kiosk()
    return 0


if __name__ == "__main__":
    sys.exit(main())
