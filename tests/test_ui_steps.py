"""The step-through a patient can see: a picture on every step, phases that jump,
dots under their phases, and a last button that names where it goes."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from kiosk.content import Page
from kiosk.session import Screen
from kiosk.ui.diagrams import IllustrationWidget
from kiosk.ui.layout_judge import targets, too_close
from kiosk.ui.picture_blocks import FittedPicture
from kiosk.ui.screens.steps import StepsScreen
from kiosk.ui.window import KioskWindow
from tests.uihelp import tap


def _steps(make_window, size: tuple[int, int] = (1920, 1080), lang: str = "en",
           text_size: int = 0, contrast: bool = False) -> tuple[KioskWindow, StepsScreen]:
    w = make_window(size=size)
    w.start(lang)
    for _ in range(text_size):
        w.cycle_text_size()
    if contrast:
        w.toggle_contrast()
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


def _walk(steps: StepsScreen, page: Page) -> Iterator[int]:
    """Each step in turn, tapping Next as a patient would."""
    for index in range(len(page.steps)):
        assert steps.index == index
        QApplication.processEvents()
        yield index
        if index < len(page.steps) - 1:
            tap(steps.next)


def test_portrait_every_step_control_is_in_the_lower_two_thirds(make_window) -> None:
    # Reach (issue #12): phase labels, Add to my list, Listen, Previous/Next, every step.
    for size, text_size in (((1080, 1920), 0), ((800, 1280), 2)):
        w, steps = _steps(make_window, size, text_size=text_size)
        for index in _walk(steps, session(w)):
            found = targets(steps, "steps")
            assert len(found) >= 5, index  # four phases and Next at least
            for target in found:
                assert target.rect.top() > w.height() / 3, (size, index, target.name)


def test_no_two_step_targets_are_closer_than_16_px(make_window) -> None:
    for size, lang, text_size in (((800, 1280), "es", 2), ((1366, 768), "en", 1),
                                  ((1280, 800), "es", 2)):
        w, steps = _steps(make_window, size, lang, text_size)
        for index in _walk(steps, session(w)):
            assert too_close(targets(steps, "steps")) == [], (size, index)


def test_step_words_fit_without_scrolling_at_normal_text(make_window, qtbot) -> None:
    # "More below" on a step of a few sentences was a box too small for its words.
    for size in ((1920, 1080), (1080, 1920)):
        for lang in ("en", "es"):
            w, steps = _steps(make_window, size, lang)
            bar = steps.browser.verticalScrollBar()
            for index in _walk(steps, session(w)):
                qtbot.waitUntil(lambda s=steps: s.word_px >= s.base_px())
                assert bar.maximum() == 0, (size, lang, index)
                assert not steps.hint.label.isVisible()


def test_short_step_words_grow_to_fill_their_box(make_window, qtbot) -> None:
    w, steps = _steps(make_window)
    page = session(w)
    short = min(range(len(page.steps)), key=lambda i: len(page.steps[i].text))
    tap(steps.phases.buttons[page.phases.index(page.steps[short].phase)])
    while steps.index < short:
        tap(steps.next)
    qtbot.waitUntil(lambda: steps.word_px > steps.base_px())
    assert steps.browser.verticalScrollBar().maximum() == 0  # larger, and still whole


def test_illustration_has_no_letterbox_in_high_contrast(make_window) -> None:
    # The light-grey band round a dark illustration looked broken.
    w, steps = _steps(make_window, (1080, 1920), contrast=True)
    for _ in _walk(steps, session(w)):
        picture = steps.picture
        assert picture is not None
        if isinstance(picture.picture, IllustrationWidget):
            break
    else:
        raise AssertionError("no step with an illustration")
    # What the patient sees at the picture's corners (outside its rounded backdrop).
    image = w.grab(QRect(picture.mapTo(w, QPoint(0, 0)), picture.size())).toImage()
    background = QColor(w.colours.background).name()
    for x, y in ((1, 1), (image.width() - 2, 1), (1, image.height() - 2)):
        assert image.pixelColor(x, y).name() == background, (x, y)


def test_listen_sits_under_the_words_in_reach(make_window, qtbot) -> None:
    # Listen at the foot of the words (as on an article), never up by the picture.
    w = make_window('[kiosk]\nspeech_engine = "mock"\n', size=(800, 1280))
    qtbot.waitUntil(lambda: w.reader.tried, timeout=20_000)
    w.start()
    w.cycle_text_size()
    w.cycle_text_size()
    w.open_page("session")
    steps = w.screens[Screen.STEPS]
    assert isinstance(steps, StepsScreen)
    for index in _walk(steps, session(w)):
        listen = steps.listen.button
        assert listen.isVisible(), index
        top = listen.mapTo(w, QPoint(0, 0)).y()
        assert top > w.height() / 3, index
        assert top >= steps.browser.mapTo(w, steps.browser.rect().bottomLeft()).y(), index
        assert too_close(targets(steps, "steps")) == [], index


def test_phase_labels_stay_put_from_step_to_step(make_window) -> None:
    # A label that moves or changes size between steps is missed by the finger.
    for size, lang in (((1920, 1080), "en"), ((1280, 800), "es")):
        w, steps = _steps(make_window, size, lang, text_size=1)
        places = set()
        for _ in _walk(steps, session(w)):
            places.add(tuple((b.mapTo(w, QPoint(0, 0)).toTuple(), b.size().toTuple(),
                              b.font().pixelSize()) for b in steps.phases.buttons))
        assert len(places) == 1, size


def test_portrait_words_that_scroll_anyway_get_a_larger_picture(make_window, qtbot) -> None:
    # Issue #13: a quarter-height picture beside words that scroll anyway left a bare
    # band on both sides of it; the picture now takes more of the height (less where the
    # step's question card needs the room).
    w, steps = _steps(make_window, (800, 1280), text_size=2, contrast=True)
    bar = steps.browser.verticalScrollBar()
    scrolled = 0
    for _ in _walk(steps, session(w)):
        qtbot.waitUntil(lambda s=steps: s.picture is not None and s.picture.height() > 100)
        QApplication.processEvents()
        picture = steps.picture
        assert picture is not None
        if bar.maximum() > 0 and isinstance(picture.picture, IllustrationWidget) \
                and not steps.question.isVisible():
            scrolled += 1
            assert picture.height() > steps.area().height() * 0.25 + 10
            assert picture.overflow == []
    assert scrolled >= 2


def test_short_step_words_grow_past_their_text_size_cap_but_not_past_the_title(
        make_window, qtbot) -> None:
    # Issue #13: on a large screen a short step's words stopped at 1.4x and left a bare
    # band; they may grow to the screen's reading size, never larger than the title.
    w, steps = _steps(make_window, (2560, 1440))
    grown = []
    for _ in _walk(steps, session(w)):
        qtbot.waitUntil(lambda s=steps: s.word_px >= s.base_px())
        QApplication.processEvents()
        assert steps.word_px < steps.title.fontInfo().pixelSize()
        assert steps.browser.verticalScrollBar().maximum() == 0
        grown.append(steps.word_px)
    assert max(grown) > int(steps.base_px() * StepsScreen.GROW)


def test_a_step_question_sits_on_its_card_beside_the_button_that_adds_it(
        make_window, qtbot) -> None:
    # Review: "Add to my list" between Previous and Next did not say which question it adds.
    from kiosk import mylist

    for size in ((1920, 1080), (1080, 1920)):
        w, steps = _steps(make_window, size)
        card, seen = steps.question, 0
        for index in _walk(steps, session(w)):
            question = mylist.step_question(session(w).steps[index])
            assert card.isVisible() == bool(question), index
            if not question:
                continue
            seen += 1
            assert card.question.text() == question
            assert question in card.button.accessibleName()
            # The words box no longer repeats the question: it is read once, on the card.
            assert question not in steps.browser.toPlainText()
            # The card sits under the words, above Previous/Next, inside the words' column.
            words = steps.browser.mapTo(steps, QPoint(0, 0))
            top = card.mapTo(steps, QPoint(0, 0))
            assert top.y() >= words.y() + steps.browser.height() - 1
            assert top.y() + card.height() < steps.next.mapTo(steps, QPoint(0, 0)).y()
            assert abs(top.x() - words.x()) <= 8, (top.x(), words.x())
            qtbot.waitUntil(lambda c=card: c.height() > 0)
            layout = card.layout()
            assert layout is not None
            assert card.height() >= layout.totalMinimumSize().height() - 1  # not cut
            tap(card.button)
            assert question in [e.text for e in mylist.gather(w.session, w.pack)]
            assert card.button.isChecked()
        assert seen == 3


def test_landscape_previous_and_next_sit_under_the_words_and_stay_put(make_window) -> None:
    # The picture's column runs the full height: Previous/Next belong to the words.
    w, steps = _steps(make_window, (1920, 1080))
    places = set()
    for _ in _walk(steps, session(w)):
        lead_right = steps.lead_box.mapTo(steps, QPoint(steps.lead_box.width(), 0)).x()
        nxt = steps.next.mapTo(steps, QPoint(0, 0))
        assert nxt.x() > lead_right
        if steps.previous.isVisible():
            assert steps.previous.mapTo(steps, QPoint(0, 0)).x() > lead_right
        places.add((nxt.x(), nxt.y(), steps.next.width()))
    assert len(places) == 1, places


def test_landscape_session_day_shows_the_whole_day_not_the_strip(make_window) -> None:
    # With the full column height the day's timeline shows every label (issue #13).
    w, steps = _steps(make_window, (1920, 1080))
    days = 0
    for _ in _walk(steps, session(w)):
        picture = steps.picture
        assert picture is not None
        if picture.picture.objectName().endswith("session-day"):
            days += 1
            picture.repaint()
            assert not picture.picture.compact and picture.overflow == []
    assert days == 3


def test_landscape_illustration_panel_spans_its_column_in_its_own_colours(
        make_window, qtbot) -> None:
    # A 16:10 drawing in a tall column left a bare band under it; its panel now runs
    # on in the drawing's own wall colour, and its corners still show the screen.
    for contrast in (False, True):
        w, steps = _steps(make_window, (1920, 1080), contrast=contrast)
        for _ in _walk(steps, session(w)):
            if steps.picture is not None and isinstance(steps.picture.picture,
                                                        IllustrationWidget):
                break
        picture = steps.picture
        assert picture is not None
        drawing = picture.picture
        assert isinstance(drawing, IllustrationWidget)
        qtbot.waitUntil(lambda p=picture: p.height() > 100)
        assert picture.height() > drawing.heightForWidth(picture.width()) + 20
        image = w.grab(QRect(picture.mapTo(w, QPoint(0, 0)), picture.size())).toImage()
        wall = drawing.pixmap(picture.width()).toImage().pixelColor(picture.width() // 2, 2)
        assert image.pixelColor(image.width() // 2, 4).name() == wall.name()
        assert wall.name() != QColor(w.colours.background).name()
        assert image.pixelColor(1, 1).name() == QColor(w.colours.background).name()


def test_portrait_illustration_fills_the_width_with_its_own_edges(make_window, qtbot) -> None:
    # A height-capped drawing in portrait sat small in the middle of the screen; its
    # panel now spans the words' width, each row's edge colour carried out to the sides
    # (no card, no pale letterbox), corners still showing the screen.
    w, steps = _steps(make_window, (800, 1280))
    for _ in _walk(steps, session(w)):
        picture = steps.picture
        if picture is not None and isinstance(picture.picture, IllustrationWidget) \
                and not steps.question.isVisible():
            break
    assert picture is not None and picture.wider
    drawing = picture.picture
    assert isinstance(drawing, IllustrationWidget)
    qtbot.waitUntil(lambda p=picture: p.height() > 100)
    inner = steps.inner_width()
    size = drawing.fit(picture.width(), picture.height())
    assert size.width() < picture.width() - 40  # the drawing alone is narrower ...
    wider = min(inner, int(size.width() * StepsScreen.WIDER))
    assert picture.width() >= wider - 2  # ... its panel is not
    image = w.grab(QRect(picture.mapTo(w, QPoint(0, 0)), picture.size())).toImage()
    background = QColor(w.colours.background).name()
    assert image.pixelColor(1, 1).name() == background
    middle = image.height() // 2
    # The far left of the panel carries the drawing's own left edge, row by row.
    left = (picture.width() - size.width()) // 2
    for y in (middle, image.height() - 30):
        assert image.pixelColor(6, y).name() == image.pixelColor(left + 3, y).name(), y
    assert image.pixelColor(6, middle).name() != background


def test_portrait_session_day_is_the_same_strip_on_each_of_its_steps(make_window) -> None:
    # Review: in portrait step 3 showed the strip and steps 6 and 8 the whole list (the
    # words' length picked); the same picture now keeps one form from step to step.
    w, steps = _steps(make_window, (1080, 1920))
    forms = []
    for _ in _walk(steps, session(w)):
        picture = steps.picture
        assert picture is not None
        if picture.picture.objectName().endswith("session-day"):
            picture.repaint()
            forms.append(picture.picture.compact)
            assert picture.overflow == []
    assert forms == [True, True, True]


def test_first_step_says_how_to_go_on_where_previous_will_be(make_window) -> None:
    # Step 1 has no Previous: its place tells a first-time patient how to go on (the
    # button's own words, and that a swipe works), and Next does not move for it.
    for size, lang in (((1920, 1080), "en"), ((1080, 1920), "es")):
        _, steps = _steps(make_window, size, lang=lang)
        QApplication.processEvents()  # laid out again for the bar this screen has
        hint = steps.start_hint
        assert hint.isVisible() and not steps.previous.isVisible()
        assert steps.next.text() in hint.text()
        hint_at = hint.mapTo(steps, QPoint(0, 0))
        next_at = steps.next.mapTo(steps, QPoint(0, 0))
        tap(steps.next)
        QApplication.processEvents()
        assert not hint.isVisible() and steps.previous.isVisible()
        assert steps.next.mapTo(steps, QPoint(0, 0)) == next_at
        assert abs(steps.previous.mapTo(steps, QPoint(0, 0)).x() - hint_at.x()) <= 2


def test_words_that_scroll_fade_out_over_their_last_line(make_window, qtbot) -> None:
    # Review: a line cut through by the box's edge looked broken. While more is below,
    # the last line fades out (over the words' box only); at the end, or when the words
    # fit, nothing fades.
    w, steps = _steps(make_window, (800, 1280), text_size=2)
    bar = steps.browser.verticalScrollBar()
    faded = 0
    for _ in _walk(steps, session(w)):
        QApplication.processEvents()
        if bar.maximum() <= steps.hint.slack:
            assert not steps.fade.isVisible()
            continue
        faded += 1
        assert steps.fade.isVisible()
        port = steps.browser.viewport().geometry()
        assert steps.fade.geometry().bottom() == port.bottom()
        assert 0 < steps.fade.height() < port.height() // 2
        bar.setValue(bar.maximum())
        assert not steps.fade.isVisible()
    assert faded >= 2
    w2, steps2 = _steps(make_window, (1920, 1080))
    for _ in _walk(steps2, session(w2)):
        QApplication.processEvents()
        assert not steps2.fade.isVisible()
