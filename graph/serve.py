"""`fkg serve`: the store as a read-only SPARQL 1.1 endpoint, served by the `oxigraph` CLI.

Oxigraph's own server (from the `oxigraph` package) does the work: SPARQL 1.1 Protocol GET
and POST with content negotiation (JSON, XML, CSV, TSV results), a query page at `/`, the
union of the named graphs as the default graph (`--union-default-graph`), a query time limit
(`--timeout-s`), and no update endpoint in `serve-read-only` mode.

Concurrent writes (measured with oxigraph 0.5.13): `serve-read-only` opens the store as a
RocksDB read-only snapshot. Started while `fkg ingest` holds the store, it opens and serves
what the writer had flushed at that moment (964 triples in our test), and it never sees later
writes (still 964 after 30 more documents): restart it after an ingest. Oxigraph calls reading
while another process writes undefined behaviour, and we have seen the open fail with a RocksDB
"Corruption" error when the writer had unflushed changes. To ingest while serving, run a
read-write server (`oxigraph serve --location STORE`) and ingest through it with
`fkg ingest --store http://HOST:PORT`.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import FrameType, TracebackType

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
) -> list[str]:
    """The oxigraph command line that serves `location` (read-only by default)."""
    cmd = [
        oxigraph_binary(),
        "serve-read-only" if read_only else "serve",
        "--location",
        str(location),
        "--bind",
        f"{host}:{port}",
        "--union-default-graph",
    ]
    if timeout_s:
        cmd += ["--timeout-s", str(timeout_s)]
    if cors:
        cmd.append("--cors")
    return cmd


class OxigraphServer:
    """An `oxigraph serve[-read-only]` child process; a context manager that stops it on exit."""

    def __init__(
        self, location: Path, host: str = "127.0.0.1", port: int = DEFAULT_PORT, **options: object
    ) -> None:
        if options.get("read_only", True) and not (location / "CURRENT").exists():
            raise ServeError(f"no store at {location}: run `fkg ingest PATH --store {location}` first")
        self.url = f"http://{host}:{port}"
        self.command = server_command(location, host, port, **options)  # type: ignore[arg-type]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, wait_s: float = 20.0) -> OxigraphServer:
        """Start the server and wait until it answers a query."""
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = (self.process.stderr.read() if self.process.stderr else b"").decode("utf-8", "replace")
                raise ServeError(f"oxigraph stopped at start (exit {self.process.returncode}): {err.strip()}")
            if _answers(self.url):
                return self
            time.sleep(0.05)
        self.stop()
        raise ServeError(f"oxigraph did not answer on {self.url} within {wait_s:.0f} s")

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
        if self.process.stderr:
            self.process.stderr.close()
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
    """Serve until Ctrl-C or SIGTERM; returns the exit status."""

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # installed before the child starts, so a SIGTERM at any moment still stops the child
    previous = signal.signal(signal.SIGTERM, stop)
    server = OxigraphServer(location, host, port, timeout_s=timeout_s)
    try:
        server.start()
        echo(f"SPARQL endpoint: {server.url}/query (query page: {server.url}/)  store: {location}  read-only")
        echo("Press Ctrl-C to stop.")
        assert server.process is not None
        return server.process.wait()
    except KeyboardInterrupt:
        server.stop()
        echo("stopped")
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()
