"""The staff PIN: stored only as a salted scrypt hash, checked in constant time,
and guarded by a lock-out that grows on repeated failures.

A stored hash is checked for format and cost before use: a truncated or hostile
line (scrypt p=32 froze the screen for 1.9 s per attempt) is refused, so the
kiosk treats it as "no PIN set" and says so, rather than locking staff out.
The lock-out survives a restart (a file in the data folder). Qt-free; the
clocks are injectable so tests need no sleeping.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.atomic import atomic_write_text

log = logging.getLogger(__name__)

# scrypt cost: ~50-100 ms and 16 MiB per check on a 2-core kiosk; slow for a guesser.
N, R, P = 2**14, 8, 1
PIN_DIGITS = (4, 8)
# What a stored hash may ask for: at most 4x our own work and 64 MiB of memory.
MAX_WORK = N * R * P * 4
MAX_MEMORY = 64 * 2**20
MAX_LOCK_S = 6 * 3600  # one lock-out never lasts longer, however often it repeats


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1]


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """'scrypt$N$r$p$salt$hash' with a fresh 16-byte salt."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${N}${R}${P}${b64(salt).decode()}${b64(digest).decode()}"


@dataclass(frozen=True)
class PinHash:
    n: int
    r: int
    p: int
    salt: bytes
    digest: bytes


def parse_hash(stored: str) -> PinHash | str:
    """The parsed hash, or why it cannot be used (for `kiosk check` and the log)."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return "not a 'scrypt$N$r$p$salt$hash' line"
    if not all(part.isdigit() and len(part) <= 8 for part in parts[1:4]):
        return "N, r and p must be whole numbers"
    n, r, p = (int(part) for part in parts[1:4])
    if n < 2**10 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 64:
        return f"scrypt parameters N={n} r={r} p={p} are not usable"
    if n * r * p > MAX_WORK or 128 * n * r > MAX_MEMORY:
        return (f"scrypt cost N={n} r={r} p={p} is too high (at most {MAX_WORK} for N*r*p "
                f"and {MAX_MEMORY // 2**20} MiB): each check would freeze the PIN pad")
    try:
        salt = base64.b64decode(parts[4], validate=True)
        digest = base64.b64decode(parts[5], validate=True)
    except (binascii.Error, ValueError):
        return "salt or hash is not valid base64 (a truncated line?)"
    if not 8 <= len(salt) <= 64 or not 32 <= len(digest) <= 64:
        return "salt or hash has the wrong length (a truncated line?)"
    return PinHash(n, r, p, salt, digest)


def hash_problem(stored: str) -> str | None:
    parsed = parse_hash(stored)
    return parsed if isinstance(parsed, str) else None


def looks_like_hash(stored: str) -> bool:
    return hash_problem(stored) is None


def verify_pin(pin: str, stored: str) -> bool:
    """True only for the right PIN; a malformed or too costly stored hash never matches.

    Slow by design (scrypt): call it off the GUI thread.
    """
    parsed = parse_hash(stored)
    if isinstance(parsed, str):
        return False
    try:
        actual = hashlib.scrypt(pin.encode(), salt=parsed.salt, n=parsed.n, r=parsed.r,
                                p=parsed.p, dklen=len(parsed.digest),
                                maxmem=MAX_MEMORY + 2**20)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, parsed.digest)


@dataclass
class Lockout:
    """`attempts` wrong PINs in a row lock the pad for `base_s`, doubling each time.

    With `state_file`, failures and the lock survive a kill and restart; the
    lock's end is stored as wall-clock time and never read back as longer than
    the lock it came from (a clock set back cannot lock staff out for good).
    """

    attempts: int = 5
    base_s: int = 60
    clock: Callable[[], float] = time.monotonic
    state_file: Path | None = None
    wall: Callable[[], float] = time.time
    failures: int = 0
    lockouts: int = 0
    locked_until: float = field(default=0.0)

    def __post_init__(self) -> None:
        if self.state_file is not None:
            self._load(self.state_file)

    def lock_length(self, lockouts: int) -> float:
        return float(min(self.base_s * 2 ** min(lockouts, 20), MAX_LOCK_S))

    def seconds_left(self) -> int:
        return max(0, int(-(-(self.locked_until - self.clock()) // 1)))

    @property
    def locked(self) -> bool:
        return self.seconds_left() > 0

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= self.attempts:
            self.failures = 0
            self.locked_until = self.clock() + self.lock_length(self.lockouts)
            self.lockouts += 1
        self._save()

    def succeeded(self) -> None:
        self.failures = 0
        self.lockouts = 0
        self.locked_until = 0.0
        self._save()

    def _load(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            failures, lockouts = int(data["failures"]), int(data["lockouts"])
            until = float(data["locked_until"])
        except FileNotFoundError:
            return
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("PIN lock-out state %s unreadable (%s); starting with none", path, exc)
            return
        self.failures = max(0, failures)
        self.lockouts = max(0, min(lockouts, 64))
        longest = self.lock_length(self.lockouts - 1) if self.lockouts else 0.0
        left = max(0.0, min(until - self.wall(), longest))
        self.locked_until = self.clock() + left if left else 0.0
        if left:
            log.info("PIN pad still locked for %d s (from before the restart)", left)

    def _save(self) -> None:
        if self.state_file is None:
            return
        left = max(0.0, self.locked_until - self.clock())
        state = {"failures": self.failures, "lockouts": self.lockouts,
                 "locked_until": self.wall() + left if left else 0.0}
        try:
            atomic_write_text(self.state_file, json.dumps(state) + "\n")
        except OSError as exc:
            log.warning("cannot save the PIN lock-out state to %s: %s", self.state_file, exc)
