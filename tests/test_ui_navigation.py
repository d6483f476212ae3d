"""A patient's path through the kiosk, with real taps, touches and swipes."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from kiosk.session import ATTRACT, HOME, Screen
from kiosk.ui.screens.pager import home_pages
from kiosk.ui.screens.screening import ScreeningScreen
from kiosk.ui.screens.steps import StepsScreen
from tests.uihelp import drag, tap, tap_link, touch_swipe, touch_tap


def opened(make_window, page_id: str, kind: type):
    """A fresh kiosk, started, showing one page on its screen of the expected kind."""
    w = make_window()
    w.start()
    w.open_page(page_id)
    screen = w.current_screen
    assert isinstance(screen, kind)
    return w, screen


def test_tap_anywhere_on_welcome_starts(make_window) -> None:
    w = make_window()
    assert w.session.route == ATTRACT
    assert not w.nav.home.isVisible() and w.nav.help.isVisible()
    tap(w.screens[Screen.ATTRACT], QPoint(40, 40))
    assert w.session.route == HOME
    assert w.nav.home.isVisible()
    assert not w.nav.back.isVisible()  # One Back: nothing before Home but the welcome screen
    assert w.nav.home.property("current") is True  # shown as "you are here"
    w.open_page("what-is")
    assert w.nav.home.property("current") is False
    assert w.nav.back.isVisible()


def test_touch_on_language_button_starts_in_that_language(make_window) -> None:
    w = make_window()
    touch_tap(w.screens[Screen.ATTRACT].language_buttons["es"])
    assert w.session.route == HOME
    assert w.session.language == "es"
    assert w.screens[Screen.HOME].heading.text() == "¿Qué le gustaría saber?"
    assert w.nav.home.text() == "Inicio"


def test_every_tile_opens_its_page_and_home_returns(make_window) -> None:
    w = make_window()
    w.start()
    home = w.screens[Screen.HOME]
    topics = w.topics()
    assert len(topics) == 7
    for index, page in enumerate(topics):
        tap(home.tiles[index])
        assert w.session.route.page_id == page.id
        assert w.current_screen.isVisible()
        tap(w.nav.home)
        assert w.session.route == HOME


def test_next_topic_walks_what_home_shows_then_home(make_window) -> None:
    """Next follows the Home tiles (About included), as "Topic n of N" counts them."""
    w = make_window()
    w.start()
    w.open_page(w.topics()[0].id)
    shown = [p.id for p in home_pages(w)]
    assert shown[-1] == "about"
    seen = []
    for _ in range(len(shown)):
        seen.append(w.session.route.page_id)
        screen = w.current_screen
        if isinstance(screen, StepsScreen):
            assert screen.page is not None
            for _ in range(len(screen.page.steps)):
                tap(screen.next)
        else:
            tap(screen.pager.next)
    assert seen == shown
    assert w.session.route == HOME


def test_back_retraces_the_path(make_window) -> None:
    w = make_window()
    w.start()
    w.open_page("what-is")
    tap(w.screens[Screen.ARTICLE].pager.next)
    assert w.session.route.page_id == "how-it-helps"
    tap(w.nav.back)
    assert w.session.route.page_id == "what-is"
    tap(w.nav.back)
    assert w.session.route == HOME


def test_one_back_as_a_patient_uses_it(make_window) -> None:
    """The bar's Back is always 'the screen I was on before': steps, Home, help included."""
    w = make_window()
    w.start()
    assert not w.nav.back.isVisible()  # nothing before Home but the welcome screen
    home = w.screens[Screen.HOME]
    tap(home.tiles[[p.id for p in w.topics()].index("session")])
    steps = w.screens[Screen.STEPS]
    tap(steps.next)
    tap(steps.next)
    assert steps.index == 2
    tap(w.nav.back)
    assert steps.index == 1 and steps.title.isVisible()
    tap(w.nav.back)
    assert steps.index == 0
    tap(w.nav.back)
    assert w.session.route == HOME and not w.nav.back.isVisible()
    tap(home.tiles[0])
    tap(w.nav.help)
    tap(w.help.close_button)
    tap(w.nav.home)
    assert w.nav.back.isVisible()  # Home after a page: Back returns to that page
    tap(w.nav.back)
    assert w.session.route.page_id == w.topics()[0].id


def test_steps_next_back_and_swipes(make_window) -> None:
    w, steps = opened(make_window, "session", StepsScreen)
    assert steps.index == 0 and not steps.previous.isVisible()
    tap(steps.next)
    assert steps.index == 1
    tap(steps.previous)
    assert steps.index == 0
    # Mouse drags on the picture (over text that scrolls, kinetic scrolling takes a mouse
    # drag, and offscreen Qt warns about its gesture); touch swipes on the text.
    assert steps.picture is not None
    picture = steps.picture
    centre = picture.rect().center()
    drag(picture, centre + QPoint(300, 0), centre - QPoint(300, 0))  # finger moves left: next
    assert steps.index == 1
    picture = steps.picture
    drag(picture, centre - QPoint(300, 0), centre + QPoint(300, 0))  # finger moves right: back
    assert steps.index == 0
    drag(steps.picture, centre, centre + QPoint(40, 300))  # mostly vertical: not a swipe
    assert steps.index == 0
    viewport = steps.browser.viewport()
    mid = viewport.rect().center()
    touch_swipe(viewport, mid + QPoint(300, 0), mid - QPoint(300, 0))
    assert steps.index == 1
    session = w.pack.page("en", "session")
    assert session is not None and steps.title.text() == session.steps[1].title


def test_language_switch_keeps_place_and_translates(make_window) -> None:
    w = make_window()
    w.start()
    w.open_page("session")
    tap(w.screens[Screen.STEPS].next)
    tap(w.nav.language)
    assert w.session.language == "es"
    steps = w.screens[Screen.STEPS]
    assert steps.title.text() == w.pack.page("es", "session").steps[1].title
    assert w.nav.language.text() == "English"
    assert w.nav.back.accessibleName() == "Atrás"


def test_text_size_and_contrast_change_what_is_drawn(make_window) -> None:
    w = make_window()
    w.start()
    w.open_page("what-is")
    browser = w.screens[Screen.ARTICLE].browser
    assert "body { font-family: \"Atkinson Hyperlegible\"; font-size: 30px" in \
        browser.document().defaultStyleSheet()
    title_before = w.screens[Screen.ARTICLE].title.font().pixelSize()
    tap(w.nav.text_size.segments[2])
    assert w.session.text_size == 2
    # Reading text grows 1.5x; titles and buttons grow less so they still fit.
    assert "font-size: 45px" in browser.document().defaultStyleSheet()
    assert w.screens[Screen.ARTICLE].title.font().pixelSize() > title_before
    tap(w.nav.contrast)
    assert w.session.high_contrast
    assert "#000000" in w.styleSheet()
    assert w.nav.contrast.accessibleName().startswith("High contrast is on")


def test_help_panel_from_every_screen(make_window) -> None:
    w = make_window('[clinic]\nregion = "UK"\ncontact = "Front desk: extension 200"\n')
    for opener in (lambda: None, w.start, lambda: w.open_page("session"),
                   lambda: w.open_page("safety")):
        opener()
        tap(w.nav.help)
        assert w.help.isVisible()
        assert w.help.numbers() == ["116 123", "999"]
        assert w.help.contact.text() == "Front desk: extension 200"
        tap(w.help.close_button)
        assert not w.help.isVisible()


def test_help_panel_us_lines(make_window) -> None:
    w = make_window()
    w.open_help()
    assert w.help.numbers() == ["988", "911"]  # 988 once; veterans press 1 in its line
    texts = " ".join(label.text() for label in w.help.findChildren(type(w.help.title)))
    assert "838\u00a0255" in texts and "press 1" in texts and "front desk" in texts


class Catcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_tapping_an_outside_link_opens_nothing(make_window) -> None:
    """Content never carries one (the renderer drops them); if one slipped in, a tap is inert."""
    catcher = Catcher()
    for scheme in ("http", "https", "mailto", "file"):
        # PySide6 takes the slot name as str at run time; its stubs say bytes.
        QDesktopServices.setUrlHandler(scheme, catcher, "handle")  # type: ignore[arg-type]
    try:
        w = make_window()
        w.start()
        w.open_page("what-is")
        browser = w.screens[Screen.ARTICLE].browser
        urls = ("https://example.com", "http://x", "mailto:a@b.c", "file:///etc/passwd")
        QApplication.processEvents()  # the first frame's re-render is done
        browser.setHtml("".join(f'<p><a href="{url}">link number {n}</a></p>'
                                for n, url in enumerate(urls)))
        for url in urls:
            tap_link(browser, url)
        assert catcher.urls == []
        assert w.session.route.page_id == "what-is"
        assert browser.toPlainText().startswith("link number 0")  # the page was not blanked
    finally:
        for scheme in ("http", "https", "mailto", "file"):
            QDesktopServices.unsetUrlHandler(scheme)


def test_tapping_an_internal_link_opens_that_page(make_window) -> None:
    w = make_window()
    w.start()
    w.open_page("what-is")
    tap_link(w.screens[Screen.ARTICLE].browser, "kiosk:page/availability")
    assert w.session.route.page_id == "availability"
    tap(w.nav.back)  # One Back: the link's page leads back to the page with the link
    assert w.session.route.page_id == "what-is"


def test_checklist_builds_questions_and_qr(make_window) -> None:
    w, screen = opened(make_window, "safety", ScreeningScreen)
    assert not screen.jump.isVisible()
    tap(screen.list_tab)
    assert screen.items[0].isVisible()
    tap(screen.items[2])
    touch_tap(screen.items[0])
    page = w.pack.page("en", "safety")
    assert screen.chosen_questions() == [page.checklist[0].question, page.checklist[2].question]
    assert page.checklist[2].question in screen.questions.text()
    assert screen.jump.isVisibleTo(screen) and screen.jump.text() == "My list (2)"
    assert screen.items[0].accessibleName().endswith("Selected")
    screen.list_scroll.ensureWidgetVisible(screen.clear_button)  # a finger scrolls to it
    tap(screen.clear_button)
    assert screen.chosen_questions() == []


def test_checklist_never_decides_eligibility(bundled_pack) -> None:
    for lang in bundled_pack.languages:
        for page in bundled_pack.ordered(lang):
            text = page.text.lower() + " ".join(
                i.label + i.question for i in page.checklist).lower()
            assert "eligible" not in text and "elegible" not in text, page.path
