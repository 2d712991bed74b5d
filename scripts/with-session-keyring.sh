#!/bin/sh
# Run a command inside a private D-Bus session with an unlocked gnome-keyring (Secret Service).
#
#   scripts/with-session-keyring.sh DIR PASSWORD -- COMMAND [ARGS...]
#
# DIR holds the keyring files (XDG_DATA_HOME for the daemon): a temp dir for the test suite,
# demo-data/keyring for `make run` on a machine with no keyring service of its own.
set -eu
if [ "${1:-}" = "--inner" ]; then
    shift
    dir=$1; pw=$2; shift 3
    XDG_DATA_HOME=$dir
    export XDG_DATA_HOME
    # --unlock reads the password from stdin and creates the login keyring if needed.
    printf '%s' "$pw" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    unset XDG_DATA_HOME
    exec "$@"
fi
dir=$1; pw=$2
[ "${3:-}" = "--" ] || { echo "usage: $0 DIR PASSWORD -- COMMAND..." >&2; exit 2; }
shift 3
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "$tool is missing (Debian: apt-get install dbus gnome-keyring)" >&2; exit 1; }
done
exec dbus-run-session -- "$0" --inner "$dir" "$pw" -- "$@"
