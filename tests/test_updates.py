"""Pull updates from a server on 127.0.0.1, refusals that keep the old pack, the switch at
the welcome screen, and the metrics file."""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from kiosk import metrics
from kiosk.config import load_config
from kiosk.content import ContentPack, load_pack
from kiosk.packs import Store, build
from kiosk.paths import KioskPaths, assets_dir, bundled_content_dir
from kiosk.runtime import Runtime
from kiosk.session import Screen
from kiosk.updater import PendingPack, Updater, backoff_s, index_text
from tests.test_packs import copy_bundled, make_key, sign

pytestmark = pytest.mark.skipif(shutil.which("minisign") is None,
                                reason="the minisign tool is not installed")


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> dict[str, object]:
    """A folder as IT would publish it: index.json, the signed pack, its .minisig."""
    root = tmp_path_factory.mktemp("site")
    secret, public = make_key(root / "keys")
    source = root / "src"
    copy_bundled(source)
    page = source / "en" / "availability.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUpdated this week.\n",
                    encoding="utf-8")
    www = root / "www"
    www.mkdir()
    pack = www / "content-2026.11.29.kpack"
    build(source, pack, "2026.11.29")
    sign(secret, pack)
    (www / "index.json").write_text(index_text("2026.11.29", pack), encoding="utf-8")
    return {"www": www, "public": public, "pack": pack}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(served) -> Iterator[str]:
    """A plain HTTP server on 127.0.0.1 (http:// is allowed only to this machine)."""
    handler = functools.partial(Quiet, directory=str(served["www"]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def updater_for(tmp_path: Path, url: str, served, timeout_s: float = 5.0
                ) -> Updater[ContentPack]:
    store = Store(tmp_path / "data")
    return Updater(store, lambda: load_pack(store.current_dir() or bundled_content_dir(),
                                            assets_dir()),
                   PendingPack(), update_url=url, trusted_keys=[str(served["public"])],
                   timeout_s=timeout_s, watch_s=0.01)


def test_pull_update_verifies_installs_and_offers_the_pack(tmp_path: Path, server, served
                                                           ) -> None:
    updater = updater_for(tmp_path, server + "index.json", served)
    assert updater.check_once() == "installed pack 2026.11.29"
    assert updater.store.current_name() == "2026.11.29"
    assert updater.watch_once() and updater.pending.waiting
    pack = updater.pending.take(at_welcome=True)
    assert pack is not None and "Updated this week." in pack.pages["en"]["availability"].text
    # The index has not changed: If-Modified-Since gets a 304 and nothing is downloaded.
    assert updater.check_once() == "index not modified"


def test_tampered_pack_on_the_server_is_refused(tmp_path: Path, server, served) -> None:
    www: Path = served["www"]
    bad = www / "bad.kpack"
    data = bytearray(Path(served["pack"]).read_bytes())
    data[-100] ^= 0xFF
    bad.write_bytes(bytes(data))
    shutil.copy(str(served["pack"]) + ".minisig", str(bad) + ".minisig")
    (www / "bad.json").write_text('{"version": "6", "url": "bad.kpack"}', encoding="utf-8")
    updater = updater_for(tmp_path, server + "bad.json", served)
    result = updater.check_once()
    assert "signature refused" in result and "does not match" in result
    assert updater.store.current_name() is None and updater.store.installed() == []
    assert updater.failures == 1 and not updater.watch_once()


class CutShort(http.server.BaseHTTPRequestHandler):
    """Promises the whole pack, sends half of it, hangs up."""

    body = b""

    def do_GET(self) -> None:
        if self.path.endswith(".json"):
            payload = b'{"version": "7", "url": "p.kpack"}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body[: len(self.body) // 2])
        self.wfile.flush()
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_download_cut_in_the_middle_changes_nothing(tmp_path: Path, served) -> None:
    CutShort.body = Path(served["pack"]).read_bytes()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CutShort)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        updater = updater_for(tmp_path, f"http://127.0.0.1:{httpd.server_address[1]}/i.json",
                              served)
        result = updater.check_once()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert "update failed" in result
    assert updater.store.installed() == [] and not (tmp_path / "data" / "packs" / "7").exists()


def test_a_server_that_never_answers_times_out_and_the_old_pack_stays(
        tmp_path: Path, server, served) -> None:
    first = updater_for(tmp_path, server + "index.json", served)
    assert first.check_once() == "installed pack 2026.11.29"
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts connections (the kernel does) and never says a word
    try:
        hung = updater_for(tmp_path, f"http://127.0.0.1:{silent.getsockname()[1]}/index.json",
                           served, timeout_s=0.3)
        started = time.monotonic()
        result = hung.check_once()
        took = time.monotonic() - started
    finally:
        silent.close()
    assert "update failed" in result and "timed out" in result
    assert took < 3
    assert hung.store.current_name() == "2026.11.29"
    assert backoff_s(3600, hung.failures, rand=lambda: 0.5) == 7200


def test_no_network_call_at_all_when_update_url_is_empty(tmp_path: Path, monkeypatch,
                                                         served) -> None:
    calls: list[object] = []

    def forbidden(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise AssertionError("network used")

    monkeypatch.setattr(socket.socket, "connect", forbidden)
    monkeypatch.setattr(urllib.request, "urlopen", forbidden)
    updater = updater_for(tmp_path, "", served)
    watched = threading.Semaphore(0)
    store_name = updater.store.current_name

    def counting() -> str | None:
        watched.release()
        return store_name()

    updater.store.current_name = counting  # type: ignore[method-assign]
    updater.start()
    try:
        for _ in range(5):  # five rounds of the thread's loop
            assert watched.acquire(timeout=5)
    finally:
        updater.stop()
    assert calls == [] and updater.check_once() == "updates off (no update_url)"


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    assert backoff_s(3600, 0, rand=lambda: 0.5) == 3600
    assert backoff_s(3600, 1, rand=lambda: 0.0) == pytest.approx(7200 * 0.9)
    assert backoff_s(3600, 10, rand=lambda: 1.0) == pytest.approx(6 * 3600 * 1.1)


def test_pending_pack_is_given_only_at_the_welcome_screen() -> None:
    rang: list[bool] = []
    slot: PendingPack[str] = PendingPack(lambda: rang.append(True))
    slot.offer("v2")
    assert rang == [True]
    assert slot.take(at_welcome=False) is None and slot.waiting
    assert slot.take(at_welcome=True) == "v2" and not slot.waiting


# --- the running kiosk ---------------------------------------------------------------------
def fleet_for(window, tmp_path: Path, **kwargs: object):
    from kiosk.ui.fleet import Fleet

    paths = KioskPaths(tmp_path / "kiosk.toml", True, tmp_path / "data")
    runtime = Runtime(paths, load_config(paths.config_file), window.pack, window.strings,
                      window.pack.root)
    return Fleet(window, runtime, watch_s=3600, **kwargs)  # type: ignore[arg-type]


def test_the_running_kiosk_switches_only_at_the_welcome_screen(
        make_window, qtbot, tmp_path: Path, server, served) -> None:
    window = make_window()
    fleet = fleet_for(window, tmp_path)
    try:
        old = window.pack
        window.start("en")  # a patient is reading
        window.open_page("availability")
        assert window.session.route.screen is Screen.ARTICLE
        updater = updater_for(tmp_path, server + "index.json", served)
        assert updater.check_once() == "installed pack 2026.11.29"
        with qtbot.waitSignal(fleet.ready, timeout=10_000):
            worker = threading.Thread(target=fleet.updater.watch_once)  # as the thread does
            worker.start()
            worker.join(10)
        assert window.pack is old and fleet.pending.waiting  # never mid-visit
        assert window.session.route.page_id == "availability"
        window.journey.ending.setInterval(50)  # the thank-you, shortened for the test
        window.finish()  # the patient is done: welcome screen, new pack
        qtbot.waitUntil(lambda: window.pack is not old, timeout=5000)
        assert window.current_screen is window.screens[Screen.ATTRACT]
        page = window.pack.page("en", "availability")
        assert page is not None and "Updated this week." in page.text
        assert not fleet.pending.waiting
    finally:
        fleet.stop()


def test_a_pack_offered_on_an_untouched_welcome_screen_is_shown_at_once(
        make_window, qtbot, tmp_path: Path) -> None:
    window = make_window()
    fleet = fleet_for(window, tmp_path)
    try:
        new = load_pack(bundled_content_dir(), assets_dir(), ["en"])
        fleet.pending.offer(new)
        qtbot.waitUntil(lambda: window.pack is new, timeout=5000)
        assert window.session.route.screen is Screen.ATTRACT
    finally:
        fleet.stop()


# --- metrics -------------------------------------------------------------------------------
STATUS = {"version": "0.2.0", "content_version": "2026.11.29", "review_due_in_days": -3,
          "uptime_s": 5400, "last_start_reason": "crash (exit 1)", "last_error": "boom",
          "speech": "on (speechd)", "usage_enabled": True, "usage_counting": "on",
          "visits_today": 17, "recent": ["x"], "content_problems": [], "update_failures": 2}


def families(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    return {f.name: [(s.labels, s.value) for s in f.samples]
            for f in text_string_to_metric_families(text)}


def test_metrics_file_parses_with_the_prometheus_parser(tmp_path: Path) -> None:
    path = metrics.write(tmp_path / "textfile", STATUS, now=1_800_000_000)
    found = families(path.read_text(encoding="utf-8"))
    assert found["kiosk_up"] == [({}, 1.0)]
    assert found["kiosk_visits_today"] == [({}, 17.0)]
    assert found["kiosk_content_review_due_days"] == [({}, -3.0)]
    assert found["kiosk_uptime_seconds"] == [({}, 5400.0)]
    assert found["kiosk_info"] == [({"version": "0.2.0", "content_version": "2026.11.29"}, 1)]
    assert found["kiosk_start_info"] == [({"reason": "crash"}, 1.0)]
    assert found["kiosk_last_error_present"] == [({}, 1.0)]
    assert found["kiosk_content_update_failures"] == [({}, 2.0)]
    assert found["kiosk_metrics_written_timestamp_seconds"] == [({}, 1_800_000_000.0)]
    assert [p.name for p in path.parent.iterdir()] == ["kiosk.prom"]  # no temp file left
    partial = families(metrics.render({"version": "1"}))
    assert "kiosk_visits_today" not in partial and "kiosk_up" in partial  # never guessed


def test_the_running_kiosk_writes_metrics_every_interval(make_window, qtbot, tmp_path: Path
                                                         ) -> None:
    folder = tmp_path / "textfile"
    window = make_window(f'[monitoring]\ntextfile_dir = "{folder}"\n')
    window.start("en")  # one visit today
    fleet = fleet_for(window, tmp_path, metrics_ms=50)  # same kiosk.toml as the window
    try:
        target = folder / "kiosk.prom"
        qtbot.waitUntil(target.exists, timeout=5000)
        first = target.stat().st_mtime_ns
        qtbot.waitUntil(lambda: target.stat().st_mtime_ns != first, timeout=5000)
        found = families(target.read_text(encoding="utf-8"))
        assert found["kiosk_visits_today"] == [({}, 1.0)]
        assert found["kiosk_usage_counting"] == [({}, 1.0)]
        assert "kiosk_content_update_failures" not in found  # no update_url, no such series
    finally:
        fleet.stop()


def test_update_settings_are_checked(write_config, tmp_path: Path) -> None:
    from kiosk.config import load_config

    config = load_config(write_config(
        '[content]\nupdate_url = "http://packs.example.org/index.json"\n'
        'trusted_keys = ["RWQnot-a-key"]\nupdate_interval_min = 1\n'))
    bad = {p.key for p in config.problems}
    assert bad == {"content.update_url", "content.trusted_keys", "content.update_interval_min"}
    assert config.get_str("content.update_url") == ""  # the default: no network
    for url in ("https://packs.example.org/i.json", "file:///srv/packs/index.json",
                "http://127.0.0.1:8080/index.json"):
        ok = load_config(write_config(f'[content]\nupdate_url = "{url}"\n'))
        assert ok.problems == [] and ok.get_str("content.update_url") == url
