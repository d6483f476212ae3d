"""Navigation rules without a window: One Back, topic order, steps, page timing, idle policy."""

from __future__ import annotations

import pytest

from kiosk.config import load_config
from kiosk.navigator import MAX_HISTORY, IdleAction, Navigator
from kiosk.session import ATTRACT, HOME, Route, Screen
from tests.conftest import FakeClock

WHAT_IS = Route(Screen.ARTICLE, "what-is")


class Recorder:
    """Collects what the Navigator reports for usage counting."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.views: list[tuple[str, str, float]] = []

    def count(self, kind: str) -> None:
        self.events.append(kind)

    def page_view(self, page_id: str, lang: str, seconds: float) -> None:
        self.views.append((page_id, lang, seconds))


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_nav(write_config, bundled_pack, recorder, clock):
    def make(text: str = "") -> Navigator:
        return Navigator(load_config(write_config(text)), bundled_pack, count=recorder.count,
                         page_view=recorder.page_view, clock=clock)
    return make


def steps_route(nav: Navigator, index: int) -> Route:
    return Route(Screen.STEPS, "session", index)


def test_one_back_retraces_home_pages_steps_and_help(make_nav) -> None:
    nav = make_nav()
    nav.start()
    assert nav.back_target() is None  # Home right after welcome: Back is hidden
    nav.go(WHAT_IS)
    session_page = nav.pack.page("en", "session")
    assert session_page is not None
    nav.go(nav.route_for("session") or HOME)
    for _ in range(2):
        nav.go(nav.step(session_page, 1) or HOME)
    assert nav.session.route == steps_route(nav, 2)
    nav.open_help()
    assert nav.back() == steps_route(nav, 2)  # Back closes help, nothing else
    assert not nav.session.help_open
    assert nav.back() == steps_route(nav, 1)
    assert nav.step_index(session_page) == 1  # the step screen shows the step Back reached
    assert nav.back() == steps_route(nav, 0)
    assert nav.back() == WHAT_IS
    nav.go(HOME)
    assert nav.back_target() == WHAT_IS  # Home is a place too: Back returns to the page
    assert nav.back() == WHAT_IS
    assert nav.back() == HOME
    assert nav.back_target() is None
    assert nav.back() == HOME  # never back to the welcome screen by Back


def test_previous_and_next_step_keep_their_meaning(make_nav) -> None:
    nav = make_nav()
    nav.start()
    page = nav.pack.page("en", "session")
    assert page is not None
    nav.go(nav.route_for("session") or HOME)
    assert nav.step(page, -1) is None  # nothing before the first step
    nav.go(steps_route(nav, len(page.steps) - 1))
    assert nav.step(page, 1) == Route(Screen.SCREENING, "safety")  # the next topic
    assert nav.step(page, -1) == steps_route(nav, len(page.steps) - 2)


def test_reopening_a_step_through_returns_to_the_step_last_shown(make_nav) -> None:
    nav = make_nav()
    nav.start()
    nav.go(steps_route(nav, 3))
    nav.go(HOME)
    assert nav.route_for("session") == steps_route(nav, 3)


def test_topics_follow_the_configured_order(make_nav) -> None:
    nav = make_nav('[kiosk]\ntopics = ["safety", "what-is", "no-such-page"]\n')
    assert [p.id for p in nav.topics()] == ["safety", "what-is"]
    first = nav.neighbours("safety")
    assert (first.previous, first.index, first.total) == (None, 0, 2)
    assert first.next is not None and first.next.id == "what-is"
    assert nav.after_topic("safety") == WHAT_IS
    assert nav.after_topic("what-is") == HOME  # the last topic leads Home: no dead end
    assert nav.neighbours("about").index == -1  # About is not a Home topic


def test_without_a_configured_order_topics_follow_the_content(make_nav) -> None:
    nav = make_nav()
    assert [p.id for p in nav.topics()] == ["what-is", "how-it-helps", "research", "session",
                                             "safety", "availability", "questions"]
    assert nav.about_page() is not None and nav.about_page().id == "about"


def test_finishing_a_step_through_counts_once_per_visit(make_nav, recorder) -> None:
    nav = make_nav()
    page = nav.pack.page("en", "session")
    assert page is not None
    nav.start()
    last = steps_route(nav, len(page.steps) - 1)
    nav.go(steps_route(nav, len(page.steps) - 2))
    assert "steps_completed" not in recorder.events
    nav.go(last)
    nav.back()
    nav.go(last)
    assert recorder.events == ["visit", "steps_completed"]
    nav.reset()
    nav.start()
    nav.go(last)
    assert recorder.events.count("steps_completed") == 2  # a new visit counts again


def test_page_time_is_one_view_per_page_with_its_seconds(make_nav, recorder, clock) -> None:
    nav = make_nav()
    nav.start()
    nav.go(WHAT_IS)
    clock.now += 12
    nav.go(steps_route(nav, 0))
    clock.now += 2
    nav.go(steps_route(nav, 1))  # another step of the same page: still one view
    clock.now += 3
    nav.go(HOME)
    clock.now += 50  # time on Home is no page view
    nav.go(WHAT_IS)
    clock.now += 1
    nav.reset()  # walking away counts the page being read
    assert recorder.views == [("what-is", "en", 12), ("session", "en", 5),
                              ("what-is", "en", 1)]


def test_a_missing_page_shows_home(make_nav, caplog) -> None:
    nav = make_nav()
    nav.start()
    assert nav.go(Route(Screen.ARTICLE, "gone")) == HOME
    assert nav.route_for("gone") is None
    assert "no page 'gone'" in caplog.text


def test_a_visit_starts_once_in_the_chosen_language(make_nav, recorder) -> None:
    nav = make_nav('[kiosk]\nlanguages = ["en", "es", "xx"]\n')
    assert nav.languages == ["en", "es"]  # no content for xx: not offered
    nav.start("es")
    nav.start("fr")  # not offered: keeps Spanish
    assert nav.session.language == "es" and nav.session.route == HOME
    assert recorder.events == ["visit"]
    assert nav.next_language() == "en"


def test_reset_forgets_the_patient(make_nav) -> None:
    nav = make_nav('[kiosk]\ndefault_language = "es"\ntext_size = "large"\n')
    nav.start("en")
    nav.go(WHAT_IS)
    nav.session.toggle_item("safety", 1)
    nav.session.cycle_text_size()
    old = nav.session
    fresh = nav.reset()
    assert fresh is not old and fresh is nav.session
    assert fresh.history == [ATTRACT] and fresh.language == "es" and fresh.text_size == 1
    assert fresh.checklist == {} and not fresh.touched


@pytest.mark.parametrize(("where", "touched", "staff", "action"), [
    (HOME, True, False, IdleAction.WARN),
    (WHAT_IS, True, False, IdleAction.WARN),
    (ATTRACT, False, False, IdleAction.RESTART_TIMER),
    (ATTRACT, True, False, IdleAction.RESET_QUIETLY),  # a language was picked, then nobody
    (WHAT_IS, True, True, IdleAction.RESTART_TIMER),  # staff at work: never reset
])
def test_idle_policy_per_screen(make_nav, where: Route, touched: bool, staff: bool,
                                action: IdleAction) -> None:
    nav = make_nav()
    if where != ATTRACT:
        nav.start()
        nav.go(where)
    nav.session.touched = touched
    assert nav.idle_action(staff_open=staff) is action


def test_idle_reset_is_counted(make_nav, recorder) -> None:
    nav = make_nav()
    nav.idle_expired()
    assert recorder.events == ["idle_reset"]


def test_a_long_wander_keeps_a_bounded_history(make_nav) -> None:
    nav = make_nav()
    nav.start()
    for _ in range(MAX_HISTORY):
        nav.go(WHAT_IS)
        nav.go(HOME)
    assert len(nav.session.history) <= MAX_HISTORY + 1
    assert nav.session.history[0] == ATTRACT
    assert nav.back() == WHAT_IS
