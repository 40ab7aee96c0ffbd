#!/usr/bin/env bash
# Create .venv and install tzqa into it (what serving needs, nothing more); with --dev also the evaluation
# and benchmark extras, the test tools and Debian's Chromium; with --eval the evaluation extra (ranx,
# scikit-learn); with --bench the benchmark's (psutil, and eval's).
# Idempotent: re-installs only when pyproject.toml changed since the last successful run.
# Says what it does and roughly how long each step takes (first run on 2 cores: about 2 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
extras=""
stamp=".venv/.tzqa-installed"
if [ "${1:-}" = "--dev" ]; then
  extras="[dev]"
  stamp=".venv/.tzqa-installed-dev"
elif [ "${1:-}" = "--bench" ]; then
  extras="[bench]"
  stamp=".venv/.tzqa-installed-bench"
elif [ "${1:-}" = "--eval" ]; then
  extras="[eval]"
  stamp=".venv/.tzqa-installed-eval"
fi
step() { printf 'setup: %s\n' "$*"; }
t0=$SECONDS
if [ ! -x .venv/bin/python ]; then
  step "creating .venv with $("$PY" --version 2>&1) (a few seconds)"
  "$PY" -m venv .venv
fi
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  step "upgrading pip"
  .venv/bin/python -m pip install -q --upgrade pip
  # torch first and exactly: the CPU build that lies on these machines (a looser pin pulls CUDA).
  step "installing torch 2.13.0, CPU build (about 30 s the first time)"
  .venv/bin/python -m pip install -q "torch==2.13.0"
  step "installing tzqa${extras} and its dependencies (about 1 minute the first time)"
  .venv/bin/python -m pip install -q -e ".${extras}"
  echo "$want" > "$stamp"
else
  step "the environment in .venv is up to date"
fi
if [ "$extras" = "[dev]" ] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    step "installing Debian's chromium for the page tests (about 1 minute)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "setup: the browser tests need Debian's chromium: sudo apt-get install chromium" >&2
  fi
fi
step "done in $((SECONDS - t0)) s"
