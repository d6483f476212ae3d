"""Content packs: the bundled pack is clean, and each kind of broken pack is caught."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kiosk.check import quality
from kiosk.content import ContentPack, load_pack, parse_front_matter
from kiosk.paths import assets_dir
from kiosk.render import INTERNAL_SCHEME

FRONT = """---
id: {id}
title: {title}
kind: {kind}
order: {order}
tile: {title}
reviewed: 2026-11-01
sources:
  - Mitchell JM et al. Nature Medicine 2021 (MAPP1)
{extra}---
"""


def page(page_id: str, body: str, kind: str = "article", order: int = 1, extra: str = "",
         title: str = "A page") -> str:
    return FRONT.format(id=page_id, title=title, kind=kind, order=order, extra=extra) + body


def make_pack(root: Path, files: dict[str, str]) -> ContentPack:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_pack(root, assets_dir())


def messages(pack: ContentPack) -> str:
    return "\n".join(str(p) for p in pack.problems)


def test_bundled_pack_has_no_problems(bundled_pack: ContentPack) -> None:
    assert bundled_pack.problems == []
    assert bundled_pack.languages == ["en", "es"]
    for lang in bundled_pack.languages:
        kinds = {p.kind for p in bundled_pack.ordered(lang)}
        assert kinds == {"article", "steps", "screening"}
    assert set(bundled_pack.pages["en"]) == set(bundled_pack.pages["es"])


def test_bundled_pages_meet_reading_levels(bundled_pack: ContentPack) -> None:
    lines, problems = quality(bundled_pack, today=dt.date(2026, 11, 29))
    assert [p for p in problems if not p.warning] == []
    assert len(lines) == 18  # 9 pages in each language, "Need a moment" included
    assert all("Flesch-Kincaid" in line or "Fernandez-Huerta" in line for line in lines)


def test_session_step_through_has_the_session_day_timeline(bundled_pack: ContentPack) -> None:
    session = bundled_pack.page("en", "session")
    assert session is not None and session.kind == "steps"
    assert len(session.phases) == 4
    day = [s for s in session.steps if s.phase == session.phases[1]]
    assert len(day) >= 6
    assert all(step.when for step in day)


def test_front_matter_lists_and_errors() -> None:
    front = parse_front_matter("---\nid: a\nsources:\n  - one\n  - two\n---\nBody")
    assert front.values["sources"] == ["one", "two"]
    assert front.item_lines["sources"] == [4, 5]
    assert front.problems == [] and front.body == "Body" and front.body_line == 7
    broken = parse_front_matter("---\nid: a\nsources:\n  - one\nbad line\n---\nBody")
    assert broken.problems and broken.problems[0][0] == 5
    assert "not valid YAML" in broken.problems[0][1]


def test_raw_html_is_escaped_and_reported(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": page("a", "Hello <script>alert(1)</script> "
                                                 "<b>bold</b>\n\n<div>block</div>\n")})
    html = pack.pages["en"]["a"].html
    assert "<script>" not in html and "<b>" not in html and "<div>" not in html
    assert "&lt;script&gt;" in html and "&lt;div&gt;" in html
    assert "raw HTML is not allowed" in messages(pack)


@pytest.mark.parametrize("href", ["https://example.com", "http://x.org", "mailto:a@b.c",
                                  "file:///etc/passwd", "//evil.example", "javascript:alert(1)"])
def test_outside_links_become_plain_text(tmp_path: Path, href: str) -> None:
    pack = make_pack(tmp_path, {"en/a.md": page("a", f"See [this]({href}).\n")})
    html = pack.pages["en"]["a"].html
    assert "href" not in html and "this" in html
    assert "outside link not allowed" in messages(pack)
    assert "a.md:11:" in messages(pack)  # the body line is named


def test_internal_links_point_at_kiosk_pages(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": page("a", "Go to [b](b) or [b again](b.md).\n"),
                                "en/b.md": page("b", "Page b.\n", order=2)})
    assert pack.problems == []
    assert pack.pages["en"]["a"].html.count(f'href="{INTERNAL_SCHEME}b"') == 2


def test_broken_internal_link(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": page("a", "Go to [nowhere](nowhere).\n")})
    assert "link to an unknown page: nowhere" in messages(pack)


def test_missing_image_and_bundled_image(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": page("a", "![gone](images/gone.png)\n\n"
                                                 "![icon](icons/home.svg)\n")})
    assert "missing image: images/gone.png" in messages(pack)
    html = pack.pages["en"]["a"].html
    assert "file://" in html and "home.svg" in html  # resolved from assets/


def test_image_outside_the_pack_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(b"x")
    pack = make_pack(tmp_path / "pack", {"en/a.md": page("a", "![x](../../secret.png)\n")})
    assert "missing image" in messages(pack)


def test_missing_and_unknown_keys(tmp_path: Path) -> None:
    text = "---\nid: a\ntitle: T\nkind: article\ncolour: red\n---\nBody\n"
    pack = make_pack(tmp_path, {"en/a.md": text})
    found = messages(pack)
    for key in ("order", "tile", "reviewed", "sources"):
        assert f"missing front-matter key '{key}'" in found
    assert "unknown front-matter key 'colour'" in found
    assert "a.md:5:" in found


def test_duplicate_ids(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": page("a", "One.\n"), "en/b.md": page("a", "Two.\n")})
    assert "duplicate id 'a'" in messages(pack)


def test_language_missing_a_page(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": page("a", "One.\n"),
                                "en/b.md": page("b", "Two.\n", order=2),
                                "es/a.md": page("a", "Uno.\n")})
    assert "page 'b' exists in another language but not here" in messages(pack)


def test_empty_page_and_bad_kind(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": page("a", "\n"),
                                "en/b.md": page("b", "x\n", kind="video", order=2)})
    found = messages(pack)
    assert "page has no text" in found
    assert "kind 'video' is not one of" in found
    assert "b" not in pack.pages["en"]


def test_no_front_matter(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": "# Just a heading\n"})
    assert "no front matter" in messages(pack)


def test_steps_need_phases_and_steps(tmp_path: Path) -> None:
    body = "Loose text\n# Phase one\n## First | Morning\nDo this.\n## Second\nThen that.\n"
    pack = make_pack(tmp_path, {"en/s.md": page("s", body, kind="steps")})
    steps = pack.pages["en"]["s"].steps
    assert [(s.phase, s.title, s.when) for s in steps] == [
        ("Phase one", "First", "Morning"), ("Phase one", "Second", "")]
    assert "text outside a step" in messages(pack)


def test_checklist_items(tmp_path: Path) -> None:
    extra = "checklist:\n  - I have X :: Does X matter?\n  - broken item\n"
    pack = make_pack(tmp_path, {"en/s.md": page("s", "Info.\n", kind="screening", extra=extra)})
    items = pack.pages["en"]["s"].checklist
    assert [(i.label, i.question) for i in items] == [("I have X", "Does X matter?")]
    assert "checklist item needs 'label :: question'" in messages(pack)


def test_stale_review_date_is_a_warning(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": page("a", "You can ask your care team.\n")})
    _, problems = quality(pack, today=dt.date(2028, 1, 1))
    assert problems and all(p.warning for p in problems)
    assert "more than 12 months ago" in str(problems[0])


def test_hard_reading_level_is_an_error(tmp_path: Path) -> None:
    hard = ("Pharmacological intervention utilising methylenedioxymethamphetamine "
            "necessitates comprehensive psychotherapeutic contextualisation, "
            "notwithstanding considerable methodological heterogeneity.\n")
    pack = make_pack(tmp_path, {"en/a.md": page("a", hard)})
    _, problems = quality(pack, today=dt.date(2026, 11, 27))
    assert any("reading level too hard" in str(p) and not p.warning for p in problems)


def test_missing_folder(tmp_path: Path) -> None:
    pack = load_pack(tmp_path / "nope")
    assert "content folder not found" in messages(pack)
