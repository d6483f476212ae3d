#!/usr/bin/env bash
# Build dist/mdma-kiosk_<version>_<arch>.deb from the PyInstaller bundle dist/kiosk/
# with plain dpkg-deb (no debhelper needed on the build machine).
#   bash build/deb/build.sh        (bash build/dev.sh deb builds the bundle first)
# Layout: /opt/mdma-kiosk/ the bundle; /usr/bin/mdma-kiosk; the unit, sysusers.d,
# tmpfiles.d, PAM service; /etc/mdma-kiosk/kiosk.toml (conffile, 0640 root:mdma-kiosk);
# the X11 session recipe under /usr/libexec/mdma-kiosk and /usr/share/xsessions.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=build/deb
BUNDLE=dist/kiosk
[ -x "$BUNDLE/kiosk" ] || { echo "no bundle at $BUNDLE: run bash build/dev.sh bundle" >&2; exit 1; }

VERSION=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
ARCH=$(dpkg --print-architecture)
OUT="dist/mdma-kiosk_${VERSION}_${ARCH}.deb"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
P="$STAGE/pkg"

install -d -m 0755 "$P/DEBIAN" "$P/opt" "$P/usr/bin" "$P/usr/lib/systemd/system" \
    "$P/usr/lib/sysusers.d" "$P/usr/lib/tmpfiles.d" "$P/etc/pam.d" "$P/etc/mdma-kiosk" \
    "$P/usr/libexec/mdma-kiosk" "$P/usr/share/xsessions" "$P/usr/share/mdma-kiosk" \
    "$P/usr/share/doc/mdma-kiosk"
cp -a "$BUNDLE" "$P/opt/mdma-kiosk"
ln -s /opt/mdma-kiosk/kiosk "$P/usr/bin/mdma-kiosk"
install -m 0644 build/linux/mdma-kiosk.service "$P/usr/lib/systemd/system/mdma-kiosk.service"
install -m 0755 build/linux/backoff "$P/usr/libexec/mdma-kiosk/backoff"
install -m 0755 build/linux/kiosk-xsession "$P/usr/libexec/mdma-kiosk/kiosk-xsession"
install -m 0644 build/linux/mdma-kiosk.desktop "$P/usr/share/xsessions/mdma-kiosk.desktop"
install -m 0644 build/linux/blank-cursor.xbm "$P/usr/share/mdma-kiosk/blank-cursor.xbm"
install -m 0644 "$HERE/mdma-kiosk.sysusers" "$P/usr/lib/sysusers.d/mdma-kiosk.conf"
install -m 0644 "$HERE/mdma-kiosk.tmpfiles" "$P/usr/lib/tmpfiles.d/mdma-kiosk.conf"
install -m 0644 "$HERE/mdma-kiosk.pam" "$P/etc/pam.d/mdma-kiosk"
install -m 0640 "$HERE/kiosk.toml" "$P/etc/mdma-kiosk/kiosk.toml"
install -m 0644 README.md "$P/usr/share/doc/mdma-kiosk/README.md"
install -m 0644 LICENSE "$P/usr/share/doc/mdma-kiosk/copyright"
install -m 0755 "$HERE/postinst" "$HERE/prerm" "$HERE/postrm" "$P/DEBIAN/"
printf '%s\n' /etc/mdma-kiosk/kiosk.toml /etc/pam.d/mdma-kiosk > "$P/DEBIAN/conffiles"

SIZE_KIB=$(du -sk --apparent-size "$P" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE_KIB/" \
    "$HERE/control.in" > "$P/DEBIAN/control"

# Reproducible-ish: files owned by root, timestamps from the last commit when known.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || date +%s)}
dpkg-deb --root-owner-group -Zxz -z6 --build "$P" "$OUT" >/dev/null
echo "built $OUT ($(du -h "$OUT" | cut -f1), installed size $((SIZE_KIB / 1024)) MiB)"
