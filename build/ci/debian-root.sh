#!/usr/bin/env bash
# A throw-away Debian 12 root for the package and playbook tests (root only).
#   bash build/ci/debian-root.sh DIR   -> a fresh minbase bookworm root in DIR
# The downloaded base system is cached as $CI_WORK/debian12-minbase.tgz (CI_WORK
# defaults to .ci-work/), so later runs only unpack it (about 10 s instead of a minute).
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${1:?usage: debian-root.sh DIR}
WORK=${CI_WORK:-$PWD/.ci-work}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
TARBALL="$WORK/debian12-minbase.tgz"
mkdir -p "$WORK"
if [ ! -s "$TARBALL" ]; then
    debootstrap --variant=minbase --make-tarball="$TARBALL.part" bookworm "$WORK/tarball-tmp" "$MIRROR"
    mv "$TARBALL.part" "$TARBALL"
fi
rm -rf "$DIR"
debootstrap --variant=minbase --unpack-tarball="$TARBALL" bookworm "$DIR" "$MIRROR" >/dev/null
# Services never start inside the chroot (there is no init there).
printf '#!/bin/sh\nexit 101\n' > "$DIR/usr/sbin/policy-rc.d"
chmod 755 "$DIR/usr/sbin/policy-rc.d"
echo "Debian 12 root ready in $DIR"
