"""Load on `fkg serve`: 50 concurrent clients for 30 seconds over loopback, then runaway queries.

    .venv/bin/python benchmarks/load_serve.py [--clients 50] [--seconds 30] [--budget 100000]
        [--work /tmp/fkg-bench] [--store STORE]

Builds (once, under --work) a store from the real corpus unless --store names one, starts
`fkg serve` on a free 127.0.0.1 port with a 5 s query time limit, and runs the clients as
threads with http.client. The run is bounded three ways: loopback only, a fixed request budget
shared by all clients, and a deadline; it stops by itself and stops the server. It prints
requests, throughput, errors and p50/p99 latency overall and per query; then sends two runaway
queries (cross products) alone and reports how the time limit ended each (HTTP 503, or the
stream cut off), how long it took and whether the endpoint answers afterwards; then a short
load again with one runaway sent in the middle, to count the errors it caused other clients
(the guard switches to a fresh Oxigraph and lets the old one finish their requests).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FKG = str(Path(sys.executable).with_name("fkg"))
CORPUS = ROOT.parent / "shared" / "corpus"  # ../shared beside the repository
HOST = "127.0.0.1"  # loopback only, never a routable address
JSON_RESULTS = "application/sparql-results+json"

PREFIXES = (
    "PREFIX org: <http://www.w3.org/ns/org#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "PREFIX schema: <https://schema.org/> "
)
QUERIES = {
    "count memberships": "SELECT (COUNT(*) AS ?n) WHERE { ?m a org:Membership }",
    "members of a foundation": "SELECT DISTINCT ?member WHERE { ?m org:organization "
    "<https://w3id.org/foundation-kg/id/org/rust-foundation> ; org:member ?member }",
    "label search": "SELECT DISTINCT ?e WHERE { ?e skos:prefLabel ?l "
    "FILTER(CONTAINS(LCASE(?l), 'micro')) } LIMIT 20",
    "grants by funder": "SELECT ?g ?r WHERE { ?g schema:funder ?f ; schema:fundedItem ?r } LIMIT 50",
}
#: Runaway queries: one that streams rows for ever, one that must finish a cross product before
#: its first row (oxigraph 0.5.13's --timeout-s was seen to stop only the first kind).
RUNAWAYS = {
    "streaming cross product": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "aggregate over a cross product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
}


def build_store(work: Path) -> Path:
    """A store of the real corpus under `work`, ingested once and reused."""
    store = work / "real-store"
    if not (work / "real-store.complete").exists():
        subprocess.run(
            [FKG, "ingest", str(CORPUS), "--store", str(store), "--quiet"],
            check=False,
            capture_output=True,
            timeout=3600,
        )
        (work / "real-store.complete").write_text("ok")
    return store


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def post(conn: http.client.HTTPConnection, sparql: str) -> http.client.HTTPResponse:
    """POST one query as a form, asking for JSON results; the response, its body unread."""
    body = urllib.parse.urlencode({"query": sparql})
    form = "application/x-www-form-urlencoded"
    conn.request("POST", "/query", body=body, headers={"Content-Type": form, "Accept": JSON_RESULTS})
    return conn.getresponse()


def ask(conn: http.client.HTTPConnection, sparql: str) -> int:
    """POST one query; the HTTP status (the body is read fully)."""
    response = post(conn, PREFIXES + sparql)
    response.read()
    return response.status


class Budget:
    """A request budget shared by the clients, with a deadline."""

    def __init__(self, requests: int, seconds: float) -> None:
        self.left, self.deadline, self.lock = requests, time.monotonic() + seconds, threading.Lock()

    def take(self) -> bool:
        """True while requests are left and time remains."""
        with self.lock:
            if self.left <= 0 or time.monotonic() >= self.deadline:
                return False
            self.left -= 1
            return True


def client(port: int, budget: Budget, names: list[str], out: list[tuple[str, float, bool]]) -> None:
    """One client: a keep-alive connection, queries in turn, until the budget says stop."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    for name in itertools.cycle(names):
        if not budget.take():
            break
        started = time.perf_counter()
        try:
            ok = ask(conn, QUERIES[name]) == 200
        except (OSError, http.client.HTTPException):
            ok = False
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
        out.append((name, time.perf_counter() - started, ok))
    conn.close()


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def load(port: int, clients: int, seconds: float, requests: int) -> dict:
    """Run the clients; the figures as a dict."""
    budget = Budget(requests, seconds)
    names = list(QUERIES)
    results: list[list[tuple[str, float, bool]]] = [[] for _ in range(clients)]
    threads = [
        threading.Thread(
            target=client, args=(port, budget, names[i % len(names) :] + names[: i % len(names)], results[i])
        )
        for i in range(clients)
    ]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    rows = [r for part in results for r in part]
    report: dict = {
        "clients": clients,
        "seconds": round(wall, 1),
        "requests": len(rows),
        "errors": sum(1 for r in rows if not r[2]),
        "throughput_rps": round(len(rows) / wall, 1),
        "p50_ms": round(percentile([r[1] for r in rows], 0.5) * 1000, 1),
        "p99_ms": round(percentile([r[1] for r in rows], 0.99) * 1000, 1),
        "per_query": {},
    }
    for name in names:
        times = [r[1] for r in rows if r[0] == name]
        report["per_query"][name] = {
            "requests": len(times),
            "p50_ms": round(percentile(times, 0.5) * 1000, 1),
            "p99_ms": round(percentile(times, 0.99) * 1000, 1),
        }
    return report


def runaway(port: int, sparql: str, patience: float) -> dict:
    """Send a runaway query; how it ended, after how long, and whether the endpoint answers afterwards."""
    conn = http.client.HTTPConnection(HOST, port, timeout=patience)
    started = time.perf_counter()
    size, status = 0, 0
    try:
        response = post(conn, sparql)
        status = response.status
        outcome = f"HTTP {status}, complete answer"
        while chunk := response.read1(1 << 20):
            size += len(chunk)
            if status != 200:
                outcome = f"HTTP {status}: {chunk.decode('utf-8', 'replace').strip()}"
            if time.perf_counter() - started > patience:
                outcome = f"HTTP {status}, still streaming after {patience:.0f} s (client gave up)"
                break
    except http.client.IncompleteRead:
        outcome = f"HTTP {status}, stream cut off by the endpoint"
    except TimeoutError:
        outcome = f"HTTP {status or '-'}, no answer in {patience:.0f} s (client gave up)"
    except (OSError, http.client.HTTPException) as exc:
        outcome = f"HTTP {status or '-'}, connection ended ({type(exc).__name__})"
    seconds = time.perf_counter() - started
    conn.close()
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    after = ask(conn, QUERIES["count memberships"])
    conn.close()
    return {
        "outcome": outcome,
        "seconds": round(seconds, 2),
        "bytes": size,
        "answers_afterwards": after == 200,
    }


def load_with_runaway(port: int, clients: int, seconds: float, requests: int) -> dict:
    """A load run with the aggregate runaway sent halfway: the other clients' figures, and its own."""
    found: dict = {}

    def send() -> None:
        time.sleep(seconds / 2)
        found.update(runaway(port, RUNAWAYS["aggregate over a cross product"], 60.0))

    thread = threading.Thread(target=send)
    thread.start()
    figures = load(port, clients, seconds, requests)
    thread.join()
    figures.pop("per_query")
    figures["runaway"] = found
    return figures


def main() -> None:
    """Build the store, serve it, load it, print the figures as JSON and a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--budget", type=int, default=100_000, help="most requests in total")
    parser.add_argument("--timeout", type=int, default=5, help="the server's query time limit (s)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("/tmp/fkg-bench"),
        help="where the store of the real corpus is built once (real-store)",
    )
    parser.add_argument("--store", type=Path, help="serve this store instead of building one under --work")
    parser.add_argument(
        "--mixed-seconds",
        type=float,
        default=10.0,
        help="length of the second load run, with a runaway sent halfway (0: skip it)",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    store = args.store or build_store(args.work)
    port = free_port()
    log = args.work / "serve.log"  # what fkg serve printed: its URL and each switch of Oxigraph
    out = log.open("w")
    server = subprocess.Popen(
        [
            FKG,
            "serve",
            "--store",
            str(store),
            "--host",
            HOST,
            "--port",
            str(port),
            "--timeout",
            str(args.timeout),
        ],
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait(port, server, log)
        figures = load(port, args.clients, args.seconds, args.budget)
        patience = max(30.0, 6.0 * args.timeout)
        figures["time_limit_s"] = args.timeout
        figures["runaway"] = {name: runaway(port, q, patience) for name, q in RUNAWAYS.items()}
        if args.mixed_seconds > 0:
            figures["load_with_runaway"] = load_with_runaway(
                port, args.clients, args.mixed_seconds, args.budget
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        out.close()
    figures["serve_said"] = log.read_text(encoding="utf-8").splitlines()
    print(json.dumps(figures, indent=1))
    print(_markdown(figures))


def _wait(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"fkg serve exited: {log.read_text(encoding='utf-8')}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            if ask(conn, "ASK {}") == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("fkg serve did not answer within 60 s")


def _markdown(f: dict) -> str:
    lines = [
        "",
        "| clients | seconds | requests | errors | throughput | p50 | p99 |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {f['clients']} | {f['seconds']} | {f['requests']:,} | {f['errors']} | "
        f"{f['throughput_rps']} req/s | {f['p50_ms']} ms | {f['p99_ms']} ms |",
        "",
        "| query | requests | p50 | p99 |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {n} | {q['requests']:,} | {q['p50_ms']} ms | {q['p99_ms']} ms |"
        for n, q in f["per_query"].items()
    ]
    lines += ["", f"Runaway queries, server time limit {f['time_limit_s']} s:", ""]
    for name, r in f["runaway"].items():
        lines.append(
            f"- {name} (`{RUNAWAYS[name]}`): {r['outcome']}, {r['bytes']:,} bytes in {r['seconds']} s; "
            f"the endpoint {'answers' if r['answers_afterwards'] else 'DOES NOT answer'} afterwards."
        )
    if mixed := f.get("load_with_runaway"):
        r = mixed["runaway"]
        lines += [
            "",
            "Load with the aggregate runaway sent halfway: "
            f"{mixed['clients']} clients, {mixed['seconds']} s, "
            f"{mixed['requests']:,} requests, {mixed['errors']} errors, {mixed['throughput_rps']} req/s, "
            f"p50 {mixed['p50_ms']} ms, p99 {mixed['p99_ms']} ms; the runaway: {r.get('outcome')} "
            f"in {r.get('seconds')} s.",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
