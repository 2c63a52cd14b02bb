"""The guard in front of `fkg serve`'s Oxigraph: one deadline per request, fresh servers on demand.

`Guard` owns the Oxigraph children (read-only, each on a private loopback port) and a monitor
thread that is the only one to start and stop them:

- a request that passed its deadline marks its child as running a runaway query; the monitor
  starts a fresh child, switches to it and retires the old one;
- when the store folder changed (an ingest wrote to it) and has been still for `settle_s`, or
  has kept changing for `max_lag_s`, the monitor switches to a fresh child on the new state;
- a retired child is stopped as soon as its in-flight requests are done, and at the latest
  when their deadlines have passed.

A fresh child is started without blocking the monitor: opening a store that an ingest is
writing replays RocksDB's write-ahead log, which took over 20 s for a 100 MB log on our loaded
2-core machine. Until it answers, the old child keeps serving; if it fails or takes longer than
`start_limit_s`, the guard keeps the old one and tries again later, waiting twice as long each
time (up to 2 min). A child running a runaway query is stopped at the latest `timeout_s` + 5 s
after the query passed its limit, fresh child or not (requests then get a 503 until one answers).

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


@dataclass
class _Starting:
    """A fresh child launched and not answering yet, and why it was started."""

    server: OxigraphServer
    signature: Signature
    reason: str
    give_up_at: float


@dataclass(eq=False)
class Backend:
    """One Oxigraph child, the store state it opened, and the requests it is answering."""

    server: OxigraphServer
    signature: Signature
    active: int = 0
    retired_at: float | None = None
    runaway_at: float | None = None
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
        max_lag_s: float = 30.0,
        start_limit_s: float = 120.0,
    ) -> None:
        self.location, self.timeout_s, self.echo = location, timeout_s, echo
        self.poll_s, self.settle_s, self.max_lag_s = poll_s, settle_s, max_lag_s
        self.start_limit_s = start_limit_s
        self.current: Backend | None = None
        self.retired: list[Backend] = []
        self._starting: _Starting | None = None
        self._retry_at, self._backoff = 0.0, poll_s
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
        signature = store_signature(self.location)
        server = OxigraphServer(self.location, LOOPBACK, free_port(), timeout_s=self.timeout_s)
        self.current = Backend(server.start(self.start_limit_s), signature)
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
            thread.join(30)
        with self._lock:
            backends = [b for b in [self.current, *self.retired] if b is not None]
            self.current, self.retired = None, []
        if self._starting is not None:
            self._starting.server.stop()
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
            if backend.runaway_at is None:
                backend.runaway_at = time.monotonic()
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
                self._tick(watch, time.monotonic())
            except Exception as exc:  # the monitor must outlive any surprise
                self._say(f"the endpoint's monitor met an error: {type(exc).__name__}: {exc}")

    def _tick(self, watch: _Watch, now: float) -> None:
        """One round: check a starting child, deal with a runaway, follow the store, reap."""
        if self._starting is not None:
            self._check_start(now)
        current = self.current
        if current is not None and current.runaway_at is not None:
            if self._starting is None:  # no backoff here: the runaway must end either way
                self._begin(f"stopped a query that ran over the {self.timeout_s} s time limit")
            elif now - current.runaway_at > self.timeout_s + 5:
                self._stop_runaway(current)
        if self.current is None and self._starting is None and now >= self._retry_at:
            self._begin("restarting oxigraph")
        if self.current is not None and now >= watch.next_poll:
            self._follow_store(watch, now)
        self._reap(now)

    def _follow_store(self, watch: _Watch, now: float) -> None:
        """Start a fresh child when the store changed and settled (or kept changing too long)."""
        assert self.current is not None
        watch.next_poll = now + self.poll_s
        signature = store_signature(self.location)
        if signature != watch.seen:
            watch.seen, watch.seen_at = signature, now
        if signature == self.current.signature:
            watch.stale_since = None
            return
        watch.stale_since = watch.stale_since or now
        if now - watch.seen_at < self.settle_s and now - watch.stale_since < self.max_lag_s:
            watch.next_poll = now + self.settle_s  # look again once the change may have settled
        elif self._starting is None and now >= self._retry_at:
            self._begin("the store changed", signature)

    def _begin(self, reason: str, signature: Signature | None = None) -> None:
        """Launch a fresh child; `_check_start` switches to it once it answers."""
        # the signature is read before the child opens the store, so a write racing the open
        # shows as a change at the next poll instead of going unnoticed
        signature = signature if signature is not None else store_signature(self.location)
        try:
            server = OxigraphServer(self.location, LOOPBACK, free_port(), timeout_s=self.timeout_s).launch()
        except (ServeError, OSError) as exc:
            self._failed(reason, str(exc))
            return
        self._starting = _Starting(server, signature, reason, time.monotonic() + self.start_limit_s)

    def _check_start(self, now: float) -> None:
        starting = self._starting
        assert starting is not None
        try:
            if not starting.server.ready():
                if now < starting.give_up_at:
                    return
                starting.server.stop()
                raise ServeError(f"oxigraph did not answer within {self.start_limit_s:.0f} s")
        except ServeError as exc:
            self._starting = None
            self._failed(starting.reason, str(exc))
            return
        self._starting = None
        self._backoff = self.poll_s
        fresh = Backend(starting.server, starting.signature)
        with self._lock:
            old, self.current = self.current, fresh
            if old is not None:
                old.retired_at = now
                self.retired.append(old)
        self._say(f"{starting.reason}: now serving with a fresh oxigraph (pid {fresh.pid})"
                  + (f"; the old one (pid {old.pid}) stops when its requests are done" if old else ""))

    def _failed(self, reason: str, why: str) -> None:
        """A fresh child did not start: keep the old one (unless it runs a runaway), retry later."""
        self._retry_at = time.monotonic() + self._backoff
        if self.current is not None and self.current.runaway_at is not None:
            self._stop_runaway(self.current)
        keeping = "keeping the old one" if self.current is not None else "answering 503 meanwhile"
        if not self._stopping.is_set():
            self._say(f"{reason}, but a fresh oxigraph did not start ({why}); {keeping}, "
                      f"trying again in {self._backoff:g} s")
        self._backoff = min(self._backoff * 2, 120.0)

    def _stop_runaway(self, backend: Backend) -> None:
        """Stop a child that runs a runaway query though no fresh one answers yet."""
        with self._lock:
            if self.current is backend:
                self.current = None
        self._kill(backend)
        self._say(f"stopped oxigraph (pid {backend.pid}) to end a runaway query; "
                  "requests get HTTP 503 until a fresh one answers")

    def _say(self, line: str) -> None:
        """Print a line, but not the same failure again and again while it lasts."""
        if line != self._last_said:
            self._last_said = line
            self.echo(line)

    def _reap(self, now: float) -> None:
        """Stop retired children with no request in flight, or whose requests are past deadline."""
        with self._lock:
            limit = self.timeout_s + 2
            done = [b for b in self.retired if b.active <= 0 or now - (b.retired_at or now) > limit]
            self.retired = [b for b in self.retired if b not in done]
        for backend in done:
            self._kill(backend)

    def _kill(self, backend: Backend) -> None:
        backend.killed = True
        backend.server.stop()
