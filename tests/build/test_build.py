"""Building: the summary, skipped files, markup in articles, and the atomic swap under SIGKILL."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.bench.scale import group_usage
from indexer.build.full import build_index
from indexer.config import load_config
from indexer.search.service import SearchService

from conftest import REPO


def run_cli(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "indexer", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout)


def test_cli_build_indexes_good_files_and_reports_bad_ones(corpus_copy, tmp_path):
    (corpus_copy / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "cp1252.txt").write_bytes(
        "Selenskyj fordert mehr Waffen\nDer Präsident sagte am Montag „wir brauchen Hilfe“ – "
        "die Lage an der Front sei ernst, berichtete die Zeitung.".encode("cp1252"))
    index = tmp_path / "index"
    result = run_cli("build", "--corpus", str(corpus_copy), "--index", str(index), "--json", "--quiet")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["articles"] == 6
    reasons = {Path(item["path"]).name: item["reason"] for item in summary["skipped"]}
    assert set(reasons) == {"binary.txt", "empty.txt"}
    assert "binary" in reasons["binary.txt"] and "empty" in reasons["empty.txt"]
    assert summary["by_language"]["de"] == 2
    found = run_cli("search", "Präsident", "--index", str(index), "--json")
    assert "cp1252" in [hit["id"] for hit in json.loads(found.stdout)["hits"]]


def test_cli_text_summary_and_errors(corpus_copy, tmp_path):
    result = run_cli("build", "--corpus", str(corpus_copy), "--index", str(tmp_path / "ix"), "--quiet")
    assert result.returncode == 0 and "indexed 5 articles" in result.stdout and "nl 2" in result.stdout
    missing = run_cli("build", "--corpus", str(tmp_path / "nowhere"), "--index", str(tmp_path / "ix2"))
    assert missing.returncode == 2 and "corpus folder not found" in missing.stderr and "Traceback" not in missing.stderr
    no_index = run_cli("search", "x", "--index", str(tmp_path / "none"))
    assert no_index.returncode == 2 and "no index" in no_index.stderr
    unread = run_cli("extract", str(tmp_path / "nowhere.txt"))
    assert unread.returncode == 1 and '"skipped": "unreadable' in unread.stdout and "Traceback" not in unread.stderr


def test_markup_in_articles_is_escaped_on_the_page(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "xss.txt").write_text("Storm <b>warning</b>\n\nA storm <script>alert('x')</script> hit the coast "
                                    "of Norway on Monday and the authorities said more rain would follow.",
                                    encoding="utf-8")
    build_index(load_config(index_dir=str(tmp_path / "index")), corpus_dir=corpus)
    from search_app import create_app

    page = create_app(index_dir=str(tmp_path / "index")).test_client().get("/?q=storm").get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<b>warning</b>" not in page


def test_rebuild_swaps_atomically_and_keeps_few_generations(corpus_copy, tmp_path):
    config = load_config(index_dir=str(tmp_path / "index"))
    build_index(config, corpus_dir=corpus_copy)
    service = SearchService(config)
    assert service.count() == 5
    (corpus_copy / "extra.txt").write_text("Extra headline\n\nSome extra text about the storm in Bergen today.",
                                           encoding="utf-8")
    build_index(config, corpus_dir=corpus_copy)
    assert service.count() == 6  # the service notices the new generation
    build_index(config, corpus_dir=corpus_copy)
    generations = list((tmp_path / "index.generations").iterdir())
    assert len(generations) == 2 and (tmp_path / "index").is_symlink()


@pytest.mark.parametrize("phase", ["processing", "writing"])
def test_a_build_killed_midway_leaves_the_previous_index_serving(corpus_copy, tmp_path, phase):
    index = tmp_path / "index"
    config = load_config(index_dir=str(index))
    build_index(config, corpus_dir=corpus_copy)
    before = SearchService(config).search({"q": ["Nordkorea"]})
    big = tmp_path / "big"
    big.mkdir()
    seeds = sorted(corpus_copy.glob("*.txt"))
    for number in range(400):  # long enough a build that it can be killed in the middle
        source = seeds[number % len(seeds)]
        (big / f"{number:04d}_{source.name}").write_bytes(source.read_bytes())
    process = subprocess.Popen([sys.executable, "-m", "indexer", "build", "--corpus", str(big), "--index",
                                str(index), "--quiet"], cwd=REPO, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if phase == "processing":
            _wait_until_processing(process)
        else:
            _wait_until_writing(process, tmp_path / "index.generations")
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    after = SearchService(load_config(index_dir=str(index))).search({"q": ["Nordkorea"]})
    assert after["total"] == before["total"] == 5
    assert [hit["id"] for hit in after["hits"]] == [hit["id"] for hit in before["hits"]]
    build_index(config, corpus_dir=corpus_copy)  # the next build cleans up and swaps in
    assert SearchService(config).count() == 5


def _wait_until_processing(process, seconds=300):
    """Kill once the build is well under way: its Python has imported the pipeline and is working."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before it could be killed"
        cpu = _cpu_seconds(process.pid)      # the build started its own session: pgid == pid
        if cpu > 4:
            return
        time.sleep(0.2)
    raise AssertionError("the build never got going")


def _wait_until_writing(process, generations: Path, seconds=600):
    """Kill while the new generation folder exists but is not finished (no manifest yet)."""
    existing = set(generations.iterdir())
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, "the build ended before it could be killed"
        if any(not (folder / "manifest.json").exists() for folder in set(generations.iterdir()) - existing):
            return
        time.sleep(0.005)
    raise AssertionError("the build never started writing")


def _cpu_seconds(group: int) -> float:
    """CPU time of every process of a process group: the build and its worker processes."""
    return group_usage(group)[0]


def test_a_build_from_an_empty_or_much_smaller_corpus_keeps_the_serving_index(corpus_copy, tmp_path):
    index = tmp_path / "index"
    config = load_config(index_dir=str(index))
    build_index(config, corpus_dir=corpus_copy)
    serving = index.resolve()
    empty = tmp_path / "empty"
    empty.mkdir()
    one = tmp_path / "one"
    one.mkdir()
    first = sorted(corpus_copy.glob("*.txt"))[0]
    (one / first.name).write_bytes(first.read_bytes())
    for corpus in (empty, one):                  # 0 and 1 of 5 articles: below min_fraction 0.5
        result = subprocess.run([sys.executable, "-m", "indexer", "build", "--corpus", str(corpus), "--index",
                                 str(index), "--quiet"], cwd=REPO, capture_output=True, text=True)
        assert result.returncode == 2 and "serving index is kept" in result.stderr, result.stderr
        assert index.resolve() == serving
    assert SearchService(config).count() == 5
    assert len(list((tmp_path / "index.generations").iterdir())) == 1    # no half-built generation left
    build_index(config, corpus_dir=one, force=True)
    assert SearchService(config).count() == 1


def test_an_index_folder_that_cannot_be_written_is_one_line_and_exit_2(tmp_path):
    """A read-only disk, a file where a folder should be: the user's to fix, so no traceback."""
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    result = run_cli("build", "--corpus", str(REPO / "corpus"), "--index", str(tmp_path / "a-file" / "index"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip().splitlines()[-1].startswith("error: ")


def test_two_files_with_one_name_in_different_folders_are_two_articles(tmp_path):
    """"2024/10/article.txt" and "2024/11/article.txt" (a mirrored site's "index.html"
    everywhere): the second was dropped as a duplicate id; it takes its path as its id."""
    corpus = tmp_path / "corpus"
    for month, place in (("10", "Kursk"), ("11", "Pokrovsk")):
        (corpus / "2024" / month).mkdir(parents=True)
        (corpus / "2024" / month / "article.txt").write_text(
            f"Fighting near {place}\n\nUkrainian officials reported heavy fighting near {place} on Monday.",
            encoding="utf-8")
    (corpus / "wire.jsonl").write_text("\n".join(json.dumps({"id": "w1", "text": f"Storm number {n} hits the coast."})
                                                 for n in (1, 2)), encoding="utf-8")
    report = build_index(load_config(index_dir=str(tmp_path / "index")), corpus_dir=corpus)
    service = SearchService(load_config(index_dir=str(tmp_path / "index")))
    assert sorted(hit["id"] for hit in service.search({"size": ["10"]})["hits"]) == [
        "2024/11/article", "article", "w1"]
    assert [s.reason for s in report.skipped] == ["duplicate id 'w1' (the first, from "
                                                  f"{corpus / 'wire.jsonl'}:1, is kept)"]


def test_a_json_field_of_the_wrong_type_is_a_warning_and_the_article_is_indexed(tmp_path):
    from indexer.build.full import build_index
    from indexer.config import load_config

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [{"id": "a", "text": "Volkswagen schließt drei Werke in Deutschland.", "source": {"name": "FAZ"}},
             {"id": "b", "text": "Ukraine sender 12.000 ton korn ad Donau.", "title": 1984}]
    (corpus / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    report = build_index(load_config(), corpus_dir=corpus, index_dir=tmp_path / "index")
    assert report.articles == 2 and report.skipped == []
    assert len(report.warnings) == 1 and "'source' ignored" in report.warnings[0]
