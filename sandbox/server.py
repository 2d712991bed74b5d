"""The sandbox's HTTP(S) server on loopback: stdlib threads, HTTP/1.1 keep-alive, fault injection.

Why the stdlib server and not uvicorn + Starlette: every handler is CPU-bound synchronous work
(openapi-core, jwcrypto), and fault injection needs the raw socket (close a connection without
a reply, before or after processing). A thread per keep-alive connection does both with no
async bridging and no extra dependency. It is fast only with HTTP/1.1, Nagle disabled and a
Content-Length on every reply; all three are set here.
"""

from __future__ import annotations

import http.server
import logging
import socket
import ssl
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

from sandbox.api import MAX_BODY, Call, Reply, Sandbox, loopback_url, problem
from sandbox.config import DEFAULT_PORT, HOST
from sandbox.faults import FaultPlan, Faults
from sandbox.pki import tls_files

log = logging.getLogger(__name__)


class Handler(http.server.BaseHTTPRequestHandler):
    """One keep-alive connection; each request goes through faults, auth, validation, handler."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server_version = "FVO-Sandbox/1"
    sys_version = ""
    server: SandboxServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def do_PUT(self) -> None:  # noqa: N802
        self._serve()

    def do_PATCH(self) -> None:  # noqa: N802
        self._serve()

    def do_DELETE(self) -> None:  # noqa: N802
        self._serve()

    def _drop(self) -> None:
        """Close the connection without an answer (the client sees a reset or EOF)."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _serve(self) -> None:
        app = self.server.app
        split = urllib.parse.urlsplit(self.path)
        path = split.path
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self._send(problem(411, "Length Required", "Send a Content-Length, not chunks."))
            self.close_connection = True
            return
        try:
            size = int(length) if length else 0
        except ValueError:
            size = -1
        if size < 0 or size > MAX_BODY:
            self._send(problem(413, "Request Entity Too Large",
                               f"Bodies are limited to {MAX_BODY} bytes."))
            self.close_connection = True
            return
        body = self.rfile.read(size) if size else b""
        route, params, known = app.match(self.command, path)
        fault, delay = (None, 0.0)
        if not path.startswith("/sandbox/"):
            fault, delay = app.faults.draw()
        if delay:
            time.sleep(delay)
        if fault == "429":
            retry = max(1, int(app.faults.faults.retry_after))
            self._send(problem(429, "Too Many Requests", "Rate limit exceeded (sandbox fault).",
                               headers={"Retry-After": str(retry)}))
            return
        if fault in ("500", "502", "503"):
            code = int(fault)
            titles = {500: "Internal Server Error", 502: "Bad Gateway",
                      503: "Service Unavailable"}
            self._send(problem(code, titles[code], "Injected fault (sandbox)."))
            return
        if fault == "timeout":
            time.sleep(app.faults.faults.hang_seconds)
            self._drop()
            return
        if fault == "drop":
            self._drop()
            return
        call = Call(self.command, path, urllib.parse.parse_qs(split.query),
                    dict(self.headers.items()), body, params)
        try:
            reply = app.handle(call, route, known)
        except Exception:  # noqa: BLE001 - a bug must answer 500, not kill the connection
            log.exception("handler failed for %s %s", self.command, route and route.pattern)
            reply = problem(500, "Internal Server Error", "The sandbox failed on this request.")
        if fault == "drop-after":
            self._drop()
            return
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.status != 204:
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if reply.status != 204 and reply.body:
            self.wfile.write(reply.body)


class SandboxServer(http.server.ThreadingHTTPServer):
    """Threaded server; the TLS handshake runs in each connection's thread, not in accept()."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, app: Sandbox | None, port: int, tls: ssl.SSLContext | None) -> None:
        super().__init__((HOST, port), Handler)
        self.tls = tls
        self.app: Sandbox = app  # type: ignore[assignment]  # set right after binding

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is None:
            super().finish_request(request, client_address)
            return
        try:
            wrapped = self.tls.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError) as exc:
            log.debug("TLS handshake failed: %s", exc)
            return
        try:
            super().finish_request(wrapped, client_address)
        finally:
            wrapped.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection error", exc_info=True)


class Running:
    """A started sandbox: its URLs and files, and ``stop()``."""

    def __init__(self, server: SandboxServer, app: Sandbox, thread: threading.Thread | None):
        self.server, self.app, self.thread = server, app, thread
        self.port = server.server_address[1]
        self.base_url = app.base_url

    @property
    def ca_file(self) -> Path:
        return self.app.ca_file

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.app.offices.stop()
        self.app.journal.close()


#: How long a thread may hold the GIL while another waits for it (Python's default: 5 ms).
#: A handler waits for the GIL after every socket read (a 100 KB upload is a dozen TLS
#: records); with the office thread checking a submission, each wait could take the whole
#: interval. The sandbox's threads hand over sooner.
SWITCH_INTERVAL = 0.0005


def build(directory: Path, port: int = DEFAULT_PORT, *, tls: bool = True,
          faults: Faults | None = None, validate: bool = True,
          key_grace_seconds: float = 86400.0) -> Running:
    """Bind the server (port 0 = any free port) and prepare the sandbox; not yet serving."""
    if sys.getswitchinterval() > SWITCH_INTERVAL:
        sys.setswitchinterval(SWITCH_INTERVAL)
    directory.mkdir(parents=True, exist_ok=True)
    server = SandboxServer(None, port, None)
    actual = server.server_address[1]
    app = Sandbox(directory, base_url=loopback_url(actual, tls), faults=FaultPlan(
        faults or Faults()), validate=validate, key_grace_seconds=key_grace_seconds)
    server.app = app
    if tls:
        cert, key = tls_files(directory, app.root)
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        ctx.load_cert_chain(cert, key)
        server.tls = ctx
    app.offices.start()
    return Running(server, app, None)


def start_in_thread(directory: Path, port: int = 0, **kwargs: Any) -> Running:
    """A sandbox serving in a background thread of this process (tests)."""
    running = build(directory, port, **kwargs)
    running.thread = threading.Thread(target=running.server.serve_forever,
                                      kwargs={"poll_interval": 0.1}, daemon=True,
                                      name="sandbox-server")
    running.thread.start()
    return running
