"""The Qt stylesheet, generated from a palette and the current sizes.

One template for both themes keeps high contrast from drifting out of date.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.theme import BODY_PX, TEXT_SCALES, Palette

FONT_FAMILY = "Atkinson Hyperlegible"


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one screen size and one text-size choice."""

    unit: float  # 1.0 at 1080 px on the short side
    text: float  # 1.0, 1.25 or 1.5

    def px(self, value: float) -> int:
        return max(1, round(value * self.unit))

    def tx(self, value: float) -> int:
        """Text that grows with the patient's text-size choice."""
        return max(1, round(value * self.unit * self.text))

    def chrome(self, value: float) -> int:
        """Navigation text grows less, so the bar never runs out of room."""
        return max(1, round(value * self.unit * min(self.text, 1.2)))

    @property
    def body(self) -> int:
        return self.tx(BODY_PX)

    @property
    def target(self) -> int:
        """Smallest button height: well above the 60 px minimum at 1080p."""
        return self.px(92)

    @classmethod
    def for_size(cls, width: int, height: int, text_size: int) -> Metrics:
        unit = min(max(min(width, height) / 1080, 0.6), 2.0)
        return cls(unit=round(unit, 3), text=TEXT_SCALES[text_size])


def stylesheet(p: Palette, m: Metrics) -> str:
    radius = m.px(18)
    return f"""
* {{ font-family: "{FONT_FAMILY}"; }}
QWidget#kioskRoot, QStackedWidget, QWidget[screen="true"] {{
    background: {p.background}; color: {p.text};
}}
QLabel {{ color: {p.text}; font-size: {m.body}px; background: transparent; }}
QLabel[role="h1"] {{ font-size: {m.chrome(50)}px; font-weight: bold; }}
QLabel[role="hero"] {{ font-size: {m.chrome(64)}px; font-weight: bold; color: {p.text}; }}
QLabel[role="h2"] {{ font-size: {m.tx(36)}px; font-weight: bold; }}
QLabel#otherLanguages {{ font-size: {m.chrome(34)}px; font-weight: bold; color: {p.link}; }}
QLabel[role="muted"] {{ font-size: {m.tx(26)}px; color: {p.muted}; }}
QLabel[role="when"] {{ font-size: {m.tx(28)}px; font-weight: bold; color: {p.link}; }}
QLabel[role="hint"] {{ font-size: {m.tx(24)}px; color: {p.muted}; }}
QLabel[role="phase"] {{
    font-size: {m.tx(26)}px; color: {p.muted}; padding: {m.px(6)}px {m.px(8)}px;
    border-bottom: {m.px(4)}px solid {p.background};
}}
QLabel[role="phase"][current="true"] {{
    color: {p.text}; font-weight: bold; border-bottom: {m.px(6)}px solid {p.primary};
}}
QFrame#navbar {{ background: {p.surface}; border-top: {m.px(2)}px solid {p.border}; }}
QFrame[role="card"] {{
    background: {p.surface}; border: {m.px(2)}px solid {p.border}; border-radius: {radius}px;
}}
QFrame[role="card"] QLabel {{ background: transparent; }}
QPushButton {{
    font-size: {m.chrome(28)}px; font-weight: bold; min-height: {m.target}px;
    min-width: {m.px(92)}px; padding: {m.px(8)}px {m.px(22)}px; border-radius: {radius}px;
    background: {p.surface}; color: {p.text}; border: {m.px(3)}px solid {p.border};
}}
QPushButton:focus {{ border: {m.px(5)}px solid {p.focus}; }}
QPushButton:pressed {{ background: {p.accent}; color: {p.on_accent}; }}
QPushButton[role="primary"] {{
    background: {p.primary}; color: {p.on_primary}; border-color: {p.primary};
    font-size: {m.chrome(32)}px;
}}
QPushButton[role="primary"]:focus {{ border-color: {p.focus}; }}
QPushButton[role="help"] {{ background: {p.help}; color: {p.on_help}; border-color: {p.help}; }}
QPushButton[role="help"]:focus {{ border-color: {p.focus}; }}
QPushButton[role="nav"] {{ font-size: {m.chrome(26)}px; padding: {m.px(8)}px {m.px(14)}px; }}
QPushButton[role="help"] {{ padding: {m.px(8)}px {m.px(14)}px; }}
QPushButton#homeButton[current="true"] {{
    background: {p.selected}; color: {p.on_selected}; border-color: {p.selected};
}}
QPushButton#previousStep {{ font-size: {m.chrome(32)}px; }}
QPushButton#contrastButton[on="true"] {{ border: {m.px(5)}px solid {p.primary}; }}
QPushButton[role="tile"] {{
    background: {p.surface}; border: {m.px(3)}px solid {p.border}; border-radius: {radius}px;
    text-align: left; padding: {m.px(18)}px;
}}
QPushButton[role="tile"]:focus {{ border: {m.px(6)}px solid {p.focus}; }}
QPushButton[role="tile"]:pressed {{ background: {p.accent}; }}
QLabel[role="tileTitle"] {{ font-size: {m.tx(30)}px; font-weight: bold; color: {p.text}; }}
QLabel[role="tileSub"] {{ font-size: {m.tx(24)}px; color: {p.muted}; }}
QLabel[role="pagerTitle"] {{ font-size: {m.chrome(28)}px; font-weight: bold; }}
QLabel[role="pagerSub"] {{ font-size: {m.chrome(26)}px; }}
QPushButton[role="primary"] QLabel {{ color: {p.on_primary}; }}
QPushButton[role="toggle"] {{
    text-align: left; font-size: {m.tx(28)}px; font-weight: normal;
    padding: {m.px(12)}px {m.px(20)}px;
}}
QPushButton[role="segment"]:checked {{
    background: {p.selected}; color: {p.on_selected}; border-color: {p.selected};
}}
QPushButton[role="toggle"] {{
    border: {m.px(4)}px solid {p.border if p.surface == p.background else "transparent"};
}}
QPushButton[role="toggle"]:checked {{
    background: {p.accent}; color: {p.text}; border: {m.px(4)}px solid {p.primary};
}}
QPushButton[role="segment"] {{ font-size: {m.chrome(28)}px; }}
QTextBrowser {{
    background: {p.surface}; color: {p.text}; font-size: {m.body}px;
    padding: {m.px(10)}px {m.px(28)}px;
    border: {m.px(2)}px solid {p.border if p.surface == p.background else p.surface};
}}
QTextBrowser#stepBody {{ background: {p.background}; padding: {m.px(4)}px 0; border: none; }}
QScrollArea {{ background: transparent; border: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QScrollBar:vertical {{ width: {m.px(22)}px; background: {p.background}; margin: 0; }}
QScrollBar::handle:vertical {{
    background: {p.border}; min-height: {m.px(80)}px; border-radius: {m.px(11)}px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: none; }}
QFrame#staffPanel {{ background: {p.background}; }}
QWidget[role="chart"] {{
    color: {p.text}; selection-background-color: {p.primary}; font-size: {m.chrome(24)}px;
}}
QFrame#scrim {{ background: rgba(13, 26, 34, 200); }}
QFrame#dialogCard {{
    background: {p.surface}; border: {m.px(4)}px solid {p.border}; border-radius: {radius}px;
}}
QFrame#dialogCard QLabel {{ font-size: {m.chrome(30)}px; }}
QFrame#dialogCard QLabel[role="ovTitle"] {{ font-size: {m.chrome(54)}px; font-weight: bold; }}
QFrame#dialogCard QLabel[role="ovName"] {{ font-size: {m.chrome(32)}px; font-weight: bold; }}
QFrame#dialogCard QLabel[role="ovMuted"] {{ font-size: {m.chrome(26)}px; color: {p.muted}; }}
QFrame#dialogCard QLabel[role="number"] {{ font-size: {m.chrome(46)}px; font-weight: bold; }}
QFrame#dialogCard QLabel[role="danger"] {{
    font-size: {m.chrome(32)}px; font-weight: bold; color: {p.on_help}; background: {p.help};
    border-radius: {m.px(12)}px; padding: {m.px(14)}px;
}}
"""


def document_css(p: Palette, m: Metrics, large: bool = False) -> str:
    """CSS for QTextBrowser documents (Qt's rich-text subset: no flex, no radius).

    `large` is for step-through screens, which hold few words and can afford more size.
    """
    body = m.tx(36) if large else m.body
    return f"""
body {{ font-family: "{FONT_FAMILY}"; font-size: {body}px; color: {p.text}; }}
p {{ margin-top: 0; margin-bottom: {m.tx(18)}px; line-height: 140%; }}
h1 {{ font-size: {m.tx(44)}px; margin-bottom: {m.tx(14)}px; }}
h2 {{ font-size: {m.tx(36)}px; margin-top: {m.tx(26)}px; margin-bottom: {m.tx(12)}px; }}
h3 {{ font-size: {m.tx(32)}px; margin-top: {m.tx(20)}px; margin-bottom: {m.tx(10)}px; }}
li {{ margin-bottom: {m.tx(10)}px; line-height: 140%; }}
ul, ol {{ margin-left: {m.tx(10)}px; }}
a {{ color: {p.link}; text-decoration: underline; font-weight: bold; }}
strong {{ font-weight: bold; }}
.refused-link {{ color: {p.text}; }}
blockquote {{ background-color: {p.accent}; color: {p.on_accent}; margin-left: 0; }}
"""
