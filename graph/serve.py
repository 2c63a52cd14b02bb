"""`fkg serve`: the store as a read-only SPARQL 1.1 endpoint, served by the `oxigraph` CLI.

Oxigraph's own server (from the `oxigraph` package) does the SPARQL work: SPARQL 1.1 Protocol
GET and POST with content negotiation (JSON, XML, CSV, TSV results), a query page at `/`, and no
update endpoint in `serve-read-only` mode (`/update` answers 403). The store's default graph
already holds the deduplicated union of the document graphs (graph.store), so Oxigraph serves
it as it is; `GRAPH ?g { ... }` reaches each document's own graph.

It runs on a private loopback port behind a thin guard (`graph.serve_guard`) that binds the
user's address, forwards every request unchanged and streams the answers back. The guard adds
what Oxigraph 0.5.13 lacks:

- **A time limit that holds.** Oxigraph's `--timeout-s` does not stop a streaming cross product
  nor an aggregate over one (measured: 30+ s, a core burnt). The guard gives every request a
  deadline (`--timeout`): a request with no answer by then gets HTTP 503 "query stopped: it ran
  longer than the N s time limit of this endpoint"; one still streaming is cut off. Because
  Oxigraph keeps computing, the guard then starts a fresh Oxigraph on a new port, sends new
  requests there, and stops the old one once its other requests are done (at the latest when
  their own deadlines pass), so other clients are not cut off. If no fresh Oxigraph answers
  within the time limit + 5 s, the busy one is stopped anyway and requests get a 503 ("retry")
  until a fresh one answers.
- **Serving while `fkg ingest` writes.** `serve-read-only` opens a RocksDB snapshot and never
  sees later writes. The guard polls the store folder (file names, sizes, times) every 2 s; when
  it changed and has been still for 1 s, or every 30 s while a long ingest keeps writing, it
  starts a fresh Oxigraph on the new state and switches to it the same way. A read-only
  Oxigraph holds no lock, so the ingest is never blocked. Measured (2-core machine, busy): an
  ingest of the 1,806 documents of `../shared/corpus` into a served store of 292 took 221 s;
  the endpoint answered all 168 polls made meanwhile (about one a second, each under 0.5 s)
  with HTTP 200, its document count rising 292, 448, ..., 2008, and 2098 once the ingest ended. A fresh
  Oxigraph opened during a write replays the writer's log (~100 MB here), which can take 20 s
  or more, so it is started in the background and the old one serves until it answers. If it
  fails (RocksDB can report "Corruption" while a writer has unflushed changes; Oxigraph calls
  reading during a write undefined behaviour) or takes over 2 min, the old one keeps serving
  and the guard tries again later, waiting twice as long each time (up to 2 min).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO

DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30


class ServeError(RuntimeError):
    """The server cannot be started; the message says why."""


def oxigraph_binary() -> str:
    """The `oxigraph` executable: next to this Python (the venv), else on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.exists():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ServeError("the `oxigraph` command is missing: pip install oxigraph")
    return found


def server_command(
    location: Path,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    *,
    read_only: bool = True,
    timeout_s: int | None = DEFAULT_TIMEOUT_S,
    cors: bool = False,
    union: bool = False,
) -> list[str]:
    """The oxigraph command line that serves `location` (read-only by default).

    `union` makes the union of the named graphs the default graph of every query (only for
    stores that do not keep the deduplicated copy in their default graph).
    """
    cmd = [
        oxigraph_binary(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(location),
        "--bind",
        f"{host}:{port}",
    ]
    if union:
        cmd.append("--union-default-graph")
    if timeout_s:
        cmd += ["--timeout-s", str(timeout_s)]
    if cors:
        cmd.append("--cors")
    return cmd


def require_store(location: Path) -> None:
    """Raise ServeError unless `location` holds a store."""
    if not (location / "CURRENT").exists():
        raise ServeError(f"no store at {location}: run `fkg ingest PATH --store {location}` first")


def _current_layout(location: Path) -> None:
    """Bring a store written before the default-graph copy up to date before Oxigraph serves it.

    Oxigraph serves the default graph as it is; an older store's is empty, so every query would
    answer nothing. Opening it through graph.store rebuilds the copy once (and says so).
    """
    from graph.store import StoreError, open_store

    try:
        open_store(str(location), create=False, read_only=True).close()
    except StoreError as exc:
        raise ServeError(str(exc)) from exc


class OxigraphServer:
    """An `oxigraph serve[-read-only]` child process; a context manager that stops it on exit."""

    def __init__(
        self, location: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT, **options: object
    ) -> None:
        if options.get("read_only", True):
            require_store(location)
        self.url = f"http://{host}:{port}"
        self.port = port
        self.command = server_command(location, host, port, **options)  # type: ignore[arg-type]
        self.process: subprocess.Popen[bytes] | None = None
        self._err: IO[bytes]

    @property
    def pid(self) -> int | None:
        """The child's process id (None before start)."""
        return self.process.pid if self.process else None

    def launch(self) -> OxigraphServer:
        """Start the child without waiting for it (see `ready`)."""
        # stderr goes to a file, not a pipe: a pipe nobody reads would stall a chatty server
        self._err = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop)
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=self._err)
        return self

    def ready(self) -> bool:
        """Whether the launched child answers a query; ServeError if it has exited."""
        assert self.process is not None, "launch() first"
        if self.process.poll() is not None:
            self._err.seek(0)
            # the first paragraph says why; a Rust backtrace may follow
            text = self._err.read().decode("utf-8", "replace").strip().split("\n\n")[0]
            raise ServeError(f"oxigraph stopped at start (exit {self.process.returncode}): {text}")
        return _answers(self.url)

    def start(self, wait_s: float = 20.0) -> OxigraphServer:
        """Start the server and wait until it answers a query."""
        self.launch()
        try:
            deadline = time.monotonic() + wait_s
            while time.monotonic() < deadline:
                if self.ready():
                    return self
                time.sleep(0.05)
            raise ServeError(f"oxigraph did not answer on {self.url} within {wait_s:.0f} s")
        except BaseException:  # Ctrl-C or SIGTERM while waiting too: no orphan child
            self.stop()
            raise

    def stop(self) -> int:
        """Stop the server (SIGTERM, then SIGKILL after 5 s); returns its exit code."""
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._err.close()
        return self.process.returncode

    def __enter__(self) -> OxigraphServer:
        return self.start() if self.process is None else self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def serve(location: Path, host: str, port: int, timeout_s: int, echo: Callable[[str], None] = print) -> int:
    """Serve `location` through the guard until Ctrl-C or SIGTERM; returns the exit status."""
    from graph.serve_guard import Guard

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    require_store(location)
    _current_layout(location)
    # installed before any child starts, so a SIGTERM at any moment still stops the children
    previous = signal.signal(signal.SIGTERM, stop)
    guard = Guard(location, host, port, timeout_s=timeout_s, echo=echo)
    try:
        guard.start()
        echo(f"SPARQL endpoint: {guard.url}/query (query page: {guard.url}/)  store: {location}  read-only")
        echo(f"Query time limit: {timeout_s} s. Follows later ingests into the store. Press Ctrl-C to stop.")
        guard.wait()
        return 0
    except KeyboardInterrupt:
        guard.close()
        echo("stopped")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        guard.close()
