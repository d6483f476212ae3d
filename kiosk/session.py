"""Everything one patient touched, in one object.

Idle reset throws the object away and makes a new one, so forgetting the last
patient is done by construction, not by remembering to clear each field.
Nothing here is ever written to disk.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from kiosk.settings import TEXT_SIZES


class Screen(enum.Enum):
    ATTRACT = "attract"
    HOME = "home"
    ARTICLE = "article"
    STEPS = "steps"
    SCREENING = "screening"
    MY_LIST = "my_list"  # the questions gathered this visit, with QR codes
    MOMENT = "moment"  # "Need a moment?": calm breathing, separate from crisis help
    FINISH = "finish"  # "Scan your questions before we clear", then the thank-you


@dataclass(frozen=True)
class Route:
    screen: Screen
    page_id: str = ""
    step: int = 0  # which step of a step-through: each step is a place Back returns to


ATTRACT = Route(Screen.ATTRACT)
HOME = Route(Screen.HOME)


@dataclass
class PatientSession:
    """The state of one visit; defaults come from configuration."""

    language: str
    text_size: int = 0
    high_contrast: bool = False
    history: list[Route] = field(default_factory=lambda: [ATTRACT])
    step_index: dict[str, int] = field(default_factory=dict)
    scroll: dict[str, int] = field(default_factory=dict)
    checklist: dict[str, set[int]] = field(default_factory=dict)
    checklist_open: dict[str, bool] = field(default_factory=dict)
    step_picks: list[tuple[str, int]] = field(default_factory=list)  # (page, step) on My list
    help_open: bool = False  # help sits on top of the back stack (see kiosk.navigator)
    completed: set[str] = field(default_factory=set)  # step-throughs read to the end
    touched: bool = False

    @property
    def route(self) -> Route:
        return self.history[-1]

    def cycle_text_size(self) -> int:
        self.text_size = (self.text_size + 1) % len(TEXT_SIZES)
        self.touched = True
        return self.text_size

    def toggle_contrast(self) -> bool:
        self.high_contrast = not self.high_contrast
        self.touched = True
        return self.high_contrast

    def toggle_item(self, page_id: str, index: int) -> bool:
        """Tick or untick one 'applies to me' item; returns its new state."""
        chosen = self.checklist.setdefault(page_id, set())
        self.touched = True
        if index in chosen:
            chosen.remove(index)
            return False
        chosen.add(index)
        return True

    def set_step(self, page_id: str, index: int) -> None:
        self.step_index[page_id] = index
        self.touched = True
