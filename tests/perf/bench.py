"""Benchmark as the patient sees it (not a test: nothing here can fail the suite).

    python -m tests.perf.bench [--runs 5] [--frozen dist/kiosk/kiosk] [--display :31]
                               [--baseline OTHER/kiosk] [--only floor,kiosk-default,...]

A wrapper around the shared harness (`../shared/bench/chromium_kiosk_baseline.sh`):
one Xvfb screen at 1920x1080, launch to the first painted frame found by polling
the screen's pixels, and the PSS of the whole process tree after 3 s idle, for
the PySide6 floor, the frozen kiosk with its default config (speech as installed
here), the frozen kiosk with speech off, and Chromium --kiosk when installed,
interleaved in one run. Prints a table with the targets of issue #16. The kiosk
shows the welcome frame it saved on an earlier start (kiosk/ui/snapshot.py);
"kiosk-default-cold" has none (a fresh data folder every run); the other kiosk rows
keep their data folder between runs, as a deployed kiosk keeps /var/lib/mdma-kiosk, and
are started once before the measured runs (`prime`) so that every measured run has it.
`--baseline` adds an earlier bundle ("kiosk-default-baseline", default config, saved
frame) to the same run: before/after compared on one loaded machine, not across runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# shared/ lies beside the checkout (../shared), as on the developers' machines and in CI.
HARNESS = Path(os.environ.get("KIOSK_BENCH_HARNESS", ROOT.parent / "shared" / "bench"))


def apps(frozen: Path, workdir: Path, baseline: Path | None = None) -> list[str]:
    """LABEL=COMMAND templates for the harness ({profile} is a fresh folder per run)."""
    off = workdir / "speech-off.toml"
    off.write_text('[kiosk]\nspeech_engine = "off"\n', encoding="utf-8")
    default = workdir / "default.toml"
    default.write_text("", encoding="utf-8")  # built-in defaults: speech "auto"
    def kiosk(label: str) -> str:
        """A deployed kiosk keeps its data folder (/var/lib/mdma-kiosk) from one start to the
        next, and with it the welcome frame saved last time: one folder per row."""
        return f"QT_QPA_PLATFORM=xcb KIOSK_DATA_DIR={workdir / ('data-' + label)} {frozen}"

    before = [] if baseline is None else [
        f"kiosk-default-baseline=env KIOSK_CONFIG={default} QT_QPA_PLATFORM=xcb "
        f"KIOSK_DATA_DIR={workdir / 'data-baseline'} {baseline}"]
    return [
        f"floor={sys.executable} {HARNESS / 'floor_app.py'} {{index}}",
        *before,
        f"kiosk-default=env KIOSK_CONFIG={default} {kiosk('default')}",
        # No welcome frame saved from an earlier start (first boot, or a changed config).
        f"kiosk-default-cold=env KIOSK_CONFIG={default} QT_QPA_PLATFORM=xcb "
        f"KIOSK_DATA_DIR={{profile}} {frozen}",
        f"kiosk-speech-off=env KIOSK_CONFIG={off} {kiosk('speech-off')}",
        # A speech server that accepts and never answers (wedged, or no audio output).
        f"kiosk-silent-speechd=env SPEECHD_ADDRESS=unix_socket:{silent_server(workdir)} "
        f"KIOSK_CONFIG={default} {kiosk('silent')}",
    ]


def prime(templates: list[str], width: int = 1920, height: int = 1080) -> None:
    """Start each kiosk row that keeps its data folder once, on a private Xvfb of the
    harness's size, until it has saved its welcome frame: every measured run is then a
    start with a saved frame, as on a deployed kiosk (not one cold start in five)."""
    from tests.perf.wm_monkey import start_xvfb

    server, display = start_xvfb(f"{width}x{height}")
    try:
        for template in templates:
            label, _, command = template.partition("=")
            words = shlex.split(command)
            data = next((w.split("=", 1)[1] for w in words
                         if w.startswith("KIOSK_DATA_DIR=")), "")
            if not label.startswith("kiosk") or not data or "{" in data:
                continue
            kiosk = subprocess.Popen(words, env={**os.environ, "DISPLAY": display},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 60
            while not list((Path(data) / "cache").glob("welcome-*")) \
                    and time.monotonic() < deadline and kiosk.poll() is None:
                time.sleep(0.2)
            time.sleep(0.5)  # the frame is written, then renamed into place
            kiosk.terminate()
            kiosk.wait(timeout=10)
            print(f"primed {label}: {sorted(p.name for p in (Path(data) / 'cache').glob('*'))}")
    finally:
        server.terminate()
        server.wait(timeout=10)


def silent_server(workdir: Path) -> Path:
    """A socket that accepts every connection and never says a word (for this process's life)."""
    path = workdir / "silent-speechd.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(16)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            held.append(server.accept()[0])

    threading.Thread(target=accept, daemon=True).start()
    return path


def table(summary: dict[str, dict[str, object]]) -> str:
    """Markdown: first paint and idle memory per app, and the ratios the issue sets."""
    def med(label: str, key: str) -> float | None:
        stats = summary.get(label, {}).get(key)
        return float(stats["median"]) if isinstance(stats, dict) else None

    floor = med("floor", "first_paint_s")
    chromium = med("chromium-kiosk", "first_paint_s")
    chromium_mem = med("chromium-kiosk", "pss_mib")
    rows = ["| app | first painted frame, median (s) | x floor | x Chromium | "
            "PSS after 3 s idle, whole tree (MiB) | x Chromium |", "|---|---|---|---|---|---|"]
    for label in summary:
        if label.startswith("_"):
            continue
        paint, mem = med(label, "first_paint_s"), med(label, "pss_mib")

        def ratio(value: float | None, base: float | None) -> str:
            return f"{value / base:.2f}" if value and base else "-"

        rows.append(f"| {label} | {paint:.2f} | {ratio(paint, floor)} | "
                    f"{ratio(paint, chromium)} | {mem:.0f} | {ratio(mem, chromium_mem)} |"
                    if paint is not None and mem is not None else f"| {label} | failed | | | | |")
    rows.append("| target (kiosk-default) | | <= 1.4 | <= 0.35 | | <= 0.25 |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--frozen", type=Path, default=ROOT / "dist" / "kiosk" / "kiosk")
    parser.add_argument("--display", default=":31")
    parser.add_argument("--outdir", type=Path, default=None)
    parser.add_argument("--baseline", type=Path, default=None,
                        help="an earlier frozen kiosk to measure in the same run")
    parser.add_argument("--only", default="",
                        help="comma-separated labels to run (default: all)")
    args = parser.parse_args(argv)
    if not args.frozen.exists():
        print(f"no frozen bundle at {args.frozen}: run `bash build/dev.sh bundle` first",
              file=sys.stderr)
        return 2
    outdir = args.outdir or Path(tempfile.mkdtemp(prefix="kiosk-bench-"))
    with tempfile.TemporaryDirectory() as work:
        command = ["bash", str(HARNESS / "chromium_kiosk_baseline.sh"), "--runs",
                   str(args.runs), "--switches", "0", "--display", args.display,
                   "--outdir", str(outdir)]
        wanted = {label for label in args.only.split(",") if label}
        chosen = [app for app in apps(args.frozen.resolve(), Path(work),
                                      args.baseline.resolve() if args.baseline else None)
                  if not wanted or app.partition("=")[0] in wanted]
        prime(chosen)
        for app in chosen:
            command += ["--app", app]
        if shutil.which("chromium") is None or (wanted and "chromium-kiosk" not in wanted):
            command.append("--no-chromium")
        subprocess.run(command, check=True, timeout=1800)
    results = json.loads((outdir / "results.json").read_text(encoding="utf-8"))
    print(table(results["summary"]))
    print(f"(details: {outdir})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
