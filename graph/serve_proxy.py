"""The HTTP side of `fkg serve`'s guard: forward each request to Oxigraph under a deadline.

Every request (any method, any path: `/query`, the query page `/`, ...) goes to the current
Oxigraph child unchanged, with its headers and body; the answer comes back streamed (status,
headers, body chunks). Each request has a deadline of the endpoint's time limit. No answer by
then: HTTP 503 with a plain-text reason, and the child is reported as running a runaway query.
Still streaming by then: the connection is cut (the client sees a truncated body), same report.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.serve_guard import Backend, Guard

#: headers that belong to one connection, never forwarded (RFC 9110 section 7.6.1)
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
     "te", "trailer", "trailers", "transfer-encoding", "upgrade", "content-length", "expect"}
)
MAX_BODY = 16 * 1024 * 1024  # a query text, not an upload: anything larger is refused
CHUNK = 64 * 1024
IDLE_S = 120  # a keep-alive client connection with no request for this long is closed
LOOPBACK = "127.0.0.1"  # the children listen on loopback only
RESTARTING = "the endpoint restarted its SPARQL server to stop a runaway query: retry in a few seconds"


class Deadline(Exception):
    """The request's time limit passed."""


class GuardServer(ThreadingHTTPServer):
    """A threaded HTTP server whose handlers forward to the guard's current Oxigraph."""

    daemon_threads = True
    request_queue_size = 128  # 50 clients connecting at once must not be refused

    def __init__(self, address: tuple[str, int], guard: Guard) -> None:
        self.guard = guard
        super().__init__(address, GuardHandler)


class GuardHandler(BaseHTTPRequestHandler):
    """Forwards one client connection's requests (HTTP/1.1 keep-alive) to Oxigraph."""

    protocol_version = "HTTP/1.1"
    server: GuardServer
    timeout = IDLE_S

    def do_GET(self) -> None:  # noqa: N802 (the names http.server dispatches to)
        """Forward a GET."""
        self.forward()

    do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = do_GET  # noqa: N815

    def version_string(self) -> str:
        """The Server header of the guard's own answers (503, 411, 413)."""
        return "fkg-serve"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: one line per request would drown the lines that matter."""

    def forward(self) -> None:
        """Send this request to Oxigraph and stream its answer back within the deadline."""
        guard = self.server.guard
        deadline = time.monotonic() + guard.timeout_s
        body = self._read_body()
        if body is False:
            return
        backend = guard.acquire()
        if backend is None:
            self.reply(503, RESTARTING)
            return
        try:
            self._relay(backend, body if isinstance(body, bytes) else None, deadline)
        except Deadline:
            guard.runaway(backend)
        except (OSError, http.client.HTTPException):
            self._cut()  # the client went away, or the child died mid-answer: nothing more to say
        finally:
            guard.release(backend)

    def reply(self, status: int, text: str) -> None:
        """A short plain-text answer of the guard's own."""
        data = (text + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        if status == 503:
            self.send_header("Retry-After", "2")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _read_body(self) -> bytes | bool | None:
        """The request body (None without one; False when refused, the answer already sent)."""
        length = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self.close_connection = True
            self.reply(411, "send the request body with a Content-Length")
            return False
        if length is None:
            return None
        if not length.isdigit() or int(length) > MAX_BODY:
            self.close_connection = True
            self.reply(413, f"request body refused: Content-Length {length!r} (at most {MAX_BODY} bytes)")
            return False
        return self.rfile.read(int(length))

    def _relay(self, backend: Backend, body: bytes | None, deadline: float) -> None:
        limit = self.server.guard.timeout_s
        conn = http.client.HTTPConnection(LOOPBACK, backend.port, timeout=limit)
        try:
            try:
                response, upstream = self._ask(conn, body, deadline)
            except (TimeoutError, Deadline):
                with contextlib.suppress(OSError):  # the client may have given up: still a runaway
                    self.reply(503, stopped_message(limit))
                raise Deadline from None
            except (OSError, http.client.HTTPException) as exc:
                if backend.killed:
                    self.reply(503, RESTARTING)
                else:
                    self.reply(502, f"the SPARQL server did not answer: {exc}")
                return
            self._stream(response, upstream, deadline)
        finally:
            conn.close()
            self.connection.settimeout(IDLE_S)

    def _ask(
        self, conn: http.client.HTTPConnection, body: bytes | None, deadline: float
    ) -> tuple[http.client.HTTPResponse, socket.socket]:
        """Send the request upstream; the response (headers read) and its socket."""
        conn.timeout = _left(deadline)
        conn.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
        for name, value in self.headers.items():
            if name.lower() not in HOP_BY_HOP:
                conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.putheader("Connection", "close")
        conn.endheaders(body)
        upstream = conn.sock
        assert upstream is not None
        upstream.settimeout(_left(deadline))
        return conn.getresponse(), upstream

    def _stream(self, response: http.client.HTTPResponse, upstream: socket.socket, deadline: float) -> None:
        """Copy status, headers and body; cut the connection if the deadline passes."""
        has_body = self.command != "HEAD" and response.status not in (204, 304)
        length = response.getheader("Content-Length")
        chunked = has_body and length is None and self.request_version == "HTTP/1.1"
        self.send_response_only(response.status, response.reason)
        for name, value in response.getheaders():
            if name.lower() not in HOP_BY_HOP:
                self.send_header(name, value)
        if length is not None:
            self.send_header("Content-Length", length)
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif has_body:
            self.close_connection = True  # HTTP/1.0 client: the body ends when the connection does
        self.end_headers()
        while has_body:
            try:
                upstream.settimeout(_left(deadline))
                data = response.read1(CHUNK)
                self.connection.settimeout(_left(deadline))
            except (TimeoutError, Deadline):
                self._cut()
                raise Deadline from None
            if not data:
                break
            self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data) if chunked else data)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _cut(self) -> None:
        """End the client connection mid-answer so the client sees an incomplete body."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


def stopped_message(limit_s: int) -> str:
    """The 503 body for a request that passed the time limit."""
    return f"query stopped: it ran longer than the {limit_s} s time limit of this endpoint"


def _left(deadline: float) -> float:
    """Seconds until `deadline`, never zero (a zero timeout would mean non-blocking)."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise Deadline
    return left
