"""Markdown to the small, safe HTML subset the kiosk shows.

Content may come from a clinic, so nothing in it is trusted: raw HTML is
escaped, links may only point at other kiosk pages, and images only at files
inside the content pack or the kiosk's assets.
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

INTERNAL_SCHEME = "kiosk:page/"
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass
class Rendered:
    """HTML for one piece of content, with what was refused and why."""

    html: str
    problems: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


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
        resolved = self.renderer.resolve_image(src)
        if resolved is not None:
            element.set("src", resolved.as_uri())
            return
        if _SCHEME.match(src) or src.startswith("//"):
            self.renderer.current.problems.append(f"outside image not allowed: {src}")
        else:
            self.renderer.current.problems.append(f"missing image: {src}")
        element.tag = "span"
        alt = element.get("alt", "")
        element.attrib.clear()
        element.text = alt


class SafeRenderer:
    """One Markdown engine reused for every page of a pack (building one costs ~1 ms)."""

    def __init__(self, page_ids: Iterable[str], image_roots: Iterable[Path]) -> None:
        self.page_ids = set(page_ids)
        self.image_roots = [p.resolve() for p in image_roots]
        self.current = Rendered("")
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
        self._md.reset()
        self.current.html = self._md.convert(text)
        return self.current


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


def escape(text: str) -> str:
    return html.escape(text, quote=True)
