"""Content packs: Markdown pages with front matter, one folder per language.

Loading never raises for bad content: a page that cannot be used is left out
and a `ContentProblem` says why, so the kiosk keeps serving the rest.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.checklist_icons import ITEM_ICONS
from kiosk.frontmatter import FrontMatter, hidden_characters, parse_front_matter
from kiosk.glossary import Glossary, load_glossary
from kiosk.render import Block, Rendered, SafeRenderer, html_to_text

__all__ = ["ContentPack", "ContentProblem", "Page", "Step", "load_content", "load_pack",
           "parse_front_matter"]

log = logging.getLogger(__name__)

KINDS = ("article", "steps", "screening")
PLACEMENTS = ("home", "footer", "moment")  # moment: the "Need a moment?" screen
REQUIRED_KEYS = ("id", "title", "kind", "order", "tile", "reviewed", "sources")
OPTIONAL_KEYS = ("subtitle", "icon", "placement", "checklist")
LIST_KEYS = ("sources", "checklist")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_RAW_HTML = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>|<!--")
MANIFEST_FILE = "pack.toml"
# Limits enforced before parsing, so a hostile pack costs a stat, not minutes of CPU.
# Python-Markdown's cost grows faster than the text for some hostile inputs (measured:
# 5,000 '[' took 3.5 s, 20,000 over 20 s); the largest bundled page is 6 KB.
MAX_PAGE_BYTES = 64 * 1024
MAX_PAGES_BYTES = 1024 * 1024  # all pages of a pack together
MAX_PACK_BYTES = 64 * 1024 * 1024  # everything, pictures included
MAX_PACK_FILES = 2000
MAX_NESTING = 10
MAX_BRACKETS = 400  # '[' on one page: links and pictures
_NEST_MARKERS = re.compile(r"^(?:(?:[-*+]|\d{1,9}[.)]|>)(?:[ \t]+|$))+")
_ONE_MARKER = re.compile(r"[-*+>]|\d{1,9}[.)]")
# Diagrams the kiosk can draw (`![alt](diagram:name)`); the UI registers how.
DIAGRAMS: set[str] = set()
Reporter = Callable[..., None]


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
    icon: str = ""  # a name from ITEM_ICONS, drawn beside the label; "" for none


@dataclass(frozen=True)
class Step:
    """One screen of a step-through; `when` is its label on the timeline."""

    phase: str
    title: str
    when: str
    html: str
    text: str
    blocks: tuple[Block, ...] = ()
    terms: tuple[str, ...] = ()


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
    blocks: list[Block] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @property
    def phases(self) -> list[str]:
        return list(dict.fromkeys(step.phase for step in self.steps))


@dataclass(frozen=True)
class PackManifest:
    """`pack.toml`: which pack this is (signed packs will carry one)."""

    id: str
    version: str
    date: dt.date | None
    languages: tuple[str, ...]


@dataclass
class ContentPack:
    root: Path
    pages: dict[str, dict[str, Page]] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)
    manifest: PackManifest | None = None
    glossaries: dict[str, Glossary] = field(default_factory=dict)

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


def _one_line(meta: dict[str, str | list[str | dict[str, str]]], key: str,
              report: Reporter, front: FrontMatter) -> str:
    """A key that must be one line of text; a list there is an error, not a silent drop."""
    value = meta.get(key, "")
    if isinstance(value, str):
        return value.strip()
    report(f"'{key}' must be one line of text, not a list", front.lines.get(key))
    return ""


def _sources(front: FrontMatter, report: Reporter) -> list[str]:
    """`sources:` as a list, or one source on the same line."""
    value = front.values.get("sources", [])
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    found: list[str] = []
    for item, line in zip(value, front.item_lines.get("sources", []), strict=False):
        if isinstance(item, str):
            found.append(item.strip())
        else:
            report("a source must be one line of text; put it in quotes if it contains ': '",
                   line)
    return [s for s in found if s]


def _checklist(front: FrontMatter, report: Reporter) -> list[ChecklistItem]:
    """`- label :: question`, `- {label: ..., question: ...}`, or one item on the key's line."""
    value = front.values.get("checklist", [])
    items: list[str | dict[str, str]] = [value] if isinstance(value, str) and value else (
        [] if isinstance(value, str) else list(value))
    lines = front.item_lines.get("checklist", []) or [front.lines.get("checklist", 1) or 1]
    checklist: list[ChecklistItem] = []
    for index, item in enumerate(items):
        line = lines[min(index, len(lines) - 1)] if lines else None
        icon = ""
        if isinstance(item, dict):
            item = dict(item)
            icon = _item_icon(item.pop("icon", ""), report, line)
            if set(item) == {"label", "question"}:
                label, question = item["label"], item["question"]
            elif len(item) == 1 and next(iter(item)).endswith(":"):
                # `- I have X :: Question?` unquoted: YAML reads 'I have X :' as a key.
                key = next(iter(item))
                label, question = key[:-1], item[key]
            else:
                report("checklist item needs 'label :: question' (or 'label:' and "
                       "'question:')", line)
                continue
        else:
            label, sep, question = item.partition("::")
            if not sep:
                label = ""
        if not label.strip() or not question.strip():
            report(f"checklist item needs 'label :: question': {item}", line)
            continue
        checklist.append(ChecklistItem(label.strip(), question.strip(), icon))
    return checklist


def _item_icon(name: str, report: Reporter, line: int | None) -> str:
    """A checklist item's icon name; an unknown one is reported and the item shows none."""
    name = name.strip()
    if name and name not in ITEM_ICONS:
        report(f"unknown checklist icon '{name}'; use one of: {', '.join(ITEM_ICONS)} "
               "(the item is shown without one)", line)
        return ""
    return name


def read_page(path: Path, lang: str, problems: list[ContentProblem],
              icons: set[str] | None = None, today: dt.date | None = None) -> Page | None:
    """Build a Page from one file's front matter (the body is rendered later).

    The file's size is checked before it is read: a huge page costs a stat, not minutes.
    """
    where = str(path)

    def report(message: str, line: int | None = None, warning: bool = False) -> None:
        problems.append(ContentProblem(where, message, line, warning))

    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            report(f"page is {size // 1024} KiB, over the {MAX_PAGE_BYTES // 1024} KiB limit; "
                   "left out (split it into smaller pages)")
            return None
        with path.open("rb") as handle:
            text = handle.read(MAX_PAGE_BYTES + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        report(f"cannot read the file: {exc}")
        return None
    front = parse_front_matter(text)
    if front.bom:
        report("the file starts with a byte-order mark (BOM); accepted, but save it as "
               "UTF-8 without BOM", 1, warning=True)
    for hidden_line, message, warning in hidden_characters(text.removeprefix("\ufeff")):
        report(message, hidden_line, warning)
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
    text_of: dict[str, str] = {k: _one_line(meta, k, report, front)
                               for k in REQUIRED_KEYS + OPTIONAL_KEYS if k not in LIST_KEYS}
    page_id = text_of["id"]
    if page_id and not _ID.match(page_id):
        report(f"id '{page_id}' may use only lowercase letters, digits and '-'",
               front.lines.get("id"))
        return None
    if page_id and page_id != path.stem:
        report(f"id '{page_id}' differs from the file name '{path.stem}'",
               front.lines.get("id"), warning=True)
    kind = text_of["kind"]
    if kind and kind not in KINDS:
        report(f"kind '{kind}' is not one of {', '.join(KINDS)}", front.lines.get("kind"))
        return None
    order_text = text_of["order"]
    try:
        order = int(order_text) if order_text else 0
    except ValueError:
        report(f"order '{order_text}' is not a whole number", front.lines.get("order"))
        order = 0
    reviewed: dt.date | None = None
    reviewed_text = text_of["reviewed"]
    if reviewed_text:
        try:
            reviewed = dt.date.fromisoformat(reviewed_text)
        except ValueError:
            report(f"reviewed '{reviewed_text}' is not a date like 2026-11-01",
                   front.lines.get("reviewed"))
    if reviewed and reviewed > (today or dt.date.today()):
        report(f"reviewed {reviewed.isoformat()} is in the future; use the date the facts "
               "were checked", front.lines.get("reviewed"))
    placement = text_of["placement"] or "home"
    if placement not in PLACEMENTS:
        report(f"placement '{placement}' is not one of {', '.join(PLACEMENTS)}",
               front.lines.get("placement"))
        placement = "home"
    icon = text_of["icon"]
    if icon and icons is not None and icon not in icons:
        report(f"unknown icon '{icon}'; use one of: {', '.join(sorted(icons))}",
               front.lines.get("icon"))
        icon = ""
    checklist = _checklist(front, report)
    if checklist and kind != "screening":
        report("only screening pages may have a checklist", front.lines.get("checklist"))
    if not page_id or not kind or "title" in missing:
        return None
    return Page(
        id=page_id, lang=lang, title=text_of["title"], kind=kind, order=order,
        tile=text_of["tile"] or text_of["title"], path=path,
        subtitle=text_of["subtitle"], icon=icon,
        placement=placement, reviewed=reviewed, sources=_sources(front, report),
        checklist=checklist, body=front.body, body_line=front.body_line,
    )


def shape_problem(body: str, first_line: int) -> tuple[int, str] | None:
    """Refuse what Markdown's parser handles badly before it sees it: deep nesting
    (it recurses per level) and masses of '[' (each one scans ahead for its match)."""
    for offset, line in enumerate(body.split("\n")):
        expanded = line.expandtabs(4)
        rest = expanded.lstrip(" ")
        markers = _NEST_MARKERS.match(rest)
        depth = (len(expanded) - len(rest)) // 4 + (
            len(_ONE_MARKER.findall(markers.group(0))) if markers else 0)
        if depth > MAX_NESTING:
            return (first_line + offset, f"lists or quotes nested {depth} levels deep (limit "
                    f"{MAX_NESTING}); page left out")
    if body.count("[") > MAX_BRACKETS:
        return (first_line, f"{body.count('[')} '[' characters (limit {MAX_BRACKETS}: links "
                "and pictures); page left out")
    return None


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
    """Fill in the page's blocks (or steps) and plain text; report refused links and images."""
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
            page.steps.append(Step(phase, title, when, rendered.html, html_to_text(rendered.html),
                                   tuple(rendered.blocks), tuple(rendered.terms)))
            page.terms.extend(t for t in rendered.terms if t not in page.terms)
        if not page.steps:
            problems.append(ContentProblem(str(page.path), "a steps page needs at least one "
                                           "'## Step' heading", page.body_line))
        page.text = "\n".join(f"{s.title}.\n{s.text}" for s in page.steps)
        return
    rendered = renderer.render(page.body)
    _report_render(page, rendered, problems)
    page.blocks = list(rendered.blocks)
    page.terms = list(rendered.terms)
    page.html = rendered.html
    page.text = html_to_text(rendered.html)
    if not page.text.strip():
        problems.append(ContentProblem(str(page.path), "page has no text", page.body_line))
    if page.kind == "screening" and not page.checklist:
        problems.append(ContentProblem(str(page.path), "screening page has no checklist; "
                                       "the 'tap what applies to you' list will be hidden",
                                       warning=True))


def _pack_size_problem(root: Path) -> ContentProblem | None:
    """Walk the pack once, bounded, before reading any page."""
    total = pages = files = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            files += 1
            try:
                size = (Path(folder) / name).stat().st_size
            except OSError:
                continue
            total += size
            pages += size if name.endswith(".md") and size <= MAX_PAGE_BYTES else 0
            if total > MAX_PACK_BYTES or files > MAX_PACK_FILES or pages > MAX_PAGES_BYTES:
                return ContentProblem(str(root), f"content pack is over "
                                      f"{MAX_PACK_BYTES // (1024 * 1024)} MiB, "
                                      f"{MAX_PACK_FILES} files or "
                                      f"{MAX_PAGES_BYTES // (1024 * 1024)} MiB of pages; "
                                      "not loaded")
    return None


def read_manifest(root: Path, problems: list[ContentProblem]) -> PackManifest | None:
    """`pack.toml` (id, version, date, languages): optional; signed packs will carry it."""
    path = root / MANIFEST_FILE
    if not path.is_file():
        return None
    where = str(path)
    try:
        if path.stat().st_size > 64 * 1024:
            problems.append(ContentProblem(where, "pack.toml is over 64 KiB; ignored"))
            return None
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.append(ContentProblem(where, f"cannot read pack.toml: {exc}"))
        return None
    for key in data:
        if key not in {"id", "version", "date", "languages"}:
            problems.append(ContentProblem(where, f"unknown key '{key}' in pack.toml; known: "
                                           "id, version, date, languages"))
    pack_id, version = data.get("id", ""), data.get("version", "")
    if not isinstance(pack_id, str) or not _ID.match(pack_id):
        problems.append(ContentProblem(where, "pack.toml: 'id' must be lowercase letters, "
                                       "digits and '-'"))
        pack_id = ""
    if not isinstance(version, str) or not version:
        problems.append(ContentProblem(where, "pack.toml: 'version' must be a string such "
                                       "as \"2026.11.1\""))
        version = ""
    date = data.get("date")
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            date = None
    if date is not None and (not isinstance(date, dt.date) or isinstance(date, dt.datetime)):
        date = None
    if date is None:
        problems.append(ContentProblem(where, "pack.toml: 'date' must be a date like "
                                       "2026-11-01"))
    languages = data.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        problems.append(ContentProblem(where, "pack.toml: 'languages' must be a list of "
                                       "language codes"))
        languages = []
    for lang in languages:
        if not (root / lang).is_dir():
            problems.append(ContentProblem(where, f"pack.toml lists language '{lang}' but "
                                           "the pack has no folder for it"))
    return PackManifest(pack_id, version, date, tuple(languages))


def load_pack(root: Path, assets: Path | None = None, languages: list[str] | None = None, *,
              render: bool = True, today: dt.date | None = None) -> ContentPack:
    """Load every language folder under `root` (or only `languages`).

    Each page is read and rendered on its own: an exception or a limit makes that one
    page an error and leaves it out; the rest of the pack still loads. `render=False`
    reads front matter only (`--version`).
    """
    pack = ContentPack(root=root)
    if not root.is_dir():
        pack.problems.append(ContentProblem(str(root), "content folder not found"))
        return pack
    too_big = _pack_size_problem(root)
    if too_big is not None:
        pack.problems.append(too_big)
        return pack
    pack.manifest = read_manifest(root, pack.problems)
    icons = {p.stem for p in (assets / "icons").glob("*.svg")} if assets else None
    folders = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    folders = [f for f in folders if f.name not in {"images", "icons"}]
    if languages is not None:
        for lang in languages:
            if not (root / lang).is_dir():
                pack.problems.append(ContentProblem(str(root / lang), f"language '{lang}' is "
                                                    "configured but has no content folder"))
        folders = [f for f in folders if f.name in languages]
    for folder in folders:
        pages: dict[str, Page] = {}
        for path in sorted(folder.glob("*.md")):
            try:
                page = read_page(path, folder.name, pack.problems, icons, today)
            except Exception as exc:  # one bad page must never stop the kiosk
                pack.problems.append(ContentProblem(str(path), f"page left out: cannot be "
                                                    f"read ({type(exc).__name__}: {exc})"))
                continue
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
    if not render:
        return pack
    all_ids = {pid for pages in pack.pages.values() for pid in pages}
    for lang, pages in pack.pages.items():
        glossary = load_glossary(root / lang, lang)
        pack.glossaries[lang] = glossary
        pack.problems.extend(ContentProblem(w, m, line) for w, line, m in glossary.problems)
        roots = [root / lang, root] + ([assets] if assets else [])
        renderer = SafeRenderer(all_ids, roots, glossary, DIAGRAMS | _diagram_names(root))
        renderer.page_ids = set(pages)
        for page in list(pages.values()):
            if not _render_isolated(page, renderer, pack.problems):
                del pages[page.id]
        for missing in sorted(all_ids - set(pages)):
            pack.problems.append(ContentProblem(str(root / lang), f"page '{missing}' exists in "
                                                "another language but not here"))
    for lang in [lang for lang, pages in pack.pages.items() if not pages]:
        del pack.pages[lang]
        pack.problems.append(ContentProblem(str(root / lang), "no usable pages in this language"))
    return pack


def _diagram_names(root: Path) -> set[str]:
    """The pack's own diagrams (`images/diagrams/<name>.toml`), so pages may ask for them;
    whether each one loads is `kiosk check`'s business (kiosk.pictures.pack_problems)."""
    folder = root / "images" / "diagrams"
    return {p.stem for p in folder.glob("*.toml")} if folder.is_dir() else set()


def _render_isolated(page: Page, renderer: SafeRenderer, problems: list[ContentProblem]) -> bool:
    """Render one page; False (page left out, reason reported) on a limit or any exception."""
    deep = shape_problem(page.body, page.body_line)
    if deep is not None:
        problems.append(ContentProblem(str(page.path), deep[1], deep[0]))
        return False
    try:
        render_page(page, renderer, problems)
    except Exception as exc:  # a hostile page must cost only itself
        problems.append(ContentProblem(str(page.path), f"page left out: it cannot be shown "
                                       f"({type(exc).__name__}: {str(exc)[:200]})"))
        return False
    return True


def load_content(folder: Path, assets: Path | None, languages: list[str] | None,
                 bundled: Path, *, fallback: bool = True
                 ) -> tuple[ContentPack, Path, bool]:
    """The one loader for the kiosk, `check`, self-test and staff reload.

    A clinic pack with no usable page falls back to the bundled pack (when `fallback`),
    keeping the clinic pack's problems so staff and `check` see why. Returns the pack,
    the folder it came from, and whether it fell back.
    """
    try:
        pack = load_pack(folder, assets, languages)
    except Exception as exc:  # an unreadable folder must not stop the kiosk starting
        pack = ContentPack(root=folder, problems=[ContentProblem(
            str(folder), f"cannot load this pack ({type(exc).__name__}: {exc})")])
    if pack.pages or not fallback or folder.resolve() == bundled.resolve():
        return pack, folder, False
    log.error("content pack %s has no usable pages; showing the bundled pack", folder)
    bundled_pack = load_pack(bundled, assets, languages)
    note = ContentProblem(str(folder), "no usable pages here; the kiosk shows its bundled "
                          "content instead")
    bundled_pack.problems = [*pack.problems, note, *bundled_pack.problems]
    return bundled_pack, bundled, True
