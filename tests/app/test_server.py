"""The production server: waitress behind ``python -m search_app``, headers, SIGTERM, loopback guard."""
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from conftest import REPO, backend_settings
from indexer.bench.scale import absolute_paths


@pytest.fixture()
def config_file(seed_backend, backend_seed_index, tmp_path):
    raw = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    raw.update(backend_settings(seed_backend), index_dir=str(backend_seed_index))
    absolute_paths(raw)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def _start(config_file, *extra):
    return subprocess.Popen([sys.executable, "-m", "search_app", "--config", str(config_file), "--port", "0", *extra],
                            cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)


def _address(process, seconds=120) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        found = re.search(r"serving on (http://\S+)", line)
        if found:
            return found.group(1)
        assert process.poll() is None, "the server stopped before serving"
    raise AssertionError("the server never said where it serves")


def test_waitress_serves_with_security_headers_and_stops_cleanly_on_sigterm(config_file):
    process = _start(config_file)
    try:
        base = _address(process)
        with urllib.request.urlopen(f"{base}/api/search?q=Putin", timeout=60) as response:
            headers, body = response.headers, json.loads(response.read())
        assert body["total"] == 3
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"]
        assert "waitress" in headers.get("Server", "") or headers.get("Server") == "news-search"

        def fetch(i):
            with urllib.request.urlopen(f"{base}/api/search?q=soldater&page={1 + i % 2}", timeout=60) as r:
                return r.status
        with ThreadPoolExecutor(8) as pool:                 # concurrent clients, bounded
            assert set(pool.map(fetch, range(24))) == {200}
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        log = process.stderr.read()
        assert re.search(r"GET /api/search\?q=Putin 200 \d+ms", log), log[-500:]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_a_non_loopback_address_is_refused_without_tokens_or_server_public(config_file):
    environment = {name: value for name, value in os.environ.items() if name != "NEWS_SEARCH_TOKENS"}
    result = subprocess.run([sys.executable, "-m", "search_app", "--config", str(config_file), "--host", "0.0.0.0"],
                            cwd=REPO, capture_output=True, text=True, timeout=120, env=environment)
    assert result.returncode == 2 and "server.public" in result.stderr and "NEWS_SEARCH_TOKENS" in result.stderr


def test_every_response_carries_the_security_headers(client):
    for path in ("/", "/api/search?q=x", "/healthz", "/api/search?size=oops", "/nope"):
        response = client.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
