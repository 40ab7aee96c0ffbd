#!/usr/bin/env bash
# Create .venv and install tzqa into it; with --dev also the test tools and Debian's Chromium.
# Idempotent: re-installs only when pyproject.toml changed since the last successful run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
extras=""
stamp=".venv/.tzqa-installed"
if [ "${1:-}" = "--dev" ]; then
  extras="[dev]"
  stamp=".venv/.tzqa-installed-dev"
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # torch first and exactly: the CPU build that lies on these machines (a looser pin pulls CUDA).
  .venv/bin/python -m pip install -q "torch==2.13.0"
  .venv/bin/python -m pip install -q -e ".${extras}"
  echo "$want" > "$stamp"
fi
if [ -n "$extras" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "setup: the browser tests need Debian's chromium: sudo apt-get install chromium" >&2
  fi
fi
