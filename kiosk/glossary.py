"""Tap-to-define: a per-language glossary in the content pack, and the hard-word lists.

`content/<lang>/glossary.yaml` is a YAML list of `{term, also: [forms], definition}`
(optional `picture`), read like front matter: safe parser, strings only, lines kept.
Qt-free: the renderer marks the words, the UI shows the card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

GLOSSARY_FILE = "glossary.yaml"
HARD_WORDS_FILE = "hard-words.txt"
MAX_GLOSSARY_BYTES = 256 * 1024
TERM_SCHEME = "term:"


def term_id(term: str) -> str:
    """A stable id for links (`term:phase-3-trial`): lowercase letters and digits."""
    return re.sub(r"[^\w]+", "-", term.casefold()).strip("-")


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    forms: tuple[str, ...]
    picture: str = ""


@dataclass
class Glossary:
    lang: str
    terms: dict[str, Term] = field(default_factory=dict)
    problems: list[tuple[str, int | None, str]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.terms)

    def pattern(self) -> re.Pattern[str] | None:
        """One regex for every form, longest first, whole words, any case."""
        forms = sorted({f for t in self.terms.values() for f in t.forms}, key=len, reverse=True)
        if not forms:
            return None
        alternatives = "|".join(re.escape(f) for f in forms)
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def find(self, form: str) -> Term | None:
        folded = form.casefold()
        for term in self.terms.values():
            if any(f.casefold() == folded for f in term.forms):
                return term
        return None

    def covers(self, word: str, text: str) -> bool:
        """Whether a glossary form that holds `word` is used in `text`: "Phase 3" is
        explained wherever "Phase 3 trials" is, since the tap card defines the whole term."""
        inside = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        return any(inside.search(form) and re.search(
            rf"(?<!\w){re.escape(form)}(?!\w)", text, re.IGNORECASE)
            for term in self.terms.values() for form in term.forms)


def load_glossary(folder: Path, lang: str) -> Glossary:
    """Read `<folder>/glossary.yaml` if there is one; problems carry the file line."""
    glossary = Glossary(lang)
    path = folder / GLOSSARY_FILE
    if not path.is_file():
        return glossary
    where = str(path)
    try:
        if path.stat().st_size > MAX_GLOSSARY_BYTES:
            glossary.problems.append((where, None, f"glossary is over "
                                      f"{MAX_GLOSSARY_BYTES // 1024} KiB; not read"))
            return glossary
        text = path.read_text(encoding="utf-8-sig")
        root = yaml.compose(text, Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError) as exc:
        glossary.problems.append((where, None, f"cannot read the glossary: {exc}"))
        return glossary
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        glossary.problems.append((where, mark.line + 1 if mark else None,
                                  f"glossary is not valid YAML: {exc.problem}"))
        return glossary
    except (yaml.YAMLError, RecursionError) as exc:
        glossary.problems.append((where, None, f"glossary is not valid YAML: {exc}"))
        return glossary
    if root is None:
        return glossary
    if not isinstance(root, yaml.SequenceNode):
        glossary.problems.append((where, 1, "the glossary must be a list of entries "
                                  "('- term: ...')"))
        return glossary
    for node in root.value:
        line = node.start_mark.line + 1
        entry = _entry(node)
        if isinstance(entry, str):
            glossary.problems.append((where, line, entry))
            continue
        if entry.id in glossary.terms:
            glossary.problems.append((where, line, f"term '{entry.term}' is defined twice"))
            continue
        glossary.terms[entry.id] = entry
    return glossary


def _entry(node: yaml.Node) -> Term | str:
    """One glossary entry, or what is wrong with it."""
    if not isinstance(node, yaml.MappingNode):
        return "each glossary entry needs 'term:' and 'definition:'"
    values: dict[str, str | list[str]] = {}
    for key, value in node.value:
        name = str(key.value) if isinstance(key, yaml.ScalarNode) else ""
        if name not in {"term", "also", "definition", "picture"}:
            return f"unknown glossary key '{name}'; use term, also, definition, picture"
        if isinstance(value, yaml.ScalarNode):
            values[name] = str(value.value).strip()
        elif isinstance(value, yaml.SequenceNode) and all(
                isinstance(v, yaml.ScalarNode) for v in value.value):
            values[name] = [str(v.value).strip() for v in value.value if str(v.value).strip()]
        else:
            return f"glossary '{name}' must be text or a list of text"
    term, definition = values.get("term", ""), values.get("definition", "")
    if not isinstance(term, str) or not term or not isinstance(definition, str) \
            or not definition:
        return "each glossary entry needs 'term:' and 'definition:' as one line of text"
    also = values.get("also", [])
    forms = [term] + ([also] if isinstance(also, str) and also else list(also))
    picture = values.get("picture", "")
    return Term(term_id(term), term, definition, tuple(dict.fromkeys(forms)),
                picture if isinstance(picture, str) else "")


def load_hard_words(*files: Path) -> list[str]:
    """Words that need a definition: one a line, `#` comments; later files add to earlier."""
    words: list[str] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        for line in text.splitlines():
            word = line.split("#", 1)[0].strip()
            if word and word not in words:
                words.append(word)
    return words
