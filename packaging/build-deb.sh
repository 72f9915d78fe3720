#!/usr/bin/env bash
# Builds a Debian package of the server and client from the self-contained executable:
#   packaging/build-deb.sh [RID]      RID defaults to linux-x64 (amd64); linux-arm64 gives arm64
#   SSTP_NO_BUILD=1 packaging/build-deb.sh   reuse dist/<RID>/sstp instead of publishing again
# Output: dist/sstp_<version>_<arch>.deb. Needs dpkg-deb; no root (files are owned by root in the package).
#
# The package installs /usr/bin/sstp, the unit /lib/systemd/system/sstp.service and /etc/sstp/sstp.conf (a
# conffile: local edits survive upgrades). postinst creates the system user `sstp` the unit switches to; it
# enables and starts nothing: add a user, then `systemctl enable --now sstp`.
set -euo pipefail
cd "$(dirname "$0")/.."
rid="${1:-linux-x64}"
case "$rid" in
    linux-x64) arch=amd64 ;;
    linux-arm64) arch=arm64 ;;
    *) echo "build-deb.sh: no Debian architecture for $rid" >&2; exit 2 ;;
esac

if [ "${SSTP_NO_BUILD:-}" != 1 ] || [ ! -x "dist/$rid/sstp" ]; then
    packaging/build.sh "$rid"
fi

version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)"
[ -n "$version" ] || { echo "build-deb.sh: no <Version> in Directory.Build.props" >&2; exit 1; }
root="dist/deb/sstp_${version}_${arch}"
rm -rf "$root"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/etc/sstp" "$root/usr/share/doc/sstp"
install -m 0755 "dist/$rid/sstp" "$root/usr/bin/sstp"
install -m 0644 packaging/sstp.service "$root/lib/systemd/system/sstp.service"
install -m 0644 docs/sstp.conf.example "$root/etc/sstp/sstp.conf"
install -m 0644 README.md docs/CONFIGURATION.md docs/OPERATIONS.md "$root/usr/share/doc/sstp/"

size_kib="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<CONTROL
Package: sstp
Version: $version
Architecture: $arch
Maintainer: sstp maintainers <sstp@localhost>
Installed-Size: $size_kib
Depends: libc6, libgcc-s1, libstdc++6, libssl3 | libssl1.1, iproute2, adduser | passwd
Recommends: nftables, ca-certificates
Section: net
Priority: optional
Description: SSTP VPN server and client
 sstp speaks the Secure Socket Tunneling Protocol (PPP over TLS on port 443)
 with the Windows client, sstpc, SoftEther, MikroTik and Open SSTP Client.
 One self-contained executable: sstp server, sstp client, sstp user.
CONTROL
echo /etc/sstp/sstp.conf > "$root/DEBIAN/conffiles"

cat > "$root/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    if ! getent passwd sstp >/dev/null; then
        if command -v adduser >/dev/null; then
            adduser --system --group --no-create-home --home /nonexistent --quiet sstp
        else
            useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin sstp
        fi
    fi
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload || true
        # An upgrade restarts a server that was running; a first install starts nothing.
        if [ -n "$2" ]; then
            systemctl try-restart sstp.service || true
        fi
    fi
fi
exit 0
SCRIPT

cat > "$root/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = remove ] && [ -d /run/systemd/system ]; then
    systemctl stop sstp.service || true
    systemctl disable sstp.service >/dev/null 2>&1 || true
fi
exit 0
SCRIPT

cat > "$root/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
if [ "$1" = purge ]; then
    # What the server generated (the self-signed certificate and key). The users file in /etc/sstp is the
    # administrator's and stays; the system user stays too (files elsewhere may still belong to it).
    rm -rf /var/lib/sstp /var/log/sstp
fi
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
fi
exit 0
SCRIPT
chmod 0755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"

deb="dist/sstp_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
rm -rf dist/deb
echo "built $deb ($(du -h "$deb" | cut -f1))"
