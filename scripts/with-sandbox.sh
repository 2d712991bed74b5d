#!/bin/sh
# Run a command beside the local FIT-Connect sandbox on 127.0.0.1:8460 (`make run` uses it).
# Starts the sandbox unless one already answers on the port, waits until it serves, and stops
# it when the command ends. Its demo CA is DIR/ca.pem, its log DIR/sandbox.log.
# Usage: with-sandbox.sh BIN DIR -- COMMAND...
set -eu
BIN=$1; DIR=$2; shift 2
[ "${1:-}" = "--" ] && shift
PORT=${FVO_SANDBOX_PORT:-8460}
mkdir -p "$DIR"
PROBE="import socket, sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)"
if "$BIN/python" -c "$PROBE" "$PORT" 2>/dev/null; then
    echo "A FIT-Connect sandbox already answers on 127.0.0.1:$PORT; using it." >&2
    exec "$@"
fi
"$BIN/python" -m sandbox --port "$PORT" --dir "$DIR" >"$DIR/sandbox.log" 2>&1 &
SANDBOX=$!
trap 'kill "$SANDBOX" 2>/dev/null || true' EXIT INT TERM
i=0
until grep -q "sandbox on" "$DIR/sandbox.log" 2>/dev/null; do
    if ! kill -0 "$SANDBOX" 2>/dev/null; then
        echo "The FIT-Connect sandbox did not start (see $DIR/sandbox.log);" \
            "the kiosk starts without it." >&2
        cat "$DIR/sandbox.log" >&2
        break
    fi
    i=$((i + 1))
    if [ "$i" -gt 600 ]; then
        echo "The FIT-Connect sandbox is slow to start; going on." >&2
        break
    fi
    sleep 0.1
done
grep "sandbox on" "$DIR/sandbox.log" >&2 || true
set +e
"$@"
rc=$?
kill "$SANDBOX" 2>/dev/null
wait "$SANDBOX" 2>/dev/null
exit "$rc"
