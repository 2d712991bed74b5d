#!/bin/sh
# Install the Debian packages `make dist` and its tests need: dpkg-deb, debsigs and
# debsig-verify, GnuPG, reprepro and apt, wixl (msitools) and osslsigncode for the MSI, and
# the shared Python library PyInstaller bundles, binutils and icupkg (icu-devtools) that cut
# Qt's ICU data down for the bundle. (Debian/Ubuntu only.)
set -eu
PKGS="dpkg-dev debsigs debsig-verify gnupg reprepro apt-utils msitools wixl osslsigncode
 zstd openssl libpython3.11 binutils icu-devtools"
# shellcheck disable=SC2086
exec sh "$(dirname "$0")/apt-ensure.sh" "packaging tools" $PKGS
