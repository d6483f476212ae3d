"""Benchmark: prints a JSON summary. Not a test: nothing here can fail the suite.

    python -m tests.perf.bench [--runs 7] [--frozen dist/kiosk/kiosk]

Measures, on this machine: start-up to the first painted frame (source install
and frozen bundle, median of several runs, under Xvfb when available, else
offscreen); tap-to-painted page switch per kind of screen (median, 95th
percentile); memory (PSS) after visiting every page in every language; content
load and render time; bundle size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGETS = {"startup_s": 0.35, "switch_median_ms": 16, "switch_p95_ms": 33, "pss_mib": 100,
           "bundle_mib": 110}

CHILD = r"""
import json, os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
t0 = time.perf_counter()
from kiosk.runtime import load_runtime
runtime = load_runtime(data_dir=sys.argv[1])
t_load = time.perf_counter() - t0
from PySide6.QtWidgets import QApplication
from kiosk.session import Screen
from kiosk.ui.app import make_app
from kiosk.ui.idle import IdleTimings
from kiosk.ui.window import KioskWindow
from kiosk.usage import UsageLog
app = make_app()
w = KioskWindow(runtime.config, runtime.pack, runtime.strings, runtime.paths, locked=False,
                timings=IdleTimings(10**8, 10**4), usage=UsageLog(runtime.paths.usage_db, False))
w.resize(1920, 1080); w.show(); app.processEvents()

def timed(action):
    start = time.perf_counter(); action(); w.repaint(); return (time.perf_counter() - start) * 1000

times = {"home": [], "article": [], "steps": [], "screening": [], "help": []}
for rnd in range(3):
    for lang in w.languages:
        w.reset_session(); app.processEvents()
        times["home"].append(timed(lambda: w.start(lang)))
        for page in w.topics():
            kind = page.kind if page.kind != "article" else "article"
            times[kind].append(timed(lambda: w.open_page(page.id)))
            if page.kind == "steps":
                screen = w.current_screen
                for _ in range(len(page.steps) - 1):
                    times["steps"].append(timed(lambda: screen.step(1)))
        times["help"].append(timed(w.open_help)); w.help.hide()

def pss():
    with open("/proc/self/smaps_rollup") as f:
        for line in f:
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
print(json.dumps({"times": times, "pss_mib": pss(), "content_load_ms": t_load * 1000}))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def display_env() -> tuple[dict[str, str], subprocess.Popen[bytes] | None]:
    env = dict(os.environ)
    if shutil.which("Xvfb"):
        display = ":97"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1920x1080x24", "-nolisten",
                                 "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)  # the server's own start-up, not the kiosk's
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        return env, xvfb
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env, None


def startup(command: list[str], env: dict[str, str], runs: int) -> float | None:
    samples = []
    for _ in range(runs):
        data = tempfile.mkdtemp()
        run_env = dict(env, KIOSK_BENCH_FIRST_FRAME="1", KIOSK_DATA_DIR=data)
        start = time.time()
        done = subprocess.run([*command, "--windowed"], env=run_env, capture_output=True,
                              text=True, timeout=60)
        line = next((x for x in done.stdout.splitlines() if x.startswith("first-frame ")), "")
        if not line:
            print(f"no first frame from {command}: {done.stderr[-300:]}", file=sys.stderr)
            return None
        samples.append(float(line.split()[1]) - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--frozen", default=str(ROOT / "dist" / "kiosk" / "kiosk"))
    args = parser.parse_args()
    env, xvfb = display_env()
    result: dict[str, object] = {"platform": env["QT_QPA_PLATFORM"], "targets": TARGETS}
    try:
        result["startup_source_s"] = startup([sys.executable, "-m", "kiosk"], env, args.runs)
        frozen = Path(args.frozen)
        result["startup_frozen_s"] = startup([str(frozen)], env, args.runs) \
            if frozen.exists() else None
        child = subprocess.run([sys.executable, "-c", CHILD, tempfile.mkdtemp()], env=env,
                               capture_output=True, text=True, timeout=300, cwd=ROOT)
        data = json.loads(child.stdout.strip().splitlines()[-1])
        switches = {}
        every: list[float] = []
        for kind, values in data["times"].items():
            every.extend(values)
            switches[kind] = {"median_ms": round(statistics.median(values), 1),
                              "p95_ms": round(percentile(values, 0.95), 1), "n": len(values)}
        result["page_switch"] = switches
        result["switch_all_median_ms"] = round(statistics.median(every), 1)
        result["switch_all_p95_ms"] = round(percentile(every, 0.95), 1)
        result["pss_after_all_pages_mib"] = round(data["pss_mib"], 1)
        result["content_load_and_render_ms"] = round(data["content_load_ms"], 1)
        bundle = frozen.parent
        if bundle.exists():
            size = sum(p.stat().st_size for p in bundle.rglob("*")
                       if p.is_file() and not p.is_symlink())
            result["bundle_mib"] = round(size / 2**20, 1)
    finally:
        if xvfb is not None:
            xvfb.terminate()
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
