"""The guard in front of `fkg serve`'s Oxigraph: one deadline per request, fresh servers on demand.

`Guard` owns the Oxigraph children (read-only, each on a private loopback port) and a monitor
thread that is the only one to start and stop them:

- a request that passed its deadline marks its child as running a runaway query; the monitor
  starts a fresh child, switches to it and retires the old one;
- when the store folder changed (an ingest wrote to it) and has been still for `settle_s`, or
  has kept changing for `max_lag_s`, the monitor switches to a fresh child on the new state;
- a retired child is stopped as soon as its in-flight requests are done, and at the latest
  when their deadlines have passed.

The HTTP side (forwarding, streaming, the 503) is in `graph.serve_proxy`.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.serve import OxigraphServer, ServeError
from graph.serve_proxy import LOOPBACK, GuardServer

Signature = tuple[tuple[str, int, int], ...]


@dataclass
class _Watch:
    """What the monitor knows of the store folder between polls."""

    seen: Signature
    seen_at: float = 0.0
    next_poll: float = 0.0
    stale_since: float | None = None


@dataclass(eq=False)
class Backend:
    """One Oxigraph child, the store state it opened, and the requests it is answering."""

    server: OxigraphServer
    signature: Signature
    active: int = 0
    retired_at: float | None = None
    killed: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def port(self) -> int:
        """The loopback port the child listens on."""
        return self.server.port

    @property
    def pid(self) -> int | None:
        """The child's process id."""
        return self.server.pid


def store_signature(location: Path) -> Signature:
    """What changes when a writer touches the store: (name, size, mtime) of its data files.

    RocksDB's LOG files and LOCK are left out: they change on open without a change of data.
    A folder that cannot be read gives an empty signature (a fresh child then says why).
    """
    entries = []
    try:
        paths = sorted(location.iterdir())
    except OSError:
        return ()
    for path in paths:
        if path.name == "LOCK" or path.name.startswith("LOG"):
            continue
        try:
            st = path.stat()
        except FileNotFoundError:  # a compaction removed it between listing and stat
            continue
        entries.append((path.name, st.st_size, st.st_mtime_ns))
    return tuple(entries)


def free_port(host: str = LOOPBACK) -> int:
    """A free TCP port on `host`."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class Guard:
    """The endpoint: a threaded HTTP proxy on host:port and the Oxigraph children behind it."""

    def __init__(
        self,
        location: Path,
        host: str = LOOPBACK,
        port: int = 7878,
        *,
        timeout_s: int = 30,
        echo: Callable[[str], None] = print,
        poll_s: float = 2.0,
        settle_s: float = 1.0,
        max_lag_s: float = 10.0,
    ) -> None:
        self.location, self.timeout_s, self.echo = location, timeout_s, echo
        self.poll_s, self.settle_s, self.max_lag_s = poll_s, settle_s, max_lag_s
        self.current: Backend | None = None
        self.retired: list[Backend] = []
        self._runaways: set[Backend] = set()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._closed = False
        self._last_said = ""
        try:
            self.http = GuardServer((host, port), self)
        except OSError as exc:
            raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
        self.url = f"http://{host}:{self.http.server_address[1]}"
        self._threads: list[threading.Thread] = []

    # ------------------------------------------------------------------ life cycle

    def start(self) -> Guard:
        """Start the first Oxigraph, the proxy and the monitor; raises ServeError if Oxigraph fails."""
        self.current = self._spawn()
        for target, name in ((self.http.serve_forever, "serve-http"), (self._monitor, "serve-monitor")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def wait(self) -> None:
        """Block until `close` (Ctrl-C reaches the main thread while it waits here)."""
        while not self._stopping.wait(0.5):
            pass

    def close(self) -> None:
        """Stop the proxy, the monitor and every Oxigraph child (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._stopping.set()
        self._wake.set()
        if self._threads:  # shutdown() waits for serve_forever, which only runs once started
            self.http.shutdown()
        self.http.server_close()
        for thread in self._threads[1:]:
            thread.join(30)  # the monitor may be starting a child: let it finish, then stop it
        with self._lock:
            backends = [b for b in [self.current, *self.retired] if b is not None]
            self.current, self.retired = None, []
        for backend in backends:
            self._kill(backend)

    def __enter__(self) -> Guard:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ used by request threads

    def acquire(self) -> Backend | None:
        """The child to send a request to (its in-flight count raised), or None while restarting."""
        with self._lock:
            backend = self.current
            if backend is not None:
                with backend.lock:
                    backend.active += 1
            return backend

    def release(self, backend: Backend) -> None:
        """A request on `backend` is finished."""
        with backend.lock:
            backend.active -= 1
        if backend.retired_at is not None:
            self._wake.set()

    def runaway(self, backend: Backend) -> None:
        """A request on `backend` passed its deadline: the child is still computing, replace it."""
        with self._lock:
            if backend is self.current:
                self._runaways.add(backend)
        self._wake.set()

    # ------------------------------------------------------------------ the monitor thread

    def _monitor(self) -> None:
        watch = _Watch(self.current.signature if self.current else ())
        while not self._stopping.is_set():
            self._wake.wait(0.25)
            self._wake.clear()
            if self._stopping.is_set():
                break
            try:
                self._tick(watch)
            except Exception as exc:  # the monitor must outlive any surprise
                self._say(f"the endpoint's monitor met an error: {type(exc).__name__}: {exc}")

    def _tick(self, watch: _Watch) -> None:
        """One round: replace a runaway's child, follow the store, stop drained children."""
        if self._runaways or self.current is None:
            self._replace_runaway()
        now = time.monotonic()
        if self.current is not None and now >= watch.next_poll:
            watch.next_poll = now + self.poll_s
            signature = store_signature(self.location)
            if signature != watch.seen:
                watch.seen, watch.seen_at = signature, now
            if signature == self.current.signature:
                watch.stale_since = None
            else:
                watch.stale_since = watch.stale_since or now
                if now - watch.seen_at >= self.settle_s or now - watch.stale_since >= self.max_lag_s:
                    self._switch("the store changed", signature)
                else:  # look again once the change may have settled
                    watch.next_poll = now + self.settle_s
        self._reap()

    def _replace_runaway(self) -> None:
        with self._lock:
            stale = self.current
            self._runaways.clear()
        if stale is None:  # the last replacement failed: try again
            try:
                fresh = self._spawn()
            except ServeError as exc:
                self._say(f"cannot restart oxigraph yet ({exc}); retrying")
                time.sleep(1.0)
                return
            with self._lock:
                self.current = fresh
            self._say(f"oxigraph restarted (pid {fresh.pid}): the endpoint answers again")
            return
        reason = f"stopped a query that ran over the {self.timeout_s} s time limit"
        if not self._switch(reason, store_signature(self.location)):
            # no fresh child: the runaway must stop anyway; requests get a 503 until one starts
            with self._lock:
                self.current = None
            self._kill(stale)

    def _switch(self, reason: str, signature: Signature) -> bool:
        """Start a fresh child, send new requests to it, retire the old one; False if it failed."""
        try:
            fresh = self._spawn(signature)
        except ServeError as exc:
            if not self._stopping.is_set():
                self._say(f"{reason}, but a fresh oxigraph did not start ({exc}); keeping the old one")
            return False
        with self._lock:
            old, self.current = self.current, fresh
            if old is not None:
                old.retired_at = time.monotonic()
                self.retired.append(old)
        self._say(f"{reason}: now serving with a fresh oxigraph (pid {fresh.pid}); "
                  f"the old one (pid {old.pid if old else '-'}) stops when its requests are done")
        self._reap()
        return True

    def _say(self, line: str) -> None:
        """Print a line, but not the same failure again and again while it lasts."""
        if line != self._last_said:
            self._last_said = line
            self.echo(line)

    def _spawn(self, signature: Signature | None = None) -> Backend:
        # the signature is read before the child opens the store, so a write racing the open
        # shows as a change at the next poll instead of going unnoticed
        signature = signature or store_signature(self.location)
        server = OxigraphServer(self.location, LOOPBACK, free_port(), timeout_s=self.timeout_s)
        server.start()
        if self._stopping.is_set():
            server.stop()
            raise ServeError("the endpoint is stopping")
        return Backend(server, signature)

    def _reap(self) -> None:
        """Stop retired children with no request in flight, or whose requests are past deadline."""
        now = time.monotonic()
        with self._lock:
            done = [b for b in self.retired if b.active <= 0
                    or now - (b.retired_at or now) > self.timeout_s + 2]
            self.retired = [b for b in self.retired if b not in done]
        for backend in done:
            self._kill(backend)

    def _kill(self, backend: Backend) -> None:
        backend.killed = True
        backend.server.stop()
