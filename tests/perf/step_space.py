"""Empty background share in the content area of step screens, from self-test screenshots.

`python -m tests.perf.step_space DIR [DIR ...]` reads `kiosk self-test --screenshots`
PNGs of the step-through (`<size>-<lang>[-size1|-size2[-contrast]]-06-session-stepNN.png`)
and prints, per screen size x text size x contrast, the mean and worst share of the
content area (below the top row, above the bottom bar) whose squares hold nothing but
the screen's background colour. Target (issue #13): at most 35%.

The squares are 32 px at 1080p and grow with the screen as every size in the kiosk
does (`Metrics.unit`), so one layout measures the same on every screen: fixed 32-px
squares called a 2560x1440 screen emptier than the same layout at 1920x1080, because
the gaps between its lines are wider in pixels. `--block 32` gives the fixed measure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

from PySide6.QtGui import QImage


def block_for(width: int, height: int) -> int:
    """32 px at 1080p, scaled as the kiosk scales its own sizes (kiosk.ui.style.Metrics)."""
    return round(32 * min(max(min(width, height) / 1080, 0.6), 2.0))


def empty_share(path: Path, block: int | None = None) -> float:
    """Share of the content area (between the top margin and the bottom bar) in
    squares with nothing but background: space between the lines of a paragraph is
    not empty, a bare half-screen is."""
    image = QImage(str(path))
    width, height = image.width(), image.height()
    block = block or block_for(width, height)
    background = image.pixelColor(width // 2, 4).rgb()
    bottom = _bar_top(image, background)
    empty = total = 0
    for top in range(int(height * 0.02), bottom - block + 1, block):
        for left in range(0, width - block + 1, block):
            total += 1
            empty += all(image.pixelColor(x, y).rgb() == background
                         for y in range(top, top + block, 4)
                         for x in range(left, left + block, 4))
    return empty / max(total, 1)


def _bar_top(image: QImage, background: int) -> int:
    """The bottom bar starts at the first full-width line (not background) in the bottom
    quarter: its top border in high contrast, its own colour in the normal theme."""
    width, height = image.width(), image.height()
    for y in range(height * 3 // 4, height):
        colours = {image.pixelColor(x, y).rgb() for x in (2, width // 2, width - 3)}
        if len(colours) == 1 and background not in colours:
            return y
    return height


def group(name: str) -> str | None:
    """'<size> <text size>[ contrast]' for a file named
    `<size>-<lang>[-size1|-size2[-contrast]]-06-session-stepNN.png` (None for other files)."""
    parts = name.split("-")
    if len(parts) < 3 or "session" not in parts:
        return None
    size, _lang, *rest = parts
    text = next((part for part in rest if part.startswith("size")), "size0")
    return f"{size} {text}" + (" contrast" if "contrast" in rest else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--block", type=int, default=None,
                        help="fixed square size in px (default: 32 px at 1080p, scaled)")
    args = parser.parse_args(argv)
    for folder in args.folders:
        groups: dict[str, list[float]] = defaultdict(list)
        for path in sorted(folder.glob("*-session-step*.png")):
            key = group(path.name)
            if key is not None:
                groups[key].append(empty_share(path, args.block))
        print(folder)
        every = [value for values in groups.values() for value in values]
        for key, values in sorted(groups.items(), key=lambda item: _order(item[0])):
            print(f"  {key:30s} empty mean {statistics.mean(values):5.1%}  max "
                  f"{max(values):5.1%}  ({len(values)} screens)")
        if every:
            print(f"  {'all':30s} empty mean {statistics.mean(every):5.1%}  max "
                  f"{max(every):5.1%}  ({len(every)} screens)")
    return 0


def _order(key: str) -> tuple[int, int, str]:
    """Landscape sizes first, then portrait, each by width; then by text size."""
    size, rest = key.split(" ", 1)
    width, height = (int(n) for n in size.split("x"))
    return (width < height, width, rest)


if __name__ == "__main__":
    sys.exit(main())
