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


def test_bench_load_without_an_index_or_with_a_negative_pool_is_one_line_and_exit_2(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "indexer", "bench", "load", "--clients", "1", "--seconds", "1",
                               *args], cwd=REPO, capture_output=True, text=True, timeout=300)
    missing = run("--index", str(tmp_path / "missing"))
    assert missing.returncode == 2 and missing.stderr.strip().splitlines() == [
        f"error: the server answers 503: no index at {tmp_path / 'missing'}: run `python -m indexer build` first"], \
        missing.stderr[-2000:]
    negative = run("--queries", "-1")
    assert negative.returncode == 2 and "--queries: expected a whole number >= 0, got -1" in negative.stderr
