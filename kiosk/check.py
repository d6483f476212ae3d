"""`kiosk check`: tell IT, in one run, whether this machine is ready.

Prints one line per problem with file, line and what to do; exit status 1
when anything is an error, 0 when there are at most warnings.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path

import segno

from kiosk import readability
from kiosk.content import ContentPack, ContentProblem, Page
from kiosk.glossary import HARD_WORDS_FILE, Glossary, load_hard_words
from kiosk.paths import assets_dir
from kiosk.pictures import pack_problems, page_picture_problems
from kiosk.preflight import run_preflight
from kiosk.questions import qr_text
from kiosk.runtime import Runtime
from kiosk.voices import list_voices

REVIEW_MAX_DAYS = 365
# Past version 25 (117 modules) a full list's QR gets under 2 screen pixels a module
# at the size the screening screen draws it, and phones struggle to read it.
MAX_QR_VERSION = 25

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


def _line_of(page: Page, word: str) -> int | None:
    for offset, line in enumerate(page.body.splitlines()):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", line, re.IGNORECASE):
            return page.body_line + offset
    return None


def hard_word_problems(page: Page, hard_words: list[str], glossary: Glossary | None
                       ) -> tuple[list[ContentProblem], int]:
    """Hard words used but defined neither on the page ("word (meaning)") nor in the
    glossary; and how many hard words the page does define in place."""
    problems: list[ContentProblem] = []
    defined_here = 0
    for word in hard_words:
        used = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", page.text, re.IGNORECASE)
        if not used:
            continue
        if glossary is not None and (glossary.find(word) is not None
                                     or glossary.covers(word, page.text)):
            continue
        if re.search(rf"(?<!\w){re.escape(word)}\s*\(", page.text, re.IGNORECASE):
            defined_here += 1
            continue
        problems.append(ContentProblem(
            str(page.path), f"'{used.group(0)}' is a hard word: explain it on the page, "
            f"as 'word (plain meaning)', or add it to {page.lang}/glossary.yaml",
            _line_of(page, word), warning=True))
    return problems, defined_here


def hard_words_for(pack: ContentPack, lang: str) -> list[str]:
    """The kiosk's list for the language, plus the pack's own `<lang>/hard-words.txt`."""
    return load_hard_words(assets_dir() / "hard-words" / f"{lang}.txt",
                           pack.root / lang / HARD_WORDS_FILE)


def quality(pack: ContentPack, today: dt.date | None = None
            ) -> tuple[list[str], list[ContentProblem]]:
    """Reading level, PEMAT-style counts, hard words and stale review dates of every page."""
    today = today or dt.date.today()
    lines: list[str] = []
    problems: list[ContentProblem] = []
    scoring = readability.available()
    for lang in pack.languages:
        hard_words = hard_words_for(pack, lang)
        glossary = pack.glossaries.get(lang)
        for page in pack.ordered(lang):
            words = len(page.text.split())
            result = readability.score(page.text, lang) if scoring else None
            undefined, defined_here = hard_word_problems(page, hard_words, glossary)
            problems.extend(undefined)
            counts = readability.pemat(page.body, page.text, lang)
            lines.append(f"  {lang}/{page.id}: {words} words"
                         + (f", {result}" if result else "")
                         + f"; summary: {'yes' if counts.summary else 'no'}, action: "
                         f"{'yes' if counts.action else 'no'}, words defined: "
                         f"{len(page.terms) + defined_here}")
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


def qr_problems(pack: ContentPack, heading: Callable[[str], str]) -> list[ContentProblem]:
    """A checklist whose every question, all ticked, would not fit a readable QR code."""
    problems: list[ContentProblem] = []
    for lang in pack.languages:
        for page in pack.ordered(lang):
            if not page.checklist:
                continue
            text = qr_text(heading(lang), [item.question for item in page.checklist])
            try:
                version = segno.make(text, error="m", micro=False).version
            except segno.DataOverflowError:
                version = 41
            if isinstance(version, int) and version > MAX_QR_VERSION:
                problems.append(ContentProblem(
                    str(page.path), f"with every item ticked the questions ({len(text)} "
                    f"characters) need a QR code of version {version}, over {MAX_QR_VERSION}: "
                    "shorten the questions or split the list"))
    return problems


def topic_problems(runtime: Runtime) -> list[str]:
    """`kiosk.topics` ids no language has: those tiles would silently vanish from Home."""
    topics = runtime.config.get_list("kiosk.topics")
    known = {pid for pages in runtime.pack.pages.values() for pid in pages}
    where = str(runtime.paths.config_file)
    try:
        text = Path(where).read_text(encoding="utf-8")
        line = next((n for n, row in enumerate(text.splitlines(), start=1)
                     if re.match(r"^\s*\"?topics\"?\s*=", row)), None)
    except (OSError, UnicodeDecodeError):
        line = None
    where += f":{line}" if line else ""
    return [f"{where}: kiosk.topics: unknown page id '{topic}' (this tile would not show); "
            f"page ids: {', '.join(sorted(known))}" for topic in topics if topic not in known]


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
    manifest = runtime.pack.manifest
    if manifest is not None:
        out(f"content pack: {manifest.id} {manifest.version} ({manifest.date})")
    for lang, glossary in sorted(runtime.pack.glossaries.items()):
        out(f"  {lang}/glossary: {len(glossary)} terms")
    for topic_problem in topic_problems(runtime):
        out(topic_problem)
        errors += 1
    lines, extra = quality(runtime.pack)
    extra += pack_problems(runtime.content_dir, runtime.pack.languages)  # pictures, diagrams
    extra += page_picture_problems(runtime.pack)  # what pages ask for
    for line in lines:
        out(line)
    extra += qr_problems(runtime.pack,
                         lambda lang: runtime.strings.tr(lang, "screening.questions"))
    for content_problem in runtime.pack.problems + extra:
        out(str(content_problem))
        errors += 0 if content_problem.warning else 1
    for problem_text in runtime.strings.problems:
        out(problem_text)
        errors += 1
    for lang in runtime.pack.languages:
        for key in runtime.strings.missing(lang):
            out(f"assets/i18n/{lang}/LC_MESSAGES/kiosk.po: warning: no translation for "
                f"'{key}' (English shown)")
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
