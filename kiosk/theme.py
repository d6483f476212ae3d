"""Named colours and type sizes: the one place contrast is decided and tested.

The Qt stylesheet is generated from these palettes, so a colour used on screen
is always a colour whose contrast a test has computed.
"""

from __future__ import annotations

from dataclasses import dataclass

TEXT_SCALES = (1.0, 1.25, 1.5)
BODY_PX = 30  # body text at 1080p; the brief asks for at least 28
MIN_TARGET_PX = 60


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str
    text: str
    muted: str
    primary: str
    on_primary: str
    accent: str
    on_accent: str
    help: str
    on_help: str
    border: str
    selected: str
    on_selected: str
    focus: str
    link: str
    shade: str  # overlay scrim behind dialogs (opaque colour, alpha added in the stylesheet)


NORMAL = Palette(
    background="#F4F1EA",
    surface="#FFFFFF",
    text="#1B2730",
    muted="#45545E",
    primary="#1D5B73",
    on_primary="#FFFFFF",
    accent="#DCE9EE",
    on_accent="#14404F",
    help="#9C3526",
    on_help="#FFFFFF",
    border="#6C7C86",
    selected="#1D5B73",
    on_selected="#FFFFFF",
    focus="#B35C00",
    link="#1A5670",
    shade="#0D1A22",
)

HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#000000",
    text="#FFFFFF",
    muted="#F2F2F2",
    primary="#FFE14D",
    on_primary="#000000",
    accent="#1A1A1A",
    on_accent="#FFFFFF",
    help="#FF8C7A",  # not the yellow of every other main button: help must stand out
    on_help="#000000",
    border="#FFFFFF",
    selected="#FFE14D",
    on_selected="#000000",
    focus="#00E5FF",
    link="#FFE14D",
    shade="#000000",
)

# Every (foreground, background) pair the stylesheet draws text with.
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("text", "background"),
    ("text", "surface"),
    ("muted", "background"),
    ("muted", "surface"),
    ("on_primary", "primary"),
    ("on_accent", "accent"),
    ("on_help", "help"),
    ("on_selected", "selected"),
    ("link", "surface"),
    ("link", "background"),
)
# Non-text pairs (borders, focus ring) that WCAG asks 3:1 for.
UI_PAIRS: tuple[tuple[str, str], ...] = (
    ("border", "background"),
    ("border", "surface"),
    ("focus", "background"),
    ("focus", "surface"),
    ("primary", "background"),
)


def palette_for(high_contrast: bool) -> Palette:
    return HIGH_CONTRAST if high_contrast else NORMAL


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of '#RRGGBB'."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
