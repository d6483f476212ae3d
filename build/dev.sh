#!/usr/bin/env bash
# Developer entry point: install everything from scratch, then run the kiosk or the tests.
#   bash build/dev.sh run    install, then launch the kiosk in a window on bundled content
#   bash build/dev.sh test   install, then run lint, types, the whole test suite and self-test
#   bash build/dev.sh bundle install, then build dist/kiosk/ and prove it (frozen self-test, check)
#   bash build/dev.sh deb    bundle, then dist/mdma-kiosk_<version>_<arch>.deb (build/deb/build.sh)
# Debian/Ubuntu; installs system packages with apt-get (as root or through sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's runtime libraries, the xcb platform for a real screen, and Xvfb/xdotool/openbox for
# end-to-end tests. Listed once here and in README's deployment section.
APT_PACKAGES=(
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3
  libglib2.0-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libpulse0 libsqlite3-0 libgssapi-krb5-2
  xvfb xdotool x11-utils dpkg-dev
  openbox  # a real window manager for the kiosk-stays-on-top tests
  minisign   # signs content packs in the tests (IT signs with the same tool)
  # Read aloud through the real engine (tests/test_speech_real.py starts a private
  # PulseAudio with a null sink, so it speaks with no sound card).
  speech-dispatcher speech-dispatcher-espeak-ng speech-dispatcher-audio-plugins espeak-ng
  pulseaudio pulseaudio-utils
)

install_system() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "== installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}

install_python() {
  # Python 3.11 to 3.13 (PySide6 6.11.3 has wheels for those): the system's python3
  # if it is one of them, else the first of python3.11-3.13 that runs.
  local py="" candidate
  for candidate in python3 python3.11 python3.12 python3.13; do
    if "$candidate" -c 'import sys; assert (3, 11) <= sys.version_info[:2] <= (3, 13)' \
        >/dev/null 2>&1; then
      py=$(command -v "$candidate"); break
    fi
  done
  [ -n "$py" ] || { echo "Python 3.11, 3.12 or 3.13 is required" >&2; exit 1; }
  "$py" -c 'import ensurepip' 2>/dev/null || {
    echo "$py has no venv support: sudo apt-get install python3-venv" >&2; exit 1; }
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  echo "== installing Python packages into .venv"
  .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/python -m pip install -q -e ".[test,build]" 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/python -c 'import PySide6, markdown, segno, pytestqt' # fail loudly if pip did
  echo "== UI catalogues (.po -> .mo)"; .venv/bin/python build/i18n_compile.py
}

case "${1:-}" in
  run)
    install_system
    install_python
    shift
    exec .venv/bin/kiosk --windowed "$@"
    ;;
  test)
    install_system
    install_python
    echo "== ruff";  .venv/bin/ruff check kiosk tests
    echo "== mypy";  .venv/bin/mypy
    echo "== pytest"; .venv/bin/python -m pytest
    echo "== self-test"; .venv/bin/kiosk self-test --data-dir "$(mktemp -d)"
    ;;
  bundle|deb)
    install_system
    install_python
    echo "== PyInstaller bundle"; .venv/bin/python build/build.py
    data=$(mktemp -d)
    echo "== frozen self-test"; dist/kiosk/kiosk self-test --data-dir "$data"
    echo "== frozen check"; dist/kiosk/kiosk check --data-dir "$data"
    echo "== frozen version"; dist/kiosk/kiosk --version
    if [ "$1" = deb ]; then
      echo "== Debian package"; bash build/deb/build.sh
    fi
    ;;
  *)
    echo "usage: bash build/dev.sh run|test|bundle|deb" >&2
    exit 2
    ;;
esac
