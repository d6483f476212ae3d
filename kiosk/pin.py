"""The staff PIN: stored only as a salted scrypt hash, checked in constant time,
and guarded by a lock-out that grows on repeated failures.

Qt-free; the clock is injectable so tests need no sleeping.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

# scrypt cost: ~50 ms and 16 MiB per check on a 2-core kiosk; slow for a guesser.
N, R, P = 2**14, 8, 1
PIN_DIGITS = (4, 8)


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and PIN_DIGITS[0] <= len(pin) <= PIN_DIGITS[1]


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """'scrypt$N$r$p$salt$hash' with a fresh 16-byte salt."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${N}${R}${P}${b64(salt).decode()}${b64(digest).decode()}"


def looks_like_hash(stored: str) -> bool:
    parts = stored.split("$")
    return len(parts) == 6 and parts[0] == "scrypt" and all(p.isdigit() for p in parts[1:4])


def verify_pin(pin: str, stored: str) -> bool:
    """True only for the right PIN; a malformed stored hash never matches."""
    if not looks_like_hash(stored):
        return False
    _, n, r, p, salt_b64, digest_b64 = stored.split("$")
    try:
        salt = base64.b64decode(salt_b64, validate=True)
        expected = base64.b64decode(digest_b64, validate=True)
        actual = hashlib.scrypt(pin.encode(), salt=salt, n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(actual, expected)


@dataclass
class Lockout:
    """`attempts` wrong PINs in a row lock the pad for `base_s`, doubling each time."""

    attempts: int = 5
    base_s: int = 60
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    lockouts: int = 0
    locked_until: float = field(default=0.0)

    def seconds_left(self) -> int:
        return max(0, int(-(-(self.locked_until - self.clock()) // 1)))

    @property
    def locked(self) -> bool:
        return self.seconds_left() > 0

    def failed(self) -> None:
        self.failures += 1
        if self.failures >= self.attempts:
            self.failures = 0
            self.locked_until = self.clock() + self.base_s * 2**self.lockouts
            self.lockouts += 1

    def succeeded(self) -> None:
        self.failures = 0
        self.lockouts = 0
        self.locked_until = 0.0
