"""Empty background share in the content area of step screens, from self-test screenshots.

`python -m tests.perf.step_space DIR [DIR ...]` reads `kiosk self-test --screenshots`
PNGs of the step-through (`*-session-step*.png`) and prints, per orientation and text
size, the share of the content area (below the top row, above the bottom bar) whose
32-px squares hold nothing but the screen's background colour. Target (issue #13): at most 35%.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import defaultdict
from pathlib import Path

from PySide6.QtGui import QImage


def empty_share(path: Path, block: int = 32) -> float:
    """Share of the content area (between the top margin and the bottom bar) in
    `block`-px squares with nothing but background: space between the lines of a
    paragraph is not empty, a bare half-screen is."""
    image = QImage(str(path))
    width, height = image.width(), image.height()
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for folder in args.folders:
        groups: dict[str, list[float]] = defaultdict(list)
        for path in sorted(folder.glob("*-session-step*.png")):
            size, _lang, *rest = path.name.split("-")
            variant = "largest" if rest[0] == "largest" else "normal"
            groups[f"{size} {variant}"].append(empty_share(path))
        print(folder)
        for key, values in sorted(groups.items()):
            print(f"  {key:22s} empty {statistics.mean(values):5.1%} (max {max(values):5.1%},"
                  f" {len(values)} screens)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
