#!/usr/bin/env bash
# Debian's Chromium for the real-browser test (test tools cannot download their own browser here).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "warning: /usr/bin/chromium missing and not root: install Debian's chromium package" >&2; exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
