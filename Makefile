# Plaza: `make demo` serves the demo on http://127.0.0.1:8000; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PLAZA := $(BIN)/plaza
# PostgreSQL for the second test run; set PG_TEST_URL= (empty) to skip it.
PG_TEST_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/plaza)
PYTEST_WORKERS ?= 2
export PLAZA_DATA_DIR ?= $(CURDIR)/var

.PHONY: demo test install install-dev lint typecheck pytest pytest-sqlite pytest-postgres serve messages lock bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip setuptools wheel

$(VENV)/.runtime: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e '.[semantic]'
	touch $@

$(VENV)/.dev: $(VENV)/.runtime
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,semantic]'
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

demo: install
	$(PLAZA) migrate --noinput
	$(PLAZA) collectstatic --noinput --verbosity 0
	$(PLAZA) prepare-fonts
	$(PLAZA) demo
	@echo
	@echo "Open http://127.0.0.1:8000 and log in as admin (or any demo user) with the password plaza-demo."
	@echo
	$(PLAZA) serve --with-worker

serve: install
	$(PLAZA) serve --with-worker

lint: install-dev
	$(BIN)/ruff check plaza tests $(wildcard bench tools)
	$(BIN)/ruff format --check plaza tests $(wildcard bench tools)
	$(BIN)/lint-imports --no-cache
	$(BIN)/vulture

typecheck: install-dev
	$(BIN)/mypy plaza tests

pytest-sqlite: install-dev
	@echo "=== pytest on SQLite ==="
	env -u DATABASE_URL $(BIN)/pytest -n $(PYTEST_WORKERS) -q

pytest-postgres: install-dev
	@if [ -z "$(PG_TEST_URL)" ]; then \
	  echo "=== PostgreSQL run SKIPPED: PG_TEST_URL is empty ==="; \
	elif ! $(BIN)/python -c "import psycopg,sys,dj_database_url as d; c=d.parse('$(PG_TEST_URL)'); psycopg.connect(host=c['HOST'] or None, port=c['PORT'] or None, user=c['USER'] or None, password=c['PASSWORD'] or None, dbname='postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  echo "=== PostgreSQL run SKIPPED: no PostgreSQL reachable at $(PG_TEST_URL) (set PG_TEST_URL or DATABASE_URL) ==="; \
	  if [ -n "$$PLAZA_REQUIRE_POSTGRES" ]; then echo "PLAZA_REQUIRE_POSTGRES is set: failing"; exit 1; fi; \
	else \
	  echo "=== pytest on PostgreSQL ($(PG_TEST_URL)) ==="; \
	  DATABASE_URL='$(PG_TEST_URL)' PLAZA_SECRET_KEY=test-only-secret-key-not-for-production $(BIN)/pytest -n $(PYTEST_WORKERS) -q -p no:cacheprovider; \
	fi

pytest: pytest-sqlite pytest-postgres

test: lint typecheck pytest

messages: install-dev
	$(BIN)/python tools/messages.py

lock: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,semantic,bench]'
	$(BIN)/pip freeze --exclude-editable | grep -v '^plaza' > constraints.txt

bench: install-dev
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,semantic,bench]'
	for script in import_speed statistics_import relevance search_speed semantic_eval semantic_speed load; do \
	  $(BIN)/python bench/$$script.py || exit 1; \
	done

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
