"""Score an entity extractor on a NER file: ``python -m indexer eval ner``.

    python -m indexer eval ner FILE --format F --lang L [--part all|tuning|heldout] [--model-only]

``--part``: only the tuning or the held-out part of a development set (``indexer.train.heldout``:
a deterministic split by sentence index); the held-out part is for reporting only.

Each sentence's tokens are joined with single spaces into a line; the sentences of one article
(CoNLL-2002 marks articles with ``-DOCSTART-``) are given to the extractor together, a line
each, as indexing gives it an article, so that its in-article rules (a surname after the full
name, one type per name) work as they do there; other files' sentences stand alone.  The
extractor returns character spans ``(start, end, type)``; each is scored in its sentence.  A
predicted span counts only if both of its edges fall on token edges (otherwise it is a false
positive) and it matches a gold entity exactly in tokens and type (strict, CoNLL-style).  Only
PER, LOC and ORG are scored (gold tags are mapped as in ``indexer.train.conll``; predictions of
other types are ignored).
Precision, recall and F1 are micro-averaged over the three types.

By default the full extractor (``indexer.entities.EntityExtractor``: gazetteers + rules +
model) is scored; ``--model-only`` scores the statistical model alone (``NerTagger``).
One JSON object is printed.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from itertools import groupby
from pathlib import Path

from indexer.entities.bio import tags_to_spans
from indexer.records import ENTITY_TYPES, Span
from indexer.train.conll import FORMATS, document_numbers, join_lines, read_sentences
from indexer.train.heldout import PARTS, select_part

FindSpans = Callable[[str, str], list[Span]]
FindSpansMany = Callable[[list[str], str], list[list[Span]]]


def evaluate_file(path: str | Path, fmt: str, lang: str, find_spans: FindSpans,
                  find_spans_many: FindSpansMany | None = None, batch_size: int = 256, part: str = "all") -> dict:
    """Score ``find_spans(text, lang)`` on the sentences of ``path`` (only ``part`` of them, see
    ``indexer.train.heldout.select_part``).

    ``find_spans_many(texts, lang)``, when given, is used instead to process sentences in
    batches of ``batch_size`` (same results, faster for statistical models).
    """
    sentences = list(read_sentences(path, fmt))
    documents = document_numbers(path, fmt) or range(len(sentences))
    if len(documents) != len(sentences):        # the two readers disagree: score sentence by sentence
        documents = range(len(sentences))
    chosen = select_part(zip(sentences, documents), lang, part)
    result = evaluate_sentences([s for s, _ in chosen], lang, find_spans, find_spans_many, batch_size,
                                documents=[d for _, d in chosen])
    result["part"] = part
    return result


def evaluate_sentences(sentences: Iterable[tuple[list[str], list[str]]], lang: str, find_spans: FindSpans,
                       find_spans_many: FindSpansMany | None = None, batch_size: int = 256,
                       documents: Sequence[int] | None = None) -> dict:
    """Score an extractor on (tokens, IOB2 tags) sentences; see ``evaluate_file``.

    ``documents``: the article of each sentence.  The sentences of one article that follow each
    other are given to the extractor as one text, a line each, as articles are when indexed (its
    in-article rules see them together); the scores are the same sentence by sentence counts."""
    counts = {kind: {"tp": 0, "fp": 0, "fn": 0} for kind in ENTITY_TYPES}
    sentences = list(sentences)
    n_sentences = len(sentences)
    for batch in _batches(_articles(sentences, documents), batch_size if find_spans_many else 1):
        texts, offsets = zip(*(join_lines(tokens) for tokens, _ in batch))
        if find_spans_many:
            predicted = find_spans_many(list(texts), lang)
        else:
            predicted = [find_spans(text, lang) for text in texts]
        for (_, tags), token_offsets, spans in zip(batch, offsets, predicted):
            gold = set(tags_to_spans(tags))
            aligned, unaligned = to_token_spans(spans, token_offsets)
            for kind in ENTITY_TYPES:
                gold_k = {span for span in gold if span[2] == kind}
                pred_k = {span for span in aligned if span[2] == kind}
                counts[kind]["tp"] += len(gold_k & pred_k)
                counts[kind]["fp"] += len(pred_k - gold_k) + sum(1 for span in unaligned if span[2] == kind)
                counts[kind]["fn"] += len(gold_k - pred_k)
    total = {key: sum(c[key] for c in counts.values()) for key in ("tp", "fp", "fn")}
    result = _prf(total)
    result["per_type"] = {kind: {**_prf(c), "support": c["tp"] + c["fn"]} for kind, c in counts.items()}
    result["sentences"] = n_sentences
    return result


def _articles(sentences: list[tuple[list[str], list[str]]], documents: Sequence[int] | None):
    """Runs of sentences of one document as ``(lines of tokens, all their tags)``; each sentence
    alone without ``documents``.  A token span never crosses a line, so gold spans stay inside
    their sentence and a predicted span across two lines matches none."""
    keys = documents if documents is not None else range(len(sentences))
    for _, run in groupby(zip(keys, sentences), key=lambda pair: pair[0]):
        lines = [sentence for _, sentence in run]
        yield [tokens for tokens, _ in lines], [tag for _, tags in lines for tag in tags]


def to_token_spans(spans: Iterable[Span], token_offsets: list[tuple[int, int]]) -> tuple[set, set]:
    """(token spans ``(first, end, type)`` of aligned predictions, set of unaligned char spans).

    Predictions of types other than PER/LOC/ORG are left out of both; duplicates count once.
    """
    starts = {start: i for i, (start, _) in enumerate(token_offsets)}
    ends = {end: i for i, (_, end) in enumerate(token_offsets)}
    aligned, unaligned = set(), set()
    for start, end, kind in spans:
        if kind not in ENTITY_TYPES:
            continue
        first, last = starts.get(start), ends.get(end)
        if first is None or last is None or last < first:
            unaligned.add((start, end, kind))
        else:
            aligned.add((first, last + 1, kind))
    return aligned, unaligned


def _prf(c: dict) -> dict:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _batches(items: Iterable, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _rounded(value, digits: int = 4):
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {key: _rounded(item, digits) for key, item in value.items()}
    return value


def load_extractor(config, lang: str, model_only: bool) -> tuple[FindSpans, FindSpansMany | None]:
    """(find_spans, find_spans_many or None): the full extractor, or the model alone."""
    if not model_only:
        try:
            from indexer.entities.extractor import EntityExtractor
        except ImportError as error:
            if error.name != "indexer.entities":
                raise
            print("eval ner: indexer.entities.EntityExtractor is not available; scoring the NER model "
                  "alone (as with --model-only)", file=sys.stderr)
        else:
            extractor = EntityExtractor.from_config(config)
            return extractor.spans, getattr(extractor, "spans_many", None)
    from indexer.entities.ner_model import NerTagger

    tagger = NerTagger(config.shipped_path(config.extract.ner_models_dir), config.extract.ner_model_folders,
                       e5=config.runs_e5_ner)
    if not tagger.has_model(lang):
        print(f"eval ner: no NER model for {lang!r} in {tagger.models_dir}; it finds nothing", file=sys.stderr)
    return tagger.spans, tagger.spans_many


def main(argv: list[str] | None = None) -> int:
    """``eval ner FILE --format F --lang L [--model-only]``: print one JSON object."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["eval", "ner"]:        # accept the full command line as well as what follows it
        argv = argv[2:]
    elif argv[:1] == ["ner"] and not Path("ner").exists():
        argv = argv[1:]
    parser = argparse.ArgumentParser(prog="python -m indexer eval ner", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="NER data file")
    parser.add_argument("--format", required=True, choices=FORMATS, dest="fmt")
    parser.add_argument("--lang", required=True, help="language code (nl, de, da, nb, en)")
    parser.add_argument("--part", choices=PARTS, default="all",
                        help="score only the tuning or the held-out part of a dev set (indexer.train.heldout)")
    parser.add_argument("--model-only", action="store_true", help="score the statistical model alone")
    parser.add_argument("--config", type=Path, default=None, help="config file (default: the repo's config.yaml)")
    args = parser.parse_args(argv)
    if not args.file.is_file():
        parser.error(f"no such file: {args.file}")

    from indexer.config import load_config

    config = load_config(args.config)
    find_spans, find_spans_many = load_extractor(config, args.lang, args.model_only)
    result = evaluate_file(args.file, args.fmt, args.lang, find_spans, find_spans_many, part=args.part)
    print(json.dumps(_rounded(result)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
