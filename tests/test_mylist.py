"""My list (Qt-free): one list from every source, and QR codes a phone can read."""

from __future__ import annotations

import numpy as np
import pytest
import zxingcpp

from kiosk import mylist
from kiosk.content import ContentPack
from kiosk.session import PatientSession


def decode(matrix: list[list[bool]], scale: int = 4) -> str:
    """What a phone camera reads from the code, drawn in black and white."""
    image = np.array([[0 if dark else 255 for dark in row] for row in matrix], dtype=np.uint8)
    image = np.kron(image, np.ones((scale, scale), dtype=np.uint8))
    found = zxingcpp.read_barcodes(image)
    assert found, "no QR code found"
    return str(found[0].text)


def test_list_gathers_checklist_questions_page_and_steps(bundled_pack: ContentPack) -> None:
    session = PatientSession(language="en")
    session.toggle_item("safety", 0)
    session.toggle_item("questions", 2)
    steps = next(p for p in bundled_pack.ordered("en") if p.kind == "steps")
    index = next(i for i, s in enumerate(steps.steps) if mylist.step_question(s))
    assert mylist.toggle_step(session, steps, index)
    entries = mylist.gather(session, bundled_pack)
    assert {e.page_id for e in entries} == {"safety", "questions", steps.id}
    safety = bundled_pack.page("en", "safety")
    assert safety is not None and entries[0].text == safety.checklist[0].question
    # The same picks read in Spanish: same items, Spanish words.
    session.language = "es"
    spanish = mylist.gather(session, bundled_pack)
    assert [(e.page_id, e.index) for e in spanish] == [(e.page_id, e.index) for e in entries]
    assert spanish[0].text != entries[0].text
    assert not mylist.toggle_step(session, steps, index)
    mylist.clear(session)
    assert mylist.gather(session, bundled_pack) == []


@pytest.mark.parametrize("lang", ["en", "es"])
def test_qr_plan_decodes_at_every_list_length(bundled_pack: ContentPack, lang: str) -> None:
    """From one question to every question the pack has: the codes always read back,
    modules are whole pixels of at least 4 mm, and nothing is silently dropped."""
    questions = mylist.longest_list(bundled_pack, lang)
    assert len(questions) >= 19  # safety checklist + Questions to ask + steps
    side = 855
    for length in range(1, len(questions) + 1):
        asked = questions[:length]
        plan = mylist.plan("My questions", asked, side)
        assert plan.codes, f"no code at {length} questions"
        assert 1 <= len(plan.codes) <= mylist.MAX_CODES
        assert plan.module_px(side) >= mylist.MIN_MODULE_PX
        assert plan.module_px(side) * mylist.MM_PER_PX >= 4.0
        held: list[int] = []
        for code in plan.codes:
            text = decode(code.matrix)
            assert text == code.text
            for n in range(code.first, code.last + 1):
                assert f"{n}. {asked[n - 1]}" in text
            held.extend(range(code.first, code.last + 1))
        assert sorted(held + plan.left_out) == list(range(1, length + 1))


def test_a_screen_too_small_for_any_code_says_so_instead_of_failing() -> None:
    plan = mylist.plan("My questions", ["Is it safe for me?"], side_px=200)
    assert plan.codes == [] and plan.left_out == [1]
    assert mylist.plan("My questions", [], 855).codes == []


@pytest.mark.parametrize("side", [620, 740, 855])
def test_codes_hold_the_list_in_order_from_question_one(bundled_pack: ContentPack,
                                                         side: int) -> None:
    """A small square: code 1 holds 1-k, code 2 k+1-..., and only the end is left out
    (before, long early questions were skipped and a later short one took code 1)."""
    questions = mylist.longest_list(bundled_pack, "en")
    plan = mylist.plan("My questions", questions, side, module_px=11)
    assert plan.codes and plan.codes[0].first == 1
    held = [n for code in plan.codes for n in range(code.first, code.last + 1)]
    assert held == list(range(1, len(held) + 1))
    assert plan.left_out == list(range(len(held) + 1, len(questions) + 1))
    assert f"1. {questions[0]}" in decode(plan.codes[0].matrix)


def test_side_for_the_first_question_is_enough_for_it(bundled_pack: ContentPack) -> None:
    longest = max(mylist.longest_list(bundled_pack, "es"), key=len)
    side = mylist.side_for("Mis preguntas", longest, module_px=11)
    assert side % 11 == 0
    plan = mylist.plan("Mis preguntas", [longest, "¿Y después?"], side, module_px=11)
    assert plan.codes and plan.codes[0].first == 1
    assert f"Mis preguntas (1/2)\n1. {longest}" == decode(plan.codes[0].matrix)


def test_a_question_too_long_for_a_code_never_lets_a_later_one_jump_ahead() -> None:
    questions = ["Is it safe for me?", "W" * 300 + "?", "And after?"]
    plan = mylist.plan("My questions", questions, 620, module_px=11)
    assert [(c.first, c.last) for c in plan.codes] == [(1, 1)]
    assert plan.left_out == [2, 3]
