"""My list and Finish on small screens: a code that reads, in order; no "scan" without one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QWidget

from kiosk import mylist
from kiosk.i18n import Strings
from kiosk.session import Screen
from kiosk.ui.journey import MY_LIST
from tests.test_ui_idle_and_lockdown import read_qr
from tests.uihelp import tap


def at(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def pick_everything(w) -> list[str]:
    """Tick every question the pack offers (the longest list); returns them in list order."""
    return [e.text for e in mylist.pick_everything(w.session, w.pack)]


@pytest.mark.parametrize("size", [(1280, 800), (800, 1280)])
@pytest.mark.parametrize("text_size", [0, 2])
def test_one_question_gets_a_code_that_reads_on_a_small_screen(make_window, size, text_size
                                                                ) -> None:
    w = make_window(size=size)
    w.start("es" if text_size else "en")
    w.set_text_size(text_size)
    w.session.checklist["safety"] = {0}
    w.navigate(MY_LIST)
    screen = w.journey.my_list
    codes = screen.codes
    question = mylist.gather(w.session, w.pack)[0].text
    assert codes.qr.isVisible() and not codes.left_out.isVisible()
    assert read_qr(codes.qr) == f"{w.say('list.heading')}\n1. {question}"
    assert codes.module_px() >= codes.min_module_px() >= 11  # 15 px at 1080p, scaled
    assert w.say("list.scan") in codes.hint.text()
    # Finish offers the same code to scan.
    w.finish()
    finish = w.journey.finish_screen
    assert finish.title.text() == w.say("finish.scan_title") and finish.codes.qr.isVisible()
    assert read_qr(finish.codes.qr).endswith(question)


@pytest.mark.parametrize("size", [(1366, 768), (800, 1280)])
def test_a_long_list_starts_its_first_code_at_question_one(make_window, size) -> None:
    w = make_window(size=size)
    w.start("en")
    questions = pick_everything(w)
    w.navigate(MY_LIST)
    codes = w.journey.my_list.codes
    plan = codes.plan
    assert plan.codes and plan.codes[0].first == 1
    first = read_qr(codes.qr)
    assert first.startswith("My questions") and f"\n1. {questions[0]}\n" in f"{first}\n"
    # The codes follow on from each other; what is left is the end of the list, named.
    held = [n for code in plan.codes for n in range(code.first, code.last + 1)]
    assert held == list(range(1, len(held) + 1))
    assert plan.left_out == list(range(len(held) + 1, len(questions) + 1))
    if plan.left_out:
        assert codes.left_out.isVisible()
        assert codes.left_out.text().startswith(f"Questions {len(held) + 1}-{len(questions)} ")
    for _ in plan.codes[1:]:
        tap(codes.next_code)
        assert read_qr(codes.qr).startswith("(")  # "(2/3)": the heading is on code 1 only


def test_left_out_wording_agrees_with_how_many(strings: Strings) -> None:
    one = strings.tr("en", "list.left_out", numbers="3", count=1)
    assert one.startswith("Question 3 did not fit") and "write it down" in one
    assert strings.tr("en", "list.left_out", numbers="3-5", count=3).startswith(
        "Questions 3-5 did not fit")
    assert strings.tr("es", "list.left_out", numbers="3", count=1).startswith(
        "La pregunta 3 no cupo")
    assert strings.tr("es", "finish.left_out", numbers="3-5", count=3).startswith(
        "Las preguntas 3-5 no cupieron")


def test_without_a_code_nothing_says_scan_and_the_list_shows(make_window, monkeypatch
                                                              ) -> None:
    """A question too long for any code (an odd content pack): plain words and the list."""
    w = make_window(size=(800, 1280))
    w.start("en")
    w.session.checklist["safety"] = {0}
    monkeypatch.setattr(mylist, "plan", lambda _heading, questions, *_args: mylist.QrPlan(
        left_out=list(range(1, len(questions) + 1))))
    w.navigate(MY_LIST)
    screen = w.journey.my_list
    assert not screen.codes.plan.codes and not screen.codes.qr.isVisible()
    assert screen.list_area.isVisible() and "1. Could" in screen.questions.text()
    shown = " ".join(label.text() for label in (screen.note, screen.codes.left_out)
                     if label.isVisible())
    assert "scan" not in shown.lower() and "photo" in shown
    assert "did not fit" not in shown  # no "Questions 1 did not fit": plain words
    screen.codes.toggle_size()  # nothing to enlarge (the code is hidden, yet never a blank page)
    assert not screen.codes.enlarged and screen.list_area.isVisible()
    w.finish()
    finish = w.journey.finish_screen
    assert w.session.route.screen is Screen.FINISH
    visible = [finish.title.text(), finish.note.text()]
    assert not any("scan" in text.lower() for text in visible)
    assert finish.list_area.isVisible() and "1. Could" in finish.questions.text()
    assert finish.clear_button.isVisible()


def test_an_empty_list_leads_to_the_pages_that_fill_it(make_window) -> None:
    w = make_window(size=(1280, 800))
    w.start("en")
    w.navigate(MY_LIST)
    screen = w.journey.my_list
    cards = [c for c in screen.go_cards if c.isVisible()]
    assert [c.accessibleName() for c in cards] == ["Go to: Questions to ask your care team",
                                                   "Go to: Could it be right for me?"]
    assert all(c.height() >= w.metrics.target for c in cards)
    tap(cards[0])
    assert w.session.route.page_id == "questions"
    w.back()
    tap(cards[1])
    assert w.session.route.page_id == "safety"
    # With something on the list, the cards give way to it.
    w.session.checklist["safety"] = {0}
    w.navigate(MY_LIST)
    assert not any(c.isVisible() for c in screen.go_cards)


@pytest.mark.parametrize("size", [(800, 1280), (1080, 1920)])
@pytest.mark.parametrize(("lang", "text_size"), [("en", 0), ("es", 2)])
def test_a_short_list_has_its_code_and_caption_right_under_it(make_window, size, lang,
                                                              text_size) -> None:
    """One question, then its code, then what to do with the code, together: the spare
    room goes below everything, never between the question and its code."""
    w = make_window(size=size)
    w.start(lang)
    w.set_text_size(text_size)
    w.session.checklist["safety"] = {0}
    w.navigate(MY_LIST)
    QApplication.processEvents()
    screen = w.journey.my_list
    last_line, code = at(w, screen.questions).bottom(), at(w, screen.codes.qr)
    near = w.metrics.px(48)
    assert 0 <= code.top() - last_line <= near, (last_line, code)
    caption = at(w, screen.codes.hint)
    assert screen.codes.hint.isVisible() and 0 <= caption.top() - code.bottom() <= near
    # What is left is below the caption (a blank band above the bar, not inside the list).
    assert at(w, screen).bottom() - caption.bottom() > near
    # A long list still takes all the room there is, and scrolls.
    pick_everything(w)
    screen.refresh()
    QApplication.processEvents()
    assert screen.list_area.verticalScrollBar().maximum() > 0
    words = [label for label in (screen.codes.hint, screen.codes.left_out) if label.isVisible()]
    assert at(w, screen).bottom() - max(at(w, label).bottom() for label in words) <= near
