"""Content packs: Markdown pages with front matter, one folder per language.

Loading never raises for bad content: a page that cannot be used is left out
and a `ContentProblem` says why, so the kiosk keeps serving the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.render import Rendered, SafeRenderer, html_to_text

KINDS = ("article", "steps", "screening")
PLACEMENTS = ("home", "footer", "moment")  # moment: the "Need a moment?" screen
REQUIRED_KEYS = ("id", "title", "kind", "order", "tile", "reviewed", "sources")
OPTIONAL_KEYS = ("subtitle", "icon", "placement", "checklist")
LIST_KEYS = ("sources", "checklist")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RAW_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|<!--")


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong in a content pack: where it is and what to fix."""

    path: str
    message: str
    line: int | None = None
    warning: bool = False

    def __str__(self) -> str:
        where = self.path + (f":{self.line}" if self.line else "")
        return f"{where}: {'warning' if self.warning else 'error'}: {self.message}"


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    question: str


@dataclass(frozen=True)
class Step:
    """One screen of a step-through; `when` is its label on the timeline."""

    phase: str
    title: str
    when: str
    html: str
    text: str


@dataclass
class Page:
    id: str
    lang: str
    title: str
    kind: str
    order: int
    tile: str
    path: Path
    subtitle: str = ""
    icon: str = ""
    placement: str = "home"
    reviewed: dt.date | None = None
    sources: list[str] = field(default_factory=list)
    checklist: list[ChecklistItem] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    html: str = ""
    text: str = ""
    steps: list[Step] = field(default_factory=list)

    @property
    def phases(self) -> list[str]:
        return list(dict.fromkeys(step.phase for step in self.steps))


@dataclass
class ContentPack:
    root: Path
    pages: dict[str, dict[str, Page]] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        return sorted(self.pages)

    def page(self, lang: str, page_id: str) -> Page | None:
        return self.pages.get(lang, {}).get(page_id)

    def ordered(self, lang: str, placement: str | None = None) -> list[Page]:
        pages = sorted(self.pages.get(lang, {}).values(), key=lambda p: (p.order, p.id))
        return [p for p in pages if placement is None or p.placement == placement]

    @property
    def errors(self) -> list[ContentProblem]:
        return [p for p in self.problems if not p.warning]


@dataclass
class FrontMatter:
    values: dict[str, str | list[str]]
    lines: dict[str, int]
    body: str
    body_line: int
    problems: list[tuple[int | None, str]]


def parse_front_matter(text: str) -> FrontMatter:
    """Parse the `---` block: `key: value` lines and `- item` lists under `key:`."""
    lines = text.splitlines()
    problems: list[tuple[int | None, str]] = []
    values: dict[str, str | list[str]] = {}
    where: dict[str, int] = {}
    if not lines or lines[0].strip() != "---":
        return FrontMatter({}, {}, text, 1, [(1, "no front matter: the file must start with "
                                                 "a line '---'")])
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return FrontMatter({}, {}, "", 1, [(1, "front matter is not closed by a line '---'")])
    current_list: str | None = None
    for index in range(1, end):
        number = index + 1
        raw = lines[index]
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        stripped = raw.strip()
        if stripped.startswith("- "):
            if current_list is None:
                problems.append((number, "list item outside a list key"))
                continue
            item_list = values[current_list]
            assert isinstance(item_list, list)
            item_list.append(stripped[2:].strip())
            continue
        key, sep, value = raw.partition(":")
        key = key.strip().lower()
        if not sep or not key or " " in key:
            problems.append((number, f"cannot read this line as 'key: value': {raw.strip()}"))
            current_list = None
            continue
        if key in values:
            problems.append((number, f"key '{key}' appears twice"))
        where[key] = number
        value = value.strip()
        if key in LIST_KEYS and not value:
            values[key] = []
            current_list = key
        else:
            values[key] = value.strip('"') if value.startswith('"') else value
            current_list = None
    body = "\n".join(lines[end + 1:])
    return FrontMatter(values, where, body, end + 2, problems)


def _split_steps(body: str, body_line: int) -> tuple[list[tuple[str, str, str, str, int]],
                                                     list[tuple[int | None, str]]]:
    """Cut a steps body into (phase, title, when, markdown, line) at `#` and `##` headings."""
    steps: list[tuple[str, str, str, str, int]] = []
    problems: list[tuple[int | None, str]] = []
    phase = ""
    title: str | None = None
    when = ""
    start = body_line
    buffer: list[str] = []

    def flush() -> None:
        if title is not None:
            steps.append((phase, title, when, "\n".join(buffer).strip(), start))

    for offset, line in enumerate(body.splitlines()):
        number = body_line + offset
        if line.startswith("## "):
            flush()
            heading = line[3:]
            title, _, when = (part.strip() for part in heading.partition("|"))
            buffer = []
            start = number
            if not phase:
                problems.append((number, "step before any '# Phase' heading"))
        elif line.startswith("# "):
            flush()
            title = None
            phase = line[2:].strip()
            buffer = []
        elif title is None:
            if line.strip():
                problems.append((number, "text outside a step is not shown; put it under a "
                                         "'## Step' heading"))
        else:
            buffer.append(line)
    flush()
    return steps, problems


def _meta_str(meta: dict[str, str | list[str]], key: str) -> str:
    value = meta.get(key, "")
    return value if isinstance(value, str) else ""


def _meta_list(meta: dict[str, str | list[str]], key: str) -> list[str]:
    value = meta.get(key, [])
    return value if isinstance(value, list) else []


def read_page(path: Path, lang: str, problems: list[ContentProblem]) -> Page | None:
    """Build a Page from one file's front matter (the body is rendered later)."""
    where = str(path)

    def report(message: str, line: int | None = None, warning: bool = False) -> None:
        problems.append(ContentProblem(where, message, line, warning))

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report(f"cannot read the file: {exc}")
        return None
    front = parse_front_matter(text)
    for line, message in front.problems:
        report(message, line)
    meta = front.values
    if not meta:
        return None
    for key in meta:
        if key not in REQUIRED_KEYS and key not in OPTIONAL_KEYS:
            report(f"unknown front-matter key '{key}'; known keys: "
                   f"{', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)}", front.lines.get(key))
    missing = [k for k in REQUIRED_KEYS if not meta.get(k)]
    for key in missing:
        report(f"missing front-matter key '{key}'", 1)
    page_id = _meta_str(meta, "id")
    if page_id and not _ID.match(page_id):
        report(f"id '{page_id}' may use only lowercase letters, digits and '-'",
               front.lines.get("id"))
        return None
    if page_id and page_id != path.stem:
        report(f"id '{page_id}' differs from the file name '{path.stem}'",
               front.lines.get("id"), warning=True)
    kind = _meta_str(meta, "kind")
    if kind and kind not in KINDS:
        report(f"kind '{kind}' is not one of {', '.join(KINDS)}", front.lines.get("kind"))
        return None
    order_text = _meta_str(meta, "order")
    try:
        order = int(order_text) if order_text else 0
    except ValueError:
        report(f"order '{order_text}' is not a whole number", front.lines.get("order"))
        order = 0
    reviewed: dt.date | None = None
    reviewed_text = _meta_str(meta, "reviewed")
    if reviewed_text:
        try:
            reviewed = dt.date.fromisoformat(reviewed_text)
        except ValueError:
            report(f"reviewed '{reviewed_text}' is not a date like 2026-11-01",
                   front.lines.get("reviewed"))
    placement = _meta_str(meta, "placement") or "home"
    if placement not in PLACEMENTS:
        report(f"placement '{placement}' is not one of {', '.join(PLACEMENTS)}",
               front.lines.get("placement"))
        placement = "home"
    checklist: list[ChecklistItem] = []
    for item in _meta_list(meta, "checklist"):
        label, sep, question = item.partition("::")
        if not sep or not label.strip() or not question.strip():
            report(f"checklist item needs 'label :: question': {item}",
                   front.lines.get("checklist"))
            continue
        checklist.append(ChecklistItem(label.strip(), question.strip()))
    if checklist and kind != "screening":
        report("only screening pages may have a checklist", front.lines.get("checklist"))
    if not page_id or not kind or "title" in missing:
        return None
    return Page(
        id=page_id, lang=lang, title=_meta_str(meta, "title"), kind=kind, order=order,
        tile=_meta_str(meta, "tile") or _meta_str(meta, "title"), path=path,
        subtitle=_meta_str(meta, "subtitle"), icon=_meta_str(meta, "icon"),
        placement=placement, reviewed=reviewed, sources=_meta_list(meta, "sources"),
        checklist=checklist, body=front.body, body_line=front.body_line,
    )


def _line_containing(page: Page, needle: str) -> int | None:
    for offset, line in enumerate(page.body.splitlines()):
        if needle and needle in line:
            return page.body_line + offset
    return None


def _report_render(page: Page, rendered: Rendered, problems: list[ContentProblem],
                   line: int | None = None) -> None:
    for message in rendered.problems:
        target = message.rsplit(": ", 1)[-1]
        problems.append(ContentProblem(str(page.path), message,
                                       _line_containing(page, target) or line))


def render_page(page: Page, renderer: SafeRenderer, problems: list[ContentProblem]) -> None:
    """Fill in the page's HTML (or steps) and plain text; report refused links and images."""
    for offset, line in enumerate(page.body.splitlines()):
        if _RAW_HTML.search(line):
            problems.append(ContentProblem(str(page.path), "raw HTML is not allowed; it is "
                                           "shown as plain text", page.body_line + offset))
    if page.kind == "steps":
        parts, split_problems = _split_steps(page.body, page.body_line)
        for line_no, message in split_problems:
            problems.append(ContentProblem(str(page.path), message, line_no))
        for phase, title, when, text, line_no in parts:
            rendered = renderer.render(text)
            _report_render(page, rendered, problems, line_no)
            if not text:
                problems.append(ContentProblem(str(page.path), f"step '{title}' is empty",
                                               line_no))
            page.steps.append(Step(phase, title, when, rendered.html, html_to_text(rendered.html)))
        if not page.steps:
            problems.append(ContentProblem(str(page.path), "a steps page needs at least one "
                                           "'## Step' heading", page.body_line))
        page.text = "\n".join(f"{s.title}.\n{s.text}" for s in page.steps)
        return
    rendered = renderer.render(page.body)
    _report_render(page, rendered, problems)
    page.html = rendered.html
    page.text = html_to_text(rendered.html)
    if not page.text.strip():
        problems.append(ContentProblem(str(page.path), "page has no text", page.body_line))
    if page.kind == "screening" and not page.checklist:
        problems.append(ContentProblem(str(page.path), "screening page has no checklist; "
                                       "the 'tap what applies to you' list will be hidden",
                                       warning=True))


def load_pack(root: Path, assets: Path | None = None,
              languages: list[str] | None = None) -> ContentPack:
    """Load every language folder under `root` (or only `languages`)."""
    pack = ContentPack(root=root)
    if not root.is_dir():
        pack.problems.append(ContentProblem(str(root), "content folder not found"))
        return pack
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    folders = [f for f in folders if f.name not in {"images"}]
    if languages is not None:
        for lang in languages:
            if not (root / lang).is_dir():
                pack.problems.append(ContentProblem(str(root / lang), f"language '{lang}' is "
                                                    "configured but has no content folder"))
        folders = [f for f in folders if f.name in languages]
    for folder in folders:
        pages: dict[str, Page] = {}
        for path in sorted(folder.glob("*.md")):
            page = read_page(path, folder.name, pack.problems)
            if page is None:
                continue
            if page.id in pages:
                pack.problems.append(ContentProblem(str(path), f"duplicate id '{page.id}' "
                                                    f"(also in {pages[page.id].path.name})"))
                continue
            pages[page.id] = page
        if pages:
            pack.pages[folder.name] = pages
        else:
            pack.problems.append(ContentProblem(str(folder), "no usable pages in this language"))
    all_ids = {pid for pages in pack.pages.values() for pid in pages}
    for lang, pages in pack.pages.items():
        roots = [root / lang, root] + ([assets] if assets else [])
        renderer = SafeRenderer(all_ids, roots)
        renderer.page_ids = set(pages)
        for page in pages.values():
            render_page(page, renderer, pack.problems)
        for missing in sorted(all_ids - set(pages)):
            pack.problems.append(ContentProblem(str(root / lang), f"page '{missing}' exists in "
                                                "another language but not here"))
    return pack
