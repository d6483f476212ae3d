"""Pictures pages ask for: declared in Markdown, checked by `kiosk check` (no Qt here)."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk.content import ContentPack, load_pack
from kiosk.diagrams import Timeline, load_diagrams
from kiosk.paths import assets_dir
from kiosk.pictures import page_picture_problems
from kiosk.render import DiagramBlock, ImageBlock

BUNDLED = Path(__file__).resolve().parent.parent / "content"


def copy_pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(BUNDLED, root)
    return root


def test_every_bundled_step_has_a_picture_and_five_pages_have_one(
        bundled_pack: ContentPack) -> None:
    assert page_picture_problems(bundled_pack) == []
    for lang in bundled_pack.languages:
        session = bundled_pack.page(lang, "session")
        assert session is not None and 8 <= len(session.steps) <= 10
        for step in session.steps:
            assert any(isinstance(b, DiagramBlock | ImageBlock) for b in step.blocks), step.title
        with_pictures = [p.id for p in bundled_pack.ordered(lang) if any(
            isinstance(b, DiagramBlock | ImageBlock) for b in p.blocks) or p.steps]
        assert len(with_pictures) >= 5


def test_when_labels_are_points_in_time(bundled_pack: ContentPack) -> None:
    session = bundled_pack.page("en", "session")
    assert session is not None
    whens = [s.when for s in session.steps]
    assert "Hour 0" in whens and "That night" in whens and "Next day" in whens
    assert not any(w.startswith(("During", "About")) for w in whens)


def test_diagram_here_is_read_from_the_markdown(bundled_pack: ContentPack) -> None:
    session = bundled_pack.page("en", "session")
    assert session is not None
    blocks = [b for s in session.steps for b in s.blocks if isinstance(b, DiagramBlock)]
    assert DiagramBlock("session-day", "", "dose-1") in blocks
    assert DiagramBlock("course-calendar", "", "after") in blocks


def test_timeline_stops_name_each_moment() -> None:
    day = load_diagrams(BUNDLED, ["en", "es"]).get("session-day")
    assert isinstance(day, Timeline)
    # Rest, talk and checks run from the first dose (hour 0), so they come before the
    # optional second dose (hours 1.5-2), as on the steps.
    assert day.stops()[:3] == ["arrive", "dose-1", "rest"]
    assert {"dose-2", "end", "home"} <= set(day.stops())


def test_check_names_a_wrong_here_and_a_step_without_picture(tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    page = root / "en" / "session.md"
    text = page.read_text(encoding="utf-8")
    text = text.replace("diagram:session-day#dose-1", "diagram:session-day#lunch")
    text = text.replace("![](images/overnight.svg)", "")
    page.write_text(text, encoding="utf-8")
    found = [str(p) for p in page_picture_problems(load_pack(root, assets_dir()))]
    assert any("session.md:" in f and "'session-day#lunch': unknown 'you are here'" in f
               and "dose-1" in f and ": error:" in f for f in found), found
    assert any("step 'Staying the night' has no picture" in f and ": warning:" in f
               for f in found), found


def test_check_names_a_picture_without_alt_text(tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    shutil.copy(root / "images" / "room.svg", root / "images" / "extra.svg")
    page = root / "en" / "what-is.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![](images/extra.svg)\n",
                    encoding="utf-8")
    found = [str(p) for p in page_picture_problems(load_pack(root, assets_dir()))]
    assert any("extra.svg has no alt text" in f for f in found), found
