"""``python -m indexer update``: the same index as a full build of the new folder, in one atomic step."""
import json
import shutil
import subprocess
import sys

import pytest

from indexer.build.full import build_index
from indexer.build.update import UpdateImpossible, update_index, watch
from indexer.config import load_config
from indexer.search.service import SearchService
from indexer.store import generations
from indexer.store.base import SearchRequest

from conftest import REPO, seed_id, skip_without_lucene

QUERIES = ["", "Noord-Korea soldaten", "Putin", "Kursk", "Selenskyj Waffen", "Nordkorea Truppen Russland"]
NEW_ARTICLE = ("Selenskyj fordert mehr Waffen für die Front bei Kursk\n\n"
               "Der ukrainische Präsident Wolodymyr Selenskyj hat am Montag in Kiew mehr Waffen gefordert. "
               "Nach seinen Angaben kämpfen 11000 nordkoreanische Soldaten an der Seite Russlands im Gebiet Kursk. "
               "Die Lage an der Front sei ernst, sagte Selenskyj, und die Verbündeten müssten schneller liefern.")


def _compare(first, second, backend="whoosh"):
    """Search results (ids in order, totals) and facet counts of two indexes, for every query."""
    one, two = (SearchService(load_config(index_dir=str(folder), backend=backend)) for folder in (first, second))
    for query in QUERIES:
        a, b = one.search({"q": [query], "size": ["20"]}), two.search({"q": [query], "size": ["20"]})
        assert [h["id"] for h in a["hits"]] == [h["id"] for h in b["hits"]], query
        assert a["total"] == b["total"], query
        # The z-score fusion is normalised per query: a small lexical score difference between an
        # index updated in place and a fresh build shows at about its own size, not diluted.
        assert [h["score"] or 0 for h in a["hits"]] == pytest.approx([h["score"] or 0 for h in b["hits"]], rel=5e-3), query
        assert a["facets"] == b["facets"], query


def _edit_corpus(corpus):
    (corpus / "new_de.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    (corpus / "wire.jsonl").write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in [
        {"id": "wire-1", "title": "Storm hits Norway", "text": "A heavy storm hit the west coast of Norway on "
         "Monday, and the authorities in Bergen closed roads and ferries.", "lang": "en"},
        {"id": "wire-2", "title": "Flooding in Bergen", "text": "Rain flooded parts of Bergen after the storm, "
         "the police said on Tuesday.", "lang": "en"}]) + "\n", encoding="utf-8")
    changed = corpus / f"{seed_id('001')}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nRusland ontkent dat 5000 Noord-Koreaanse soldaten "
                       "in Koersk vechten.\n", encoding="utf-8")
    (corpus / f"{seed_id('004')}.txt").unlink()


def test_update_gives_the_index_a_full_build_of_the_new_folder_gives(corpus_copy, tmp_path):
    config = load_config(index_dir=str(tmp_path / "updated"))
    build_index(config, corpus_dir=corpus_copy)
    before = generations.serving(tmp_path / "updated")
    _edit_corpus(corpus_copy)
    report = update_index(config, corpus_dir=corpus_copy)
    assert report.changes["added"] == ["new_de.txt", "wire.jsonl"]
    assert report.changes["changed"] == [f"{seed_id('001')}.txt"]
    assert report.changes["removed"] == [f"{seed_id('004')}.txt"]
    assert report.changes["unchanged"] == 3 and report.changes["in_place"]
    assert report.articles == 7 and generations.serving(tmp_path / "updated") != before
    build_index(load_config(index_dir=str(tmp_path / "full")), corpus_dir=corpus_copy)
    _compare(tmp_path / "updated", tmp_path / "full")
    for read in (generations.read_learned_variants, generations.read_copies):
        assert read(generations.serving(tmp_path / "updated")) == read(generations.serving(tmp_path / "full"))
    search = SearchService(config).search({"q": ["Storm Bergen"]})
    assert {"wire-1", "wire-2"} <= {hit["id"] for hit in search["hits"]}
    assert seed_id("004") not in {hit["id"] for hit in SearchService(config).search({"size": ["50"]})["hits"]}


def test_update_without_changes_keeps_the_serving_generation(corpus_copy, tmp_path):
    config = load_config(index_dir=str(tmp_path / "index"))
    build_index(config, corpus_dir=corpus_copy)
    before = generations.serving(tmp_path / "index")
    report = update_index(config, corpus_dir=corpus_copy)
    assert report.changes["unchanged"] == 5 and not report.changes["added"] and report.articles == 5
    assert generations.serving(tmp_path / "index") == before
    assert len(list(generations.generations_dir(tmp_path / "index").iterdir())) == 1


def test_update_needs_a_built_index(corpus_copy, tmp_path):
    with pytest.raises(UpdateImpossible, match="build"):
        update_index(load_config(index_dir=str(tmp_path / "none")), corpus_dir=corpus_copy)
    result = subprocess.run([sys.executable, "-m", "indexer", "update", "--corpus", str(corpus_copy), "--index",
                             str(tmp_path / "none")], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "run `python -m indexer build` first" in result.stderr


def test_an_update_that_fails_leaves_the_serving_index(corpus_copy, tmp_path, monkeypatch):
    config = load_config(index_dir=str(tmp_path / "index"))
    build_index(config, corpus_dir=corpus_copy)
    before = generations.serving(tmp_path / "index")
    (corpus_copy / "new_de.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("indexer.build.update.complete_generation", broken)
    with pytest.raises(OSError):
        update_index(config, corpus_dir=corpus_copy)
    assert generations.serving(tmp_path / "index") == before
    assert [f for f in generations.generations_dir(tmp_path / "index").iterdir()] == [before]


def test_watch_updates_when_the_folder_changes(corpus_copy, tmp_path):
    config = load_config(index_dir=str(tmp_path / "index"))
    build_index(config, corpus_dir=corpus_copy)
    (corpus_copy / "new_de.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    reports = []
    watch(config, corpus_dir=corpus_copy, interval=0.01, on_update=reports.append, rounds=2)
    assert len(reports) == 1 and reports[0].changes["added"] == ["new_de.txt"]
    assert SearchService(config).count() == 6
    help_text = subprocess.run([sys.executable, "-m", "indexer", "--help"], cwd=REPO, capture_output=True,
                               text=True, timeout=120).stdout
    assert "update" in help_text and "watch" in help_text


def test_watch_outlives_a_folder_moved_away_for_a_moment_and_a_failed_update(corpus_copy, tmp_path, monkeypatch):
    """A sync tool renames the folder away and back; one update fails: the watcher goes on
    (it exited for good), and the index keeps serving meanwhile."""
    config = load_config(index_dir=str(tmp_path / "index"))
    build_index(config, corpus_dir=corpus_copy)
    away = corpus_copy.with_name("away")
    corpus_copy.rename(away)
    watch(config, corpus_dir=corpus_copy, interval=0.01, on_update=lambda report: None, rounds=2)
    away.rename(corpus_copy)
    assert SearchService(config).count() == 5
    real_update = update_index
    calls = []

    def failing_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        return real_update(*args, **kwargs)

    monkeypatch.setattr("indexer.build.update.update_index", failing_once)
    (corpus_copy / "new_de.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    watch(config, corpus_dir=corpus_copy, interval=0.01, on_update=lambda report: None, rounds=1)
    assert SearchService(config).count() == 5            # the failed update kept the serving index
    (corpus_copy / "another.txt").write_text(NEW_ARTICLE.replace("Kursk", "Koersk"), encoding="utf-8")
    watch(config, corpus_dir=corpus_copy, interval=0.01, on_update=lambda report: None, rounds=1)
    assert SearchService(config).count() == 7


def test_an_index_inside_the_corpus_folder_is_refused(corpus_copy):
    """Each build would index the last one's files, and watch would rebuild for ever."""
    config = load_config(index_dir=str(corpus_copy / "var" / "index"))
    with pytest.raises(ValueError, match="inside the corpus folder"):
        build_index(config, corpus_dir=corpus_copy)
    assert not (corpus_copy / "var").exists()


def test_update_refuses_records_made_under_other_settings(corpus_copy, tmp_path):
    build_index(load_config(index_dir=str(tmp_path / "index")), corpus_dir=corpus_copy)
    (corpus_copy / "new_de.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    changed = load_config(index_dir=str(tmp_path / "index"))
    changed.analyzers["de"].split_compounds = False
    with pytest.raises(UpdateImpossible, match="settings"):
        update_index(changed, corpus_dir=corpus_copy)


@pytest.mark.parametrize("in_place", [True, False])
def test_update_runs_the_article_stages_only_for_new_and_changed_files(corpus_copy, tmp_path, monkeypatch, in_place):
    """With the backend updating a copy of its index, or (as a backend without ``updater``) rebuilt
    from the stored records: the same index as a full build, the stages run for 4 articles only."""
    from indexer.build import workers
    from indexer.store.whoosh_backend import WhooshBackend

    config = load_config(index_dir=str(tmp_path / "updated"))
    build_index(config, corpus_dir=corpus_copy)
    _edit_corpus(corpus_copy)
    processed = []
    original_run = workers._Stages.run_batch
    monkeypatch.setattr(workers._Stages, "run_batch",
                        lambda self, docs: processed.extend(doc.doc_id for doc in docs) or original_run(self, docs))
    if not in_place:
        monkeypatch.setattr(WhooshBackend, "updater", lambda self, folder, base: None)
    report = update_index(config, corpus_dir=corpus_copy)
    assert sorted(processed) == sorted([seed_id("001"), "new_de", "wire-1", "wire-2"])
    assert report.changes["in_place"] is in_place
    # In place: the 4 new or changed articles and those whose facets the corpus passes changed.
    assert report.changes["rewritten"] == 7 if not in_place else 4 <= report.changes["rewritten"] < 7
    build_index(load_config(index_dir=str(tmp_path / "full")), corpus_dir=corpus_copy)
    _compare(tmp_path / "updated", tmp_path / "full")


def test_one_writer_at_a_time(corpus_copy, tmp_path):
    config = load_config(index_dir=str(tmp_path / "index"))
    build_index(config, corpus_dir=corpus_copy)
    (corpus_copy / "new_de.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    with generations.writing(tmp_path / "index"):
        with pytest.raises(generations.IndexBusy, match="another build or update"):
            update_index(config, corpus_dir=corpus_copy)
        reports = []
        watch(config, corpus_dir=corpus_copy, interval=0.01, on_update=reports.append, rounds=1)
        assert reports == []                                  # busy: watch looks again next round
    assert update_index(config, corpus_dir=corpus_copy).changes["added"] == ["new_de.txt"]


def test_update_on_the_lucene_backend_gives_what_a_full_build_gives(corpus_copy, tmp_path):
    """Lucene has no in-place updater: its index is rebuilt from the stored records, and only
    the new and changed files go through the article stages."""
    config = load_config(index_dir=str(tmp_path / "updated"), backend="lucene")
    build_index(config, corpus_dir=corpus_copy)
    _edit_corpus(corpus_copy)
    report = update_index(config, corpus_dir=corpus_copy)
    assert report.articles == 7 and not report.changes["in_place"]
    build_index(load_config(index_dir=str(tmp_path / "full"), backend="lucene"), corpus_dir=corpus_copy)
    _compare(tmp_path / "updated", tmp_path / "full", backend="lucene")


CABLE_RECORDS = [
    ("cable-1", "Cable damaged in the Baltic Sea", "A data cable between Finland and Germany was damaged in the "
     "Baltic Sea on Monday, and the navy followed a Chinese ship through the Kattegat."),
    ("cable-2", "Navy follows ship in the Kattegat", "The Danish navy followed the ship Yi Peng 3 in the Kattegat "
     "for a second day while investigators asked about the damaged cable."),
    ("cable-3", "Sweden investigates sabotage", "Swedish police investigate possible sabotage of two cables in "
     "the Baltic Sea, the prosecutor said on Tuesday."),
    ("cable-4", "Ship anchored off Denmark", "The Chinese ship is anchored in the Kattegat, and the navy says "
     "it keeps watching it."),
    ("cable-5", "Ministers meet on Baltic security", "Defence ministers of the Baltic states met in Helsinki to "
     "discuss the protection of cables, pipelines and ships."),
    ("cable-6", "Germany suspects sabotage", "The German defence minister said nobody believes the cables were "
     "cut by accident, and called it sabotage."),
    ("cable-7", "Cable repaired", "The damaged cable between Finland and Germany was repaired on Thursday, the "
     "operator said, and data flows again."),
]
PARITY_QUERIES = ["Kattegat", "cable sabotage", "Baltic navy ship", "Putin", "Noord-Korea soldaten"]


def _bm25_scores(config, queries) -> dict:
    """Every hit's BM25 score of each query, unrounded: the backend's own ranking (no dense fusion,
    no language interleaving), by id (hits of one score go by their place in the index: an update
    puts new and rewritten articles last)."""
    config.ranking.channels.dense = False
    service = SearchService(config)
    return {query: sorted((hit.id, hit.score) for hit in service.rank(SearchRequest(query=query, size=50)).hits)
            for query in queries}


def _cable_records(count: int) -> list[dict]:
    """CABLE_RECORDS and ``count`` more reports of the story, each its own length: a segment of
    articles the parity test deletes a few of."""
    records = [{"id": id_, "title": title, "text": text, "lang": "en"} for id_, title, text in CABLE_RECORDS]
    for number in range(count):
        records.append({"id": f"report-{number}", "title": f"Baltic report {number}", "lang": "en",
                        "text": CABLE_RECORDS[number % len(CABLE_RECORDS)][2] + " The ship" * number})
    return records


def _deleted_in_place(index) -> int:
    """Articles an updated Whoosh index still holds deleted in its segments."""
    from whoosh import index as whoosh_index

    return sum(segment.deleted_count() for segment in whoosh_index.open_dir(str(generations.serving(index)))._segments())


@pytest.mark.parametrize("backend", ["whoosh", "lucene"])
def test_an_updated_index_scores_every_hit_as_a_fresh_build(backend, corpus_copy, tmp_path):
    """A file deleted, a JSON Lines file losing its first record (the first entry of its words'
    posting lists) and two files added; two articles of 22 deleted, under any share of deleted
    articles a merge policy might put up with: BM25's statistics (articles, average lengths,
    document frequencies) must be those of the live articles, every score a fresh build's."""
    if backend == "lucene":
        skip_without_lucene()
    records = _cable_records(10)
    cables = corpus_copy / "cables.jsonl"
    cables.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    config = load_config(index_dir=str(tmp_path / "updated"), backend=backend)
    config.ranking.channels.dense = False
    build_index(config, corpus_dir=corpus_copy)
    # The first record blanked out: the others keep their line numbers (part of what they store).
    cables.write_text("\n" + "".join(json.dumps(record) + "\n" for record in records[1:]), encoding="utf-8")
    (corpus_copy / "new_de.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    (corpus_copy / "more.jsonl").write_text(json.dumps({"id": "cable-8", "title": "Navy ends watch", "lang": "en",
                                                        "text": "The navy stopped following the ship in the "
                                                                "Kattegat."}) + "\n", encoding="utf-8")
    (corpus_copy / f"{seed_id('002')}.txt").unlink()
    report = update_index(config, corpus_dir=corpus_copy)
    assert report.changes["removed"] == [f"{seed_id('002')}.txt"] and report.articles == 22
    assert report.changes["in_place"] is (backend == "whoosh")
    if backend == "whoosh":
        assert _deleted_in_place(tmp_path / "updated") >= 2        # still in their segment, not merged away
    fresh = load_config(index_dir=str(tmp_path / "fresh"), backend=backend)
    fresh.ranking.channels.dense = False
    build_index(fresh, corpus_dir=corpus_copy)
    updated, built = _bm25_scores(config, PARITY_QUERIES), _bm25_scores(fresh, PARITY_QUERIES)
    for query in PARITY_QUERIES:
        assert [hit for hit, _ in updated[query]] == [hit for hit, _ in built[query]], query
        assert [score for _, score in updated[query]] == pytest.approx([score for _, score in built[query]],
                                                                       rel=1e-12), query


def _summary(report):
    """What an update reports of the index, without the changes it made and its timings."""
    return {key: value for key, value in report.to_dict().items() if key not in ("changes", "seconds", "phases")}


def test_an_update_with_nothing_to_do_reports_what_the_index_holds(corpus_copy, tmp_path):
    """Languages, copy groups, and every file still left out with its reason (found by reading a
    file, by the folder listing or by the corpus passes), and the warnings: as the update that made
    the index reported them (``watch --json`` prints this at every start)."""
    seed = corpus_copy / f"{seed_id('000')}.txt"
    (corpus_copy / "copy.txt").write_text(seed.read_text(encoding="utf-8") + "\nBijgewerkt.\n", encoding="utf-8")
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "link.txt").symlink_to(seed)
    (corpus_copy / "wire.jsonl").write_text(
        '{"id": "w1", "text": "Storm in Bergen.", "source": {"name": "NTB"}}\n{"id": "w2", "text": "cut\n'
        '{"id": "w1", "text": "Again."}\n', encoding="utf-8")
    config = load_config(index_dir=str(tmp_path / "index"))
    build_index(config, corpus_dir=corpus_copy)
    (corpus_copy / "new_de.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    real = update_index(config, corpus_dir=corpus_copy)
    assert real.copy_groups == 1 and real.warnings
    assert {item.path.rsplit("/", 1)[-1] for item in real.skipped} == {"empty.txt", "link.txt", "wire.jsonl:2",
                                                                        "wire.jsonl:3"}
    idle = update_index(config, corpus_dir=corpus_copy)
    assert not (idle.changes["added"] or idle.changes["changed"] or idle.changes["removed"])
    assert _summary(idle) == _summary(real)


def test_a_link_to_a_file_of_the_corpus_is_skipped_by_update_as_by_build(corpus_copy, tmp_path):
    """Read through the link too, the article would be indexed twice (a copy group of 2 with itself)."""
    config = load_config(index_dir=str(tmp_path / "index"))
    build_index(config, corpus_dir=corpus_copy)
    (corpus_copy / "sub").mkdir()
    (corpus_copy / "sub" / "again.txt").symlink_to(corpus_copy / f"{seed_id('001')}.txt")
    (corpus_copy / "new_de.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    report = update_index(config, corpus_dir=corpus_copy)
    assert report.changes["added"] == ["new_de.txt"] and report.articles == 6 and report.copy_groups == 0
    assert [(item.path, item.reason) for item in report.skipped] == [
        (str(corpus_copy / "sub" / "again.txt"),
         f"symbolic link to {seed_id('001')}.txt, a file of the corpus folder: each file is read under its own name")]
    built = build_index(load_config(index_dir=str(tmp_path / "full")), corpus_dir=corpus_copy)
    assert _summary(built) | {"index": ""} == _summary(report) | {"index": ""}


@pytest.mark.parametrize("interval", ["inf", "1e300", "nan", "-inf", "0", "-1", "86401"])
def test_watch_refuses_an_interval_time_cannot_sleep_before_it_starts(interval, tmp_path, capsys, monkeypatch):
    """One line and exit 2 before the first update, not a traceback from time.sleep after it."""
    from indexer.cli import main

    monkeypatch.setattr("indexer.build.update.update_index", lambda *args, **kwargs: pytest.fail("updated"))
    assert main(["watch", f"--interval={interval}", "--corpus", str(tmp_path), "--index", str(tmp_path / "i")]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: --interval: expected seconds > 0"), errors
    config = load_config(index_dir=str(tmp_path / "i"))
    config.build.watch_interval_s = float(interval)
    with pytest.raises(ValueError, match="build.watch_interval_s"):
        watch(config, corpus_dir=tmp_path, rounds=1)


@pytest.mark.parametrize("workers", ["0", "100000", "1e3", "²", "-2"])
def test_build_and_update_refuse_an_absurd_number_of_workers(workers, capsys):
    from indexer.cli import main

    for command in ("build", "update"):
        with pytest.raises(SystemExit) as exit_:
            main([command, f"--workers={workers}"])
        assert exit_.value.code == 2 and "--workers: expected a whole number from 1 to" in capsys.readouterr().err
