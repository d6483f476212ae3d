"""Where the patient is and where each button leads: the kiosk's navigation rules.

Qt-free on purpose: routing, the one back stack, topic order, next/previous
topic, step position, page timing, "steps completed" and the idle policy per
screen are plain rules, tested without a window. Screens and the bar render
what the Navigator says; the window only turns taps into calls on it.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.config import Config
from kiosk.content import ContentPack, Page
from kiosk.session import ATTRACT, HOME, PatientSession, Route, Screen
from kiosk.settings import TEXT_SIZES

log = logging.getLogger(__name__)

SCREEN_FOR_KIND = {"article": Screen.ARTICLE, "steps": Screen.STEPS,
                   "screening": Screen.SCREENING}
# A patient who wanders for an hour must not grow the stack without bound.
MAX_HISTORY = 64


class IdleAction(enum.Enum):
    """What the kiosk does when the quiet time runs out on a screen."""

    WARN = "warn"  # "Are you still there?" with a countdown
    RESTART_TIMER = "restart"  # nothing to warn about (welcome screen, untouched)
    RESET_QUIETLY = "reset"  # welcome screen with a chosen language: forget it silently


@dataclass(frozen=True)
class Neighbours:
    """A topic's place in the Home order, for Previous/Next topic and 'Topic n of N'."""

    previous: Page | None
    next: Page | None
    index: int  # -1 when the page is not a Home topic
    total: int


class Navigator:
    """Routing rules over one `PatientSession` (replaced on every reset).

    `count(kind)` and `page_view(page_id, lang, seconds)` are plain callbacks,
    so usage counting stays outside the rules and a test can collect them.
    """

    def __init__(self, config: Config, pack: ContentPack, *,
                 count: Callable[[str], None] = lambda kind: None,
                 page_view: Callable[[str, str, float], None] = lambda p, lang, s: None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.pack = pack
        self.count = count
        self.page_view = page_view
        self.clock = clock
        self.page_shown: tuple[str, str, float] | None = None
        self.session = self.new_session()

    # --- configuration and the patient's session ----------------------------
    @property
    def languages(self) -> list[str]:
        """Configured languages the pack has, in button order (never empty)."""
        return [code for code in self.config.get_list("kiosk.languages")
                if code in self.pack.pages] or self.pack.languages or ["en"]

    def new_session(self) -> PatientSession:
        languages = self.languages
        default = self.config.get_str("kiosk.default_language")
        return PatientSession(
            language=default if default in languages else languages[0],
            text_size=TEXT_SIZES.index(self.config.get_str("kiosk.text_size")),
            high_contrast=self.config.get_bool("kiosk.high_contrast"),
        )

    def reset(self) -> PatientSession:
        """Forget the patient: the visit's page time is counted, then a new session."""
        self.leave_page()
        self.session = self.new_session()
        self._shown(ATTRACT)
        self.session.touched = False
        return self.session

    def next_language(self) -> str:
        languages = self.languages
        index = languages.index(self.session.language) \
            if self.session.language in languages else -1
        return languages[(index + 1) % len(languages)]

    # --- topics ----------------------------------------------------------------
    def topics(self) -> list[Page]:
        """Home tiles in the configured order (or content order when none is set)."""
        pages = self.pack.ordered(self.session.language, placement="home")
        wanted = self.config.get_list("kiosk.topics")
        if not wanted:
            return pages
        by_id = {p.id: p for p in pages}
        return [by_id[i] for i in wanted if i in by_id]

    def about_page(self) -> Page | None:
        footer = self.pack.ordered(self.session.language, placement="footer")
        return footer[0] if footer else None

    def neighbours(self, page_id: str) -> Neighbours:
        topics = self.topics()
        ids = [p.id for p in topics]
        index = ids.index(page_id) if page_id in ids else -1
        before = topics[index - 1] if index > 0 else None
        after = topics[index + 1] if 0 <= index < len(topics) - 1 else None
        return Neighbours(before, after, index, len(topics))

    def route_for(self, page_id: str) -> Route | None:
        """The route that opens a page; a step-through reopens at the step last shown."""
        page = self.pack.page(self.session.language, page_id)
        if page is None:
            return None
        step = self.step_index(page) if page.kind == "steps" else 0
        return Route(SCREEN_FOR_KIND[page.kind], page.id, step)

    def after_topic(self, page_id: str) -> Route:
        """Where 'Next' leads from the end of a topic: the next topic, or Home (no dead end)."""
        after = self.neighbours(page_id).next
        route = self.route_for(after.id) if after is not None else None
        return route or HOME

    # --- the one back stack ------------------------------------------------
    def go(self, route: Route) -> Route:
        """Open `route` (a missing page shows Home); returns what to show."""
        if route.page_id and self.pack.page(self.session.language, route.page_id) is None:
            log.warning("no page %r in %s; showing Home", route.page_id, self.session.language)
            route = HOME
        session = self.session
        session.touched = True
        session.help_open = False
        if route == ATTRACT:
            session.history = [ATTRACT]
        elif route != session.route:
            session.history.append(route)
            del session.history[1:-MAX_HISTORY]
        if route.screen is Screen.STEPS:
            self._step_reached(route)
        self._shown(route)
        return route

    def back_target(self) -> Route | None:
        """Where the bar's Back leads: the screen before, never the welcome screen.

        None means Back has nowhere to go (Home right after the welcome screen),
        so the bar hides it instead of dropping the patient at the start.
        """
        history = self.session.history
        if self.session.help_open:
            return self.session.route
        return history[-2] if len(history) > 1 and history[-2] != ATTRACT else None

    def back(self) -> Route:
        """The bar's Back: close help if open, else the screen the patient was on before."""
        session = self.session
        session.touched = True
        if session.help_open:
            session.help_open = False
            return session.route
        if self.back_target() is None:
            return session.route
        session.history.pop()
        route = session.route
        if route.screen is Screen.STEPS:
            self._step_reached(route)
        self._shown(route)
        return route

    def open_help(self) -> None:
        """Help sits on top of the stack: the next Back closes it and nothing else."""
        self.session.help_open = True
        self.session.touched = True

    def close_help(self) -> None:
        self.session.help_open = False

    # --- step-throughs ------------------------------------------------------
    def step_index(self, page: Page) -> int:
        stored = self.session.step_index.get(page.id, 0)
        return min(max(stored, 0), max(len(page.steps) - 1, 0))

    def step(self, page: Page, delta: int) -> Route | None:
        """Where Previous/Next step leads; past the last step, the next topic. None: stay."""
        target = self.step_index(page) + delta
        if target < 0 or not page.steps:
            return None
        if target >= len(page.steps):
            return self.after_topic(page.id)
        return Route(Screen.STEPS, page.id, target)

    def phase_start(self, page: Page, phase: str) -> Route | None:
        """Where a tap on a phase label leads: that phase's first step (None: no such phase)."""
        for index, step in enumerate(page.steps):
            if step.phase == phase:
                return Route(SCREEN_FOR_KIND[page.kind], page.id, index)
        return None

    def _step_reached(self, route: Route) -> None:
        """Reaching the last step counts once per visit as a finished step-through."""
        page = self.pack.page(self.session.language, route.page_id)
        self.session.step_index[route.page_id] = route.step
        if page is not None and page.steps and route.step == len(page.steps) - 1 \
                and page.id not in self.session.completed:
            self.session.completed.add(page.id)
            self.count("steps_completed")

    # --- visits ----------------------------------------------------------------
    def start(self, language: str | None = None) -> Route:
        """From the welcome screen to Home; a visit is counted once, when it begins."""
        if language and language in self.languages:
            self.session.language = language
        if self.session.route == ATTRACT:
            self.count("visit")
        return self.go(HOME)

    def finish(self) -> None:
        log.info("visit ended by the patient")
        self.count("finished")

    def idle_action(self, staff_open: bool = False) -> IdleAction:
        """The idle policy for the screen the patient is on."""
        if staff_open:
            return IdleAction.RESTART_TIMER
        if self.session.route.screen is Screen.ATTRACT:
            return IdleAction.RESET_QUIETLY if self.session.touched \
                else IdleAction.RESTART_TIMER
        return IdleAction.WARN

    def idle_expired(self) -> None:
        log.info("idle reset")
        self.count("idle_reset")

    # --- page timing (anonymous counts) ---------------------------------------
    def _shown(self, route: Route) -> None:
        if self.page_shown is not None and self.page_shown[0] == route.page_id and \
                route.page_id:
            return  # another step of the same page: one page view
        self.leave_page()
        if route.page_id:
            self.page_shown = (route.page_id, self.session.language, self.clock())

    def leave_page(self) -> None:
        """Count the page being left with its time on screen (ids and buckets only)."""
        if self.page_shown is not None:
            page_id, lang, since = self.page_shown
            self.page_shown = None
            self.page_view(page_id, lang, self.clock() - since)
