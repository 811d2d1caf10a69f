#!/bin/sh
# The README's NER table: the full extractor and the model alone on the held-out part of each
# development set (indexer/train/heldout.py), plus UNER German PUD, which nothing was tuned on.
#   scripts/ner-heldout.sh [DATA]      DATA: the shared data folder (default ../shared/data)
set -eu
cd "$(dirname "$0")/.."
DATA=${1:-../shared/data}
D=$DATA/ner
PY=.venv/bin/python
OPEN=$(mktemp --suffix=.yaml)
trap 'rm -f "$OPEN"' EXIT
printf 'extract:\n  ner_model_folders: {nl: nl-open}\n' > "$OPEN"
score() {   # name file format lang part [config]
    for only in "" --model-only; do
        printf '%s\t%s\t%s\t%s\t' "$1" "$2" "$5" "${only:-full}"
        $PY -m indexer eval ner "$2" --format "$3" --lang "$4" --part "$5" $only ${6:+--config "$6"} 2>/dev/null
    done
}
score nb "$D/norne-nob/no_bokmaal-ud-dev.conllu" conllu nb heldout
score da "$D/danplus-news-da/da_news_dev.tsv" tsv da heldout
score nl "$D/conll2002-nl/ned.testa" conll2002 nl heldout
score nl-open "$D/conll2002-nl/ned.testa" conll2002 nl heldout "$OPEN"
score de "$D/germeval2014-de/de_news_dev.tsv" tsv de heldout
score de "$DATA/ner-extra/uner-german-pud/de_pud-ud-test.iob2" uner de all
