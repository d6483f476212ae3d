"""The Debian package and the fleet playbook, proven on a throw-away Debian 12 root.

.ci/run prepares what these need: the package (`bash build/dev.sh deb`) and a fresh
debootstrap'd Debian 12 root (`build/ci/debian-root.sh`, path in KIOSK_DEBIAN_ROOT).
Installing needs root (chroot, mounts) and the Debian archive; without them the
tests skip and say why. In order: `apt install ./mdma-kiosk_*.deb` and checks of
what it installed, remove and purge, then the playbook against the same (purged)
root, so the role installs the package itself (twice: the second run changes nothing).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.deploy
ROOT = Path(__file__).resolve().parent.parent
UNIT = ROOT / "build" / "linux" / "mdma-kiosk.service"
DEBS = sorted((ROOT / "dist").glob("mdma-kiosk_*.deb"))
DEBIAN_ROOT = os.environ.get("KIOSK_DEBIAN_ROOT", "")
APT_TIMEOUT = 900


def unit_settings() -> dict[str, list[str]]:
    """Every key of the unit with all its values (systemd allows repeated keys)."""
    found: dict[str, list[str]] = {}
    for line in UNIT.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def test_unit_restarts_always_with_watchdog_and_never_blocks_on_check() -> None:
    unit = unit_settings()
    assert unit["Restart"] == ["always"]  # cage 0.1.4 exits 0 whatever the kiosk did
    assert unit["Type"] == ["notify"] and unit["NotifyAccess"] == ["all"]
    assert unit["WatchdogSec"] == ["30"]
    assert all(cmd.startswith("-") for cmd in unit["ExecStartPre"])
    assert '"QT_QPA_PLATFORM=wayland;xcb"' in unit["Environment"]
    assert "LANG=C.UTF-8" in unit["Environment"]


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="needs systemd-analyze")
def test_unit_exposure_is_at_most_4() -> None:
    done = subprocess.run(["systemd-analyze", "security", "--offline=true", str(UNIT)],
                          capture_output=True, text=True, timeout=60)
    match = re.search(r"Overall exposure level for \S+: (\d+\.\d+)", done.stdout)
    assert match, done.stdout[-2000:] + done.stderr
    assert float(match.group(1)) <= 4.0


needs_deb = pytest.mark.skipif(not DEBS, reason="no dist/mdma-kiosk_*.deb: bash build/dev.sh deb")


@needs_deb
def test_package_metadata_names_what_the_bundle_needs() -> None:
    deb = str(DEBS[-1])
    depends = subprocess.run(["dpkg-deb", "--field", deb, "Depends"], capture_output=True,
                             text=True, check=True).stdout
    for needed in ("cage", "xwayland", "libsqlite3-0", "libgssapi-krb5-2", "libc6 (>= 2.35)"):
        assert needed in depends
    conffiles = subprocess.run(["dpkg-deb", "--info", deb, "conffiles"], capture_output=True,
                               text=True, check=True).stdout
    assert "/etc/mdma-kiosk/kiosk.toml" in conffiles.split()
    listing = subprocess.run(["dpkg-deb", "--contents", deb], capture_output=True, text=True,
                             check=True).stdout
    for path in ("./opt/mdma-kiosk/kiosk", "./usr/lib/systemd/system/mdma-kiosk.service",
                 "./usr/lib/sysusers.d/mdma-kiosk.conf", "./usr/lib/tmpfiles.d/mdma-kiosk.conf",
                 "./etc/pam.d/mdma-kiosk", "platforms/libqwayland.so",
                 "libQt6WaylandClient.so.6", "wayland-shell-integration/libxdg-shell.so"):
        assert path in listing, path
    assert re.search(r"-rw-r----- root/root .* \./etc/mdma-kiosk/kiosk\.toml", listing)


def chroot(root: Path, *command: str, check: bool = True, timeout: float = APT_TIMEOUT,
           stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
           "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(["chroot", str(root), *command], capture_output=True, text=True,
                          env=env, timeout=timeout, input=stdin)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed ({done.returncode}):\n"
                             f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


@pytest.fixture(scope="module")
def debian_root() -> Iterator[Path]:
    """The prepared Debian 12 root with /proc, /sys and /dev mounted while in use."""
    if not DEBS:
        pytest.skip("no dist/mdma-kiosk_*.deb: bash build/dev.sh deb")
    if os.geteuid() != 0:
        pytest.skip("installing into a chroot needs root")
    root = Path(DEBIAN_ROOT)
    if not DEBIAN_ROOT or not (root / "etc" / "debian_version").exists():
        pytest.skip("no Debian 12 root: set KIOSK_DEBIAN_ROOT (.ci/run makes one with "
                    "build/ci/debian-root.sh)")
    mounted: list[Path] = []
    try:
        for kind, target in (("proc", "proc"), ("sysfs", "sys"), ("/dev", "dev")):
            where = root / target
            args = ["--bind", kind] if kind.startswith("/") else ["-t", kind, kind]
            subprocess.run(["mount", *args, str(where)], check=True, timeout=30)
            mounted.append(where)
        yield root
    finally:
        for where in reversed(mounted):
            subprocess.run(["umount", "-l", str(where)], check=False, timeout=30)


def test_apt_install_on_clean_debian_12(debian_root: Path) -> None:
    shutil.copy(DEBS[-1], debian_root / "tmp" / "mdma-kiosk.deb")
    chroot(debian_root, "apt-get", "update", "-qq")
    chroot(debian_root, "apt-get", "install", "-y", "-q", "/tmp/mdma-kiosk.deb")
    passwd = chroot(debian_root, "getent", "passwd", "mdma-kiosk").stdout
    assert "/var/lib/mdma-kiosk" in passwd and "nologin" in passwd
    stat = chroot(debian_root, "stat", "-c", "%a %U %G", "/etc/mdma-kiosk/kiosk.toml").stdout
    assert stat.split() == ["640", "root", "mdma-kiosk"]
    stat = chroot(debian_root, "stat", "-c", "%a %U", "/var/lib/mdma-kiosk").stdout
    assert stat.split() == ["750", "mdma-kiosk"]
    # Every library the bundle loads is there (libsqlite3 and Kerberos included).
    missing = chroot(debian_root, "sh", "-c", "find /opt/mdma-kiosk -name '*.so*' -type f "
                     "-exec ldd {} + 2>/dev/null | grep 'not found' | sort -u",
                     check=False).stdout
    assert missing == ""
    check = chroot(debian_root, "runuser", "-u", "mdma-kiosk", "--", "env",
                   "KIOSK_CONFIG=/etc/mdma-kiosk/kiosk.toml",
                   "KIOSK_DATA_DIR=/var/lib/mdma-kiosk", "mdma-kiosk", "check", timeout=120)
    assert "ok" in check.stdout.lower() or check.returncode == 0
    chroot(debian_root, "/opt/mdma-kiosk/kiosk", "--version", timeout=60)
    # README's step for this machine's staff PIN.
    chroot(debian_root, "runuser", "-u", "mdma-kiosk", "--", "env",
           "KIOSK_DATA_DIR=/var/lib/mdma-kiosk", "mdma-kiosk", "set-pin", stdin="2580\n2580\n",
           timeout=60)
    staff = (debian_root / "var/lib/mdma-kiosk/staff-settings.toml").read_text()
    assert "pin_hash" in staff and "2580" not in staff
    verify = chroot(debian_root, "systemd-analyze", "verify", "mdma-kiosk.service",
                    check=False, timeout=120)
    assert "mdma-kiosk.service" not in verify.stdout + verify.stderr, verify.stderr
    chroot(debian_root, "systemctl", "enable", "mdma-kiosk.service", timeout=60)
    assert (debian_root / "etc/systemd/system/graphical.target.wants/mdma-kiosk.service"
            ).is_symlink()


def test_remove_keeps_data_and_purge_removes_it(debian_root: Path) -> None:
    chroot(debian_root, "apt-get", "remove", "-y", "-q", "mdma-kiosk")
    assert not (debian_root / "opt/mdma-kiosk/kiosk").exists()
    assert (debian_root / "etc/mdma-kiosk/kiosk.toml").exists()
    assert (debian_root / "var/lib/mdma-kiosk").is_dir()
    chroot(debian_root, "apt-get", "purge", "-y", "-q", "mdma-kiosk")
    assert not (debian_root / "etc/mdma-kiosk").exists()
    assert not (debian_root / "var/lib/mdma-kiosk").exists()


PLAYBOOK = ROOT / "build" / "ansible" / "playbook.yml"
# `kiosk set-pin --print` for PIN 2580; the role accepts the whole line or the value.
PIN_LINE = ('pin_hash = "scrypt$16384$8$1$noR2g1QAHiPzDiAGRUmUow==$'
            'VPy3QoXq0nB+K3lFrrDmdAISyl0pgWdU5uf7Swv52G4="')


def run_playbook(root: Path, inventory: Path, *extra: str) -> str:
    env = dict(os.environ, ANSIBLE_NOCOLOR="1", ANSIBLE_HOST_KEY_CHECKING="0",
               ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_STDOUT_CALLBACK="default")
    done = subprocess.run(["ansible-playbook", "-i", str(inventory), str(PLAYBOOK), *extra],
                          capture_output=True, text=True, env=env, timeout=APT_TIMEOUT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    return done.stdout


@pytest.mark.skipif(not shutil.which("ansible-playbook"), reason="needs ansible-playbook")
def test_playbook_on_the_chroot_writes_valid_config_and_is_idempotent(
        debian_root: Path, tmp_path: Path) -> None:
    inventory = tmp_path / "inventory.ini"
    inventory.write_text(
        "[kiosks]\n"
        f"ci-root ansible_connection=community.general.chroot ansible_host={debian_root} "
        "ansible_python_interpreter=/usr/bin/python3 kiosk_manage_service=false\n")
    values = tmp_path / "site.yml"
    # What broke before: a name with a space and quotes, a PIN hash line with quotes.
    values.write_text(
        'kiosk_clinic_name: "Riverside Clinic \\"East\\""\n'
        "kiosk_region: UK\n"
        "kiosk_contact: 'Front desk: dial 0'\n"
        f"kiosk_pin_hash: '{PIN_LINE}'\n"
        "kiosk_settings: {kiosk: {idle_timeout_s: 120, languages: [en, es]}}\n")
    run_playbook(debian_root, inventory, "-e", f"@{values}")
    assert (debian_root / "opt/mdma-kiosk/kiosk").exists()  # installed from the .deb
    assert (debian_root / "etc/systemd/system/graphical.target.wants/mdma-kiosk.service"
            ).is_symlink()
    config = (debian_root / "etc/mdma-kiosk/kiosk.toml").read_text()
    parsed = tomllib.loads(config)
    assert parsed["clinic"]["name"] == 'Riverside Clinic "East"'
    assert parsed["clinic"]["region"] == "UK"
    assert parsed["staff"]["pin_hash"] == PIN_LINE.split('"')[1]
    assert parsed["kiosk"] == {"idle_timeout_s": 120, "languages": ["en", "es"]}
    stat = chroot(debian_root, "stat", "-c", "%a %U %G", "/etc/mdma-kiosk/kiosk.toml").stdout
    assert stat.split() == ["640", "root", "mdma-kiosk"]
    second = run_playbook(debian_root, inventory, "-e", f"@{values}")
    assert re.search(r"ci-root\s*: ok=\d+\s+changed=0 ", second), second[-1500:]


LINT = ROOT / ".ci-work" / "lint-venv" / "bin" / "ansible-lint"


@pytest.mark.skipif(not (LINT.exists() or shutil.which("ansible-lint")),
                    reason="needs ansible-lint (.ci/run installs it into .ci-work/lint-venv)")
def test_playbook_is_ansible_lint_clean() -> None:
    lint = str(LINT) if LINT.exists() else "ansible-lint"
    done = subprocess.run([lint, "--offline", str(PLAYBOOK)], capture_output=True, text=True,
                          cwd=PLAYBOOK.parent, timeout=300)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
