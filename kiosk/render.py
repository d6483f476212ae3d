"""Markdown to structured blocks of the small, safe HTML subset the kiosk shows.

Content may come from a clinic, so nothing in it is trusted: raw HTML is
escaped, links may only point at other kiosk pages, and images only at files
inside the content pack or the kiosk's assets. A page renders to blocks (text,
image, diagram) so screens can put diagrams and tap-to-define beside the text;
internal links (`kiosk:page/<id>`) and glossary words (`term:<id>`) are anchors
inside text blocks, listed on the block.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown
from markdown.treeprocessors import Treeprocessor

from kiosk.glossary import TERM_SCHEME, Glossary

INTERNAL_SCHEME = "kiosk:page/"
DIAGRAM_SCHEME = "diagram:"
MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 4096
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_BLOCK_MARK = re.compile(r'<div class="kiosk-block" id="b(\d+)"></div>')
# Text elements whose words may be marked as glossary terms (not headings, not links).
_TERM_PARENTS = {"p", "li", "td", "th", "em", "strong", "blockquote"}


@dataclass(frozen=True)
class TextBlock:
    """Safe HTML; `links` and `terms` are the page and glossary ids it points at."""

    html: str
    links: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImageBlock:
    """A picture on its own line: a checked file inside the pack or assets."""

    path: Path
    alt: str

    @property
    def html(self) -> str:
        return f'<p><img src="{escape(self.path.as_uri())}" alt="{escape(self.alt)}" /></p>'


@dataclass(frozen=True)
class DiagramBlock:
    """`![alt](diagram:name)`: a picture the kiosk draws; the alt text says it all too."""

    name: str
    alt: str
    here: str = ""  # `diagram:name#here`: where the patient is (a calendar or day stop)

    @property
    def html(self) -> str:
        return f"<p>{escape(self.alt)}</p>" if self.alt else ""


Block = TextBlock | ImageBlock | DiagramBlock


@dataclass
class Rendered:
    """One piece of content as blocks, with what was refused and why."""

    html: str
    problems: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


def _words_only(element: ET.Element) -> None:
    """A refused or inline picture shows its words (alt text) instead."""
    alt = element.get("alt", "")
    element.tag = "span"
    element.attrib.clear()
    element.text = alt


class _Guard(Treeprocessor):  # type: ignore[misc]  # markdown ships no type hints
    """Rewrites links and images after Markdown has built its element tree."""

    def __init__(self, md: markdown.Markdown, renderer: SafeRenderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "a":
                    self._link(child)
                elif child.tag == "img":
                    self._image(parent, child)
        if self.renderer.glossary_pattern is not None:
            self._mark_terms(root, set())
        self._split(root)

    def _split(self, root: ET.Element) -> None:
        """A paragraph holding only a picture becomes its own block (marked for cutting)."""
        for index, child in enumerate(list(root)):
            only = list(child)
            if child.tag != "p" or len(only) != 1 or (child.text or "").strip() \
                    or (only[0].tail or "").strip():
                continue
            picture = only[0]
            block: Block | None = None
            if picture.tag == "img" and picture.get("src"):
                path = self.renderer.resolved.get(picture.get("src", ""))
                block = ImageBlock(path, picture.get("alt", "")) if path else None
            elif picture.tag == "diagram":
                block = DiagramBlock(picture.get("name", ""), picture.get("alt", ""),
                                     picture.get("here", ""))
            if block is None:
                continue
            marker = ET.Element("div", {"class": "kiosk-block",
                                        "id": f"b{len(self.renderer.pending)}"})
            self.renderer.pending.append(block)
            root.remove(child)
            root.insert(index, marker)
        for element in root.iter("diagram"):  # a diagram inside a sentence: its words
            _words_only(element)

    def _mark_terms(self, element: ET.Element, seen: set[str]) -> None:
        """Wrap the first use of each glossary word in a `term:` anchor."""
        pattern = self.renderer.glossary_pattern
        assert pattern is not None
        if element.tag in _TERM_PARENTS and element.text:
            element.text, made = self._wrap(element.text, seen)
            for offset, anchor in enumerate(made):
                element.insert(offset, anchor)
        for child in list(element):
            if child.tag not in {"a", "code", "h1", "h2", "h3", "h4", "h5", "h6", "img"}:
                self._mark_terms(child, seen)
            if child.tail and element.tag in _TERM_PARENTS:
                child.tail, made = self._wrap(child.tail, seen)
                position = list(element).index(child) + 1
                for offset, anchor in enumerate(made):
                    element.insert(position + offset, anchor)

    def _wrap(self, text: str, seen: set[str]) -> tuple[str, list[ET.Element]]:
        """Text before the first new term, and anchors whose tails carry the rest."""
        pattern = self.renderer.glossary_pattern
        glossary = self.renderer.glossary
        assert pattern is not None and glossary is not None
        head: str | None = None
        anchors: list[ET.Element] = []
        rest = text
        while True:
            match = next((m for m in pattern.finditer(rest)
                          if (t := glossary.find(m.group(0))) is not None and t.id not in seen),
                         None)
            if match is None:
                break
            term = glossary.find(match.group(0))
            assert term is not None
            seen.add(term.id)
            self.renderer.current.terms.append(term.id)
            before = rest[:match.start()]
            if anchors:
                anchors[-1].tail = before
            else:
                head = before
            anchor = ET.Element("a", {"href": TERM_SCHEME + term.id, "class": "term"})
            anchor.text = match.group(0)
            anchors.append(anchor)
            rest = rest[match.end():]
        if not anchors:
            return text, []
        anchors[-1].tail = rest
        return head or "", anchors

    def _link(self, element: ET.Element) -> None:
        href = (element.get("href") or "").strip()
        target = self.renderer.internal_target(href)
        if target is not None:
            element.set("href", INTERNAL_SCHEME + target)
            self.renderer.current.links.append(target)
            return
        element.tag = "span"
        element.attrib.clear()
        element.set("class", "refused-link")
        if _SCHEME.match(href) or href.startswith("//"):
            self.renderer.current.problems.append(
                f"outside link not allowed (it could leave the kiosk): {href}")
        else:
            self.renderer.current.problems.append(f"link to an unknown page: {href}")

    def _image(self, parent: ET.Element, element: ET.Element) -> None:
        src = (element.get("src") or "").strip()
        if src.startswith(DIAGRAM_SCHEME):
            name, _, here = src.removeprefix(DIAGRAM_SCHEME).partition("#")
            if name in self.renderer.diagrams:
                alt = element.get("alt", "")
                element.tag = "diagram"
                element.attrib.clear()
                element.set("name", name)
                element.set("alt", alt)
                element.set("here", here)
                return
            self.renderer.current.problems.append(f"unknown diagram: {name}")
            _words_only(element)
            return
        resolved = self.renderer.resolve_image(src)
        if resolved is not None:
            too_big = image_problem(resolved)
            if too_big is None:
                element.set("src", resolved.as_uri())
                self.renderer.resolved[resolved.as_uri()] = resolved
                return
            self.renderer.current.problems.append(f"{too_big}: {src}")
            _words_only(element)
            return
        if _SCHEME.match(src) or src.startswith("//"):
            self.renderer.current.problems.append(f"outside image not allowed: {src}")
        else:
            self.renderer.current.problems.append(f"missing image: {src}")
        _words_only(element)


class SafeRenderer:
    """One Markdown engine reused for every page of a pack (building one costs ~1 ms)."""

    def __init__(self, page_ids: Iterable[str], image_roots: Iterable[Path],
                 glossary: Glossary | None = None,
                 diagrams: Iterable[str] = ()) -> None:
        self.page_ids = set(page_ids)
        self.image_roots = [p.resolve() for p in image_roots]
        self.current = Rendered("")
        self.pending: list[Block] = []
        self.resolved: dict[str, Path] = {}
        self.glossary = glossary
        self.glossary_pattern = glossary.pattern() if glossary else None
        self.diagrams = set(diagrams)
        self._md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_Guard(self._md, self), "kiosk_guard", 0)

    def internal_target(self, href: str) -> str | None:
        """The page id a content link points at, or None when it is not a kiosk page."""
        if _SCHEME.match(href) or href.startswith("//"):
            return None
        name = href.split("#", 1)[0].removeprefix("./")
        name = name.removesuffix(".md")
        return name if name in self.page_ids else None

    def resolve_image(self, src: str) -> Path | None:
        if not src or _SCHEME.match(src) or src.startswith("//") or Path(src).is_absolute():
            return None
        for root in self.image_roots:
            candidate = (root / src).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                return candidate
        return None

    def render(self, text: str) -> Rendered:
        self.current = Rendered("")
        self.pending = []
        self._md.reset()
        marked = self._md.convert(text)
        self.current.blocks = self._blocks(marked)
        self.current.html = "".join(block.html for block in self.current.blocks)
        return self.current

    def _blocks(self, marked: str) -> list[Block]:
        """Cut the HTML at the picture markers into text, image and diagram blocks."""
        blocks: list[Block] = []
        position = 0
        for match in _BLOCK_MARK.finditer(marked):
            self._text_block(blocks, marked[position:match.start()])
            blocks.append(self.pending[int(match.group(1))])
            position = match.end()
        self._text_block(blocks, marked[position:])
        return blocks

    def _text_block(self, blocks: list[Block], fragment: str) -> None:
        fragment = fragment.strip()
        if not fragment:
            return
        blocks.append(TextBlock(
            fragment,
            tuple(dict.fromkeys(re.findall(rf'href="{INTERNAL_SCHEME}([^"]+)"', fragment))),
            tuple(dict.fromkeys(re.findall(rf'href="{TERM_SCHEME}([^"]+)"', fragment)))))


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "br", "tr"}:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of rendered HTML: for reading-level scores and read-aloud."""
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def image_problem(path: Path) -> str | None:
    """Refuse a picture too big to decode on the GUI thread, before anything opens it."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(24)
    except OSError as exc:
        return f"cannot read image ({exc})"
    if size > MAX_IMAGE_BYTES:
        return f"image is {size // 1024} KiB, over the {MAX_IMAGE_BYTES // 1024} KiB limit"
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        width, height = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        if max(width, height) > MAX_IMAGE_SIDE:
            return f"image is {width}x{height} pixels, over {MAX_IMAGE_SIDE} on a side"
    return None


def escape(text: str) -> str:
    return html.escape(text, quote=True)
