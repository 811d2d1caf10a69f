"""``python -m indexer`` (or ``news-index``): build, update, watch, search, extract, batch-search; the tools train, eval, bench.

Errors the user can fix (a bad config, a missing folder or index, a bad query) print one
line to stderr and exit 2; nothing prints a stack trace for them.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import quote

from indexer.facets import FILTER_FACETS
from indexer.config import ConfigError, load_config


MAX_WORKERS_PER_CORE = 4


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    delegated = {"train-ner": lambda rest: _delegate("train", ["ner", *rest]),
                 **{group: (lambda rest, group=group: _delegate(group, rest)) for group in TOOLS}}
    if argv and argv[0] in delegated:
        return delegated[argv[0]](argv[1:])
    args = _parser().parse_args(argv)
    try:
        code = args.run(args)
        sys.stdout.flush()          # a reader gone away (`| head`) shows here rather than at exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except KeyboardInterrupt:       # Ctrl-C: a build's unfinished generation is discarded, the index kept
        print("interrupted", file=sys.stderr)
        return 130
    except (ConfigError, OSError, ValueError, RuntimeError) as error:     # OSError: a missing folder, a
        print(f"error: {error}", file=sys.stderr)                           # read-only or full disk
        return 2


def _reader_gone() -> int:
    """stdout's reader has closed the pipe: stop quietly, as Unix tools do.  Python's documented
    idiom: stdout goes to devnull, so the flush at exit does not fail a second time."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indexer", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser("build", help="build the index from a corpus folder")
    _common(build)
    build.add_argument("--corpus", type=Path, help="folder of article files (default: config corpus_dir)")
    build.add_argument("--json", action="store_true", help="print the summary as JSON")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument("--workers", type=_workers, help="processes for the per-article stages "
                                                              "(default: the number of CPU cores)")
    build.add_argument("--force", action="store_true",
                       help="swap the new index in even if it is empty or much smaller than the serving one")
    build.set_defaults(run=_build)

    update = commands.add_parser("update", help="add new files, re-index changed ones, remove deleted ones "
                                                 "(one atomic step; only new and changed files are processed)")
    _common(update)
    update.add_argument("--corpus", type=Path, help="folder of article files (default: config corpus_dir)")
    update.add_argument("--json", action="store_true", help="print the summary as JSON")
    update.add_argument("--quiet", action="store_true", help="no progress bar")
    update.add_argument("--workers", type=_workers, help="processes for the per-article stages")
    update.add_argument("--force", action="store_true", help="swap in even if the index shrinks below build.min_fraction")
    update.set_defaults(run=_update)

    watch = commands.add_parser("watch", help="poll the corpus folder and run update whenever it changes")
    _common(watch)
    watch.add_argument("--corpus", type=Path, help="folder of article files (default: config corpus_dir)")
    watch.add_argument("--interval", type=float, help="seconds between looks, at most a day "
                                                          "(default: build.watch_interval_s)")
    watch.add_argument("--json", action="store_true", help="print each update's summary as JSON")
    watch.set_defaults(run=_watch)

    search = commands.add_parser("search", help="search the index")
    _common(search)
    search.add_argument("query", nargs="?", default="", help="in any language; empty lists all articles, newest first")
    search.add_argument("--json", action="store_true", help="print the result as JSON")
    for name in FILTER_FACETS:
        search.add_argument(f"--{name}", action="append", default=[], help=f"filter on {name} (repeatable)")
    search.add_argument("--date-from", help="only articles of this day (YYYY-MM-DD) or later")
    search.add_argument("--date-to", help="only articles of this day (YYYY-MM-DD) or earlier")
    search.add_argument("--sort", help="relevance (the default with a query) or date (newest first)")
    search.add_argument("--group", help="only the copies of this group (every one of them)")
    search.add_argument("--all-copies", action="store_true", help="every copy, not one hit per group of copies")
    search.add_argument("--size", help="hits per page (default: search.default_size; at most search.max_size)")
    search.add_argument("--page", help="which page of hits (default: 1)")
    search.set_defaults(run=_search)

    batch = commands.add_parser("batch-search", help="run topics (qid<TAB>query) into a TREC run file")
    _common(batch)
    batch.add_argument("--topics", type=Path, required=True,
                       help="one 'qid<TAB>query' line per topic (UTF-8); a qid is one word and comes once; "
                            "a topic with an empty query is skipped with a warning")
    batch.add_argument("--output", type=Path, required=True,
                       help="the TREC run: 'qid Q0 docid rank score tag' lines; a docid's whitespace "
                            "and %% are percent-encoded ('putin 24.10.2024' -> 'putin%%2024.10.2024')")
    batch.add_argument("--hits", type=int, default=100, help="documents ranked per topic (default: %(default)s)")
    batch.add_argument("--lang", action="append", default=[], help="only documents in this language (repeatable)")
    batch.add_argument("--tag", default="newsindex", help="the run's name, its last column (one word; "
                                                           "default: %(default)s)")
    batch.set_defaults(run=_batch_search)

    extract = commands.add_parser("extract", help="show what the pipeline extracts from article files")
    extract.add_argument("files", nargs="+", type=Path, help="article files (exit 1 when one cannot be read)")
    extract.add_argument("--config", type=Path, help="config file (default: the repo's config.yaml)")
    extract.set_defaults(run=_extract)

    for group, tools in TOOLS.items():
        commands.add_parser(group, help=f"{group} {{{'|'.join(tools)}}} (each has --help)")
    commands.add_parser("train-ner", help="the same as: train ner")
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="config file (default: the repo's config.yaml)")
    parser.add_argument("--index", type=Path, help="index folder (default: config index_dir)")


def _workers(text: str) -> int:
    """A number of worker processes: each holds the stages' models (~0.8 GB), so more than a few
    per core only queue for the cores, and a mistyped 10000 would start that many."""
    most = MAX_WORKERS_PER_CORE * (os.cpu_count() or 1)
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= most:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1 to {most} "
                                         f"({MAX_WORKERS_PER_CORE} per CPU core), got {text!r}")
    return int(text)


def _build(args) -> int:
    from indexer.build.full import build_index

    config = load_config(args.config)
    report = build_index(config, corpus_dir=args.corpus, index_dir=args.index, progress=not args.quiet,
                         workers=args.workers, force=args.force)
    if args.json:
        for warning in report.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=1))
        return 0
    languages = ", ".join(f"{lang} {count}" for lang, count in report.by_language.items()) or "none"
    print(f"indexed {report.articles} articles ({languages}) into {report.index_dir} in {report.seconds:.1f} s")
    _print_skipped(report)
    return 0


def _print_skipped(report) -> None:
    """What was not indexed and why, and what was read with a warning: a build's or an update's."""
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.skipped:
        print(f"skipped {len(report.skipped)}:")
        for skipped in report.skipped:
            print(f"  {skipped.path}: {skipped.reason}")


def _update(args) -> int:
    from indexer.build.update import update_index

    report = update_index(load_config(args.config), corpus_dir=args.corpus, index_dir=args.index,
                          progress=not args.quiet, workers=args.workers, force=args.force)
    _print_update(report, args.json)
    return 0


def _watch(args) -> int:
    from indexer.build.update import checked_interval, watch

    if args.interval is not None:
        checked_interval(args.interval, "--interval")
    try:
        watch(load_config(args.config), corpus_dir=args.corpus, index_dir=args.index, interval=args.interval,
              on_update=lambda report: _print_update(report, args.json))
    except KeyboardInterrupt:
        pass
    return 0


def _print_update(report, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False), flush=True)
        return
    changes = report.changes
    if not (changes.get("added") or changes.get("changed") or changes.get("removed")):
        print(f"up to date: {report.articles} articles in {report.index_dir}", flush=True)
    else:
        print(f"updated {report.index_dir} in {report.seconds:.1f} s: {len(changes['added'])} files added, "
              f"{len(changes['changed'])} changed, {len(changes['removed'])} removed; {report.articles} articles, "
              f"{changes.get('rewritten', 0)} written to the index", flush=True)
    _print_skipped(report)          # still skipped when nothing changed: as the update that made the index said


def _open_service(args):
    """The search service, its index opened first: no index is said before any model is loaded
    (and before a warning that it has no vectors)."""
    from indexer.search.service import SearchService

    service = SearchService(load_config(args.config), index_dir=args.index)
    service.reader()
    return service


def _search(args) -> int:
    service = _open_service(args)
    # Names given as --actor and --place ("Poetin") become the ids they name, as the app reads them.
    result = service.search(_grouped(service.with_entity_ids(_search_params(args))))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    print(f"{result['total']} articles match {args.query!r}")
    for rank, hit in enumerate(result["hits"], start=(result["page"] - 1) * result["size"] + 1):
        score = f"{hit['score']:.3f}" if hit["score"] is not None else "-"
        similar = f"  ({hit['similar']} similar: --group {hit['group']})" if hit["similar"] else ""
        print(f"{rank:3}. [{hit['lang']}] {hit['id']}  {score}  {hit['date'] or ''}{similar}\n     {hit['title']}\n"
              f"     {hit['snippet']}")
    if result["related"]:
        print("related (no word of the query in them, not counted):")
        for hit in result["related"]:
            print(f"     [{hit['lang']}] {hit['id']}  {hit['title']}")
    return 0


def _search_params(args) -> list[tuple[str, str]]:
    """The command line as the app's request parameters, (name, value) pairs."""
    single = (("size", args.size), ("page", args.page), ("sort", args.sort), ("date_from", args.date_from),
              ("date_to", args.date_to), ("group", args.group), ("collapse", "false" if args.all_copies else None))
    return [("q", args.query), *((name, value) for name in FILTER_FACETS for value in getattr(args, name)),
            *((name, value) for name, value in single if value)]


def _grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for name, value in pairs:
        params.setdefault(name, []).append(value)
    return params


def _batch_search(args) -> int:
    if args.hits < 1:
        raise ValueError(f"--hits: expected a whole number >= 1, got {args.hits}")
    trec_field("--tag", args.tag)
    topics = read_topics(args.topics)
    service = _open_service(args)
    service.parse_params({"lang": args.lang})       # an unknown language is refused, as by `search --lang`
    run = service.batch_search(topics, hits=args.hits, langs=args.lang)
    write_trec_run(run, args.output, args.tag)
    print(f"wrote {sum(len(r) for r in run.values())} lines for {len(run)} topics to {args.output}")
    return 0


def read_topics(path: Path) -> dict[str, str]:
    """``qid<TAB>query`` lines, as Pyserini's TSV topics (a byte-order mark is no part of the
    first qid).  A qid twice is an error; a topic with an empty query is skipped with a warning."""
    topics: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        qid, query = _topic(f"{path}:{number}", line)
        if qid in first_line:
            raise ValueError(f"{path}:{number}: qid {qid!r} again (first on line {first_line[qid]})")
        first_line[qid] = number
        if query:
            topics[qid] = query
        else:
            print(f"warning: {path}:{number}: topic {qid!r} has no query: skipped", file=sys.stderr)
    return topics


def _topic(where: str, line: str) -> tuple[str, str]:
    qid, tab, query = line.partition("\t")
    if not tab:
        raise ValueError(f"{where}: expected 'qid<TAB>query'")
    return trec_field(f"{where}: qid", qid.strip()), query.strip()


def trec_field(name: str, value: str) -> str:
    """A qid or a run tag, checked to be one field of a TREC run line (split at whitespace)."""
    if not value or any(character.isspace() for character in value):
        raise ValueError(f"{name}: {value!r} must be one word: a TREC run line's fields are split at whitespace")
    return value


def trec_docid(doc_id: str) -> str:
    """A document id as one field of a TREC run line: its whitespace and "%" percent-encoded
    (UTF-8), so "putin 24.10.2024" is "putin%2024.10.2024" and ``urllib.parse.unquote`` gives
    the id back; an id without either, every id of most corpora, is written as it is."""
    return re.sub(r"[\s%]", lambda found: quote(found.group(), safe=""), doc_id)


def write_trec_run(run: dict[str, list[tuple[str, float]]], path: Path, tag: str) -> None:
    lines = [f"{qid} Q0 {trec_docid(docid)} {rank} {score:.6f} {tag}"
             for qid, ranked in run.items() for rank, (docid, score) in enumerate(ranked, start=1)]
    path.write_text("\n".join(lines) + ("\n" if lines else ""), encoding="utf-8")


def _extract(args) -> int:
    from indexer.ingest.files import read_file
    from indexer.build.pipeline import Pipeline
    from indexer.records import Ignored, Skipped

    config = load_config(args.config)
    pipeline = Pipeline(config)
    articles, skipped = [], 0
    for path in args.files:
        for item in read_file(path, config.ingest):
            if isinstance(item, Ignored):         # a field left out, the article read
                print(f"warning: {item.path}: {item.reason}", file=sys.stderr)
            elif isinstance(item, Skipped):
                print(json.dumps({"path": item.path, "skipped": item.reason}, ensure_ascii=False))
                skipped += 1
            else:
                articles.append(pipeline.process(item))
    pipeline.finish(articles)  # the corpus-level passes, as in a build of these files
    for article in articles:
        data = article.to_dict()
        print(json.dumps({key: data[key] for key in ("doc_id", "lang", "title", "date", "source", "agencies",
                                                     "actors", "places", "numbers")}, ensure_ascii=False, indent=1))
    return 1 if skipped else 0        # a script sees that something it named was not read


# The tools beside the product: ``python -m indexer GROUP TOOL [options]`` runs ``main(options)``
# of the module named here (imported only when asked for: they pull in evaluation packages).
TOOLS = {
    "train": {"ner": "indexer.train.ner", "lexicons": "indexer.train.lexicons"},
    "eval": {"ner": "indexer.eval.ner", "retrieval": "indexer.eval.retrieval", "cli": "indexer.eval.through_cli",
             "dense-ceiling": "indexer.eval.dense_ceiling", "copies": "indexer.eval.copies",
             "ner-table": "indexer.eval.ner_table",
             "fusion-grid": "indexer.eval.fusion_grid"},
    "bench": {"corpus": "indexer.bench.corpus", "scale": "indexer.bench.scale", "build": "indexer.bench.build",
              "build-cpu": "indexer.bench.build_cpu",
              "search": "indexer.bench.search", "analyst": "indexer.bench.analyst", "update": "indexer.bench.update",
              "load": "indexer.bench.load", "steps": "indexer.bench.steps", "ner": "indexer.bench.ner"},
}


def _delegate(group: str, argv: list[str]) -> int:
    tools = TOOLS[group]
    if not argv or argv[0] not in tools:
        print(f"usage: python -m indexer {group} {{{'|'.join(tools)}}} [options]  (each has --help)", file=sys.stderr)
        return 2
    module = importlib.import_module(tools[argv[0]])
    return module.main(argv[1:]) or 0
