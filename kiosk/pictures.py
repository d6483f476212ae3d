"""Illustrations: the SVG files in a pack's `images/`, their alt text and their colours.

`images/images.toml` lists every illustration with alt text in each language
(a picture never replaces words, but a screen reader and Listen need them).
The SVGs are drawn in the normal theme's colours; `recolour` swaps each for
its high-contrast partner, so one file serves both themes. Qt-free.
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.content import ContentPack, ContentProblem, Page

CATALOGUE = Path("images") / "images.toml"
MAX_SVG_BYTES = 256 * 1024
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")
# Elements that could fetch something, run something or hide a photo in a drawing.
_REFUSED_TAGS = {"script", "image", "foreignObject", "iframe", "video", "audio"}

# Normal-theme colour -> high-contrast colour. The line work is the theme's text
# colour (white on black in high contrast), highlights its primary (yellow);
# every tint and skin tone becomes a near-black fill, so only lines and the one
# highlight remain: a high-contrast picture is a clean white line drawing.
HIGH_CONTRAST_COLOURS: dict[str, str] = {
    "#1B2730": "#FFFFFF",  # ink: every outline (theme text)
    "#45545E": "#F2F2F2",  # muted ink: secondary lines (theme muted)
    "#1D5B73": "#FFE14D",  # primary: the one thing to look at (theme primary)
    "#FFFFFF": "#000000",  # paper (theme surface)
    "#F4F1EA": "#000000",  # room background (theme background)
    "#DCE9EE": "#1A1A1A",  # soft blue: walls, shades (theme accent)
    "#B9D3DC": "#262626",  # deeper blue: cushions, clothes
    "#E9DCC9": "#1A1A1A",  # warm sand: couch, floor, table
    "#CDB89B": "#262626",  # deeper sand: wood
    "#A9C7A4": "#1A1A1A",  # sage: plants, clothes
    "#E8B7A0": "#262626",  # clay: clothes
    "#8D5A3B": "#000000",  # skin tones, several on purpose: people differ
    "#C68B5E": "#000000",
    "#F1CFAE": "#000000",
    "#2F4550": "#000000",  # night sky
    "#FBF3D5": "#FFFFFF",  # moon and stars
    "#2B2320": "#333333",  # hair
    "#6B4A3A": "#333333",
    "#B8B2AA": "#333333",
}


@dataclass(frozen=True)
class Illustration:
    name: str
    path: Path
    alt: dict[str, str]


@dataclass
class IllustrationSet:
    pictures: dict[str, Illustration] = field(default_factory=dict)
    problems: list[ContentProblem] = field(default_factory=list)

    def get(self, name: str) -> Illustration | None:
        return self.pictures.get(name)


def svg_problems(text: str) -> list[str]:
    """What makes an SVG unfit for the kiosk: not XML, outside references, scripts."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return [f"not a valid SVG (XML): {exc}"]
    found: list[str] = []
    if not root.tag.endswith("svg"):
        found.append("the file's root element is not <svg>")
    elif not root.get("viewBox"):
        found.append("the <svg> has no viewBox, so it cannot scale to the screen")
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in _REFUSED_TAGS:
            found.append(f"<{tag}> is not allowed in an illustration (draw it as shapes)")
        for key, value in element.attrib.items():
            if key.rsplit("}", 1)[-1] == "href" and not value.startswith("#"):
                found.append(f"outside reference not allowed: {value}")
            if key.startswith("on"):
                found.append(f"script attribute not allowed: {key}")
    return found


def colours_in(text: str) -> set[str]:
    return {c.upper() for c in _HEX.findall(text)}


def recolour(text: str, high_contrast: bool) -> str:
    """The SVG in the chosen theme's colours (unknown colours stay as drawn)."""
    if not high_contrast:
        return text
    return _HEX.sub(lambda m: HIGH_CONTRAST_COLOURS.get(m.group(0).upper(), m.group(0)), text)


def load_illustrations(content_root: Path, languages: list[str]) -> IllustrationSet:
    """The catalogue and its files; anything unusable is a problem, never an exception."""
    found = IllustrationSet()
    where = content_root / CATALOGUE
    if not where.is_file():
        return found

    def report(message: str, path: Path = where, warning: bool = False) -> None:
        found.problems.append(ContentProblem(str(path), message, warning=warning))

    try:
        data = tomllib.loads(where.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        report(f"cannot read the picture list: {exc}")
        return found
    for name, entry in data.items():
        if not isinstance(entry, dict) or not _NAME.match(name):
            report(f"[{name}]: each picture is a table named with lowercase letters, digits "
                   "and '-', holding file and alt")
            continue
        file_name = entry.get("file")
        alt = entry.get("alt")
        if not isinstance(file_name, str) or not file_name.endswith(".svg") \
                or "/" in file_name or "\\" in file_name:
            report(f"[{name}]: 'file' must be an .svg file name in images/")
            continue
        path = where.parent / file_name
        alt_texts = alt if isinstance(alt, dict) else {}
        missing = [lang for lang in languages
                   if not isinstance(alt_texts.get(lang), str) or not alt_texts[lang].strip()]
        if missing:
            report(f"[{name}]: no alt text in {', '.join(missing)}; every picture needs "
                   "words for screen readers and Listen")
            continue
        if not path.is_file():
            report(f"[{name}]: missing image: {file_name}")
            continue
        size = path.stat().st_size
        if size > MAX_SVG_BYTES:
            report(f"image is {size // 1024} KiB, over the {MAX_SVG_BYTES // 1024} KiB limit",
                   path)
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            report(f"cannot read the image: {exc}", path)
            continue
        refused = svg_problems(text)
        for message in refused:
            report(message, path)
        if refused:
            continue
        unknown = sorted(colours_in(text) - set(HIGH_CONTRAST_COLOURS))
        if unknown:
            report(f"colours {', '.join(unknown)} have no high-contrast partner; they stay "
                   "as drawn in high contrast", path, warning=True)
        found.pictures[name] = Illustration(name, path, {k: str(v).strip()
                                                         for k, v in alt_texts.items()})
    return found


def pack_problems(content_root: Path, languages: list[str]) -> list[ContentProblem]:
    """Everything `kiosk check` reports about a pack's pictures and diagram data."""
    from kiosk.diagrams import load_diagrams

    pictures = load_illustrations(content_root, languages)
    problems = [*load_diagrams(content_root, languages).problems, *pictures.problems]
    listed = {p.path.name for p in pictures.pictures.values()}
    folder = content_root / CATALOGUE.parent
    for path in sorted(folder.glob("*.svg")) if folder.is_dir() else []:
        if path.name not in listed and not any(p.path.endswith(path.name) for p in problems):
            problems.append(ContentProblem(str(path), f"not listed in {CATALOGUE}, so it has "
                                           "no alt text; add it there", warning=True))
    return problems


def reference_problem(name: str, content_root: Path, languages: list[str]) -> str | None:
    """Why a page's `diagram:`/picture name cannot be shown, or None when it can."""
    from kiosk.diagrams import load_diagrams

    if name in load_diagrams(content_root, languages).diagrams:
        return None
    if name in load_illustrations(content_root, languages).pictures:
        return None
    return (f"unknown picture '{name}': no images/diagrams/{name}.toml and no [{name}] in "
            f"{CATALOGUE}")


def page_picture_problems(pack: ContentPack) -> list[ContentProblem]:
    """What `kiosk check` says about the pictures pages ask for: an unknown diagram or
    'you are here', a picture with no alt text anywhere, a step with no picture."""
    from kiosk.diagrams import CourseCalendar, Timeline, load_diagrams
    from kiosk.render import DiagramBlock, ImageBlock

    languages = pack.languages
    diagrams = load_diagrams(pack.root, languages)
    pictures = load_illustrations(pack.root, languages)
    listed = {p.path.resolve() for p in pictures.pictures.values()}
    problems: list[ContentProblem] = []
    for pages in pack.pages.values():
        for page in pages.values():
            def report(message: str, needle: str, warning: bool = False,
                       page: Page = page) -> None:
                line = next((page.body_line + n for n, text in
                             enumerate(page.body.splitlines()) if needle in text), None)
                problems.append(ContentProblem(str(page.path), message, line, warning))

            groups = [(s.title, s.blocks) for s in page.steps] or [("", tuple(page.blocks))]
            for title, blocks in groups:
                shown = 0
                for block in blocks:
                    if isinstance(block, DiagramBlock):
                        diagram = diagrams.get(block.name)
                        if diagram is None:
                            report(f"diagram '{block.name}' cannot be shown (see the problem "
                                   f"with images/diagrams/{block.name}.toml)", block.name)
                            continue
                        shown += 1
                        stops = diagram.stops() if isinstance(diagram, CourseCalendar |
                                                              Timeline) else []
                        known = ", ".join(stops) or "none (this diagram has no places)"
                        if block.here and block.here not in stops:
                            report(f"'{block.name}#{block.here}': unknown 'you are here'; "
                                   f"use one of: {known}", f"#{block.here}")
                    elif isinstance(block, ImageBlock):
                        shown += 1
                        if block.path.resolve() not in listed and not block.alt.strip():
                            report(f"picture {block.path.name} has no alt text: write it in "
                                   f"the brackets or list it in {CATALOGUE}", block.path.name,
                                   warning=True)
                if page.kind == "steps" and not shown:
                    report(f"step '{title}' has no picture; add one on its own line, e.g. "
                           "![](images/room.svg) or ![](diagram:session-day#dose-1)",
                           f"## {title}", warning=True)
    return problems
