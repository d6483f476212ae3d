"""What an author writes either works or gets a file:line error; hostile packs cost one page."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from kiosk import content
from kiosk.check import qr_problems, quality, run_check
from kiosk.content import ContentPack, load_pack
from kiosk.paths import assets_dir
from kiosk.render import DiagramBlock, ImageBlock, TextBlock
from kiosk.runtime import load_runtime
from tests.test_content import make_pack, messages, page

GLOSSARY = """\
- term: placebo
  also: [placebos, dummy pill]
  definition: A look-alike pill or drink with no medicine in it.
- term: Phase 3 trial
  definition: A big study that is one of the last steps before a medicine may be approved.
"""


def raw(front: str, body: str = "Some words.\n") -> str:
    return f"---\n{front}---\n{body}"


BASE = ("id: a\ntitle: A page\nkind: article\norder: 1\ntile: A page\n"
        "reviewed: 2026-11-01\n")


def test_one_line_sources_and_checklist_work(tmp_path: Path) -> None:
    front = (BASE.replace("kind: article", "kind: screening")
             + "sources: Mitchell JM et al. 2021\n"
             + "checklist: \"I have X :: Does X matter?\"\n")
    pack = make_pack(tmp_path, {"en/a.md": raw(front)})
    found = pack.pages["en"]["a"]
    assert found.sources == ["Mitchell JM et al. 2021"]
    assert [(i.label, i.question) for i in found.checklist] == [("I have X", "Does X matter?")]
    assert pack.errors == []


def test_checklist_unquoted_and_mapping_forms(tmp_path: Path) -> None:
    front = (BASE.replace("kind: article", "kind: screening") + "sources: [a, b]\n"
             + "checklist:\n  - I have X :: Does X matter?\n"
             + "  - label: I have Y\n    question: 'Does Y: matter?'\n")
    pack = make_pack(tmp_path, {"en/a.md": raw(front)})
    found = pack.pages["en"]["a"]
    assert found.sources == ["a", "b"]
    assert [(i.label, i.question) for i in found.checklist] == [
        ("I have X", "Does X matter?"), ("I have Y", "Does Y: matter?")]


def test_quotes_work_and_a_broken_quote_names_its_line(tmp_path: Path) -> None:
    front = BASE.replace("title: A page", 'title: "Is it safe?" ') + "sources:\n  - 'one'\n"
    pack = make_pack(tmp_path, {"en/a.md": raw(front)})
    assert pack.pages["en"]["a"].title == "Is it safe?"
    broken = BASE.replace("tile: A page", 'tile: "A page') + "sources:\n  - one\n"
    pack = make_pack(tmp_path / "b", {"en/a.md": raw(broken)})
    assert "not valid YAML" in messages(pack)
    assert "a.md:6:" in messages(pack)  # the line with the open quote


def test_values_stay_strings_and_duplicates_are_named(tmp_path: Path) -> None:
    front = BASE.replace("order: 1", "order: 01") + "sources:\n  - one\ntitle: Again\n"
    pack = make_pack(tmp_path, {"en/a.md": raw(front)})
    assert pack.pages["en"]["a"].order == 1 and pack.pages["en"]["a"].title == "A page"
    assert "a.md:10: error: key 'title' appears twice" in messages(pack)


def test_anchors_and_deep_yaml_are_refused(tmp_path: Path) -> None:
    bomb = BASE + "sources: &x [a, a]\nsubtitle: *x\n"
    pack = make_pack(tmp_path, {"en/a.md": raw(bomb)})
    assert "anchors and aliases" in messages(pack) and "a.md:8:" in messages(pack)
    deep = BASE + "sources: " + "[" * 200 + "]" * 200 + "\n"
    pack = make_pack(tmp_path / "d", {"en/a.md": raw(deep)})
    assert "nested too deeply" in messages(pack)


def test_byte_order_mark_is_accepted_and_reported(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": "\ufeff" + page("a", "Hello.\n")})
    assert "a" in pack.pages["en"]
    assert pack.errors == []
    assert "byte-order mark" in messages(pack)


def test_unknown_icon_is_an_error_and_not_loaded(tmp_path: Path) -> None:
    pack = make_pack(tmp_path, {"en/a.md": page("a", "Hi.\n", extra="icon: ../..\n"),
                                "en/b.md": page("b", "Hi.\n", order=2, extra="icon: shield\n")})
    assert "unknown icon '../..'" in messages(pack)
    assert pack.pages["en"]["a"].icon == "" and pack.pages["en"]["b"].icon == "shield"


def test_review_date_in_the_future(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.md").write_text(page("a", "Hi.\n"), encoding="utf-8")
    pack = load_pack(tmp_path, assets_dir(), today=dt.date(2026, 10, 1))
    assert "reviewed 2026-11-01 is in the future" in messages(pack)
    assert load_pack(tmp_path, assets_dir(), today=dt.date(2026, 11, 1)).errors == []


def test_hidden_bidi_and_zero_width_characters(tmp_path: Path) -> None:
    body = "Call \u202e911\u202c now.\n\nA zero\u200bwidth space.\n\nA joiner \u200d here.\n"
    pack = make_pack(tmp_path, {"en/a.md": page("a", body)})
    found = messages(pack)
    assert "a.md:11: error: hidden character" in found and "RIGHT-TO-LEFT OVERRIDE" in found
    assert "a.md:13: error: hidden character" in found and "ZERO WIDTH SPACE" in found
    assert "a.md:15: warning: hidden character" in found


def test_checklist_too_long_for_the_qr_code(tmp_path: Path) -> None:
    long_items = "".join(f"  - Item {n} :: {'Why does this long question matter? ' * 8}\n"
                         for n in range(12))
    pack = make_pack(tmp_path, {"en/s.md": page("s", "Info.\n", kind="screening",
                                                extra="checklist:\n" + long_items)})
    problems = qr_problems(pack, lambda lang: "Questions")
    assert problems and "QR code" in str(problems[0]) and not problems[0].warning
    short = make_pack(tmp_path / "ok", {"en/s.md": page("s", "Info.\n", kind="screening",
                                                        extra="checklist:\n  - A :: B?\n")})
    assert qr_problems(short, lambda lang: "Questions") == []


def test_deeply_nested_list_costs_only_that_page(tmp_path: Path) -> None:
    nested = "".join("    " * level + "- item\n" for level in range(249))
    started = time.perf_counter()
    pack = make_pack(tmp_path, {"en/a.md": page("a", nested),
                                "en/b.md": page("b", "Fine.\n", order=2)})
    assert time.perf_counter() - started < 2
    assert "a" not in pack.pages["en"] and "b" in pack.pages["en"]
    assert "left out" in messages(pack)  # 125 KB: over the page size limit already
    indented = "".join("    " * level + "- item\n" for level in range(40))
    for name, body in (("indented", indented), ("one-line", "- " * 249 + "x\n"),
                       ("quotes", "> " * 249 + "x\n")):
        small = make_pack(tmp_path / name, {"en/a.md": page("a", body),
                                            "en/b.md": page("b", "Fine.\n", order=2)})
        assert list(small.pages["en"]) == ["b"], name
        assert "nested" in messages(small) and "page left out" in messages(small)


def test_masses_of_brackets_are_refused_before_markdown_sees_them(tmp_path: Path) -> None:
    started = time.perf_counter()
    pack = make_pack(tmp_path, {"en/a.md": page("a", "[" * 20_000 + "\n"),
                                "en/b.md": page("b", "See [a](a).\n", order=2)})
    assert time.perf_counter() - started < 2
    assert list(pack.pages["en"]) == ["b"] and "'[' characters" in messages(pack)


def test_huge_page_is_refused_before_reading(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "b.md").write_text(page("b", "Fine.\n"), encoding="utf-8")
    with (tmp_path / "en" / "a.md").open("wb") as handle:
        handle.write(page("a", "x").encode())
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper
    started = time.perf_counter()
    pack = load_pack(tmp_path, assets_dir())
    assert time.perf_counter() - started < 1
    assert "over the 64 KiB limit" in messages(pack)
    assert list(pack.pages["en"]) == ["b"]


def test_big_image_and_big_pack_are_refused(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    images = tmp_path / "images"
    images.mkdir()
    with (images / "big.png").open("wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + (20000).to_bytes(4, "big") * 2)
    pack = make_pack(tmp_path, {"en/a.md": page("a", "Look:\n\n![big](images/big.png)\n")})
    assert "20000x20000 pixels" in messages(pack)
    assert "file://" not in pack.pages["en"]["a"].html
    monkeypatch.setattr(content, "MAX_PACK_BYTES", 100)
    assert "content pack is over" in messages(load_pack(tmp_path, assets_dir()))


def test_an_exception_while_rendering_costs_only_that_page(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = content.render_page

    def explode(page_obj: content.Page, *args: object) -> None:
        if page_obj.id == "a":
            raise RecursionError("maximum recursion depth exceeded")
        real(page_obj, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(content, "render_page", explode)
    pack = make_pack(tmp_path, {"en/a.md": page("a", "One.\n"),
                                "en/b.md": page("b", "Two.\n", order=2)})
    assert list(pack.pages["en"]) == ["b"]
    assert "page left out: it cannot be shown (RecursionError" in messages(pack)


def test_pack_of_only_broken_pages_falls_back_to_the_bundled_pack(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    make_pack(clinic, {"en/a.md": page("a", "- " * 300 + "x\n")})
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[kiosk]\ncontent_dir = "{clinic}"\n', encoding="utf-8")
    runtime = load_runtime(str(config), str(tmp_path / "data"))
    assert runtime.fell_back and runtime.pack.page("en", "safety") is not None
    assert any("nested" in str(p) for p in runtime.pack.problems)


def test_pack_manifest(tmp_path: Path) -> None:
    (tmp_path / "pack.toml").write_text('id = "clinic-pack"\nversion = "3"\n'
                                        'date = 2026-11-01\nlanguages = ["en", "fr"]\n',
                                        encoding="utf-8")
    pack = make_pack(tmp_path, {"en/a.md": page("a", "Hi.\n")})
    assert pack.manifest is not None and pack.manifest.id == "clinic-pack"
    assert pack.manifest.date == dt.date(2026, 11, 1)
    assert "lists language 'fr' but the pack has no folder" in messages(pack)
    (tmp_path / "pack.toml").write_text('id = "Bad Id"\nversion = 3\n', encoding="utf-8")
    found = messages(load_pack(tmp_path, assets_dir()))
    assert "'id' must be" in found and "'version' must be" in found and "'date'" in found


def test_bundled_pack_has_a_manifest(bundled_pack: ContentPack) -> None:
    assert bundled_pack.manifest is not None
    assert set(bundled_pack.manifest.languages) == set(bundled_pack.languages)


def test_version_names_the_pack() -> None:
    from kiosk.cli import version_text

    assert "content mdma-therapy-ptsd " in version_text()


def test_topic_typos_are_reported(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.toml"
    config.write_text('[kiosk]\ntopics = ["what-is", "saftey"]\n', encoding="utf-8")
    lines: list[str] = []
    code = run_check(load_runtime(str(config), str(tmp_path / "data")), lines.append)
    assert code == 1
    assert any("kiosk.toml:2: kiosk.topics: unknown page id 'saftey'" in line for line in lines)
    assert not any("'what-is'" in line and "unknown" in line for line in lines)


def test_glossary_words_are_marked_once_and_listed(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    body = ("Some got a placebo. A placebo again.\n\n## About a placebo\n\n"
            "- It was a Phase 3 trial.\n\n![home](icons/home.svg)\n")
    pack = make_pack(tmp_path, {"en/a.md": page("a", body)})
    found = pack.pages["en"]["a"]
    assert found.terms == ["placebo", "phase-3-trial"]
    assert found.html.count('href="term:placebo"') == 1
    assert len(pack.glossaries["en"]) == 2
    assert [type(b) for b in found.blocks] == [TextBlock, ImageBlock]
    first = found.blocks[0]
    assert isinstance(first, TextBlock) and first.terms == ("placebo", "phase-3-trial")


def test_glossary_errors_name_their_line(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "glossary.yaml").write_text(
        GLOSSARY + "- term: placebo\n  definition: again\n- term: x\n  colour: red\n",
        encoding="utf-8")
    pack = make_pack(tmp_path, {"en/a.md": page("a", "Hi.\n")})
    assert "glossary.yaml:6: error: term 'placebo' is defined twice" in messages(pack)
    assert "glossary.yaml:8: error: unknown glossary key 'colour'" in messages(pack)


def test_hard_words_need_a_definition(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (tmp_path / "en" / "hard-words.txt").write_text("titration\n", encoding="utf-8")
    body = ("You take a placebo.\n\nThey use titration.\n\nSome have psychosis (losing "
            "touch with what is real).\n\nSome have schizophrenia.\n")
    pack = make_pack(tmp_path, {"en/a.md": page("a", body)})
    lines, problems = quality(pack, today=dt.date(2026, 11, 27))
    found = "\n".join(str(p) for p in problems)
    assert "a.md:13: warning: 'titration' is a hard word" in found
    assert "'schizophrenia' is a hard word" in found
    assert "placebo" not in found and "psychosis" not in found
    assert "words defined: 2" in lines[0]  # placebo (glossary) and psychosis (in place)


def test_pemat_counts(tmp_path: Path) -> None:
    body = "Ask your care team.\n\n## In short\n\nIt is a study drug.\n"
    pack = make_pack(tmp_path, {"en/a.md": page("a", body),
                                "en/b.md": page("b", "It is a drug.\n", order=2)})
    lines, _ = quality(pack, today=dt.date(2026, 11, 27))
    assert "summary: yes, action: yes" in lines[0]
    assert "summary: no, action: no" in lines[1]


def test_diagram_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(content, "DIAGRAMS", {"timeline"})
    body = "Before.\n\n![The day, hour by hour](diagram:timeline)\n\n![x](diagram:nope)\n"
    pack = make_pack(tmp_path, {"en/a.md": page("a", body)})
    blocks = pack.pages["en"]["a"].blocks
    assert DiagramBlock("timeline", "The day, hour by hour") in blocks
    assert "unknown diagram: nope" in messages(pack)


def test_a_hard_word_inside_a_defined_glossary_term_counts_as_defined(tmp_path: Path) -> None:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "glossary.yaml").write_text(
        "- term: Phase 3 trial\n  also: [Phase 3 trials]\n  definition: A late study.\n",
        encoding="utf-8")
    (tmp_path / "en" / "hard-words.txt").write_text("Phase 3\n", encoding="utf-8")
    defined = make_pack(tmp_path, {"en/a.md": page("a", "They are Phase 3 trials.\n")})
    assert "hard word" not in "\n".join(map(str, quality(defined, dt.date(2026, 11, 27))[1]))
    alone = make_pack(tmp_path, {"en/a.md": page("a", "It is in Phase 3 now.\n")})
    assert "'Phase 3' is a hard word" in "\n".join(
        map(str, quality(alone, dt.date(2026, 11, 27))[1]))
