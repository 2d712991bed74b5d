#!/bin/sh
# Install the Debian packages `make dist` and its tests need: dpkg-deb, debsigs and
# debsig-verify, GnuPG, reprepro and apt, wixl (msitools) and osslsigncode for the MSI, and
# the shared Python library PyInstaller bundles.
# On Debian/Ubuntu as root: installs what is missing. Elsewhere: says what is needed.
set -eu
PKGS="dpkg-dev debsigs debsig-verify gnupg reprepro apt-utils msitools wixl osslsigncode
 zstd openssl libpython3.11"
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "make dist builds the Linux packages on Debian/Ubuntu only (needs: $PKGS)." >&2
    exit 1
fi
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
    echo "Installing packaging tools:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "Missing packaging tools:$missing" >&2
    echo "Install them with: sudo apt-get install$missing" >&2
    exit 1
fi
