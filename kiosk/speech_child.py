"""Entry of the speech worker process: speechd through SSIP (no Qt), else Qt's engines.

The kiosk starts this with `worker_command()` and writes JSON lines to it; the
first line names the engines, and decides which implementation answers.
"""

from __future__ import annotations

import queue
import sys
import threading
from typing import Any

from kiosk.speech_protocol import emit, read_line


def main() -> int:
    first = read_line()
    if first is None:
        return 0
    if first.get("engines", [None])[0] == "speechd" and sys.platform.startswith("linux"):
        from kiosk import ssip

        commands: queue.Queue[dict[str, Any]] = queue.Queue()
        latest = [0]

        def pump() -> None:
            while (message := read_line()) is not None:
                if message.get("cmd") in ("say", "stop"):
                    latest[0] = int(message.get("seq", 0))
                commands.put(message)
            commands.put({"cmd": "quit"})

        threading.Thread(target=pump, daemon=True).start()
        return ssip.serve(first, commands, lambda: latest[0], emit)
    from kiosk.ui.speech_worker import main as qt_worker

    return qt_worker(first)


if __name__ == "__main__":
    sys.exit(main())
