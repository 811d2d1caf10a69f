"""``python -m indexer eval ner-table [--data DIR]``: the README's NER table, one command.

Scores the full extractor and the model alone on the held-out part of each development set
(``indexer.train.heldout``), the open Dutch models on the same Dutch part, both German models on
GermEval's held-out part and on UNER German PUD
(which nothing was trained or tuned on).  Prints one tab-separated row per model and scorer.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from indexer.config import load_config
from indexer.eval.ner import evaluate_file, load_extractor

# (row name, file under the data folder, format, language, part, the row's model folder)
ROWS = (
    ("nb", "ner/norne-nob/no_bokmaal-ud-dev.conllu", "conllu", "nb", "heldout", {"nb": "nb"}),
    ("da", "ner/danplus-news-da/da_news_dev.tsv", "tsv", "da", "heldout", {"da": "da"}),
    ("nl", "ner/conll2002-nl/ned.testa", "conll2002", "nl", "heldout", {"nl": "nl"}),
    ("nl-open", "ner/conll2002-nl/ned.testa", "conll2002", "nl", "heldout", {"nl": "nl-open"}),
    ("nl-open-e5", "ner/conll2002-nl/ned.testa", "conll2002", "nl", "heldout", {"nl": "nl-open-e5"}),
    ("de", "ner/germeval2014-de/de_news_dev.tsv", "tsv", "de", "heldout", {"de": "de"}),
    ("de", "ner-extra/uner-german-pud/de_pud-ud-test.iob2", "uner", "de", "all", {"de": "de"}),
    ("de-e5", "ner/germeval2014-de/de_news_dev.tsv", "tsv", "de", "heldout", {"de": "de-e5"}),
    ("de-e5", "ner-extra/uner-german-pud/de_pud-ud-test.iob2", "uner", "de", "all", {"de": "de-e5"}),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m indexer eval ner-table", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--config", type=Path, default=None, help="config file (default: the repo's config.yaml)")
    args = parser.parse_args(argv)
    config = load_config(args.config)
    print("model\tfile\tpart\tscorer\tprecision\trecall\tf1")
    for name, file, fmt, lang, part, folders in ROWS:
        path = args.data / file
        if not path.is_file():
            print(f"eval ner-table: {path} is missing; row {name} skipped", file=sys.stderr)
            continue
        # Each row names its model, read by e5 or not whatever the config's dense channel says.
        extract = dataclasses.replace(config.extract, ner_model_folders={**config.extract.ner_model_folders, **folders},
                                      e5_ner="always")
        row_config = dataclasses.replace(config, extract=extract)
        for scorer, model_only in (("full", False), ("model", True)):
            find_spans, find_spans_many = load_extractor(row_config, lang, model_only)
            result = evaluate_file(path, fmt, lang, find_spans, find_spans_many, part=part)
            print(f"{name}\t{file}\t{part}\t{scorer}\t{result['precision']:.3f}\t{result['recall']:.3f}\t{result['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
