# The two commands of the README. Both set up .venv first (idempotent).
.PHONY: serve test setup setup-dev build eval bench

HOST ?= 127.0.0.1
PORT ?= 8000

setup:
	bash scripts/setup.sh

setup-dev:
	bash scripts/setup.sh --dev

serve: setup
	HF_HUB_OFFLINE=1 .venv/bin/tzqa serve --host $(HOST) --port $(PORT)

test: setup-dev
	.venv/bin/ruff check src api tests
	HF_HUB_OFFLINE=1 .venv/bin/python -m pytest -q

build: setup
	HF_HUB_OFFLINE=1 .venv/bin/tzqa build

eval: setup
	HF_HUB_OFFLINE=1 .venv/bin/tzqa eval

bench: setup
	HF_HUB_OFFLINE=1 .venv/bin/tzqa bench
