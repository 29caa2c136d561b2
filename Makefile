# The two commands: `make run` (portal on SQLite + local disk, demo data) and `make test` (everything).
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)
PYTHON ?= python3
# Most of the suite waits on real processes (PostgreSQL, clamd, LibreOffice, moto): one worker more than cores.
PYTEST_WORKERS ?= 3

.PHONY: run test install lint typecheck pytest frontend clean-var

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	bash clients/python/generate.sh --setup  # the Python client's generator, in a venv of its own
	rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	bash infra/scripts/ensure-system-deps.sh run
	$(MAKE) --no-print-directory frontend
	$(BIN)/portal db upgrade
	$(BIN)/portal seed-demo
	@echo ""
	@echo "  Portal: http://127.0.0.1:8000   (API docs: http://127.0.0.1:8000/api/docs)"
	@echo ""
	$(BIN)/portal serve --no-migrate

frontend:
	@if [ -f frontend/package.json ]; then bash infra/scripts/build-frontend.sh; fi

LINT_DIRS := $(wildcard app tests bench migrations)

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_DIRS)
	$(BIN)/ruff format --check $(LINT_DIRS)
	$(BIN)/lint-imports  # the import contracts in pyproject.toml (docs/architecture.md)

typecheck: $(STAMP)
	$(BIN)/mypy app

pytest: $(STAMP)
	$(BIN)/pytest

test: $(STAMP)
	bash infra/scripts/ensure-system-deps.sh test
	bash infra/scripts/ensure-postgres.sh
	$(MAKE) --no-print-directory lint typecheck
	$(MAKE) --no-print-directory frontend-test
	bash clients/python/check.sh  # the generated Python client is current (like the frontend's)
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=25

frontend-test:
	@if [ -f frontend/package.json ]; then bash infra/scripts/test-frontend.sh; fi

clean-var:
	rm -rf var
