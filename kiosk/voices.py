"""Which voice reads which language, and how to start the speech worker (no Qt here).

Speech runs in a child process (`kiosk.speech_child`): speech engines block
without a timeout (libspeechd waits forever on a server that accepts and never
answers) and PySide6 keeps the GIL while they do, so a thread cannot protect the
screen; a process can be killed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kiosk.config import Config

WORKER_ARG = "speech-worker"  # hidden command of the frozen `kiosk` executable
# What "auto" tries (the test suite empties it so no test reaches the host's engine).
PLATFORM_ENGINES: dict[str, tuple[str, ...]] = {
    "linux": ("speechd",), "win32": ("winrt", "sapi"), "darwin": ("darwin",)}
# Best locales per clinic region and language, best first; then any voice of that language.
REGION_LOCALES: dict[str, dict[str, tuple[str, ...]]] = {
    "US": {"en": ("en_US",), "es": ("es_US", "es_419", "es_MX")},
    "CA": {"en": ("en_CA", "en_US"), "fr": ("fr_CA",), "es": ("es_419", "es_US")},
    "UK": {"en": ("en_GB",), "es": ("es_ES", "es")},
    "AU": {"en": ("en_AU", "en_GB"), "es": ("es_ES", "es", "es_419")},
}


def engines_for(setting: str, platform: str | None = None) -> list[str]:
    """Engine names to try, in order, for the `kiosk.speech_engine` setting."""
    if setting == "off":
        return []
    if setting == "auto":
        return list(PLATFORM_ENGINES.get(platform or sys.platform, ()))
    return [setting]


def wanted_voices(config: Config, languages: list[str]) -> dict[str, dict[str, object]]:
    """Per language: the configured voice name ("" = best match) and the region's locales."""
    region = REGION_LOCALES.get(config.get_str("clinic.region"), {})
    wanted: dict[str, dict[str, object]] = {}
    for lang in languages:
        key = f"kiosk.speech_voice_{lang}"
        voice = config.get_str(key) if key in config.values else ""
        wanted[lang] = {"voice": voice, "locales": list(region.get(lang, ()))}
    return wanted


def worker_command() -> list[str]:
    """The command line that starts the speech worker (frozen bundle or source)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_ARG]
    return [sys.executable, "-m", "kiosk.speech_child"]


def list_voices(config: Config, languages: list[str], timeout_s: float = 20.0) -> list[str]:
    """For `kiosk check`: the voices this machine has per language, in a killable child."""
    setting = config.get_str("kiosk.speech_engine")
    engines = engines_for(setting)
    if not engines:
        return ["speech: off (kiosk.speech_engine = \"off\")" if setting == "off" else
                "speech: no engine for this platform; 'Listen' is hidden"]
    request = {"cmd": "list", "engines": engines, "langs": wanted_voices(config, languages)}
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    try:
        done = subprocess.run(worker_command(), input=json.dumps(request) + "\n",
                              capture_output=True, text=True, timeout=timeout_s, env=env,
                              check=False)
    except subprocess.TimeoutExpired:
        return [f"speech: warning: the speech engine did not answer within {timeout_s:.0f} s; "
                "'Listen' will be hidden (is speech-dispatcher wedged? restart it)"]
    except OSError as exc:
        return [f"speech: warning: could not start the speech worker ({exc})"]
    lines: list[str] = []
    for raw in done.stdout.splitlines():
        try:
            event = json.loads(raw)
        except ValueError:
            continue
        if event.get("ev") == "failed":
            lines.append(f"speech: warning: {event.get('status')}; 'Listen' is hidden")
        elif event.get("ev") == "opened":
            lines.append(f"speech: engine {event.get('engine')}")
            chosen = event.get("voices", {})
            for lang, names in event.get("all", {}).items():
                pick = chosen.get(lang)
                lines.append(f"  {lang}: " + (f"reads with {pick['voice']} ({pick['locale']})"
                                              if pick else "no voice; 'Listen' hidden")
                             + f"; {len(names)} voices: " + ", ".join(names[:12])
                             + (" ..." if len(names) > 12 else ""))
    return lines or [f"speech: warning: the speech worker gave no answer (exit "
                     f"{done.returncode}): {done.stderr.strip()[-200:]}"]
