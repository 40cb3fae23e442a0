# newsgraph — set-up and everyday commands.  `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
NG     := $(VENV)/bin/newsgraph
DB     ?= newsgraph.db
STAMP  := $(VENV)/.installed

.PHONY: run test install install-test eval bench serve lint clean screenshots

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

## Install everything, ingest the bundled samples into $(DB) and print a summary.
run: install
	$(NG) ingest samples/ --db $(DB)
	$(NG) stats --db $(DB)

## Install test dependencies and run the whole suite.
test: install
	$(PY) -m pytest -q

eval: install
	$(NG) eval all

bench: install
	$(PY) benchmarks/run.py

serve: install
	$(NG) serve --db $(DB)

lint: install
	$(PIP) install -q ruff
	$(VENV)/bin/ruff check src tests

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache
