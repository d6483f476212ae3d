"""Background content updates, and the rule that a new pack waits for the welcome screen.

`Updater` runs on its own thread, never the GUI's. Every `watch_s` it looks at
the installed-pack pointer (a pack installed by `kiosk pack install` or by
itself) and, when it changed, loads the new pack off the GUI thread and hands it
to `PendingPack`. Only when `[content] update_url` is set does it ever touch
the network: every `update_interval_min` it reads a small JSON index

    {"version": "2026.11.29", "url": "content-2026.11.29.kpack"}

(ETag / If-Modified-Since, so an unchanged index costs a 304), downloads the
pack and `URL.minisig`, and installs it through `packs.Store` (signature,
manifest, full check, atomic switch). Failures back off (doubling, with
jitter so a fleet does not retry in step) and never touch the pack on screen.
Qt-free: the window passes a callback.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from kiosk.fetch import TIMEOUT_S, FetchError, fetch
from kiosk.packs import PackError, Store

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_BACKOFF_S = 6 * 3600


class PendingPack(Generic[T]):
    """A slot for the next content pack: filled from any thread, emptied only at welcome.

    `offer` stores the pack and calls `on_ready` (the UI turns that into a queued
    signal); the window calls `take(at_welcome=...)` when it shows the welcome
    screen, and gets the pack only then: never mid-visit.
    """

    def __init__(self, on_ready: Callable[[], None] = lambda: None) -> None:
        self._lock = threading.Lock()
        self._pack: T | None = None
        self.on_ready = on_ready

    def offer(self, pack: T) -> None:
        with self._lock:
            self._pack = pack  # a newer offer replaces one not yet shown
        self.on_ready()

    @property
    def waiting(self) -> bool:
        with self._lock:
            return self._pack is not None

    def take(self, at_welcome: bool) -> T | None:
        if not at_welcome:
            return None
        with self._lock:
            pack, self._pack = self._pack, None
        return pack


def backoff_s(interval_s: float, failures: int, rand: Callable[[], float] = random.random
              ) -> float:
    """Normal interval after a success; doubling after failures, capped, +-10% jitter."""
    base = interval_s if failures == 0 else min(interval_s * 2 ** failures, MAX_BACKOFF_S)
    return base * (0.9 + 0.2 * rand())


class Updater(Generic[T]):
    """Watches the installed pack and (only when a URL is set) pulls new signed packs."""

    def __init__(self, store: Store, load: Callable[[], T | None], pending: PendingPack[T], *,
                 update_url: str = "", trusted_keys: Sequence[str] = (),
                 interval_s: float = 3600.0, watch_s: float = 30.0,
                 timeout_s: float = TIMEOUT_S) -> None:
        self.store = store
        self.load = load
        self.pending = pending
        self.update_url = update_url
        self.trusted_keys = list(trusted_keys)
        self.interval_s = interval_s
        self.watch_s = watch_s
        self.timeout_s = timeout_s
        self.failures = 0
        self.etag = ""
        self.last_modified = ""
        self.last_result = "no check yet"
        self.seen = store.current_name()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- one step each; the thread just repeats them ---------------------------------
    def watch_once(self) -> bool:
        """Offer the pack again when the pointer changed; True when one was offered."""
        name = self.store.current_name()
        if name == self.seen:
            return False
        pack = self.load()
        if pack is None:
            log.error("installed pack %s could not be loaded; keeping the pack on screen", name)
            return False
        self.seen = name
        log.info("content pack %s ready; it is shown at the next welcome screen",
                 name or "(configured)")
        self.pending.offer(pack)
        return True

    def check_once(self) -> str:
        """One update check. Never raises; returns (and remembers) what happened."""
        if not self.update_url:
            return "updates off (no update_url)"
        try:
            result = self._check()
            self.failures = 0
        except (FetchError, PackError, ValueError, OSError) as exc:
            self.failures += 1
            result = f"update failed ({self.failures} in a row): {exc}"
            log.warning("content update: %s", result)
        self.last_result = result
        return result

    def _check(self) -> str:
        index = fetch(self.update_url, timeout=self.timeout_s, max_bytes=64 * 1024,
                      etag=self.etag, last_modified=self.last_modified)
        if index.data is None:
            return "index not modified"
        entry = json.loads(index.data.decode("utf-8"))
        if not isinstance(entry, dict) or not isinstance(entry.get("version"), str) \
                or not isinstance(entry.get("url"), str):
            raise ValueError("the update index needs \"version\" and \"url\" strings")
        version = entry["version"]
        if any(i.name == version for i in self.store.installed()):
            self.etag, self.last_modified = index.etag, index.last_modified
            return f"pack {version} is already installed"
        pack_url = urllib.parse.urljoin(self.update_url, entry["url"])
        sig_url = urllib.parse.urljoin(self.update_url, str(entry.get("sig_url") or
                                                            entry["url"] + ".minisig"))
        data = fetch(pack_url, timeout=self.timeout_s).data or b""
        signature = (fetch(sig_url, timeout=self.timeout_s, max_bytes=4096).data or b"").decode(
            "utf-8", "replace")
        installed = self.store.install(data, signature, self.trusted_keys)
        # Remember the index only once its pack is in: a failed download is retried.
        self.etag, self.last_modified = index.etag, index.last_modified
        return f"installed pack {installed.manifest.version}"

    # --- the thread -------------------------------------------------------------------
    def run(self) -> None:
        next_check = time.monotonic()
        while not self._stop.is_set():
            try:
                self.watch_once()
                if self.update_url and time.monotonic() >= next_check:
                    self.check_once()
                    self.watch_once()  # show what was just installed without waiting
                    next_check = time.monotonic() + backoff_s(self.interval_s, self.failures)
            except Exception:  # the updater must never take the kiosk down
                log.exception("content updater step failed")
            self._stop.wait(self.watch_s)

    def start(self) -> None:
        self._thread = threading.Thread(target=self.run, name="kiosk-updater", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)


def index_text(version: str, pack_file: Path) -> str:
    """The index file IT publishes beside the pack (`kiosk pack build` prints it too)."""
    return json.dumps({"version": version, "url": pack_file.name}) + "\n"
