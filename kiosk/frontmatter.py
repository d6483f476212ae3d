"""Page front matter: YAML through PyYAML, read as strings, with file lines for every key.

Why YAML and not TOML: the design asks for it, every bundled page already is valid
YAML, and authors write lists as `- item` lines. Only the safe parser's node tree is
used (no tags, no constructors, no anchors/aliases): every scalar stays the exact
string the author wrote, so `order: 01` or `reviewed: 2026-11-01` are checked by our
schema, not silently turned into numbers or dates by YAML's type guessing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import yaml

MAX_FRONT_MATTER_CHARS = 32_000
MAX_YAML_DEPTH = 4
BOM = "\ufeff"
# Invisible characters that change how text displays: a source "119" can show as "911".
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                          "\u200e\u200f\u061c")
ZERO_WIDTH = frozenset("\u200b\u2060\ufeff\u180e")
# Joiners are part of correct spelling in some scripts: a warning, not an error.
JOINERS = frozenset("\u200c\u200d")

@dataclass
class FrontMatter:
    """Front matter as strings (and lists of strings or small mappings) with lines."""

    values: dict[str, str | list[str | dict[str, str]]]
    lines: dict[str, int]
    body: str
    body_line: int
    problems: list[tuple[int | None, str]]
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    bom: bool = False


def hidden_characters(text: str, first_line: int = 1) -> list[tuple[int, str, bool]]:
    """(line, message, is_warning) for each line holding a bidi control or zero-width char."""
    found: list[tuple[int, str, bool]] = []
    if not any(ch in BIDI_CONTROLS or ch in ZERO_WIDTH or ch in JOINERS for ch in text):
        return found
    for offset, line in enumerate(text.splitlines()):
        hidden = [ch for ch in line if ch in BIDI_CONTROLS or ch in ZERO_WIDTH or ch in JOINERS]
        if not hidden:
            continue
        names = ", ".join(dict.fromkeys(
            f"U+{ord(ch):04X} {unicodedata.name(ch, 'control')}" for ch in hidden))
        warning = all(ch in JOINERS for ch in hidden)
        found.append((first_line + offset, f"hidden character(s) that can change how text "
                      f"reads on screen: {names}; delete them", warning))
    return found


def _line(event: yaml.Event | yaml.Node) -> int:
    mark = event.start_mark
    return mark.line if mark is not None else 0


def _event_depth_problem(text: str) -> tuple[int, str] | None:
    """Refuse deep nesting and anchors from the event stream (no recursion, no expansion)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return (_line(event), "front matter is nested too deeply; use "
                            "'key: value' lines and '- item' lists")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return (_line(event), "anchors and aliases (& and *) are not "
                        "supported in front matter; write the text out")
    except yaml.YAMLError:
        return None  # composing reports it, with its line
    return None


def _plain(node: yaml.Node) -> tuple[str | dict[str, str] | list[str] | None,
                                                  str | None]:
    """A scalar as its string, a flat mapping of scalars, or a list of scalars."""
    if isinstance(node, yaml.ScalarNode):
        return str(node.value), None
    if isinstance(node, yaml.MappingNode):
        result: dict[str, str] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode):
                return None, "expected 'name: text' here"
            result[str(key.value)] = str(value.value)
        return result, None
    return None, "expected one line of text here"


def parse_front_matter(text: str) -> FrontMatter:
    """Split off the `---` block and read it as YAML; problems carry file line numbers."""
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return FrontMatter({}, {}, text, 1, [(1, "no front matter: the file must start with "
                                                 "a line '---'")], bom=bom)
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        return FrontMatter({}, {}, "", 1, [(1, "front matter is not closed by a line '---'")],
                           bom=bom)
    block = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:])
    front = FrontMatter({}, {}, body, end + 2, [], bom=bom)
    first = 2  # file line of the block's first line
    if len(block) > MAX_FRONT_MATTER_CHARS:
        front.problems.append((1, f"front matter is over {MAX_FRONT_MATTER_CHARS} characters"))
        return front
    deep = _event_depth_problem(block)
    if deep is not None:
        front.problems.append((deep[0] + first, deep[1]))
        return front
    try:
        root = yaml.compose(block, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        # Where the construct began (an open quote) is where the author must look.
        mark = exc.context_mark or exc.problem_mark
        reason = " ".join(part for part in (exc.context, exc.problem) if part)
        front.problems.append(((mark.line + first) if mark else 1,
                               f"front matter is not valid YAML: {reason}; put text with "
                               "': ' or ' #' in quotes"))
        return front
    except yaml.YAMLError as exc:
        front.problems.append((1, f"front matter is not valid YAML: {exc}"))
        return front
    if root is None:
        return front
    if not isinstance(root, yaml.MappingNode):
        front.problems.append((_line(root) + first, "front matter must be "
                               "'key: value' lines"))
        return front
    for key_node, value_node in root.value:
        line = _line(key_node) + first
        if not isinstance(key_node, yaml.ScalarNode) or not key_node.value:
            front.problems.append((line, "cannot read this line as 'key: value'"))
            continue
        key = str(key_node.value).strip().lower()
        if key in front.values:
            front.problems.append((line, f"key '{key}' appears twice"))
            continue
        front.lines[key] = line
        if isinstance(value_node, yaml.SequenceNode):
            items: list[str | dict[str, str]] = []
            where: list[int] = []
            for item in value_node.value:
                value, problem = _plain(item)
                item_line = _line(item) + first
                if problem or value is None or isinstance(value, list):
                    front.problems.append((item_line, f"{key}: {problem or 'not text'}"))
                    continue
                items.append(value)
                where.append(item_line)
            front.values[key] = items
            front.item_lines[key] = where
        elif isinstance(value_node, yaml.ScalarNode):
            front.values[key] = str(value_node.value)
        else:
            value, _ = _plain(value_node)
            if isinstance(value, dict):
                front.values[key] = [value]
                front.item_lines[key] = [line]
            else:
                front.problems.append((line, f"{key}: expected text or a list"))
    return front
