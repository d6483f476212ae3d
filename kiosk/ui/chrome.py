"""The navigation bar: on every screen, at the bottom, where a seated person reaches.

Two rows in landscape (tools on top; Home, Back, My list, Finish and 'Need help
now?' below); in portrait three (tools; Home, Back, My list, Finish; then 'Need a
moment?' and 'Need help now?').
Every button's width comes from stretch factors only (never from its text), so
nothing moves under a finger when the text size or language changes; the gap
between any two buttons is at least 16 px. Text size is three fixed segments,
"A A A" in growing sizes, the current one filled and framed: a cycling "Text size"
button hid the current size and changed under a repeat tap.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.session import Route
from kiosk.ui.host import Host
from kiosk.ui.screens.base import set_prop
from kiosk.ui.style import FONT_FAMILY, Metrics
from kiosk.ui.widgets import make_button, set_icon

MIN_GAP_PX = 16  # between any two targets (issue #12)
# Row heights at 1080p (scaled with the screen, never with the text size): one line of
# bar text at its largest (31 px, 39 px a line) with padding and a focus border fits in
# 68, above the 60 px target. Rows were 84 with 12 px margins: at 1366x768 the bar took
# 155 px of 768; now 125. One row does not fit even at 1920: the labels alone are
# 2007 px wide at the largest text in Spanish.
ROW_PX = 68
TWO_LINE_ROW_PX = 104  # the welcome screen's bilingual labels
MARGIN_PX = 8
BUTTON_KEYS = {"homeButton": "nav.home", "backButton": "nav.back", "aboutButton": "nav.about",
               "contrastButton": "nav.contrast",
               "languageButton": "", "momentButton": "nav.moment", "myListButton": "nav.my_list",
               "finishButton": "nav.finish", "helpButton": "nav.help"}


TEXT_SIZES = 3  # normal, large, largest (kiosk.theme.TEXT_SCALES)
SEGMENT_PX = 80  # a segment's width at 1080p: above the 60 px target, "A" at its largest
SEGMENT_FONT_PX = (26, 34, 44)  # the A's grow as the sizes they stand for


class TextSizeControl(QWidget):
    """Three segments, one per text size; the current one is filled and framed.

    Exclusive: tapping the current segment again changes nothing. The width is
    fixed (never from text), so nothing in the bar moves when the size changes.
    """

    chosen = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("textSizeControl")
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.segments: list[QPushButton] = []
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        for size in range(TEXT_SIZES):
            segment = make_button("A", "segment", f"textSize{size}")
            segment.setCheckable(True)
            policy = segment.sizePolicy()
            policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
            segment.setSizePolicy(policy)
            self.group.addButton(segment, size)
            self.row.addWidget(segment, 1)
            self.segments.append(segment)
        self.group.idClicked.connect(self.chosen.emit)

    def show_size(self, current: int, names: list[str], m: Metrics, gap: int,
                  frame: str) -> None:
        """Mark `current`; `names` are what a screen reader says for each segment."""
        self.row.setSpacing(gap)
        self.setFixedWidth(m.px(SEGMENT_PX) * TEXT_SIZES + gap * (TEXT_SIZES - 1))
        for size, segment in enumerate(self.segments):
            segment.setChecked(size == current)
            segment.setAccessibleName(names[size])
        # Sizes from the screen only (never the text size): the A's look the same at
        # every size but for the mark. The mark is more than colour: filled, and framed.
        self.setStyleSheet("".join(
            f"QPushButton#textSize{size} {{ font-size: {m.px(px)}px; padding: 0;"
            f" min-width: 0; }}" for size, px in enumerate(SEGMENT_FONT_PX))
            + f"QPushButton:checked {{ border: {m.px(6)}px solid {frame}; }}")


class NavBar(QFrame):
    """Home, Back, About, text size, contrast, language, My list, Finish, a moment, help."""

    def __init__(self, host: Host) -> None:
        super().__init__()
        self.host = host
        self.setObjectName("navbar")
        self.home = make_button("", "nav", "homeButton")
        self.back = make_button("", "nav", "backButton")
        self.about = make_button("", "nav", "aboutButton")
        self.text_size = TextSizeControl()
        self.contrast = make_button("", "nav", "contrastButton")
        self.language = make_button("", "nav", "languageButton")
        self.moment = make_button("", "nav", "momentButton")
        self.my_list = make_button("", "nav", "myListButton")
        self.finish = make_button("", "nav", "finishButton")
        self.help = make_button("", "help", "helpButton")
        for button in self.items():
            policy = button.sizePolicy()
            if button is not self.text_size:  # that one has a fixed width
                policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)  # width from stretch
            policy.setRetainSizeWhenHidden(True)  # a hidden button keeps its place empty
            button.setSizePolicy(policy)
        self.rows = QVBoxLayout(self)
        self.row_layouts = [QHBoxLayout(), QHBoxLayout(), QHBoxLayout()]
        for row in self.row_layouts:
            self.rows.addLayout(row)
        # The thank-you after "Finish and clear" (set by kiosk.ui.journey): the visit is
        # over, so only Home, help and the display settings stay; no Back into it.
        self.ending: Route | None = None
        self.portrait: tuple[bool, bool] | None = None  # (portrait, welcome screen)
        self.stretched_for: tuple[bool, bool, float] | None = None

    def items(self) -> list[QWidget]:
        """What the rows hold: the buttons and the text-size control."""
        return [self.home, self.back, self.about, self.text_size, self.contrast, self.language,
                self.moment, self.my_list, self.finish, self.help]

    def buttons(self) -> list[QPushButton]:
        """Every target in the bar (each text-size segment is one)."""
        return [*(i for i in self.items() if isinstance(i, QPushButton)),
                *self.text_size.segments]

    def arrange(self, portrait: bool, attract: bool = False) -> None:
        if (portrait, attract) == self.portrait:
            return
        self.portrait = (portrait, attract)
        for row in self.row_layouts:
            while row.count():
                row.takeAt(0)
        top, middle, bottom = self.row_layouts
        plan: list[tuple[QHBoxLayout, list[QWidget]]]
        if attract:
            # The welcome screen: no Home, Back, list or Finish yet, so one compact row
            # (two in portrait), and the rest of the screen still starts the visit.
            plan = [(top, [self.text_size, self.contrast] if portrait else
                     [self.text_size, self.contrast, self.moment, self.help]),
                    (middle, [self.moment, self.help] if portrait else [])]
            for button in (self.home, self.back, self.about, self.language, self.my_list,
                           self.finish):
                button.hide()
        elif portrait:
            plan = [(top, [self.text_size, self.contrast, self.language]),
                    (middle, [self.home, self.back, self.my_list, self.finish]),
                    (bottom, [self.moment, self.help])]
            # About is a Home tile in portrait: no room for a fifth button in a row.
            self.about.hide()
        else:
            plan = [(top, [self.text_size, self.contrast, self.language, self.about,
                           self.moment]),
                    (middle, [self.home, self.back, self.my_list, self.finish, self.help])]
        for row, buttons in plan:
            for widget in buttons:
                row.addWidget(widget, 0 if widget is self.text_size else 1)
        self.stretched_for = None

    def _stretch(self) -> None:
        """Share each row by the widest label a button can ever show (every language, the
        largest text size), so widths stay put when either changes."""
        host = self.host
        m = host.metrics
        key = (*(self.portrait or (host.portrait, False)), m.unit)
        if self.stretched_for == key:
            return
        self.stretched_for = key
        font = QFont(self.font())
        font.setFamily(FONT_FAMILY)
        font.setBold(True)
        font.setPixelSize(round(26 * m.unit * 1.2))  # chrome text at its largest
        metrics = QFontMetrics(font)
        languages = host.navigator.languages
        for row in self.row_layouts:
            for index in range(row.count()):
                item = row.itemAt(index)
                button = item.widget() if item is not None else None
                if not isinstance(button, QPushButton):
                    continue
                key_name = BUTTON_KEYS.get(button.objectName(), "")
                texts = [host.strings.name(lang) for lang in languages] if not key_name \
                    else [host.strings.tr(lang, key_name, n=88) for lang in languages]
                widest = max((metrics.horizontalAdvance(t) for t in texts), default=100)
                row.setStretch(index, widest + round(120 * m.unit))  # icon and padding

    def redraw(self, screen: str, next_language: str, has_about: bool,
               list_size: int = 0) -> None:
        host = self.host
        m = host.metrics
        p = host.colours
        session = host.session
        self.arrange(host.portrait, screen == "attract")
        self._stretch()
        self.rows.setContentsMargins(m.px(24), m.px(MARGIN_PX), m.px(24), m.px(MARGIN_PX))
        gap = max(MIN_GAP_PX, m.px(16))
        self.rows.setSpacing(gap)
        for row in self.row_layouts:
            row.setSpacing(gap)
        on_attract = screen == "attract"
        labels = {
            self.home: ("nav.home", host.say("nav.home"), "home"),
            self.back: ("nav.back", host.say("nav.back"), "back"),
            self.about: ("nav.about", host.say("nav.about"), "book"),
            self.contrast: ("nav.contrast",
                            host.say("a11y.contrast_on" if session.high_contrast
                                     else "a11y.contrast_off"), "contrast"),
            self.language: ("", host.say("a11y.language",
                                         name=host.strings.name(next_language)), "language"),
            self.moment: ("nav.moment", host.say("nav.moment"), "info"),
            self.my_list: ("nav.my_list", host.say("nav.my_list", n=list_size), "check"),
            self.finish: ("nav.finish", host.say("nav.finish"), "stop"),
            self.help: ("nav.help", host.say("nav.help"), "help"),
        }
        icon_size = m.chrome(30)
        for button, (key, name, icon) in labels.items():
            if button is self.language:
                text = host.strings.name(next_language)
            elif on_attract and key in ("nav.help", "nav.moment", "nav.contrast"):
                text = self._bilingual(key)  # nobody has chosen a language yet
            else:
                text = host.say(key, n=list_size)
            button.setText(text)
            button.setAccessibleName(name)
            colour = p.on_help if button is self.help else p.text
            if button is self.home and screen == "home":
                colour = p.on_selected
            set_icon(button, icon, colour, icon_size)
        self.text_size.show_size(session.text_size, [
            host.say("a11y.text_size_selected" if size == session.text_size
                     else "a11y.text_size_segment", size=host.say(f"size.{size}"))
            for size in range(TEXT_SIZES)], m, gap, p.text)
        set_prop(self.contrast, "on", session.high_contrast)
        # The welcome screen has its own language buttons and is itself the start.
        self.language.setVisible(next_language != session.language and not on_attract)
        self.home.setVisible(not on_attract)
        set_prop(self.home, "current", screen == "home")  # "you are here", like a tab bar
        ended = session.route == self.ending
        # One Back: it leads to the screen before, so where there is none it is hidden.
        self.back.setVisible(not (on_attract or ended)
                             and host.navigator.back_target() is not None)
        self.about.setVisible(has_about and not host.portrait and not (on_attract or ended))
        self.my_list.setVisible(list_size > 0 and screen != "my_list" and not ended)
        self.finish.setVisible(not on_attract and screen != "finish")
        self.moment.setVisible(screen != "moment" and not ended)
        # Fixed heights, not from the text: a larger text size never moves a row under a
        # finger. The stylesheet's minimum (contents, plus padding and a focus border)
        # must stay below them, or a restyle would win.
        self.setStyleSheet(f"QPushButton {{ min-height: {m.px(40)}px; }}")
        for button in self.buttons():
            # The segments take their row's height: Contrast is always beside them.
            text = self.contrast.text() if button in self.text_size.segments else button.text()
            button.setFixedHeight(m.px(TWO_LINE_ROW_PX if "\n" in text else ROW_PX))

    def _bilingual(self, key: str) -> str:
        """'Need help now?' in every offered language, one a line (first two at most)."""
        host = self.host
        languages = list(dict.fromkeys([host.session.language, *host.navigator.languages]))
        return "\n".join(host.strings.tr(lang, key) for lang in languages[:2])
