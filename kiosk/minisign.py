"""Verify minisign signatures, so IT signs packs with the standard `minisign` tool.

Formats (https://jedisct1.github.io/minisign/): a public key is base64 of
"Ed" + 8-byte key id + 32-byte Ed25519 key; a signature file holds an untrusted
comment, base64 of algorithm ("ED": BLAKE2b-512 prehashed, "Ed": legacy) + key
id + 64-byte signature, a trusted comment, and a global signature over
signature + trusted comment. Ed25519 itself comes from PyNaCl (libsodium, the
library minisign is built on); nothing here is home-made cryptography.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

TRUSTED_PREFIX = "trusted comment: "


class SignatureError(Exception):
    """The signature is missing, malformed, from an untrusted key, or does not match."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes
    key: bytes

    @property
    def id_hex(self) -> str:
        """The key id as minisign prints it: printf's %X of the little-endian number, so
        with no leading zeros (a key whose id starts with 0x0... shows fewer digits)."""
        return format(int.from_bytes(self.key_id, "little"), "X")


def parse_public_key(text: str) -> PublicKey:
    """Accept the bare base64 line or a whole minisign.pub file."""
    lines = [line.strip() for line in text.strip().splitlines()
             if line.strip() and not line.startswith("untrusted comment:")]
    if len(lines) != 1:
        raise SignatureError("a minisign public key is one base64 line (RW...)")
    try:
        raw = base64.b64decode(lines[0], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError(f"public key is not base64 ({exc})") from None
    if len(raw) != 42 or raw[:2] != b"Ed":
        raise SignatureError("not a minisign Ed25519 public key")
    return PublicKey(raw[2:10], raw[10:])


def looks_like_public_key(text: str) -> bool:
    """Settings check for `[content] trusted_keys` entries."""
    try:
        parse_public_key(text)
    except SignatureError:
        return False
    return True


@dataclass(frozen=True)
class Signature:
    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes


def parse_signature(text: str) -> Signature:
    lines = text.splitlines()
    if len(lines) < 4 or not lines[0].startswith("untrusted comment:") or \
            not lines[2].startswith(TRUSTED_PREFIX):
        raise SignatureError("not a minisign signature file")
    try:
        raw = base64.b64decode(lines[1].strip(), validate=True)
        global_sig = base64.b64decode(lines[3].strip(), validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError("signature file is not valid base64") from None
    if len(raw) != 74 or raw[:2] not in (b"ED", b"Ed") or len(global_sig) != 64:
        raise SignatureError("not a minisign Ed25519 signature")
    return Signature(raw[:2], raw[2:10], raw[10:], lines[2][len(TRUSTED_PREFIX):], global_sig)


def verify(data: bytes, signature_text: str, trusted: Iterable[str]) -> str:
    """Check `data` against a .minisig text and the trusted keys; return the trusted comment.

    Raises SignatureError with a sentence for IT when anything is wrong.
    """
    # libsodium is loaded only here: reading settings must not depend on it
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    sig = parse_signature(signature_text)
    keys = [parse_public_key(k) for k in trusted]
    if not keys:
        raise SignatureError("no trusted keys are configured ([content] trusted_keys)")
    key = next((k for k in keys if k.key_id == sig.key_id), None)
    if key is None:
        raise SignatureError(f"signed by key {sig.key_id[::-1].hex().upper()}, which is not "
                             "in [content] trusted_keys")
    message = hashlib.blake2b(data, digest_size=64).digest() if sig.algorithm == b"ED" else data
    verifier = VerifyKey(key.key)
    try:
        verifier.verify(message, sig.signature)
        verifier.verify(sig.signature + sig.trusted_comment.encode("utf-8"),
                        sig.global_signature)
    except BadSignatureError:
        raise SignatureError("signature does not match: the file was changed after it "
                             "was signed, or the signature belongs to another file") from None
    return sig.trusted_comment
