"""The bundled words say what the medical review asked for (issue 18), in both languages.

These guard the wording a clinic cannot ship wrong: a summary at the end of every
page, "only in research studies" early, no phrase the review struck out coming
back, the crisis lines' Spanish options, and a glossary for every hard word.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk import readability
from kiosk.content import ContentPack, Page
from kiosk.crisis import LINES
from kiosk.i18n import Strings, load_strings
from kiosk.paths import assets_dir

SUMMARY = {"en": "In short", "es": "En resumen"}
RESEARCH_ONLY = {"en": "given only in research studies",
                 "es": "solo se da en estudios de investigación"}

# Phrases the review found wrong, misleading or unkind; none may come back.
STRUCK = {
    "en": ["not approved in the US, the UK", "Your clinic may differ",
           "through a special access program", "Other treatments that work",
           "Is it safe for me", "behaved wrongly",
           "see the crisis lines on this screen", "These are serious mental illnesses",
           "feeling cut off from yourself", "insurance", "## The therapy does the healing work",
           "stopped some mental health medicines", "These lines are free"],
    "es": ["vale la pena", "bipolaridad", "charlas", "¿Dónde se ofrece?", "Mi familia o yo",
           "Son enfermedades mentales graves", "Mi seguro", "sin medicina", "ayuda ya",
           "pasar por esto solo", "son gratuitas", "marque 1", "dígaselo a la recepción",
           "programa especial de acceso", "Todavía no hay pruebas firmes",
           "ver esos recuerdos", "sentirse desconectado de uno mismo)"],
}

# The words the issue asks the glossary to define, in each language's own form.
REQUIRED_TERMS = {
    "en": ["placebo", "Phase 3 trial", "integration", "psychiatrist", "prescriber", "MAOI",
           "SSRI", "SNRI", "psychosis", "schizophrenia", "bipolar I disorder",
           "dissociative disorder", "Schedule I", "expanded access", "compassionate use", "EMDR",
           "PTSD", "FDA", "ICER", "hyponatremia"],
    "es": ["placebo", "ensayo de fase 3", "integración", "psiquiatra", "quien se lo receta",
           "IMAO", "ISRS", "IRSN", "psicosis", "esquizofrenia", "trastorno bipolar I",
           "trastorno disociativo", "Lista I", "acceso ampliado", "uso compasivo", "EMDR",
           "TEPT", "FDA", "ICER", "hiponatremia"],
}


def last_section(page: Page) -> tuple[str, list[str]]:
    """The last level-2 heading of a page (a step title on a steps page) and its lines."""
    lines = page.body.splitlines()
    start = max(i for i, line in enumerate(lines) if line.startswith("## "))
    title = lines[start][3:].partition("|")[0].strip()
    return title, [line for line in lines[start + 1:]
                   if line.strip() and not line.startswith("![")]  # a picture is not a line


def written_text(lang: str) -> str:
    """Every word a patient can see in one language: pages (with front matter) and UI strings."""
    pages = sorted((Path(__file__).parent.parent / "content" / lang).glob("*.md"))
    strings = load_strings(assets_dir() / "i18n")
    ui = "\n".join([*strings.tables[lang].values(),
                    *(form for forms in strings.plurals[lang].values() for form in forms)])
    return "\n".join(p.read_text(encoding="utf-8") for p in pages) + ui


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_page_ends_with_a_two_or_three_line_summary(bundled_pack: ContentPack,
                                                          lang: str) -> None:
    for page in bundled_pack.ordered(lang):
        title, lines = last_section(page)
        assert title == SUMMARY[lang], page.path
        assert 2 <= len(lines) <= 3 and all(line.startswith("- ") for line in lines), page.path


@pytest.mark.parametrize("lang", ["en", "es"])
def test_only_in_research_studies_comes_early(bundled_pack: ContentPack, lang: str) -> None:
    first_two = bundled_pack.ordered(lang, "home")[:2]
    assert [p.id for p in first_two] == ["what-is", "how-it-helps"]
    for page in first_two:
        opening = " ".join(page.text.lower().split()[:80])
        assert RESEARCH_ONLY[lang] in opening, page.path
    session = bundled_pack.page(lang, "session")
    assert session is not None
    assert RESEARCH_ONLY[lang] in session.steps[0].text.lower()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_struck_phrases_do_not_come_back(lang: str) -> None:
    text = written_text(lang).lower()
    back = [phrase for phrase in STRUCK[lang] if phrase.lower() in text]
    assert back == []


def test_session_steps_describe_the_studies_not_the_reader_s_clinic(
        bundled_pack: ContentPack) -> None:
    """Every step that tells what happened in the trials says so (the last two are advice)."""
    for lang, marker in (("en", "in the studies"), ("es", "en los estudios")):
        session = bundled_pack.page(lang, "session")
        assert session is not None
        described = session.steps[:-2]
        missing = [s.title for s in described if marker not in s.text.lower()]
        assert missing == []


def test_crisis_lines_say_how_to_reach_them_in_each_language(strings: Strings) -> None:
    assert "oprima 2" in strings.tr("es", "crisis.us.988.detail")
    assert "AYUDA al 988" in strings.tr("es", "crisis.us.988.detail")
    assert "oprima 1" in strings.tr("es", "crisis.us.988.detail")  # veterans, in one line
    assert strings.tr("es", "nav.help") == "¿Necesita ayuda ahora?"
    lifeline = next(line for line in LINES["AU"] if line.number == "13 11 14")
    for lang in ("en", "es"):
        assert lifeline.detail_key and strings.tables[lang].get(lifeline.detail_key)
        assert not re.search(r"free|gratuit", strings.tr(lang, "help.intro"), re.I)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_glossary_defines_the_hard_words_plainly(bundled_pack: ContentPack, lang: str) -> None:
    yaml = pytest.importorskip("yaml")  # the glossary loader brings PyYAML
    path = Path(__file__).parent.parent / "content" / lang / "glossary.yaml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    pages = " ".join(p.text for p in bundled_pack.ordered(lang)).lower()
    terms = []
    for entry in entries:
        assert set(entry) <= {"term", "also", "definition"}, entry
        forms = [entry["term"], *entry.get("also", [])]
        assert all(isinstance(f, str) and f for f in forms), entry
        assert isinstance(entry["definition"], str) and len(entry["definition"].split()) <= 40
        assert any(re.search(rf"(?<!\w){re.escape(f.lower())}(?!\w)", pages) for f in forms), \
            f"{entry['term']} is on no page"
        terms.append(entry["term"])
    assert len(terms) == len({t.lower() for t in terms})
    assert set(REQUIRED_TERMS[lang]) <= set(terms)
    score = readability.score("\n".join(e["definition"] for e in entries), lang)
    assert score is not None and score.ok, score


@pytest.mark.parametrize("lang", ["en", "es"])
def test_suicide_line_is_a_box_at_the_top_naming_the_help_button(bundled_pack: ContentPack,
                                                                  strings: Strings,
                                                                  lang: str) -> None:
    safety = bundled_pack.page(lang, "safety")
    assert safety is not None
    assert safety.html.startswith("<blockquote>")
    box = safety.html.split("</blockquote>", 1)[0]
    assert strings.tr(lang, "nav.help") in box
    assert strings.tr(lang, "help.danger").split(",", 1)[1].strip(" .").lower() in box.lower()
