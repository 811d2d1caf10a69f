"""``python -m indexer bench load``: a small smoke run (2 clients x 2 s) against the real server."""
import json
import subprocess
import sys

from conftest import REPO


def test_bench_load_runs_the_server_and_reports_throughput_and_latency(seed_index):
    result = subprocess.run([sys.executable, "-m", "indexer", "bench", "load", "--clients", "2", "--seconds", "2",
                             "--index", str(seed_index), "--json"], cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    figures = json.loads(result.stdout)
    assert figures["requests"] > 0 and figures["errors"] == 0, figures
    assert figures["articles"] == 5 and figures["clients"] == 2
    assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]


def test_bench_load_is_bounded():
    result = subprocess.run([sys.executable, "-m", "indexer", "bench", "load", "--clients", "1000"], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "--clients 1..200" in result.stderr
