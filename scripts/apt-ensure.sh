#!/bin/sh
# apt-ensure.sh WHAT PKG...: install the Debian packages of PKG that are missing. As root on
# Debian/Ubuntu: installs them with apt-get. Elsewhere: names the apt-get line to run, exit 1.
set -eu
what=$1; shift
if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "Note: not a Debian system; $what needed: $*" >&2
    exit 1
fi
missing=""
for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
    echo "Installing $what:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
    echo "Missing $what:$missing" >&2
    echo "Install them with: sudo apt-get install$missing" >&2
    exit 1
fi
