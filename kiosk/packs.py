"""Signed, versioned content packs: build, verify, install, roll back, list.

A pack file is a gzip'd tar holding `manifest.json` (id, version, date,
languages, page ids, SHA-256 of every file) and `content/` (the pack folder).
IT signs it with the standard `minisign` tool (`FILE.minisig` beside it).

Installing checks, in this order, before anything on disk changes: the
signature against `[content] trusted_keys`, every archive member against the
manifest and its hash, then the full `kiosk check` of the unpacked pages. Only
then is the folder moved into `<data>/packs/` and the `current` pointer (a
one-line file, written to a temp file, fsynced and renamed) switched to it. The
last 3 installed packs are kept for `kiosk pack rollback`. Qt-free.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import os
import re
import shutil
import tarfile
import tempfile
import time
import tomllib
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kiosk.atomic import atomic_write_text
from kiosk.content import ContentPack, ContentProblem, load_pack
from kiosk.pack_pointer import POINTER, SAFE_NAME, current_name

log = logging.getLogger(__name__)

FORMAT = 1
KEEP = 3
MANIFEST = "manifest.json"
INSTALLED_STAMP = ".installed"
MAX_FILES = 2000
MAX_FILE_BYTES = 16 * 1024 * 1024


class PackError(Exception):
    """The pack was refused; nothing on disk changed. The message is for IT."""


@dataclass(frozen=True)
class Manifest:
    id: str
    version: str
    date: str
    languages: list[str]
    pages: dict[str, list[str]]
    files: dict[str, str]  # path inside content/ -> sha256 hex

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "id": self.id, "version": self.version,
                           "date": self.date, "languages": self.languages, "pages": self.pages,
                           "files": self.files}, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise PackError(f"manifest format {data.get('format')!r} is not {FORMAT}; "
                                "this kiosk is too old or the file is not a pack")
            manifest = cls(str(data["id"]), str(data["version"]), str(data["date"]),
                           [str(x) for x in data["languages"]],
                           {str(k): [str(i) for i in v] for k, v in data["pages"].items()},
                           {str(k): str(v) for k, v in data["files"].items()})
            dt.date.fromisoformat(manifest.date)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise PackError(f"the pack's manifest is not readable ({exc})") from None
        if not SAFE_NAME.match(manifest.version) or manifest.version == POINTER:
            raise PackError(f"pack version {manifest.version!r}: use letters, digits, . _ -")
        return manifest


@dataclass(frozen=True)
class Installed:
    name: str
    folder: Path
    manifest: Manifest
    installed_at: float
    current: bool

    @property
    def content_dir(self) -> Path:
        return self.folder / "content"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_problems(folder: Path, languages: Sequence[str] | None = None
                   ) -> tuple[ContentPack, list[ContentProblem]]:
    """The same content checks `kiosk check` runs; returns the pack and its errors."""
    from kiosk.check import quality
    from kiosk.paths import assets_dir

    pack = load_pack(folder, assets_dir(), list(languages) if languages else None)
    _, extra = quality(pack)
    errors = [p for p in [*pack.problems, *extra] if not p.warning]
    if not pack.pages:
        errors.append(ContentProblem(str(folder), "no usable pages"))
    for lang in languages or ():
        if lang not in pack.pages:
            errors.append(ContentProblem(str(folder), f"no pages for language {lang!r}"))
    return pack, errors


def _pack_toml(folder: Path) -> dict[str, object]:
    try:
        return tomllib.loads((folder / "pack.toml").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PackError(f"{folder / 'pack.toml'}: {exc}") from None


def _pack_files(folder: Path) -> list[Path]:
    files = sorted(p for p in folder.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    if len(files) > MAX_FILES:
        raise PackError(f"{folder}: more than {MAX_FILES} files; is this a content pack?")
    return files


def build(folder: Path, out: Path, version: str | None = None,
          today: dt.date | None = None) -> Manifest:
    """Check `folder`, then write the pack archive to `out` (deterministic bytes)."""
    if not folder.is_dir():
        raise PackError(f"{folder}: not a folder")
    meta = _pack_toml(folder)
    pack, errors = check_problems(folder)
    if errors:
        raise PackError(f"{folder} fails `kiosk check`:\n" + "\n".join(map(str, errors[:20])))
    day = (today or dt.date.today()).isoformat()
    chosen = version or str(meta.get("version") or day)
    if not SAFE_NAME.match(chosen) or chosen == POINTER:
        raise PackError(f"version {chosen!r}: use letters, digits, . _ - (e.g. 2026.11.29)")
    if meta.get("version") not in (None, chosen):
        raise PackError(f"{folder / 'pack.toml'} says version {meta['version']!r}, not "
                        f"{chosen!r}: change one so the kiosk shows the version you sign")
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in _pack_files(folder)}
    # A folder name such as "Riverside 2026.11" becomes the id "riverside-2026-11".
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-") or "pack"
    pack_id, date = str(meta.get("id") or slug), str(meta.get("date") or day)
    if "pack.toml" not in files:  # so the content loader and `kiosk status` show the version
        files["pack.toml"] = (f"id = {json.dumps(pack_id)}\nversion = {json.dumps(chosen)}\n"
                              f"date = {json.dumps(date)}\n"
                              f"languages = {json.dumps(pack.languages)}\n").encode()
    manifest = Manifest(pack_id, chosen, date, pack.languages,
                        {lang: sorted(pack.pages[lang]) for lang in pack.languages},
                        {name: sha256(data) for name, data in files.items()})
    buffer = io.BytesIO()
    # mtime 0 and fixed owners: the same folder always gives the same bytes
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as zipped, \
            tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in [(MANIFEST, manifest.to_json().encode()),
                           *((f"content/{n}", d) for n, d in files.items())]:
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return manifest


def read_archive(data: bytes) -> tuple[Manifest, dict[str, bytes]]:
    """Manifest and files of a pack, refusing anything the manifest does not vouch for."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            members = tar.getmembers()
            if len(members) > MAX_FILES + 1:
                raise PackError("the pack holds too many files")
            contents: dict[str, bytes] = {}
            for member in members:
                path = PurePosixPath(member.name)
                if not member.isfile() or path.is_absolute() or ".." in path.parts \
                        or member.size > MAX_FILE_BYTES:
                    raise PackError(f"the pack holds {member.name!r}, which is not allowed "
                                    "(only plain files inside the pack)")
                handle = tar.extractfile(member)
                assert handle is not None  # a regular file always has a body
                contents[member.name] = handle.read()
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise PackError(f"not a readable pack archive ({exc})") from None
    if MANIFEST not in contents:
        raise PackError("the pack has no manifest.json")
    manifest = Manifest.from_json(contents.pop(MANIFEST).decode("utf-8", "replace"))
    files = {name.removeprefix("content/"): body for name, body in contents.items()}
    if set(files) != set(manifest.files) or len(contents) != len(files) or \
            any(not name.startswith("content/") for name in contents):
        raise PackError("the pack's files do not match its manifest")
    for name, body in files.items():
        if sha256(body) != manifest.files[name]:
            raise PackError(f"{name}: its hash does not match the manifest")
    return manifest, files


def verify_pack(data: bytes, signature: str, trusted_keys: Sequence[str]) -> str:
    """Signature first, before a byte of the archive is parsed; returns the trusted comment."""
    from kiosk.minisign import SignatureError, verify  # libsodium only when installing

    try:
        return verify(data, signature, trusted_keys)
    except SignatureError as exc:
        raise PackError(f"signature refused: {exc}") from None


class Store:
    """The installed packs in `<data>/packs/`, and which one is current."""

    def __init__(self, data_dir: Path, keep: int = KEEP,
                 clock: Callable[[], float] = time.time) -> None:
        self.root = data_dir / "packs"
        self.keep = keep
        self.clock = clock

    @property
    def pointer(self) -> Path:
        return self.root / POINTER

    def current_name(self) -> str | None:
        return current_name(self.root)

    def current_dir(self) -> Path | None:
        """The content folder the kiosk should show, or None (config or bundled pack)."""
        name = self.current_name()
        return self.root / name / "content" if name else None

    def installed(self) -> list[Installed]:
        """Newest first."""
        found: list[Installed] = []
        current = self.current_name()
        if not self.root.is_dir():
            return found
        for folder in self.root.iterdir():
            if not folder.is_dir() or not SAFE_NAME.match(folder.name):
                continue
            try:
                manifest = Manifest.from_json((folder / MANIFEST).read_text(encoding="utf-8"))
                stamp = float((folder / INSTALLED_STAMP).read_text(encoding="utf-8"))
            except (OSError, ValueError, PackError):
                continue
            found.append(Installed(folder.name, folder, manifest, stamp, folder.name == current))
        return sorted(found, key=lambda i: i.installed_at, reverse=True)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One installer at a time (the CLI and the kiosk's updater may race)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".lock", "a+b") as handle:
            try:
                import fcntl
            except ImportError:  # Windows: one updater per machine is the deployment rule
                yield
                return
            deadline = time.monotonic() + 30
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise PackError("another pack install is running; try again") from None
                    time.sleep(0.1)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def install(self, data: bytes, signature: str, trusted_keys: Sequence[str]) -> Installed:
        """Verify, check, unpack and switch; raises PackError with nothing changed."""
        verify_pack(data, signature, trusted_keys)
        manifest, files = read_archive(data)
        with self.locked():
            name = manifest.version
            target = self.root / name
            if target.exists():
                existing = next((i for i in self.installed() if i.name == name), None)
                if existing is None or existing.manifest.files != manifest.files:
                    raise PackError(f"version {name} is already installed with other files; "
                                    "give the new pack a new version")
                self._switch(name)
                return self._entry(name)
            staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.root))
            try:
                for rel, body in files.items():
                    path = staging / "content" / rel
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(body)
                _, errors = check_problems(staging / "content", manifest.languages)
                if errors:
                    shown = "\n".join(str(e).replace(str(staging / "content") + os.sep, "")
                                      for e in errors[:20])
                    raise PackError(f"pack {name} fails `kiosk check`:\n{shown}")
                (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
                (staging / INSTALLED_STAMP).write_text(repr(self.clock()), encoding="utf-8")
                _fsync_tree(staging)
                os.replace(staging, target)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            self._switch(name)
            self._prune()
        log.info("content pack %s (%s, %s) installed and current", name, manifest.id,
                 manifest.date)
        return self._entry(name)

    def _entry(self, name: str) -> Installed:
        return next(i for i in self.installed() if i.name == name)

    def _switch(self, name: str | None) -> None:
        if name is None:
            with contextlib.suppress(FileNotFoundError):
                self.pointer.unlink()
            return
        atomic_write_text(self.pointer, name + "\n")

    def _prune(self) -> None:
        current = self.current_name()
        for old in self.installed()[self.keep:]:
            if old.name != current:
                shutil.rmtree(old.folder, ignore_errors=True)

    def rollback(self) -> Installed | None:
        """Switch to the pack installed before the current one (None: the configured pack)."""
        with self.locked():
            packs = self.installed()
            index = next((n for n, i in enumerate(packs) if i.current), None)
            if index is None:
                raise PackError("no installed pack is current; nothing to roll back")
            previous = packs[index + 1] if index + 1 < len(packs) else None
            self._switch(previous.name if previous else None)
        log.info("content pack rolled back to %s", previous.name if previous else
                 "the configured pack")
        return previous


def _fsync_tree(folder: Path) -> None:
    for path in [*sorted(folder.rglob("*"), reverse=True), folder]:
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
