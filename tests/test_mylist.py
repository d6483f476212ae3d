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
