"""Signed content packs: build, sign with the real `minisign`, install, roll back, refuse.

Every refusal must leave the installed packs and the `current` pointer exactly
as they were: the kiosk keeps serving the old pack.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk import packs
from kiosk.cli import main
from kiosk.content import load_pack
from kiosk.minisign import SignatureError, parse_public_key, verify
from kiosk.packs import PackError, Store, build
from kiosk.paths import bundled_content_dir
from kiosk.runtime import load_runtime

pytestmark = pytest.mark.skipif(shutil.which("minisign") is None,
                                reason="the minisign tool is not installed")


def copy_bundled(dest: Path) -> Path:
    """The bundled pages as a clinic's own folder, without our pack.toml (its version is ours)."""
    shutil.copytree(bundled_content_dir(), dest)
    (dest / "pack.toml").unlink(missing_ok=True)
    return dest


def make_key(folder: Path, name: str = "key") -> tuple[Path, str]:
    """A fresh minisign key pair without a password; returns the secret key and public line."""
    folder.mkdir(parents=True, exist_ok=True)
    pub, sec = folder / f"{name}.pub", folder / f"{name}.sec"
    subprocess.run(["minisign", "-G", "-W", "-f", "-p", str(pub), "-s", str(sec)],
                   check=True, capture_output=True, timeout=30)
    return sec, pub.read_text(encoding="utf-8").splitlines()[1]


def sign(secret: Path, file: Path) -> Path:
    subprocess.run(["minisign", "-S", "-s", str(secret), "-m", str(file)], check=True,
                   capture_output=True, timeout=30)
    return file.with_name(file.name + ".minisig")


class Site:
    """A kiosk machine: a config that trusts one key, and a data folder."""

    def __init__(self, root: Path, public_line: str) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.config = root / "kiosk.toml"
        self.config.write_text(f'[content]\ntrusted_keys = ["{public_line}"]\n',
                               encoding="utf-8")
        self.data = root / "data"
        self.store = Store(self.data)

    def cli(self, *args: str) -> list[str]:
        return [*args, "--config", str(self.config), "--data-dir", str(self.data)]

    def state(self) -> tuple[str | None, list[str]]:
        """What a refusal must not change: the pointer and the installed folders."""
        return self.store.current_name(), sorted(i.name for i in self.store.installed())


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    folder = tmp_path_factory.mktemp("keys")
    return {"it": make_key(folder, "it"), "other": make_key(folder, "other")}


@pytest.fixture(scope="module")
def signed_packs(tmp_path_factory, keys) -> dict[str, Path]:
    """Version 1 and 2 of the bundled content, built once and signed by IT's key."""
    folder = tmp_path_factory.mktemp("packs")
    made = {}
    for version in ("2026.11.01", "2026.11.29"):
        source = folder / f"src-{version}"
        copy_bundled(source)
        if version == "2026.11.29":  # a corrected page, as after a regulatory change
            page = source / "en" / "availability.md"
            page.write_text(page.read_text(encoding="utf-8") + "\nUpdated this week.\n",
                            encoding="utf-8")
        out = folder / f"content-{version}.kpack"
        build(source, out, version)
        sign(keys["it"][0], out)
        made[version] = out
    return made


@pytest.fixture
def site(tmp_path, keys) -> Site:
    return Site(tmp_path, keys["it"][1])


def test_build_sign_install_list_rollback(site: Site, signed_packs, capsys) -> None:
    first, second = signed_packs["2026.11.01"], signed_packs["2026.11.29"]
    assert main(site.cli("pack", "install", str(first))) == 0
    assert main(site.cli("pack", "install", str(second))) == 0
    out = capsys.readouterr().out
    assert "installed pack 2026.11.29" in out and "next welcome screen" in out
    runtime = load_runtime(str(site.config), str(site.data))
    assert runtime.content_dir == site.data / "packs" / "2026.11.29" / "content"
    availability = runtime.pack.page("en", "availability")
    assert availability is not None and "Updated this week." in availability.text

    assert main(site.cli("pack", "list")) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].startswith("* 2026.11.29") and listed[1].startswith("  2026.11.01")
    assert "en, es" in listed[0] and "18 pages" in listed[0]

    assert main(site.cli("pack", "rollback")) == 0
    assert "now showing pack 2026.11.01" in capsys.readouterr().out
    runtime = load_runtime(str(site.config), str(site.data))
    availability = runtime.pack.page("en", "availability")
    assert availability is not None and "Updated this week." not in availability.text
    assert main(site.cli("pack", "rollback")) == 0  # past the oldest: the configured pack
    assert load_runtime(str(site.config), str(site.data)).content_dir == bundled_content_dir()


def test_build_is_reproducible_and_manifest_lists_pages(tmp_path: Path) -> None:
    one, two = tmp_path / "a.kpack", tmp_path / "b.kpack"
    source = copy_bundled(tmp_path / "src")
    manifest = build(source, one, "7")
    build(source, two, "7")
    assert one.read_bytes() == two.read_bytes()
    read, files = packs.read_archive(one.read_bytes())
    assert read == manifest
    assert read.languages == ["en", "es"] and "safety" in read.pages["es"]
    assert files["en/safety.md"] == (bundled_content_dir() / "en" / "safety.md").read_bytes()
    # the folder had no pack.toml: the archive carries one naming the signed version
    assert 'version = "7"' in files["pack.toml"].decode()


def test_build_refuses_a_version_that_differs_from_pack_toml(tmp_path: Path) -> None:
    source = tmp_path / "src"
    copy_bundled(source)
    (source / "pack.toml").write_text('id = "riverside"\nversion = "3"\ndate = 2026-11-01\n',
                                     encoding="utf-8")
    with pytest.raises(PackError, match="says version '3', not '4'"):
        build(source, tmp_path / "x.kpack", "4")
    assert build(source, tmp_path / "x.kpack").version == "3"  # pack.toml's by default


def test_only_three_packs_are_kept(site: Site, keys, tmp_path: Path) -> None:
    stamps = iter(range(1, 6))
    site.store.clock = lambda: 1000.0 + next(stamps)
    for n in range(1, 6):
        out = tmp_path / f"p{n}.kpack"
        build(copy_bundled(tmp_path / f"src-{n}"), out, f"1.{n}")
        site.store.install(out.read_bytes(), sign(keys["it"][0], out).read_text(),
                           [keys["it"][1]])
    assert [i.name for i in site.store.installed()] == ["1.5", "1.4", "1.3"]
    assert site.store.current_name() == "1.5"


def refused(site: Site, args: list[str], capsys, before) -> str:
    assert main(site.cli("pack", "install", *args)) == 1
    err = capsys.readouterr().err
    assert "refused" in err and "nothing was changed" in err
    assert site.state() == before
    return err


def test_refusals_change_nothing(site: Site, signed_packs, keys, tmp_path: Path,
                                 capsys) -> None:
    main(site.cli("pack", "install", str(signed_packs["2026.11.01"])))
    capsys.readouterr()
    before = site.state()
    assert before == ("2026.11.01", ["2026.11.01"])
    good = signed_packs["2026.11.29"]

    unsigned = tmp_path / "unsigned.kpack"
    shutil.copy(good, unsigned)
    assert "unsigned packs are refused" in refused(site, [str(unsigned)], capsys, before)

    other = tmp_path / "other.kpack"
    shutil.copy(good, other)
    sign(keys["other"][0], other)
    assert "not in [content] trusted_keys" in refused(site, [str(other)], capsys, before)

    tampered = tmp_path / "tampered.kpack"
    data = bytearray(good.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    shutil.copy(Path(str(good) + ".minisig"), Path(str(tampered) + ".minisig"))
    assert "does not match" in refused(site, [str(tampered)], capsys, before)

    no_keys = Site(tmp_path / "nokeys", keys["it"][1])
    no_keys.config.write_text("", encoding="utf-8")
    assert main(no_keys.cli("pack", "install", str(good))) == 1
    assert "no trusted keys" in capsys.readouterr().err


def test_a_pack_failing_check_is_refused(site: Site, keys, tmp_path: Path, capsys,
                                         monkeypatch) -> None:
    broken = tmp_path / "broken"
    copy_bundled(broken)
    (broken / "en" / "safety.md").write_text("no front matter here\n", encoding="utf-8")
    with pytest.raises(PackError, match="fails `kiosk check`"):
        build(broken, tmp_path / "x.kpack", "9")  # IT's build refuses it first...
    # ...so sign one built past the check, as a careless or hostile builder would.
    with monkeypatch.context() as patched:
        patched.setattr(packs, "check_problems",
                        lambda folder, languages=None: (load_pack(folder), []))
        build(broken, tmp_path / "broken.kpack", "9")
    sign(keys["it"][0], tmp_path / "broken.kpack")
    err = refused(site, [str(tmp_path / "broken.kpack")], capsys, (None, []))
    assert "safety.md" in err and "no front matter" in err
    assert not any(p.name.startswith(".staging") for p in (site.data / "packs").iterdir())


def test_minisign_keys_and_signatures_are_checked_in_the_kiosk(keys, tmp_path: Path) -> None:
    file = tmp_path / "f.txt"
    file.write_text("hello", encoding="utf-8")
    signature = sign(keys["it"][0], file).read_text()
    comment = verify(b"hello", signature, [keys["it"][1]])
    assert "file:f.txt" in comment
    # the key id as minisign prints it in the public key's comment
    assert parse_public_key(keys["it"][1]).id_hex in keys["it"][0].with_suffix(".pub").read_text()
    lines = signature.splitlines()
    lines[2] = lines[2] + " edited"  # the trusted comment is signed too
    with pytest.raises(SignatureError, match="does not match"):
        verify(b"hello", "\n".join(lines), [keys["it"][1]])
    with pytest.raises(SignatureError, match="not a minisign signature"):
        verify(b"hello", "garbage", [keys["it"][1]])


def test_key_id_is_printed_as_minisign_prints_it_without_leading_zeros() -> None:
    from kiosk.minisign import PublicKey

    key = PublicKey(bytes([0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01]), bytes(32))
    assert key.id_hex == "123456789ABCDEF"  # minisign's "%" PRIX64: no leading zero
