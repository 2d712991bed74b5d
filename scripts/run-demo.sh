#!/bin/sh
# `make run`: start the kiosk on the demo station (provisioned on first start).
#
# Uses the desktop's own keyring where one runs; otherwise a demo-only gnome-keyring whose
# files live in demo-data/keyring — the kiosk itself never falls back to a weaker store.
set -eu
BIN=$1; DEMO=$2; INNER=${3:-}
mkdir -p "$DEMO"
if [ -z "$INNER" ] && ! "$BIN/python" -m kiosk.keys.probe >/dev/null 2>&1; then
    echo "No OS keyring service running: starting a demo keyring in $DEMO/keyring." >&2
    exec sh scripts/with-session-keyring.sh "$DEMO/keyring" demo -- sh "$0" "$BIN" "$DEMO" inner
fi
set -- "$BIN/fvo-kiosk" --demo --data-dir "$DEMO/station"
if [ "$(uname -s)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: starting the kiosk on a virtual screen (Xvfb)." >&2
    set -- xvfb-run -a -s "-screen 0 1280x800x24" "$@"
fi
# The demo offices (FIT-Connect sandbox) beside the kiosk; demo.json reads sandbox/ca.pem.
exec sh scripts/with-sandbox.sh "$BIN" "$DEMO/station/sandbox" -- "$@"
