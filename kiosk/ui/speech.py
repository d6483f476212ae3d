"""Read aloud through Qt's text-to-speech, where the machine has a working engine.

The engine is created lazily (after the first frame), and "Listen" is hidden,
not broken, when there is no engine, the engine reports an error, or it has no
voice for the patient's language (an English voice reading Spanish helps nobody).
"""

from __future__ import annotations

import ctypes.util
import logging
import sys

from PySide6.QtCore import QLocale, QLoggingCategory, QObject, Signal

log = logging.getLogger(__name__)
PLATFORM_ENGINES = {"linux": ("speechd",), "win32": ("winrt", "sapi"), "darwin": ("darwin",)}


class Reader(QObject):
    """One speech engine for the whole kiosk; `speaking` follows the engine's state."""

    speaking_changed = Signal(bool)

    def __init__(self, setting: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setting = setting
        self.engine: object | None = None
        self.tried = False
        self.status = "not started"
        self.speaking = False

    def _pick(self, available: list[str]) -> str | None:
        if self.setting == "off":
            return None
        if self.setting != "auto":
            return self.setting if self.setting in available else None
        wanted = PLATFORM_ENGINES.get(sys.platform, ())
        return next((name for name in wanted if name in available), None)

    def ensure(self) -> bool:
        if self.tried:
            return self.engine is not None
        self.tried = True
        # Qt Multimedia looks for PipeWire first and says so; it is optional here.
        QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver=false")
        try:
            from PySide6.QtTextToSpeech import QTextToSpeech
        except ImportError as exc:  # PySide6-Addons or a system library missing
            self.status = f"off: text-to-speech not installed ({exc})"
            log.warning("read aloud hidden: %s", self.status)
            return False
        name = self._pick(list(QTextToSpeech.availableEngines()))
        if name is None:
            self.status = f"off: no engine (setting {self.setting!r}, available " \
                          f"{list(QTextToSpeech.availableEngines())})"
            log.info("read aloud hidden: %s", self.status)
            return False
        if name == "speechd" and ctypes.util.find_library("speechd") is None:
            # Qt would fail to load its plug-in and complain; say why in words instead.
            self.status = "off: speech-dispatcher is not installed (apt: speech-dispatcher)"
            log.info("read aloud hidden: %s", self.status)
            return False
        engine = QTextToSpeech(name, self)
        if engine.state() == QTextToSpeech.State.Error:
            self.status = f"off: engine {name} failed: {engine.errorString()}"
            log.warning("read aloud hidden: %s", self.status)
            engine.deleteLater()
            return False
        engine.stateChanged.connect(self._state)
        self.engine = engine
        self.status = f"on ({name})"
        return True

    def _state(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        speaking = state == QTextToSpeech.State.Speaking
        if speaking != self.speaking:
            self.speaking = speaking
            self.speaking_changed.emit(speaking)

    def _locale_for(self, lang: str) -> QLocale | None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        engine = self.engine
        if not isinstance(engine, QTextToSpeech):
            return None
        matches = [loc for loc in engine.availableLocales() if loc.name().split("_")[0] == lang]
        return matches[0] if matches else None

    def can_speak(self, lang: str) -> bool:
        return self.ensure() and self._locale_for(lang) is not None

    def say(self, text: str, lang: str) -> bool:
        from PySide6.QtTextToSpeech import QTextToSpeech

        locale = self._locale_for(lang) if self.ensure() else None
        engine = self.engine
        if locale is None or not isinstance(engine, QTextToSpeech):
            return False
        engine.setLocale(locale)
        engine.say(text)
        return True

    def stop(self) -> None:
        from_engine = self.engine
        if from_engine is not None and self.speaking:
            from PySide6.QtTextToSpeech import QTextToSpeech

            if isinstance(from_engine, QTextToSpeech):
                from_engine.stop(QTextToSpeech.BoundaryHint.Immediate)
