"""Small, bounded downloads with the standard library: a timeout on every call,
a size cap, conditional requests (ETag / If-Modified-Since), and a refusal of
anything short. Used by `kiosk pack install URL` and the background updater.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

TIMEOUT_S = 20.0
MAX_BYTES = 64 * 1024 * 1024  # a content pack is a few hundred KiB; refuse absurd files
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class FetchError(Exception):
    """A download failed; the message says why in words for IT."""


def looks_like_update_url(url: str) -> bool:
    """https:// or file:// anywhere; plain http:// only to this machine (tests, a local proxy)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        return bool(parts.hostname)
    if parts.scheme == "file":
        return bool(parts.path)
    return parts.scheme == "http" and parts.hostname in _LOOPBACK


def _read_all(response: Any, url: str, max_bytes: int, deadline: float) -> bytes:
    """Read in chunks so a server that trickles bytes cannot hold the updater forever."""
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: more than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise FetchError(f"{url}: download too slow; gave up")
    return b"".join(chunks)


@dataclass(frozen=True)
class Fetched:
    data: bytes | None  # None: not modified since the validators given
    etag: str = ""
    last_modified: str = ""


def fetch(url: str, *, timeout: float = TIMEOUT_S, max_bytes: int = MAX_BYTES,
          etag: str = "", last_modified: str = "") -> Fetched:
    """GET `url` whole or raise FetchError; a 304 answer gives `Fetched(None)`."""
    if not looks_like_update_url(url):
        raise FetchError(f"{url}: only https:// and file:// URLs are used "
                         "(http:// only to this machine)")
    request = urllib.request.Request(url, headers={"User-Agent": "mdma-kiosk-updater"})
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length is not None and length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"{url}: {length} bytes is more than a pack can be")
            data = _read_all(response, url, max_bytes, time.monotonic() + 3 * timeout)
            if length is not None and length.isdigit() and len(data) != int(length):
                raise FetchError(f"{url}: download cut short ({len(data)} of {length} bytes)")
            return Fetched(data, response.headers.get("ETag", ""),
                           response.headers.get("Last-Modified", ""))
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(None, etag, last_modified)
        raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except FetchError:
        raise
    except (urllib.error.URLError, OSError, ValueError) as exc:
        # timeouts, refused connections, a connection closed mid-body (IncompleteRead)
        reason = getattr(exc, "reason", exc)
        raise FetchError(f"{url}: {reason or type(exc).__name__}") from None
    except Exception as exc:  # http.client errors that are not OSError
        raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from None
