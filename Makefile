# Tandem — the two commands are `make demo` and `make test`; `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help demo test test-fast check fmt schema bench clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(DEV_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP) $@

demo: $(STAMP) ## Create .venv, install, load the demo company and serve it on http://127.0.0.1:8000
	$(BIN)/tandem demo --port $(PORT)

test: $(DEV_STAMP) ## Create .venv with dev extras and run the whole suite (browser tests included)
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: $(DEV_STAMP) ## Engine and unit layers only (no browser tests)
	$(BIN)/pytest -m "not e2e and not slow" $(PYTEST_ARGS)

check: $(DEV_STAMP) ## ruff, format check, mypy (engine), import contracts, migrations, Django checks, OpenAPI drift
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	TANDEM_HOME=$$(mktemp -d) $(BIN)/tandem makemigrations --check --dry-run
	TANDEM_HOME=$$(mktemp -d) $(BIN)/tandem check
	$(BIN)/pytest -q tests/contract/test_openapi.py

fmt: $(DEV_STAMP) ## Format and fix what ruff can
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

schema: $(DEV_STAMP) ## Regenerate docs/openapi.json from the served API
	TANDEM_HOME=$$(mktemp -d) $(BIN)/tandem export_openapi_schema --api tandem.api.api --output docs/openapi.json --indent 2

clean: ## Remove the virtual environment and local data (var/)
	rm -rf $(VENV) var
