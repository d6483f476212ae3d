"""My list: the one list of questions a patient gathers during a visit, and its QR codes.

Questions come from three places: ticks on a page's checklist (the safety
checklist, the "Questions to ask" page), and steps of a step-through that
suggest a question. The session stores only *which* items were picked (page id
and index), never text, so the list follows a language change; the text is
looked up in the pack when shown. Nothing here is logged, counted or saved.

QR codes are planned for a glossy kiosk screen read from arm's length: every
module a whole number of pixels and at least `MIN_MODULE_PX` at 1080p (4 mm on a
24-inch panel, about 0.277 mm a pixel), scaled with the screen like every other size.
That limits what one code holds, so a long list is split, in order, over up to
`MAX_CODES` codes, and whatever still does not fit (the end of the list) is named
plainly on screen. Planning never raises: a patient's list is never
lost to an error.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field

import segno

from kiosk.content import ContentPack, Page, Step
from kiosk.session import PatientSession

log = logging.getLogger(__name__)

MIN_MODULE_PX = 15  # at 1080p: 15 px x 0.277 mm = 4.2 mm on a 24-inch panel; scaled with
# the screen like every other size (Metrics.px), so a small screen still gets a code
MM_PER_PX = 0.277
QUIET_MODULES = 4  # the QR standard's light margin, painted white by the view
MAX_CODES = 3
# A step suggests a question with a paragraph that is only a bold question.
_BOLD_QUESTION = re.compile(r"<p><strong>([^<]*\?)</strong></p>")


@dataclass(frozen=True)
class Entry:
    """One picked question: where it comes from, and its text in the current language."""

    page_id: str
    index: int  # checklist item, or step number for a step-through
    text: str


def step_question(step: Step) -> str:
    """The question a step suggests ("Add to my list"), or "" when it suggests none.

    Marked in the content as a paragraph that is a bold question only, e.g.
    `**Who do I call if I have a hard day?**`; language-neutral on purpose.
    """
    found = _BOLD_QUESTION.search(step.html)
    return html.unescape(found.group(1)).strip() if found else ""


def without_question(words: str) -> str:
    """A step's words less its marked question: the screen shows that question on its
    own card, beside the button that adds it, so it is not read twice."""
    return _BOLD_QUESTION.sub("", words, count=1)


def gather(session: PatientSession, pack: ContentPack) -> list[Entry]:
    """Every picked question in the patient's language: pages in content order, then steps.

    A pick whose page or item is missing in this language is skipped (never an error).
    """
    lang = session.language
    entries: list[Entry] = []
    for page in pack.ordered(lang):
        chosen = session.checklist.get(page.id, set())
        entries.extend(Entry(page.id, i, item.question)
                       for i, item in enumerate(page.checklist) if i in chosen)
    for page_id, index in session.step_picks:
        step_page = pack.page(lang, page_id)
        if step_page is not None and 0 <= index < len(step_page.steps):
            text = step_question(step_page.steps[index])
            if text:
                entries.append(Entry(page_id, index, text))
    return entries


def pick_everything(session: PatientSession, pack: ContentPack) -> list[Entry]:
    """Tick every question the pack offers: the longest list, which the self-test and the
    tests use to prove that codes and screens cope with it."""
    for page in pack.ordered(session.language):
        if page.checklist:
            session.checklist[page.id] = set(range(len(page.checklist)))
        session.step_picks.extend((page.id, i) for i, step in enumerate(page.steps)
                                  if step_question(step))
    return gather(session, pack)


def toggle_step(session: PatientSession, page: Page, index: int) -> bool:
    """Add or remove a step's question; returns whether it is now on the list."""
    pick = (page.id, index)
    session.touched = True
    if pick in session.step_picks:
        session.step_picks.remove(pick)
        return False
    session.step_picks.append(pick)
    return True


def clear(session: PatientSession) -> None:
    session.checklist.clear()
    session.step_picks.clear()
    session.touched = True


def longest_list(pack: ContentPack, lang: str) -> list[str]:
    """Every question the pack can put on the list: the worst case a QR plan must survive."""
    questions: list[str] = []
    for page in pack.ordered(lang):
        questions.extend(item.question for item in page.checklist)
    for page in pack.ordered(lang):
        questions.extend(q for q in (step_question(s) for s in page.steps) if q)
    return questions


# --- QR codes ------------------------------------------------------------------
@dataclass(frozen=True)
class QrCode:
    text: str
    matrix: list[list[bool]]  # quiet zone included
    first: int  # number of the first question it holds (1-based)
    last: int

    @property
    def modules(self) -> int:
        return len(self.matrix)


@dataclass
class QrPlan:
    """The codes for a list, and the numbers of questions that did not fit in any code."""

    codes: list[QrCode] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)

    def module_px(self, side_px: int) -> int:
        """Whole pixels per module when the biggest code is drawn in a `side_px` square."""
        biggest = max((c.modules for c in self.codes), default=0)
        return side_px // biggest if biggest else 0


def max_version(side_px: int, module_px: int = MIN_MODULE_PX) -> int:
    """The largest QR version whose modules get `module_px` each inside `side_px` (0: none)."""
    modules = side_px // module_px - 2 * QUIET_MODULES
    return max(0, min(40, (modules - 17) // 4))


def matrix(text: str, version: int = 40) -> list[list[bool]] | None:
    """Modules of the smallest code for `text` (quiet zone included); None if over `version`."""
    try:
        code = segno.make(text, error="l", micro=False, boost_error=False)
    except (segno.DataOverflowError, ValueError):
        return None
    if code.version > version:  # type: ignore[operator]  # always an int for full QR codes
        return None
    return [[bool(cell) for cell in row]
            for row in code.matrix_iter(scale=1, border=QUIET_MODULES)]


def _code_text(heading: str, part: int, parts: int, lines: list[str]) -> str:
    """The heading on the first code only (every byte counts); later codes say '(2/3)'."""
    if parts == 1:
        title = heading
    elif part == 1:
        title = f"{heading} (1/{parts})"
    else:
        title = f"({part}/{parts})"
    return "\n".join([title, *lines])


def side_for(heading: str, question: str, module_px: int = MIN_MODULE_PX) -> int:
    """Pixels a square needs for a code of the first question alone (0: too long for any).

    A screen gives its code at least this much room, so the first question always fits.
    """
    cells = matrix(_code_text(heading, 1, 1, [f"1. {question}"]))
    return len(cells) * module_px if cells is not None else 0


def plan(heading: str, questions: list[str], side_px: int,
         module_px: int = MIN_MODULE_PX, max_codes: int = MAX_CODES) -> QrPlan:
    """Split numbered questions over at most `max_codes` codes drawn in a `side_px` square.

    In order: code 1 holds questions 1-k, code 2 k+1-m, and so on; at the first question
    that fits no code (too long, or no code left) it stops, and that one and every later
    one are listed in `left_out` (a tail: never an early question skipped for a later one).
    Questions keep their on-screen numbers in every code.
    """
    version = max_version(side_px, module_px)
    numbered = [f"{n}. {q}" for n, q in enumerate(questions, start=1)]
    result = QrPlan()
    if not numbered:
        return result

    def fits(part: int, parts: int, group: list[int]) -> bool:
        text = _code_text(heading, part, parts, [numbered[i] for i in group])
        return version >= 1 and matrix(text, version) is not None

    groups: list[list[int]] = []
    if fits(1, 1, list(range(len(numbered)))):
        groups = [list(range(len(numbered)))]  # one code, plain heading
    else:
        current: list[int] = []
        # "(k/n)" is sized for the most parts there can be.
        for index in range(len(numbered)):
            if fits(len(groups) + 1, max_codes, [*current, index]):
                current.append(index)
                continue
            if current:
                groups.append(current)
            current = []
            if len(groups) == max_codes or not fits(len(groups) + 1, max_codes, [index]):
                break
            current = [index]
        if current:
            groups.append(current)
        if not groups and fits(1, 1, [0]):
            groups = [[0]]  # the first question alone, under the plain heading
    for part, group in enumerate(groups, start=1):
        text = _code_text(heading, part, len(groups), [numbered[i] for i in group])
        cells = matrix(text, version)
        if cells is None:  # cannot happen (sized for the worst case); never raise
            log.warning("QR part %d did not fit after planning", part)
            break
        result.codes.append(QrCode(text, cells, group[0] + 1, group[-1] + 1))
    held = result.codes[-1].last if result.codes else 0
    result.left_out = list(range(held + 1, len(numbered) + 1))
    return result
