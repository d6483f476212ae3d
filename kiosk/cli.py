"""Command line: `kiosk` (run), `kiosk self-test`, `kiosk check`.

Qt is imported only by the commands that need it, so `check` and `--version`
stay fast and work on a machine with no display.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from kiosk import __version__


def _common(parser: argparse.ArgumentParser) -> None:
    s = argparse.SUPPRESS
    parser.add_argument("--config", metavar="PATH", default=s,
                        help="machine-wide config file (default: $KIOSK_CONFIG, then the "
                             "platform's site config folder)")
    parser.add_argument("--data-dir", metavar="DIR", default=s,
                        help="where logs, staff settings and counts go (default: "
                             "$KIOSK_DATA_DIR, then the platform's data folder)")
    parser.add_argument("--verbose", action="store_true", default=s, help="debug logging")


# The screens the layout is judged on (`self-test --sizes` with no list).
SUPPORTED_SIZES = "1280x800,1366x768,1920x1080,2560x1440,1080x1920,800x1280"


def screen_sizes(text: str) -> list[tuple[int, int]]:
    """`--sizes 1366x768,800x1280`: a clinic checks the kiosk on its own screens."""
    sizes = []
    for part in text.split(","):
        width, _, height = part.strip().lower().partition("x")
        if not (width.isdigit() and height.isdigit() and 320 <= int(width) <= 7680
                and 320 <= int(height) <= 7680):
            raise argparse.ArgumentTypeError(
                f"{part.strip()!r} is not a screen size like 1366x768 (320 to 7680 pixels)")
        sizes.append((int(width), int(height)))
    return sizes


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="Patient-education kiosk: MDMA-assisted therapy for PTSD.")
    parser.add_argument("--version", action="store_true", help="print versions and exit")
    parser.add_argument("--windowed", action="store_true",
                        help="run in a normal 1280x800 window (demos, development)")
    _common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser("run", help="start the kiosk (the default)")
    run.add_argument("--windowed", action="store_true", default=argparse.SUPPRESS)
    _common(run)
    test = commands.add_parser("self-test", help="load everything, show every screen "
                               "offscreen, exit non-zero on any failure")
    test.add_argument("--screenshots", metavar="DIR",
                      help="also save a PNG of every screen at every size")
    test.add_argument("--sizes", metavar="WxH,...", type=screen_sizes, default=None,
                      nargs="?", const=screen_sizes(SUPPORTED_SIZES),
                      help="screen sizes to test, e.g. 1366x768,800x1280; alone: every "
                      f"supported size ({SUPPORTED_SIZES}) (default 1920x1080,1080x1920)")
    _common(test)
    check = commands.add_parser("check", help="validate config, content and data folder; "
                                "exit 1 on any error")
    check.add_argument("--content", metavar="DIR", help="check this content pack instead")
    _common(check)
    pin = commands.add_parser("set-pin", help="set the staff PIN (read from standard input; "
                              "asked twice on a terminal); stores only a salted scrypt hash")
    pin.add_argument("--print", action="store_true", dest="print_only",
                     help="print the [staff] pin_hash line for the machine-wide config file "
                          "instead of saving it on this machine")
    _common(pin)
    stats = commands.add_parser("stats", help="anonymous usage counts")
    stats_commands = stats.add_subparsers(dest="stats_command", metavar="ACTION", required=True)
    export = stats_commands.add_parser("export", help="write the counts to a CSV file")
    export.add_argument("--out", required=True, metavar="FILE.csv")
    export.add_argument("--since", metavar="DATE", help="only days from this date (YYYY-MM-DD)")
    _common(export)
    status = commands.add_parser("status", help="version, content review dates, config "
                                 "problems, counting state and today's visits")
    status.add_argument("--json", action="store_true", help="one JSON object (for monitoring)")
    _common(status)
    from kiosk import pack_cli

    pack_cli.add_report(stats_commands, _common)
    pack_cli.add_commands(commands, _common)
    return parser


def version_text() -> str:
    """Version line; reads only the pages' front matter (no Markdown rendering)."""
    import PySide6
    from PySide6 import QtCore

    from kiosk.content import load_pack
    from kiosk.paths import bundled_content_dir

    try:  # a version line must never fail
        pack = load_pack(bundled_content_dir(), render=False)
    except Exception:
        pack = None
    dates = [p.reviewed for pages in (pack.pages.values() if pack else [])
             for p in pages.values() if p.reviewed]
    reviewed_text = min(dates).isoformat() if dates else "unknown"
    manifest = pack.manifest if pack else None
    content = f"content {manifest.id} {manifest.version}; " if manifest else ""
    frozen = " (frozen)" if getattr(sys, "frozen", False) else ""
    return (f"kiosk {__version__}{frozen}; {content}content reviewed {reviewed_text}; "
            f"Qt {QtCore.qVersion()}; PySide6 {PySide6.__version__}")


def run_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """`kiosk [run] [--windowed] [--config P] [--data-dir D] [--verbose]`, parsed without
    the other commands: their modules (packs, fetch, ssl, YAML, Markdown) cost ~100 ms
    before the first frame. None for anything else; the full parser then decides."""
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    parser = argparse.ArgumentParser(prog="kiosk", add_help=False, exit_on_error=False)
    parser.add_argument("command", nargs="?", choices=["run"])
    parser.add_argument("--windowed", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--config")
    parser.add_argument("--data-dir")
    try:
        args, rest = parser.parse_known_args(list(argv))
    except argparse.ArgumentError:
        return None
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    if os.environ.get("KIOSK_PREFLIGHT_PROBE"):  # `kiosk check` asks its own binary
        from kiosk.ui.probe import main as probe

        return probe()
    arguments = list(argv if argv is not None else sys.argv[1:])
    if arguments[:1] == ["speech-worker"]:
        from kiosk.speech_child import main as speech_worker  # the frozen kiosk's child

        return speech_worker()
    quick = run_args(arguments)
    if quick is not None:
        from kiosk.ui.app import start  # loads content itself, after the first frame

        return start(quick.config, quick.data_dir, windowed=quick.windowed,
                     verbose=quick.verbose)
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.version:
        print(version_text())
        return 0
    config = getattr(args, "config", None)
    data_dir = getattr(args, "data_dir", None)
    verbose = bool(getattr(args, "verbose", False))
    if args.command in (None, "run"):
        from kiosk.ui.app import start  # loads content itself, after the first frame

        return start(config, data_dir, windowed=bool(args.windowed), verbose=verbose)
    from kiosk.runtime import load_runtime

    if args.command == "check":
        from kiosk.check import run_check

        return run_check(load_runtime(config, data_dir, args.content))
    if args.command == "set-pin":
        from kiosk.admin import set_pin

        return set_pin(load_runtime(config, data_dir), sys.stdin, args.print_only)
    if args.command == "pack":
        from kiosk.pack_cli import run_pack

        return run_pack(args)
    if args.command == "stats" and args.stats_command == "report":
        from kiosk.pack_cli import run_report

        return run_report(args)
    if args.command == "stats":
        from kiosk.admin import export_stats

        return export_stats(load_runtime(config, data_dir), args.out, args.since)
    if args.command == "status":
        from kiosk.service import print_status

        return print_status(load_runtime(config, data_dir), as_json=args.json)
    if args.command == "self-test":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from kiosk.ui.selftest import self_test

        return self_test(load_runtime(config, data_dir), args.screenshots,
                         **({"sizes": args.sizes} if args.sizes else {}))
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
