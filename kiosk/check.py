"""`kiosk check`: tell IT, in one run, whether this machine is ready.

Prints one line per problem with file, line and what to do; exit status 1
when anything is an error, 0 when there are at most warnings.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from kiosk import readability
from kiosk.content import ContentPack, ContentProblem
from kiosk.pictures import pack_problems
from kiosk.preflight import run_preflight
from kiosk.runtime import Runtime
from kiosk.voices import list_voices

REVIEW_MAX_DAYS = 365

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


def quality(pack: ContentPack, today: dt.date | None = None
            ) -> tuple[list[str], list[ContentProblem]]:
    """Reading level of every page and stale review dates: lines to print, and problems."""
    today = today or dt.date.today()
    lines: list[str] = []
    problems: list[ContentProblem] = []
    scoring = readability.available()
    for lang in pack.languages:
        for page in pack.ordered(lang):
            words = len(page.text.split())
            result = readability.score(page.text, lang) if scoring else None
            lines.append(f"  {lang}/{page.id}: {words} words"
                         + (f", {result}" if result else ""))
            if result is not None and not result.ok:
                problems.append(ContentProblem(str(page.path), f"reading level too hard: "
                                               f"{result}; use shorter sentences and words"))
            if page.reviewed and (today - page.reviewed).days > REVIEW_MAX_DAYS:
                problems.append(ContentProblem(
                    str(page.path), f"reviewed {page.reviewed.isoformat()}, more than 12 months "
                    "ago; check the facts (regulatory status changes) and update 'reviewed'",
                    warning=True))
    if not scoring:
        lines.append("  reading level not measured: textstat is not installed here")
    return lines, problems


def run_check(runtime: Runtime, out: Printer = print) -> int:
    errors = 0
    config = runtime.config
    out(f"config: {runtime.paths.config_file}"
        + ("" if runtime.config.sources else " (not found; using built-in defaults)"))
    for problem in config.problems:
        out(str(problem))
        errors += 0 if problem.warning else 1
    logo = config.get_str("clinic.logo")
    if logo and not os.path.isfile(logo):
        out(f"{runtime.paths.config_file}: clinic.logo = \"{logo}\": file not found; the "
            "welcome screen shows no logo")
        errors += 1
    out(f"content: {runtime.content_dir} ({len(runtime.pack.languages)} languages, "
        f"{sum(len(p) for p in runtime.pack.pages.values())} pages)")
    lines, extra = quality(runtime.pack)
    extra += pack_problems(runtime.content_dir, runtime.pack.languages)  # pictures, diagrams
    for line in lines:
        out(line)
    for content_problem in runtime.pack.problems + extra:
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
    for finding in run_preflight():  # sqlite3, Qt platform, fonts: what start-up loads
        out(str(finding))
        errors += 1 if finding.error else 0
    if os.name == "posix" and not any(os.environ.get(v) for v in (
            "DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        out("display: warning: no DISPLAY or WAYLAND_DISPLAY here; the kiosk needs one to "
            "start (this is fine over SSH)")
    for line in list_voices(config, runtime.pack.languages):
        out(line)
    out("check: " + (f"{errors} error(s)" if errors else "ok"))
    return 1 if errors else 0
