"""The step-through a patient can see: a picture on every step, phases that jump,
dots under their phases, and a last button that names where it goes."""

from __future__ import annotations

from kiosk.content import Page
from kiosk.session import Screen
from kiosk.ui.picture_blocks import FittedPicture
from kiosk.ui.screens.steps import StepsScreen
from kiosk.ui.window import KioskWindow
from tests.uihelp import tap


def _steps(make_window, size: tuple[int, int] = (1920, 1080)) -> tuple[KioskWindow, StepsScreen]:
    w = make_window(size=size)
    w.start()
    w.open_page("session")
    steps = w.screens[Screen.STEPS]
    assert isinstance(steps, StepsScreen)
    return w, steps


def session(w: KioskWindow) -> Page:
    page = w.pack.page("en", "session")
    assert page is not None
    return page


def test_every_step_shows_its_picture_whole_in_both_orientations(make_window, qtbot) -> None:
    for size in ((1920, 1080), (1080, 1920)):
        w, steps = _steps(make_window, size)
        page = session(w)
        names = []
        for index in range(len(page.steps)):
            assert steps.index == index
            picture = steps.picture
            assert isinstance(picture, FittedPicture) and picture.isVisible()
            qtbot.waitUntil(lambda p=picture: p.height() > 100)
            picture.repaint()
            assert picture.overflow == [], (index, picture.overflow)
            assert picture.accessibleName()  # its words, for screen readers
            names.append(picture.picture.objectName())
            if size[1] > size[0]:  # portrait: picture above the words
                assert picture.geometry().bottom() < steps.browser.geometry().top()
            else:  # landscape: beside them
                assert picture.geometry().right() < steps.browser.mapTo(
                    steps, steps.browser.rect().topLeft()).x()
            if index < len(page.steps) - 1:
                tap(steps.next)
        assert len(set(names)) >= 7  # five illustrations, the calendar and the day


def test_phase_label_jumps_to_the_first_step_of_its_phase(make_window) -> None:
    w, steps = _steps(make_window)
    page = session(w)
    integration = page.phases[2]
    button = next(b for b in steps.phases.buttons if b.accessibleName() == integration)
    tap(button)
    first = next(i for i, s in enumerate(page.steps) if s.phase == integration)
    assert steps.index == first and steps.title.text() == page.steps[first].title
    tap(steps.phases.buttons[0])
    assert steps.index == 0


def test_dots_sit_under_their_own_phase(make_window) -> None:
    w, steps = _steps(make_window)
    page = session(w)
    counts = [d.count for d in steps.phases.dots if d.isVisible()]
    assert counts == [len([s for s in page.steps if s.phase == p]) for p in page.phases]
    for button, dots in zip(steps.phases.buttons, steps.phases.dots, strict=True):
        if button.isVisible():
            assert abs(button.geometry().center().x() - dots.geometry().center().x()) <= 2


def test_last_step_button_names_the_next_topic(make_window) -> None:
    w, steps = _steps(make_window)
    page = session(w)
    after = w.navigator.neighbours("session").next
    assert after is not None
    tap(steps.phases.buttons[len(page.phases) - 1])
    assert steps.index == len(page.steps) - 1
    assert after.tile in steps.next.accessibleName()
    tap(steps.next)
    assert w.session.route.page_id == after.id


def test_portrait_controls_are_in_the_lower_two_thirds(make_window) -> None:
    w, steps = _steps(make_window, (1080, 1920))
    for control in (*[b for b in steps.phases.buttons if b.isVisible()], steps.next,
                    steps.previous):
        top = control.mapTo(w, control.rect().topLeft()).y()
        assert top > w.height() / 3, control.objectName()
