# The two commands of the README. Both set up .venv first (idempotent).
.PHONY: serve test test-fast setup setup-dev setup-bench setup-eval build eval bench

HOST ?= 127.0.0.1
PORT ?= 8000
# Offline by design: nothing is downloaded at run time.
export HF_HUB_OFFLINE = 1

setup:
	bash scripts/setup.sh

setup-dev:
	bash scripts/setup.sh --dev

setup-bench:
	bash scripts/setup.sh --bench

setup-eval:
	bash scripts/setup.sh --eval

# A plain command (no shell in between), so Ctrl-C reaches tzqa, which stops cleanly with exit status 0.
serve: setup
	.venv/bin/tzqa serve --host $(HOST) --port $(PORT)

test: setup-dev
	.venv/bin/ruff check src api tests
	.venv/bin/python -m pytest -q -m ""

# The fast tier alone (no real model, no browser): what `pytest` runs by default, about a minute.
test-fast: setup-dev
	.venv/bin/python -m pytest -q

build: setup
	.venv/bin/tzqa build

eval: setup-eval
	.venv/bin/tzqa eval

bench: setup-bench
	.venv/bin/tzqa bench
