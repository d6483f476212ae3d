"""`kiosk pack build|install|rollback|list` and `kiosk stats report`: IT's fleet commands.

Every failure is one clear line on stderr and a non-zero exit; nothing is
changed on disk by a refused pack.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from kiosk.config import Config, load_config
from kiosk.fetch import FetchError, fetch
from kiosk.packs import PackError, Store, build
from kiosk.paths import KioskPaths

Printer = Callable[[str], None]


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                 common: Callable[[argparse.ArgumentParser], None]) -> None:
    """The `pack` subcommands (called from kiosk/cli.py's parser)."""
    pack = commands.add_parser("pack", help="signed content packs: build, install, roll back")
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    make = actions.add_parser("build", help="check a pack folder and write one archive; "
                              "then sign it with `minisign -Sm FILE`")
    make.add_argument("folder", metavar="DIR")
    make.add_argument("--out", required=True, metavar="FILE")
    make.add_argument("--version", dest="pack_version", metavar="VERSION",
                      help="pack version (default: pack.toml's, else today's date)")
    make.add_argument("--index", metavar="index.json",
                      help="also write the update index for [content] update_url (publish it "
                           "in the same folder as the pack and its .minisig)")
    install = actions.add_parser("install", help="verify FILE (or URL) with FILE.minisig "
                                 "against [content] trusted_keys, check it, switch to it")
    install.add_argument("source", metavar="FILE|URL")
    install.add_argument("--sig", metavar="FILE.minisig",
                         help="the signature (default: the pack's name + .minisig)")
    actions.add_parser("rollback", help="switch back to the pack installed before")
    actions.add_parser("list", help="installed packs, newest first")
    for action in actions.choices.values():
        common(action)


def add_report(stats_commands: argparse._SubParsersAction[argparse.ArgumentParser],
               common: Callable[[argparse.ArgumentParser], None]) -> None:
    report = stats_commands.add_parser(
        "report", help="merge CSV exports from one or many kiosks into one HTML page")
    report.add_argument("--out", required=True, metavar="report.html")
    report.add_argument("--title", default="Patient information kiosks: usage")
    report.add_argument("csv", nargs="+", metavar="FILE.csv")
    common(report)


def _config(args: argparse.Namespace) -> tuple[KioskPaths, Config]:
    paths = KioskPaths.resolve(getattr(args, "config", None), getattr(args, "data_dir", None))
    return paths, load_config(paths.config_file, paths.staff_settings_file,
                              require_machine_file=paths.config_explicit)


def read_source(source: str, sig: str | None) -> tuple[bytes, str]:
    """The pack's bytes and its signature text, from a file or a URL."""
    if "://" in source:
        return fetch(source).data or b"", (fetch(sig or source + ".minisig").data or b"").decode(
            "utf-8", "replace")
    path = Path(source)
    sig_path = Path(sig) if sig else path.with_name(path.name + ".minisig")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return data, sig_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(f"no signature {sig_path}: sign the pack with `minisign -Sm "
                        f"{path.name}`; unsigned packs are refused") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"cannot read {sig_path}: {exc}") from None


def describe(store: Store) -> list[str]:
    lines = []
    for entry in store.installed():
        m = entry.manifest
        when = dt.datetime.fromtimestamp(entry.installed_at).strftime("%Y-%m-%d %H:%M")
        lines.append(f"{'*' if entry.current else ' '} {m.version}  {m.id}  dated {m.date}  "
                     f"{', '.join(m.languages)}  {sum(map(len, m.pages.values()))} pages  "
                     f"installed {when}")
    return lines


def run_pack(args: argparse.Namespace, out: Printer = print,
             err: Printer = lambda s: print(s, file=sys.stderr)) -> int:
    command = args.pack_command
    try:
        if command == "build":
            manifest = build(Path(args.folder), Path(args.out), args.pack_version)
            out(f"wrote {args.out}: {manifest.id} version {manifest.version} dated "
                f"{manifest.date}, {', '.join(manifest.languages)}, {len(manifest.files)} files")
            if args.index:
                from kiosk.atomic import atomic_write_text
                from kiosk.updater import index_text

                atomic_write_text(Path(args.index), index_text(manifest.version, Path(args.out)))
                out(f"wrote {args.index} (publish it beside the pack and its signature)")
            out(f"sign it: minisign -Sm {args.out}")
            return 0
        paths, config = _config(args)
        store = Store(paths.data_dir)
        if command == "install":
            data, signature = read_source(args.source, args.sig)
            entry = store.install(data, signature, config.get_list("content.trusted_keys"))
            out(f"installed pack {entry.manifest.version} ({entry.manifest.id}, dated "
                f"{entry.manifest.date}); a running kiosk shows it at its next welcome screen")
            return 0
        if command == "rollback":
            previous = store.rollback()
            out(f"now showing pack {previous.manifest.version}" if previous else
                "no older pack installed: now showing the configured (or bundled) content")
            return 0
        lines = describe(store)
        out("\n".join(lines) if lines else "no packs installed (showing the configured or "
            "bundled content)")
        return 0
    except (PackError, FetchError) as exc:
        err(f"kiosk pack {command}: refused: {exc}\nnothing was changed")
        return 1
    except OSError as exc:
        err(f"kiosk pack {command}: {exc}\nnothing was changed")
        return 1


def run_report(args: argparse.Namespace, out: Printer = print,
               err: Printer = lambda s: print(s, file=sys.stderr)) -> int:
    from kiosk.report import ReportError, write_report

    try:
        summary = write_report([Path(p) for p in args.csv], Path(args.out), args.title)
    except ReportError as exc:
        err(f"kiosk stats report: {exc}")
        return 1
    out(f"wrote {args.out}: {summary}")
    return 0
