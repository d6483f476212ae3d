"""Render every diagram and illustration the way a screen would, to PNGs, and check them.

`python -m kiosk.ui.picture_preview OUT_DIR [--content DIR]` saves one PNG per
picture at 1920x1080 (picture beside its words) and 1080x1920 (picture above
them), in every language, at normal and largest text, normal and high contrast,
and prints any picture whose words do not fit, that paints nothing, or that
is cut off. Exit status 1 on any problem, so a pack can be proven before it ships.

`python -m kiosk.ui.picture_preview --list [--content DIR]` prints every picture as
Markdown (for a review note): its file, every page and step that shows it, and its alt
text in each language exactly as a screen reader and Listen get it ("you are here"
included).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

from kiosk.content import ContentPack, Page, load_pack
from kiosk.diagrams import DiagramSet, load_diagrams
from kiosk.pictures import IllustrationSet, load_illustrations
from kiosk.render import Block
from kiosk.theme import palette_for
from kiosk.ui.diagrams import PictureWidget

SIZES = ((1920, 1080), (1080, 1920))
# (file tag, text size index, high contrast): the easiest and the hardest case, and between.
VARIANTS = (("normal", 0, False), ("largest", 2, False), ("largest-contrast", 2, True))
# Enough to prove fit: largest text lays out the same in either theme.
FIT_VARIANTS = (VARIANTS[0], VARIANTS[2])


def _quiet(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Qt's messages, less the offscreen platform's harmless 'no window manager' notes."""
    if "does not support propagateSizeHints" not in message:
        print(f"Qt: {message}", file=sys.stderr)


def render_all(diagrams: DiagramSet, pictures: IllustrationSet, languages: list[str],
               out: Path | None, variants: Sequence[tuple[str, int, bool]] = VARIANTS
               ) -> tuple[int, list[str]]:
    """Show every picture in every variant; returns (PNGs saved, problems found)."""
    from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QVBoxLayout, QWidget

    from kiosk.ui.app import load_fonts
    from kiosk.ui.diagrams import make_picture
    from kiosk.ui.style import FONT_FAMILY, Metrics

    app = QApplication.instance() or QApplication([])
    load_fonts()
    saved, problems = 0, []
    names = [*diagrams.diagrams, *pictures.pictures]
    for width, height in SIZES:
        portrait = height > width
        # One screen per orientation, its picture and words swapped for each case:
        # showing a new top-level window per picture would cost most of the run.
        screen = QWidget()
        box = QVBoxLayout(screen) if portrait else QHBoxLayout(screen)
        screen.resize(width, height)
        screen.show()
        for lang in languages:
            for tag, text_size, contrast in variants:
                palette = palette_for(contrast)
                metrics = Metrics.for_size(width, height, text_size)
                screen.setStyleSheet(f"background: {palette.background};")
                margin = metrics.px(48)
                box.setContentsMargins(margin, margin, margin, margin)
                box.setSpacing(metrics.px(40))
                for name in names:
                    picture = make_picture(name, diagrams, pictures,
                                           here="session-1" if name == "course-calendar" else None)
                    assert picture is not None
                    picture.set_theme(palette, metrics)
                    picture.set_language(lang)
                    words = QLabel(picture.accessibleDescription())
                    words.setWordWrap(True)
                    words.setStyleSheet(f"color: {palette.text}; font-family: '{FONT_FAMILY}';"
                                        f" font-size: {metrics.body}px;")
                    box.addWidget(picture, 3 if not portrait else 0)
                    box.addWidget(words, 2 if not portrait else 1)
                    for _ in range(2):
                        app.processEvents()
                    # Painting is what finds words that do not fit; a screen only for a PNG.
                    shot = screen.grab() if out is not None else picture.grab()
                    where = f"{width}x{height} {lang} {tag} {name}"
                    need = picture.heightForWidth(picture.width())
                    if need > picture.height() + 1:
                        problems.append(f"{where}: cut off, needs {need} px high, has "
                                        f"{picture.height()}")
                    problems += [f"{where}: {text}" for text in picture.overflow]
                    if picture.width() < 300:
                        problems.append(f"{where}: only {picture.width()} px wide")
                    if out is not None:
                        path = out / f"{width}x{height}-{lang}-{tag}-{name}.png"
                        out.mkdir(parents=True, exist_ok=True)
                        saved += int(shot.save(str(path)))
                    for widget in (picture, words):
                        box.removeWidget(widget)
                        widget.hide()
                        widget.setParent(None)  # owned by Python now: freed with the name
        screen.close()
        screen.deleteLater()
    return saved, problems


def _use_name(page: Page, step: int | None) -> str:
    if step is None:
        return f"{page.title} (`{page.id}`)"
    return f"{page.title} (`{page.id}`), step {step + 1} \"{page.steps[step].title}\""


def _alt(widget: PictureWidget, lang: str) -> str:
    widget.set_language(lang)
    return widget.accessibleDescription() or widget.accessibleName()


def picture_list(pack: ContentPack) -> str:
    """Every picture of the pack, its alt text per language and where it is used (Markdown).

    The alt text is the widget's own accessible text, so the list shows what a patient's
    screen reader hears, not a copy that could drift from it; a use that marks "you are
    here" lists the line that adds."""
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.diagrams import make_picture
    from kiosk.ui.picture_blocks import block_picture, pack_pictures, picture_name

    if QApplication.instance() is None:
        QApplication([])
    pictures = pack_pictures(pack)
    languages = pack.languages
    lines = ["# Pictures and their alt text", ""]
    named = [(name, "diagram", f"images/diagrams/{name}.toml")
             for name in pictures.diagrams.diagrams]
    named += [(name, "illustration", f"images/{picture.path.name}")
              for name, picture in pictures.pictures.pictures.items()]
    for name, kind, file in named:
        lines += [f"## {name} ({kind}, `{file}`)", "", "Alt text:"]
        plain = make_picture(name, pictures.diagrams, pictures.pictures)
        assert plain is not None
        base = {lang: _alt(plain, lang) for lang in languages}
        for lang, alt in base.items():
            first, *rest = alt.splitlines() or ["(none)"]
            lines += [f"- {lang}: {first}", *(f"  {line}" for line in rest)]
        lines += ["", "Shown on:"]
        shown = 0
        for page in pack.ordered(languages[0]):
            groups: list[tuple[int | None, tuple[Block, ...]]] = \
                [(i, s.blocks) for i, s in enumerate(page.steps)] or [(None, tuple(page.blocks))]
            for step, blocks in groups:
                for number, block in enumerate(blocks):
                    found = picture_name(block, pictures)
                    if found is None or found[0] != name:
                        continue
                    shown += 1
                    lines.append(f"- {_use_name(page, step)}")
                    for lang in languages:
                        other = pack.page(lang, page.id)
                        same = () if other is None else (
                            tuple(other.blocks) if step is None else
                            other.steps[step].blocks if step < len(other.steps) else ())
                        widget = block_picture(same[number], pictures) \
                            if number < len(same) else None
                        if widget is None:
                            lines.append(f"  - {lang}: not shown (the page differs)")
                            continue
                        extra = _alt(widget, lang).removeprefix(base[lang]).strip()
                        if extra:
                            lines.append(f"  - {lang}: {extra}")
        if not shown:
            lines.append("- not shown on any page")
        lines.append("")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kiosk.ui.picture_preview",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", nargs="?", help="folder for the PNGs")
    parser.add_argument("--list", action="store_true", help="print every picture, where it "
                        "is used and its alt text in each language (Markdown), and exit")
    parser.add_argument("--content", help="content pack (default: the bundled one)")
    parser.add_argument("--languages", default="en,es")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    qInstallMessageHandler(_quiet)
    from kiosk.paths import assets_dir, bundled_content_dir

    root = Path(args.content) if args.content else bundled_content_dir()
    languages = args.languages.split(",")
    if args.list:
        pack = load_pack(root, assets_dir(), languages)
        print(picture_list(pack))
        return 1 if pack.errors else 0
    if args.out is None:
        parser.error("give a folder for the PNGs, or --list")
    diagrams = load_diagrams(root, languages)
    pictures = load_illustrations(root, languages)
    problems = [str(p) for p in diagrams.problems + pictures.problems]
    saved, shown = render_all(diagrams, pictures, languages, Path(args.out))
    problems += shown
    for problem in problems:
        print(problem)
    print(f"pictures: {len(diagrams.diagrams)} diagrams, {len(pictures.pictures)} "
          f"illustrations, {saved} PNGs in {args.out}, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
