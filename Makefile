# Trialbase developer commands. `make run` and `make test` work on a fresh machine with Python 3.11+.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
DEMO_STUDIES ?= 500

.PHONY: install run test test-fast lint format bench docs clean

$(STAMP): pyproject.toml
	@$(PYTHON) scripts/check_python.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@# pytrials' upstream tests (tests/compat runs them against our server): its sdist, same version
	$(BIN)/python -m pip download --quiet --no-deps --no-binary :all: --dest $(VENV)/compat \
		"pytrials==$$($(BIN)/python -c 'import importlib.metadata as m; print(m.version("pytrials"))')"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

## Create the venv, install, load the demo data and serve the site and API on http://127.0.0.1:8000
run: install
	$(BIN)/trialbase db upgrade
	$(BIN)/trialbase demo load --synthetic $(DEMO_STUDIES)
	$(BIN)/trialbase vocab import --starter --if-empty --quiet
	$(BIN)/trialbase serve

## The whole test suite: SQLite always, PostgreSQL whenever it is reachable (started if installed), browser tests in Debian's chromium and the load generator's tests in Debian's wrk (installed if missing)
test: install
	@scripts/ensure_postgres.sh
	@scripts/ensure_chromium.sh
	@scripts/ensure_wrk.sh
	$(BIN)/python -m pytest

## Everything but the slow tests over the whole shared data sets
test-fast: install
	@scripts/ensure_chromium.sh
	$(BIN)/python -m pytest -m "not slow"

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests bench tools
	$(BIN)/ruff check --fix src tests bench tools

## Benchmarks (not part of the tests): corpus, import throughput, search latency beside PostgreSQL FTS and SQLite FTS5, HTTP server time and throughput under wrk (installed if missing); BENCH_STUDIES=600000 by default
bench: install
	@scripts/ensure_postgres.sh
	@scripts/ensure_wrk.sh
	$(BIN)/python -m bench

## Regenerate the generated docs (CLI reference and settings)
docs: install
	$(BIN)/python -m tools.gen_docs

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
