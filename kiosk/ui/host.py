"""What a screen may ask of the window that holds it (kept narrow on purpose)."""

from __future__ import annotations

from typing import Protocol

from kiosk.config import Config
from kiosk.content import ContentPack, Page
from kiosk.i18n import Strings
from kiosk.navigator import Navigator
from kiosk.session import PatientSession, Route
from kiosk.theme import Palette
from kiosk.ui.speech import Reader
from kiosk.ui.style import Metrics


class Host(Protocol):
    pack: ContentPack
    strings: Strings
    config: Config
    metrics: Metrics
    colours: Palette
    portrait: bool
    reader: Reader
    navigator: Navigator  # routing rules: topics, neighbours, steps, the back stack

    @property
    def session(self) -> PatientSession: ...  # replaced on every reset

    def say(self, key: str, **values: object) -> str: ...

    def navigate(self, route: Route) -> None: ...

    def open_page(self, page_id: str) -> None: ...

    def start(self, language: str | None = None) -> None: ...

    def finish(self) -> None: ...

    def refresh_chrome(self) -> None: ...  # the bar again ("My list (n)" after a tick)

    def count(self, kind: str) -> None: ...

    def topics(self) -> list[Page]: ...

    def document_css(self, large: bool = False) -> str: ...
