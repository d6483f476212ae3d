"""speech-dispatcher spoken to directly (SSIP over its socket), with a timeout on every call.

The speech worker uses this on Linux instead of Qt's speechd plug-in: libspeechd
has no timeouts, and a worker without Qt costs about 10 MiB instead of 30.
Same JSON-lines protocol as `kiosk.ui.speech_worker` (see there).
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

CALL_TIMEOUT_S = 5.0
Emit = Callable[..., None]


class SsipError(Exception):
    pass


def socket_path(env: dict[str, str] | None = None) -> tuple[str, bool]:
    """Where libspeechd would connect, and whether we may spawn the server there."""
    env = dict(os.environ) if env is None else env
    address = env.get("SPEECHD_ADDRESS", "")
    if address.startswith("unix_socket:"):
        return address.removeprefix("unix_socket:"), False
    base = env.get("XDG_RUNTIME_DIR") or str(Path(env.get("HOME", "~")).expanduser() / ".cache")
    return str(Path(base) / "speech-dispatcher" / "speechd.sock"), True


def locale_of(tag: str) -> str:
    """speech-dispatcher's "en-GB-X-RP" -> "en_GB"; "es" -> "es"."""
    parts = tag.replace("_", "-").split("-")
    return parts[0].lower() + (f"_{parts[1].upper()}" if len(parts) > 1 else "")


class Client:
    """One SSIP connection; a reader thread splits replies from events (7xx)."""

    def __init__(self, path: str, on_event: Callable[[int, str], None],
                 timeout_s: float = CALL_TIMEOUT_S) -> None:
        self.timeout_s = timeout_s
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout_s)
        self.sock.connect(path)
        self.sock.settimeout(None)  # the reader blocks; callers time out on the queue
        self.replies: queue.Queue[list[str] | None] = queue.Queue()
        self.on_event = on_event
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        lines: list[str] = []
        event_id = ""
        with contextlib.suppress(OSError), self.sock.makefile("rb") as stream:
            for raw in stream:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if line.startswith("7"):
                    if line[3:4] == "-":
                        event_id = event_id or line[4:]
                    else:
                        self.on_event(int(line[:3]), event_id)
                        event_id = ""
                    continue
                lines.append(line)
                if line[3:4] == " ":
                    self.replies.put(lines)
                    lines = []
        self.replies.put(None)  # connection closed

    def call(self, command: str, data: str | None = None) -> list[str]:
        self.sock.sendall(command.encode() + b"\r\n")
        reply = self._reply(command)
        if data is not None:
            body = "\r\n".join(".." + line if line.startswith(".") else line
                               for line in data.splitlines())
            self.sock.sendall(body.encode() + b"\r\n.\r\n")
            reply = self._reply(command)
        return reply

    def _reply(self, command: str) -> list[str]:
        try:
            reply = self.replies.get(timeout=self.timeout_s)
        except queue.Empty:
            raise SsipError(f"no answer to {command.split()[0]} within {self.timeout_s} s") \
                from None
        if reply is None:
            raise SsipError("speech-dispatcher closed the connection")
        if not reply[-1].startswith("2"):
            raise SsipError(f"{command.split()[0]}: {reply[-1]}")
        return reply

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()


def connect(on_event: Callable[[int, str], None]) -> Client:
    path, may_spawn = socket_path()
    try:
        return Client(path, on_event)
    except OSError as first:
        if not may_spawn:
            raise SsipError(f"cannot reach the speech server at {path}: {first}") from first
    server = shutil.which("speech-dispatcher")
    if server is None:
        raise SsipError("speech-dispatcher is not installed (apt: speech-dispatcher espeak-ng)")
    last: OSError | None = None
    # A server that is shutting down (idle timeout) still holds its pid file, so one
    # spawn can come to nothing: try a few times, each followed by a short wait.
    for _ in range(3):
        try:
            subprocess.run([server, "--spawn", "--communication-method", "unix_socket",
                            "--socket-path", path], timeout=10, check=False,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SsipError(f"could not start speech-dispatcher: {exc}") from exc
        for _ in range(15):  # the server may return before its socket listens
            try:
                return Client(path, on_event)
            except OSError as exc:
                last = exc
                time.sleep(0.1)
    raise SsipError(f"speech-dispatcher started but does not answer at {path}: {last}")


def choose(voices: list[tuple[str, str]], voice_name: str,
           locales: list[str]) -> tuple[str, str] | None:
    """(name, locale): the configured voice, else the region's best locale, the plainest name."""
    if voice_name:
        for name, loc in voices:
            if name == voice_name:
                return name, loc
    plain = [(name, loc) for name, loc in voices if "+" not in name]
    ranked = sorted(plain, key=lambda v: (locales.index(v[1]) if v[1] in locales
                                          else len(locales), len(v[0]), v[0]))
    return ranked[0] if ranked else None


class Speaker:
    """The worker's engine for speechd: open, list, say, stop."""

    def __init__(self, emit: Emit) -> None:
        self.emit = emit
        self.client: Client | None = None
        self.voices: dict[str, tuple[str, str]] = {}
        self.by_message: dict[str, int] = {}
        self.seq = 0

    def _event(self, code: int, message_id: str) -> None:
        state = {701: "speaking", 702: "ready", 703: "ready"}.get(code)
        if state is not None:
            self.emit(ev="state", seq=self.by_message.get(message_id, self.seq), state=state,
                      detail="")

    def open(self, langs: dict[str, dict[str, Any]], list_all: bool = False
             ) -> dict[str, object]:
        try:
            client = self.client = connect(self._event)
            client.call('SET SELF CLIENT_NAME "kiosk:mdma-kiosk:main"')
            client.call("SET SELF NOTIFICATION ALL on")
            listed = client.call("LIST SYNTHESIS_VOICES")[:-1]
        except (SsipError, OSError) as exc:
            return {"ev": "failed", "status": str(exc)}
        voices = []
        for line in listed:
            fields = line[4:].split("\t")
            if len(fields) >= 2:
                voices.append((fields[0], locale_of(fields[1])))
        chosen: dict[str, dict[str, str]] = {}
        every: dict[str, list[str]] = {}
        for lang, want in langs.items():
            ours = [v for v in voices if v[1].split("_")[0] == lang]
            every[lang] = sorted(f"{n} ({loc})" for n, loc in ours if "+" not in n)
            pick = choose(ours, str(want.get("voice", "")), list(want.get("locales", [])))
            if pick is not None:
                self.voices[lang] = pick
                chosen[lang] = {"voice": pick[0], "locale": pick[1]}
        event: dict[str, object] = {"ev": "opened", "engine": "speechd", "voices": chosen}
        if list_all:
            event["all"] = every
        return event

    def say(self, seq: int, text: str, lang: str) -> None:
        pick = self.voices.get(lang)
        if self.client is None or pick is None:
            return
        self.seq = seq
        self.client.call("CANCEL self")
        self.client.call(f"SET SELF LANGUAGE {lang}")
        self.client.call(f'SET SELF SYNTHESIS_VOICE "{pick[0]}"')
        reply = self.client.call("SPEAK", text)
        self.by_message[reply[0][4:]] = seq

    def stop(self) -> None:
        if self.client is not None:
            self.client.call("CANCEL self")


def serve(first: dict[str, Any], commands: queue.Queue[dict[str, Any]],
          latest: Callable[[], int], emit: Emit) -> int:
    """The worker's loop for speechd; returns when the kiosk closes our input."""
    speaker = Speaker(emit)
    message: dict[str, Any] | None = first
    while message is not None and message.get("cmd") != "quit":
        cmd = message.get("cmd")
        try:
            if cmd in ("open", "list"):
                event = speaker.open(dict(message["langs"]), cmd == "list")
                emit(**event)
                if cmd == "list" or event["ev"] == "failed":
                    emit(ev="done", call=message.get("call"))
                    return 0
            elif cmd == "say" and int(message["seq"]) == latest():
                speaker.say(int(message["seq"]), str(message["text"]), str(message["lang"]))
            elif cmd == "stop":
                speaker.stop()
        except (SsipError, OSError) as exc:
            emit(ev="state", seq=speaker.seq, state="error", detail=str(exc))
            return 1
        emit(ev="done", call=message.get("call"))
        message = commands.get()
    if speaker.client is not None:
        speaker.client.close()
    return 0
