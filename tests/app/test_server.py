"""The production server: waitress behind ``python -m search_app``, headers, SIGTERM, loopback guard,
start-up errors."""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from conftest import REPO, backend_settings
from indexer.bench.scale import absolute_paths
from search_app import create_app


@pytest.fixture()
def config_file(seed_backend, backend_seed_index, tmp_path):
    raw = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    raw.update(backend_settings(seed_backend), index_dir=str(backend_seed_index))
    absolute_paths(raw)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


def _config(folder, **overrides):
    raw = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    absolute_paths(raw)
    raw.update(overrides)
    path = folder / "config.yaml"
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


def _half_sent(address: str, path: str) -> socket.socket:
    """A connection whose request has been sent up to its last line: in progress on the server."""
    host, port = re.match(r"http://\[?([^\]]+)\]?:(\d+)", address).groups()
    connection = socket.create_connection((host, int(port)), timeout=60)
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n".encode())
    return connection


def _status_of_rest(connection: socket.socket) -> int:
    """Sends the request's last line, reads the answer to its end: its status."""
    connection.sendall(b"\r\n")
    answer = b""
    while chunk := connection.recv(65536):
        answer += chunk
    connection.close()
    return int(answer.split(b" ", 2)[1]) if answer else None      # None: dropped unanswered


def test_sigterm_answers_the_requests_in_progress_refuses_new_ones_and_exits_0(config_file):
    process = _start(config_file)
    try:
        base = _address(process)
        host, port = re.match(r"http://([^:]+):(\d+)", base).groups()
        urllib.request.urlopen(f"{base}/healthz", timeout=60).read()
        pending = [_half_sent(base, f"/api/search?q=Kursk+{number}") for number in range(3)]

        def fetch(number):       # a query no cache holds: it takes the server a while
            with urllib.request.urlopen(f"{base}/api/search?q=soldaten+Rutte+{number}&size=50", timeout=60) as r:
                return r.status
        with ThreadPoolExecutor(6) as pool:
            answers = pool.map(fetch, range(6))
            time.sleep(0.2)
            process.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            with pytest.raises(ConnectionRefusedError):             # stopped accepting ...
                socket.create_connection((host, int(port)), timeout=10)
            assert [_status_of_rest(connection) for connection in pending] == [200] * 3    # ... answers in progress
            assert list(answers) == [200] * 6
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_start_up_errors_are_one_line_and_exit_2(tmp_path):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    good = _config(tmp_path, index_dir=str(tmp_path / "index"))
    (tmp_path / "bad").mkdir()
    bad = _config(tmp_path / "bad", server={**yaml.safe_load(good.read_text())["server"], "threads": 0})
    cases = {"Address already in use": [f"--config={good}", f"--port={taken.getsockname()[1]}"],
             "--port: expected 0..65535 (0: any free port), got -5": [f"--config={good}", "--port=-5"],
             "got 99999": [f"--config={good}", "--port=99999"],
             "got 70000": [f"--config={good}", "--port=70000"],
             "config file not found": [f"--config={tmp_path / 'nowhere.yaml'}"],
             "server.threads: expected an integer >= 1, got 0": [f"--config={bad}"]}

    def run(args):
        return subprocess.run([sys.executable, "-m", "search_app", "--host", "127.0.0.1", *args], cwd=REPO,
                              capture_output=True, text=True, timeout=60)
    try:
        with ThreadPoolExecutor(3) as pool:
            results = dict(zip(cases, pool.map(run, cases.values())))
    finally:
        taken.close()
    for message, result in results.items():
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0], \
            (message, result.stderr[-1000:])


def test_an_ipv6_address_is_shown_in_brackets(config_file):
    try:
        socket.create_server(("::1", 0), family=socket.AF_INET6).close()
    except OSError:
        pytest.skip("no IPv6 loopback here")
    process = _start(config_file, "--host", "::1")
    try:
        base = _address(process)
        assert re.fullmatch(r"http://\[::1\]:\d+", base), base
        with urllib.request.urlopen(f"{base}/healthz", timeout=60) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_a_folder_without_an_index_is_answered_as_no_index(tmp_path):
    (tmp_path / "emptyidx").mkdir()
    client = create_app(index_dir=str(tmp_path / "emptyidx"), tokens=[]).test_client()
    health, api, page = client.get("/healthz"), client.get("/api/search?q=Putin"), client.get("/?q=Putin")
    assert health.status_code == api.status_code == page.status_code == 503
    assert health.json["status"] == "no index" and "run `python -m indexer build`" in health.json["error"]
    assert "no index at" in api.json["error"]
    assert "no index at" in page.get_data(as_text=True)
