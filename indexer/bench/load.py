"""Load on the production server: N concurrent clients for S seconds against ``python -m search_app``.

    python -m indexer bench load [--clients 50] [--seconds 60] [--queries 200] [--index DIR] [--config F] [--json]

Starts the production server (waitress, the ``server`` settings of the config) on 127.0.0.1 at a
free port, reads the index's facet values and headline words through the API, warms the server
up (models loaded), then runs ``--clients`` threads, each with its own keep-alive connection,
for ``--seconds``.  Each client mixes what readers do: searches (``/api/search?q=``), searches
narrowed by a facet value (language, actor, place), and browsing (the HTML page, later pages,
the newest articles without a query).  The query texts come from a pool of ``--queries``
distinct queries of 1-3 headline words (readers repeat searches; ``--queries 0``: every query
new, so no cache helps).  Prints requests/s, latency p50/p95/p99 and the errors
(any answer but 200, or no answer) by kind, and the server's CPU seconds (requests per CPU
second: its cost whatever else the machine runs).  Bounded: loopback only, at most 200 clients and
600 seconds, 30 s per request.  With ``NEWS_SEARCH_TOKENS`` set the clients send its first token.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import yaml

from indexer.bench.scale import REPO_ROOT, absolute_paths
from indexer.bench.search import percentile
from indexer.config import ConfigError, default_config_path, load_config

MAX_CLIENTS, MAX_SECONDS, REQUEST_TIMEOUT = 200, 600, 30
MIX = (("search", 0.45), ("filtered", 0.25), ("page", 0.15), ("browse", 0.15))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer bench load", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--index", type=Path, help="the index to serve (default: the config's index_dir)")
    parser.add_argument("--config", type=Path, help="config file (default: ./config.yaml)")
    parser.add_argument("--queries", type=int, default=200, help="distinct queries in the pool (0: all new)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the clients' choices (default: %(default)s)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= MAX_CLIENTS and 0 < args.seconds <= MAX_SECONDS):
        parser.error(f"--clients 1..{MAX_CLIENTS} and --seconds up to {MAX_SECONDS}")
    if args.queries < 0:
        parser.error(f"--queries: expected a whole number >= 0, got {args.queries}")
    try:        # no index, a bad config, a server that does not start: one line, as in `python -m indexer`
        figures = _measure(args)
    except (ConfigError, OSError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(json.dumps(figures, indent=2) if args.json else _report(figures))
    return 0


def _measure(args) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp, \
            Server(_server_config(args.config, args.index, Path(tmp))) as server:
        plan = RequestPlan.from_server(server, args.queries)
        for path in plan.warm_up():
            server.get(path)
        cpu_before = server.cpu_seconds()
        figures = run_clients(server, plan, args.clients, args.seconds, args.seed)
        cpu = server.cpu_seconds() - cpu_before
    figures.update(server_cpu_s=round(cpu, 1), requests_per_cpu_s=round(figures["requests"] / max(cpu, 0.01), 1),
                   load_average=round(os.getloadavg()[0], 1))
    figures.update(clients=args.clients, seconds=args.seconds, queries=args.queries, articles=plan.articles)
    return figures


class Server:
    """``python -m search_app`` on 127.0.0.1 at a free port, stopped with SIGTERM (its log in a file)."""

    def __init__(self, config: Path):
        self.config = config
        self.log = config.with_suffix(".log")
        token = (os.environ.get("NEWS_SEARCH_TOKENS", "").split(",")[0]).strip()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.port = 0
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        with self.log.open("w") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "search_app", "--config", str(self.config),
                                             "--host", "127.0.0.1", "--port", "0"], cwd=REPO_ROOT,
                                            stdout=subprocess.DEVNULL, stderr=log)
        self.port = self._wait_for_port()
        return self

    def __exit__(self, *_):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def _wait_for_port(self, seconds: float = 120) -> int:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            found = re.search(r"serving on http://127\.0\.0\.1:(\d+)", self.log.read_text(errors="replace"))
            if found:
                return int(found.group(1))
            if self.process.poll() is not None:       # its last line says why (its full log: self.log)
                said = self.log.read_text(errors="replace").strip().splitlines() or ["(nothing)"]
                raise RuntimeError(f"the server stopped: {said[-1]}")
            time.sleep(0.1)
        raise RuntimeError("the server did not start in time")

    def cpu_seconds(self) -> float:
        """CPU time the server process has used (Linux /proc): with other jobs on the machine,
        requests per CPU second say what the server costs, where requests/s say what it got."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)

    def get(self, path: str, connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
        own = connection or self.connection()
        try:
            own.request("GET", path, headers=self.headers)
            response = own.getresponse()
            return response.status, response.read()
        finally:
            if connection is None:
                own.close()


class RequestPlan:
    """What the clients ask: headline words as queries, the index's facet values as filters."""

    def __init__(self, words: list[str], filters: list[tuple[str, str]], articles: int, pages: int, queries: int):
        self.words, self.filters, self.articles, self.pages = words, filters, articles, pages
        pool = random.Random(queries)
        self.pool = [self._new_query(pool) for _ in range(queries)]

    @classmethod
    def from_server(cls, server: Server, queries: int = 200) -> "RequestPlan":
        status, body = server.get("/api/search?size=100")
        if status != 200:
            raise RuntimeError(f"the server answers {status}: {_error_of(body)}")
        result = json.loads(body)
        words = sorted({word for hit in result["hits"] for word in re.findall(r"\w{5,}", hit["title"] or "")})
        filters = [(name, value["value"]) for name in ("lang", "actor", "place")
                   for value in result["facets"].get(name, [])]
        return cls(words or ["news"], filters or [("lang", "en")], result["total"], result["pages"], queries)

    def warm_up(self) -> list[str]:
        return [self.path(kind, random.Random(number)) for number in range(5) for kind, _ in MIX]

    def _new_query(self, rng: random.Random) -> str:
        return " ".join(rng.sample(self.words, min(len(self.words), rng.randint(1, 3))))

    def next_path(self, rng: random.Random) -> str:
        kind = rng.choices([kind for kind, _ in MIX], [share for _, share in MIX])[0]
        return self.path(kind, rng)

    def path(self, kind: str, rng: random.Random) -> str:
        query = rng.choice(self.pool) if self.pool else self._new_query(rng)
        if kind == "search":
            return "/api/search?" + urlencode({"q": query})
        if kind == "filtered":
            return "/api/search?" + urlencode([("q", query), rng.choice(self.filters)])
        if kind == "page":
            return "/?" + urlencode({"q": query})
        page = rng.randint(1, max(1, min(self.pages, 20)))
        return "/?" + urlencode([rng.choice(self.filters), ("page", page)])


def run_clients(server: Server, plan: RequestPlan, clients: int, seconds: float, seed: int) -> dict:
    """``clients`` threads asking until ``seconds`` are up; latencies of 200s, errors by kind."""
    latencies: list[float] = []
    errors: Counter = Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(number: int) -> None:
        rng, connection = random.Random(seed * 1000 + number), server.connection()
        mine, my_errors = [], Counter()
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                status, _ = server.get(plan.next_path(rng), connection)
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
                connection = server.connection()
            if status == 200:
                mine.append((time.perf_counter() - started) * 1000)
            else:
                my_errors[str(status)] += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.update(my_errors)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(number,), daemon=True) for number in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 5)
    elapsed = time.monotonic() - started
    answered = len(latencies) + sum(errors.values())
    return {"requests": answered, "requests_per_s": round(answered / elapsed, 1),
            **{f"p{p}_ms": round(percentile(latencies, p), 1) if latencies else None for p in (50, 95, 99)},
            "errors": sum(errors.values()), "errors_by_kind": dict(errors)}


def _error_of(body: bytes) -> str:
    """The server's reason in a JSON error answer (``{"error": "no index at …"}``), else its start."""
    try:
        return str(json.loads(body)["error"])
    except (ValueError, KeyError, TypeError):
        return repr(body[:300])


def _server_config(config: Path | None, index: Path | None, folder: Path) -> Path:
    """The config with absolute paths (the server runs from the repo) and the index to serve."""
    source = Path(config or default_config_path())
    raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    absolute_paths(raw)
    raw["index_dir"] = str(Path(index).resolve() if index else load_config(source).index_path)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def _report(figures: dict) -> str:
    errors = ", ".join(f"{kind}: {count}" for kind, count in figures["errors_by_kind"].items()) or "none"
    return (f"{figures['clients']} clients x {figures['seconds']:g} s, {figures['articles']:,} articles: "
            f"{figures['requests']:,} requests, {figures['requests_per_s']:.1f} requests/s\n"
            f"latency ms: p50 {figures['p50_ms']}  p95 {figures['p95_ms']}  p99 {figures['p99_ms']}\n"
            f"errors: {figures['errors']} ({errors})\n"
            f"server CPU: {figures['server_cpu_s']} s, {figures['requests_per_cpu_s']} requests per CPU second "
            f"(machine load average {figures['load_average']})")


if __name__ == "__main__":
    sys.exit(main())
