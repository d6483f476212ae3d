"""`kiosk check`: tell IT, in one run, whether this machine is ready.

Prints one line per problem with file, line and what to do; exit status 1
when anything is an error, 0 when there are at most warnings.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from kiosk.runtime import Runtime

Printer = Callable[[str], None]


def data_dir_problem(runtime: Runtime) -> str | None:
    folder = runtime.paths.data_dir
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        return f"{folder}: error: data folder is not writable ({exc}); usage counts and " \
               "staff settings cannot be saved"
    return None


def run_check(runtime: Runtime, out: Printer = print) -> int:
    errors = 0
    config = runtime.config
    out(f"config: {runtime.paths.config_file}"
        + ("" if runtime.config.sources else " (not found; using built-in defaults)"))
    for problem in config.problems:
        out(str(problem))
        errors += 0 if problem.warning else 1
    out(f"content: {runtime.content_dir} ({len(runtime.pack.languages)} languages, "
        f"{sum(len(p) for p in runtime.pack.pages.values())} pages)")
    for content_problem in runtime.pack.problems:
        out(str(content_problem))
        errors += 0 if content_problem.warning else 1
    for problem_text in runtime.strings.problems:
        out(problem_text)
        errors += 1
    for lang in runtime.pack.languages:
        for key in runtime.strings.missing(lang):
            out(f"assets/i18n/{lang}.toml: warning: no translation for '{key}' (English shown)")
    data_problem = data_dir_problem(runtime)
    if data_problem:
        out(data_problem)
        errors += 1
    else:
        out(f"data: {runtime.paths.data_dir} (writable)")
    if os.name == "posix" and not any(os.environ.get(v) for v in (
            "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        out("display: warning: no DISPLAY or WAYLAND_DISPLAY here; the kiosk needs one to "
            "start (this is fine over SSH)")
    out("check: " + (f"{errors} error(s)" if errors else "ok"))
    return 1 if errors else 0
