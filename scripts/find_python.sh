#!/usr/bin/env bash
# Print a Python 3.12+ interpreter: $PYTHON if set, else python3.12 (pyenv's install first).
set -euo pipefail
if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; exit 0; fi
for candidate in "$HOME"/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12 \
                 "$(command -v python3.12 || true)" "$(command -v python3 || true)"; do
  [ -x "$candidate" ] || continue
  if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    echo "$candidate"; exit 0
  fi
done
echo "error: Python 3.12 or newer not found (set PYTHON=/path/to/python3.12)" >&2
exit 1
