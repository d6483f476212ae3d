"""The speech worker for Qt's engines (mock, WinRT, SAPI...): a child process.

Engines can block forever (a speech server that accepts and never answers) and
PySide6 holds the GIL while they do, so the kiosk keeps them in this process,
which it kills when a call overruns. Commands arrive as JSON lines on stdin,
events leave as JSON lines on stdout; every command is answered with
{"ev": "done", "call": N} when it returns, so the kiosk can time it.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QLoggingCategory, QObject, Signal
from PySide6.QtTextToSpeech import QTextToSpeech, QVoice

from kiosk.speech_protocol import emit, read_line

STATES = {QTextToSpeech.State.Speaking: "speaking", QTextToSpeech.State.Ready: "ready",
          QTextToSpeech.State.Paused: "paused", QTextToSpeech.State.Error: "error",
          QTextToSpeech.State.Synthesizing: "synthesizing"}


def choose(engine: QTextToSpeech, lang: str, voice_name: str,
           locales: list[str]) -> tuple[QLocale, QVoice] | None:
    """The configured voice, else the region's best locale, else any voice of the language."""
    ours = [loc for loc in engine.availableLocales() if loc.name().split("_")[0] == lang]
    ranked = sorted(ours, key=lambda loc: (locales.index(loc.name()) if loc.name() in locales
                                           else len(locales), loc.name()))
    best: tuple[QLocale, QVoice] | None = None
    for locale in ranked:
        engine.setLocale(locale)
        # Plain voices first (espeak-ng's "+variant" ones are effects), the plainest name first.
        for voice in sorted(engine.availableVoices(),
                            key=lambda v: ("+" in v.name(), len(v.name()), v.name())):
            if voice_name and voice.name() == voice_name:
                return locale, voice
            if best is None:
                best = (locale, voice)
        if best is not None and not voice_name:
            return best
    return best


def all_voices(engine: QTextToSpeech, lang: str) -> list[str]:
    names: list[str] = []
    for locale in engine.availableLocales():
        if locale.name().split("_")[0] == lang:
            engine.setLocale(locale)
            names += [f"{v.name()} ({locale.name()})" for v in engine.availableVoices()
                      if "+" not in v.name()]  # espeak-ng's variants double the list
    return sorted(names)


class Worker(QObject):
    command = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.engine: QTextToSpeech | None = None
        self.voices: dict[str, tuple[QLocale, QVoice]] = {}
        self.seq = 0
        self.latest = 0  # written by the stdin thread: the newest "say" or "stop" asked for
        self.command.connect(self.run)

    def open(self, engines: list[str], langs: dict[str, dict[str, Any]]) -> dict[str, object]:
        available = list(QTextToSpeech.availableEngines())
        name = next((e for e in engines if e in available), None)
        if name is None:
            return {"ev": "failed", "status": f"no engine (wanted {engines}, this machine has "
                                              f"{available})"}
        if name == "speechd":
            import ctypes.util

            if ctypes.util.find_library("speechd") is None:
                return {"ev": "failed", "status": "speech-dispatcher is not installed "
                                                  "(apt: speech-dispatcher espeak-ng)"}
        engine = QTextToSpeech(name)
        if engine.state() == QTextToSpeech.State.Error:
            return {"ev": "failed", "status": f"engine {name} failed: {engine.errorString()}"}
        self.engine = engine
        engine.stateChanged.connect(self.state)
        chosen: dict[str, dict[str, str]] = {}
        for lang, want in langs.items():
            pick = choose(engine, lang, str(want.get("voice", "")), list(want.get("locales", [])))
            if pick is not None:
                self.voices[lang] = pick
                chosen[lang] = {"locale": pick[0].name(), "voice": pick[1].name()}
        return {"ev": "opened", "engine": name, "voices": chosen}

    def state(self, state: QTextToSpeech.State) -> None:
        engine = self.engine
        detail = engine.errorString() if engine is not None and \
            state == QTextToSpeech.State.Error else ""
        emit(ev="state", seq=self.seq, state=STATES.get(state, str(state)), detail=detail)

    def run(self, message: dict[str, Any]) -> None:
        cmd = message.get("cmd")
        engine = self.engine
        try:
            if cmd == "open":
                emit(**self.open(list(message["engines"]), dict(message["langs"])))
            elif cmd == "list":
                event = self.open(list(message["engines"]), dict(message["langs"]))
                if self.engine is not None:
                    event["all"] = {lang: all_voices(self.engine, lang)
                                    for lang in message["langs"]}
                emit(**event)
                QCoreApplication.quit()
            elif cmd == "say" and engine is not None:
                seq = int(message["seq"])
                pick = self.voices.get(str(message["lang"]))
                if seq == self.latest and pick is not None:  # skip taps already taken back
                    self.seq = seq
                    engine.setLocale(pick[0])
                    engine.setVoice(pick[1])
                    engine.say(str(message["text"]))
            elif cmd == "stop" and engine is not None:
                if engine.state() in (QTextToSpeech.State.Speaking,
                                      QTextToSpeech.State.Synthesizing):
                    engine.stop(QTextToSpeech.BoundaryHint.Immediate)
            elif cmd == "quit":
                QCoreApplication.quit()
        finally:
            emit(ev="done", call=message.get("call"))


def read_commands(worker: Worker) -> None:
    """Stdin thread: note the newest request, hand commands to the Qt thread."""
    while (message := read_line()) is not None:
        if message.get("cmd") in ("say", "stop"):
            worker.latest = int(message.get("seq", 0))
        worker.command.emit(message)
    worker.command.emit({"cmd": "quit"})  # the kiosk went away


def main(first: dict[str, Any]) -> int:
    """Run Qt's engine for the kiosk; `first` is the command that chose this worker."""
    # Qt Multimedia looks for PipeWire first and says so; it is optional here.
    QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver=false")
    app = QCoreApplication(sys.argv[:1])
    worker = Worker()
    worker.command.emit(first)
    threading.Thread(target=read_commands, args=(worker,), daemon=True).start()
    return app.exec()
