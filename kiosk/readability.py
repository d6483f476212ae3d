"""Reading-level scores for content pages, by a maintained library (textstat).

English: Flesch-Kincaid grade, at most 8. Spanish: Fernandez-Huerta, at least
70. Other languages are not scored. textstat is optional at run time (the
frozen kiosk does not need it); `kiosk check` says when it is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LIMITS: dict[str, tuple[str, float, bool]] = {
    # lang: (measure, limit, higher_is_easier)
    "en": ("Flesch-Kincaid grade", 8.0, False),
    "es": ("Fernandez-Huerta", 70.0, True),
}


@dataclass(frozen=True)
class Score:
    measure: str
    value: float
    limit: float
    higher_is_easier: bool

    @property
    def ok(self) -> bool:
        return self.value >= self.limit if self.higher_is_easier else self.value <= self.limit

    def __str__(self) -> str:
        sign = ">=" if self.higher_is_easier else "<="
        return f"{self.measure} {self.value:.1f} (limit {sign} {self.limit:g})"


def available() -> bool:
    try:
        import textstat  # noqa: F401
    except ImportError:
        return False
    return True


def sentences(text: str) -> str:
    """Headings and list items end without a full stop; give them one so they count
    as the short sentences a reader sees, not as one run-on sentence."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(line if re.search(r"[.!?:;]$", line) else line + "." for line in lines)


def score(text: str, lang: str) -> Score | None:
    if lang not in LIMITS or not available():
        return None
    import textstat

    measure, limit, higher = LIMITS[lang]
    prepared = sentences(text)
    textstat.set_lang(lang)
    value = (textstat.fernandez_huerta(prepared) if lang == "es"
             else textstat.flesch_kincaid_grade(prepared))
    return Score(measure, float(value), limit, higher)


# PEMAT-style checks a machine can make. The "In short" summary is a `##` heading.
SUMMARY_HEADINGS: dict[str, tuple[str, ...]] = {
    "en": ("in short",),
    "es": ("en resumen", "en pocas palabras", "en breve"),
}
# A sentence or list item starting with one of these asks the reader to do something.
ACTION_WORDS: dict[str, tuple[str, ...]] = {
    "en": ("ask", "tell", "talk", "call", "bring", "write", "tap", "take", "let", "say"),
    "es": ("pregunte", "dígale", "diga", "hable", "llame", "traiga", "escriba", "toque",
           "cuéntele", "avise", "consulte"),
}


@dataclass(frozen=True)
class Pemat:
    summary: bool
    action: bool


def pemat(body: str, text: str, lang: str) -> Pemat:
    """Summary present (an "In short" heading) and an action present (a sentence that
    starts with a verb such as "Ask" or "Tell")."""
    headings = SUMMARY_HEADINGS.get(lang, ())
    summary = any(re.match(r"^#{1,3}\s+(.*)$", line) and line.lstrip("#").strip().casefold()
                  .rstrip(":.") in headings for line in body.splitlines())
    verbs = ACTION_WORDS.get(lang, ())
    starts = re.findall(r"(?:^|[.!?¿¡]\s+|\n)[¿¡]?(\w+)", text)
    action = any(word.casefold() in verbs for word in starts)
    return Pemat(summary, action)
