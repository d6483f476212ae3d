"""Read aloud that can never freeze the kiosk.

The engine lives in a child process (`kiosk.ui.speech_worker`), started only
after the first frame is painted, and spoken to with JSON lines through a
QProcess (asynchronous: nothing here waits). Every call has a deadline; a worker
that misses one is killed and "Listen" is hidden with the reason in the log and
`status`. The patient's view flips at once: a tap on Listen shows "Stop" before
the engine starts, a tap on Stop (or leaving the page) shows "Listen" before the
engine stops. Taps are debounced so a burst of them sends at most one utterance.
A failed engine is probed again later (a new worker, so still off the screen thread),
a bounded number of times with growing waits; Listen returns when the probe finds it.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QProcess, QTimer, Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.firstpaint import after_first_paint
from kiosk.voices import engines_for, worker_command

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SpeechTimings:
    """Deadlines (ms). Injectable so tests need not wait for the real ones."""

    open_ms: int = 15_000      # start the worker and the engine, list voices
    call_ms: int = 3_000       # say / stop answered
    speak_ms: int = 6_000      # after "say", the engine must report that it speaks
    debounce_ms: int = 250     # quiet time after the last Listen tap before speaking
    first_paint_ms: int = 3_000  # start anyway if no paint is seen
    # The worker (and the engine it holds) leaves when it has nothing to do, so an idle
    # kiosk does not carry it (about 25-35 MiB); the next Listen starts it again (a few
    # hundred ms before the voice begins; the button flips to Stop at once).
    park_after_probe_ms: int = 500
    park_idle_ms: int = 30_000
    # After a failure (a hung, killed or wedged engine) a new worker probes it again after
    # retry_ms, then twice as long each time, at most `retries` times; the count starts
    # again once the engine has really spoken, so a kiosk that runs for days recovers
    # from more than three failures, and a dead engine costs three probes, not a loop.
    retry_ms: int = 60_000
    retries: int = 3


TIMINGS = SpeechTimings()


class Reader(QObject):
    """The kiosk's one reader. `speaking` is what the patient sees, not the engine."""

    speaking_changed = Signal(bool)
    changed = Signal()            # availability changed (probe finished, worker died)
    engine_state = Signal(str)    # what the engine reported: speaking, ready, error

    def __init__(self, setting: str, parent: QObject | None = None,
                 wanted: dict[str, dict[str, object]] | None = None,
                 timings: SpeechTimings | None = None) -> None:
        super().__init__(parent)
        self.setting = setting
        self.wanted = wanted or {}
        self.timings = timings or TIMINGS
        self.tried = False
        self.started = False
        self.status = "not started"
        self.speaking = False
        self.voices: dict[str, dict[str, str]] = {}
        self.proc: QProcess | None = None
        self._buffer = b""
        self._call = 0
        self._pending: dict[int, tuple[str, float]] = {}
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._check_deadlines)
        self._seq = 0
        self._sent_seq = 0           # last utterance handed to the engine
        self._engine_busy = False    # the engine may be speaking something of ours
        self._next: tuple[str, str] | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self._send_say)
        self._speak_check = QTimer(self)
        self._speak_check.setSingleShot(True)
        self._speak_check.timeout.connect(self._never_spoke)
        self._engines: list[str] = []
        self._park = QTimer(self)
        self._park.setSingleShot(True)
        self._park.timeout.connect(self._park_worker)
        self.failures = 0  # retries used since the engine last spoke
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._probe_again)

    # --- start-up -------------------------------------------------------------
    def start_after_paint(self, window: QWidget) -> None:
        """Probe the engine once the window has painted (or soon, if it never does)."""
        after_first_paint(window, self.ensure)
        QTimer.singleShot(self.timings.first_paint_ms, self.ensure)

    def ensure(self) -> bool:
        """Start the worker (once); True while the engine is usable or still starting."""
        if self.started:
            return bool(self.voices) or not self.tried
        self.started = True
        engines = engines_for(self.setting)
        if not engines:
            self._give_up(f"no engine (setting {self.setting!r})", warn=False)
            return False
        self._engines = engines
        self.status = "starting"
        self._spawn()
        return True

    def _spawn(self) -> None:
        """Start a worker and open the engine in it (at start-up, or again after parking)."""
        engines = self._engines
        proc = QProcess(self)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        proc.readyReadStandardOutput.connect(self._read)
        # Each worker reports for itself: a parked one ending is not the new one failing.
        proc.errorOccurred.connect(lambda error, p=proc: self._proc_error(p, error))
        proc.finished.connect(lambda code, _status, p=proc: self._proc_finished(p, code))
        command = worker_command()
        self.proc = proc
        log.info("speech: starting worker for engines %s", engines)
        proc.start(command[0], command[1:])
        self._send("open", self.timings.open_ms, engines=engines, langs=self.wanted)

    # --- what screens ask -----------------------------------------------------
    def can_speak(self, lang: str) -> bool:
        return self.tried and lang in self.voices

    def say(self, text: str, lang: str) -> bool:
        """Show "Stop" now; speak after the debounce, so a burst of taps speaks once."""
        if not self.can_speak(lang):
            return False
        self._seq += 1
        self._next = (text, lang)
        self._park.stop()
        self._set_speaking(True)
        self._debounce.start(self.timings.debounce_ms)
        return True

    def stop(self) -> None:
        """Show "Listen" now; tell the engine only if it may be speaking."""
        self._debounce.stop()
        self._speak_check.stop()
        self._next = None
        was_sent = self._engine_busy
        self._set_speaking(False)
        if was_sent and self.proc is not None:
            self._seq += 1
            self._engine_busy = False
            self._send("stop", self.timings.call_ms, seq=self._seq)

    def shutdown(self, wait_ms: int = 1000) -> None:
        """Closing: ask the worker to leave, kill it if it does not."""
        self._retry.stop()
        proc = self.proc
        if proc is None:
            return
        self.proc = None
        proc.closeWriteChannel()  # the worker quits at the end of its input
        if not proc.waitForFinished(wait_ms):
            proc.kill()
            proc.waitForFinished(wait_ms)

    # --- internals ------------------------------------------------------------
    def _set_speaking(self, speaking: bool) -> None:
        if speaking != self.speaking:
            self.speaking = speaking
            self.speaking_changed.emit(speaking)

    def _send_say(self) -> None:
        if self._next is None:
            return
        if self.proc is None:
            if not self.voices:
                return
            self._spawn()  # parked: start it again; "open" goes first on the same pipe
        text, lang = self._next
        self._next = None
        self._sent_seq = self._seq
        self._engine_busy = True
        log.info("speech: say #%d (%s, %d characters)", self._seq, lang, len(text))
        self._send("say", self.timings.call_ms, seq=self._seq, text=text, lang=lang)
        self._speak_check.start(self.timings.speak_ms)

    def _send(self, cmd: str, timeout_ms: int, **fields: Any) -> None:
        proc = self.proc
        if proc is None:
            return
        self._call += 1
        self._pending[self._call] = (cmd, time.monotonic() + timeout_ms / 1000)
        proc.write((json.dumps({"cmd": cmd, "call": self._call, **fields}) + "\n").encode())
        self._arm()

    def _arm(self) -> None:
        if not self._pending:
            self._deadline.stop()
            return
        soonest = min(deadline for _, deadline in self._pending.values())
        self._deadline.start(max(0, int((soonest - time.monotonic()) * 1000) + 1))

    def _check_deadlines(self) -> None:
        now = time.monotonic()
        late = [cmd for cmd, deadline in self._pending.values() if deadline <= now]
        if late:
            self._give_up(f"the speech engine did not answer '{late[0]}' in time")
        else:
            self._arm()

    def _never_spoke(self) -> None:
        if self.speaking and self._sent_seq == self._seq:
            self._give_up("the speech engine took the text but never started speaking")

    def _read(self) -> None:
        proc = self.proc
        if proc is None:
            return
        self._buffer += bytes(proc.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            try:
                event = json.loads(line)
            except ValueError:
                log.debug("speech worker said: %r", line[:200])
                continue
            self._event(event)

    def _event(self, event: dict[str, Any]) -> None:
        kind = event.get("ev")
        if kind == "done":
            self._pending.pop(int(event.get("call") or 0), None)
            self._arm()
        elif kind == "opened":
            self.voices = dict(event.get("voices", {}))
            self.tried = True
            self.status = f"on ({event.get('engine')})" if self.voices else \
                f"off: engine {event.get('engine')} has no voice for {list(self.wanted)}"
            log.info("speech: engine %s opened; voices %s", event.get("engine"), self.voices)
            self.changed.emit()
            if self.voices and not self.speaking:
                self._park.start(self.timings.park_after_probe_ms)
        elif kind == "failed":
            self._give_up(str(event.get("status")), warn=False)
        elif kind == "state":
            state = str(event.get("state"))
            log.info("speech: engine %s (#%s) %s", state, event.get("seq"),
                     event.get("detail") or "")
            self.engine_state.emit(state)
            seq = int(event.get("seq") or 0)
            if state == "speaking" and seq == self._sent_seq:
                self._speak_check.stop()
                self.failures = 0  # it works: a later failure gets its retries again
            if state in ("ready", "error") and seq == self._sent_seq:
                self._engine_busy = False
                if seq == self._seq:
                    self._set_speaking(False)
            if state in ("ready", "error") and not (self.speaking or self._engine_busy):
                self._park.start(self.timings.park_idle_ms)
            if state == "error":
                self._give_up(f"engine error: {event.get('detail')}")

    def _park_worker(self) -> None:
        """Let the worker go while nothing is said or owed; Listen stays (voices are known)."""
        proc = self.proc
        if proc is None:
            return
        if self.speaking or self._engine_busy or self._pending or self._next is not None:
            self._park.start(self.timings.park_idle_ms)
            return
        self.proc = None  # from here its exit is expected, not a failure
        proc.finished.connect(proc.deleteLater)
        proc.closeWriteChannel()  # the worker quits at the end of its input
        QTimer.singleShot(2_000, proc, proc.kill)  # and is made to if it does not
        log.info("speech: worker parked until the next Listen")

    def _proc_error(self, proc: QProcess, error: QProcess.ProcessError) -> None:
        if proc is self.proc and error == QProcess.ProcessError.FailedToStart:
            self._give_up(f"could not start the speech worker ({proc.errorString()})")

    def _proc_finished(self, proc: QProcess, code: int) -> None:
        if proc is self.proc:
            self._give_up(f"the speech worker stopped (exit {code})")

    def _give_up(self, reason: str, warn: bool = True) -> None:
        """Hide Listen, kill the worker if it is stuck, and plan a later probe if any
        retries are left (none when no engine is configured)."""
        self.status = f"off: {reason}"
        if self._engines and self.failures < self.timings.retries:
            delay = self.timings.retry_ms * 2 ** self.failures
            self.failures += 1
            self.status += f" (trying again in {delay / 1000:g} s)"
            self._retry.start(delay)
        (log.warning if warn else log.info)("read aloud hidden: %s", reason)
        self.tried = True
        self.voices = {}
        self._pending.clear()
        self._deadline.stop()
        self._debounce.stop()
        self._speak_check.stop()
        self._park.stop()
        self._engine_busy = False
        proc, self.proc = self.proc, None
        if proc is not None:
            proc.kill()  # SIGKILL: gone in milliseconds, so the short wait is bounded
            proc.waitForFinished(200)
        self._set_speaking(False)
        self.changed.emit()
        if self._retry.isActive():
            log.info("speech: probing the engine again in %d s (retry %d of %d)",
                     self._retry.interval() // 1000, self.failures, self.timings.retries)

    def _probe_again(self) -> None:
        """A new worker opens the engine; its "opened" shows Listen again, a failure hides
        it again (and may plan the next retry)."""
        if self.proc is not None:
            return
        log.info("speech: probing the engine again (retry %d of %d)", self.failures,
                 self.timings.retries)
        self.status = "starting (retry)"
        self._spawn()
