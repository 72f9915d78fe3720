#!/usr/bin/env bash
# Installs sstp on a machine without dpkg (run as root):
#   packaging/install.sh [--binary FILE] [--prefix DIR]    default: dist/sstp into /usr/local
#   packaging/install.sh --uninstall [--prefix DIR]        removes the executable and the unit, keeps /etc/sstp
# It installs PREFIX/bin/sstp, /etc/systemd/system/sstp.service (pointing at that executable) and, when absent,
# /etc/sstp/sstp.conf; creates the system user `sstp`; and starts nothing. DESTDIR=DIR stages everything under
# DIR instead (no user is created, systemd is not told): for packagers and tests.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=dist/sstp
prefix=/usr/local
uninstall=0
while [ $# -gt 0 ]; do
    case "$1" in
        --binary) binary="$2"; shift 2 ;;
        --prefix) prefix="$2"; shift 2 ;;
        --uninstall) uninstall=1; shift ;;
        *) echo "install.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
dest="${DESTDIR:-}"
if [ -z "$dest" ] && [ "$(id -u)" != 0 ]; then
    echo "install.sh: run as root (or set DESTDIR to stage the files)" >&2
    exit 1
fi
systemd_running() { [ -z "$dest" ] && [ -d /run/systemd/system ]; }
unit="$dest/etc/systemd/system/sstp.service"

if [ "$uninstall" = 1 ]; then
    if systemd_running; then
        systemctl disable --now sstp.service >/dev/null 2>&1 || true
    fi
    rm -f "$dest$prefix/bin/sstp" "$unit"
    if systemd_running; then
        systemctl daemon-reload
    fi
    echo "removed $prefix/bin/sstp and the unit; /etc/sstp, /var/lib/sstp and the user sstp are kept"
    exit 0
fi

[ -x "$binary" ] || { echo "install.sh: $binary is missing: run packaging/build.sh first" >&2; exit 1; }
install -d "$dest$prefix/bin" "$dest/etc/systemd/system" "$dest/etc/sstp"
install -m 0755 "$binary" "$dest$prefix/bin/sstp"
sed "s|/usr/bin/sstp|$prefix/bin/sstp|g" packaging/sstp.service > "$unit"
chmod 0644 "$unit"
if [ ! -e "$dest/etc/sstp/sstp.conf" ]; then
    install -m 0644 docs/sstp.conf.example "$dest/etc/sstp/sstp.conf"
fi

if [ -z "$dest" ] && ! getent passwd sstp >/dev/null; then
    useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin sstp
fi
if systemd_running; then
    systemctl daemon-reload
fi

cat <<DONE
installed $prefix/bin/sstp ($("$dest$prefix/bin/sstp" --version 2>/dev/null || echo "version unknown"))
next: sstp user add NAME                  (as root; the users file is /etc/sstp/users)
      systemctl enable --now sstp         (listens on port 443; settings in /etc/sstp/sstp.conf)
DONE
