#!/bin/sh
# Install the Debian packages the kiosk, its tests and its screenshots need (Qt's runtime
# libraries, D-Bus + gnome-keyring for the Secret Service, Xvfb, fonts for all six languages,
# the PDF tools the document checks use). On Debian/Ubuntu as root: installs what is missing.
# Elsewhere: says what is needed.
set -eu
PKGS="libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfreetype6 libfontconfig1 libdbus-1-3
 xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
 libxcb-shape0 libxkbcommon-x11-0 dbus gnome-keyring fonts-dejavu-core fonts-noto-core
 python3-venv qpdf poppler-utils zbar-tools"
[ "$(uname -s)" = "Linux" ] || exit 0
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "Note: not a Debian system; make sure Qt 6 runtime libraries, dbus and a Secret Service (gnome-keyring or KWallet) are installed." >&2
    exit 0
fi
# shellcheck disable=SC2086
exec sh "$(dirname "$0")/apt-ensure.sh" "system packages" $PKGS
