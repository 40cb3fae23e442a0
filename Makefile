# newsgraph — set-up and everyday commands.  `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
NG     := $(VENV)/bin/newsgraph
DB     ?= newsgraph.db
STAMP  := $(VENV)/.installed
WEB_STAMP := src/newsgraph/web/static/vendor/.stamp

.PHONY: run test install web-assets browser-deps eval bench serve lint clean screenshots train-muc4

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# Browser libraries come from npm (package-lock.json is committed; node_modules/ and
# src/newsgraph/web/static/vendor/ are not).
$(WEB_STAMP): package-lock.json scripts/vendor_js.py | $(STAMP)
	npm ci --no-audit --no-fund --loglevel=error
	$(PY) scripts/vendor_js.py
	@touch $(WEB_STAMP)

web-assets: $(WEB_STAMP)

# Headless Chromium from Debian for the browser tests and screenshots (Playwright drives it;
# never `playwright install`, which downloads a browser).
browser-deps: install
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) \
		|| echo "chromium could not be installed: browser tests will be skipped"

## Install everything, ingest the bundled samples into $(DB), print a summary, open the web UI.
run: install web-assets
	$(NG) ingest samples/ --db $(DB)
	$(NG) stats --db $(DB)
	$(NG) serve --db $(DB)

## Install test dependencies, start a local PostgreSQL (Debian package), run the whole suite
## (the store tests on both backends).
test: install web-assets browser-deps
	@url=$$(scripts/start_postgres.sh) || { echo "make test: PostgreSQL could not be started; its store tests will skip" >&2; url=none; }; \
	NEWSGRAPH_TEST_PG=$$url $(PY) -m pytest -q

eval: install
	$(NG) eval all

## Retrain the MUC-4 relevance filter from ../shared/eval/muc4/dev (never the test sets).
train-muc4: install
	$(PY) scripts/train_muc4_relevance.py

bench: install
	$(PY) benchmarks/run.py

serve: install web-assets
	$(NG) serve --db $(DB)

screenshots: install web-assets browser-deps
	$(PY) scripts/screenshots.py --out docs/img

lint: install
	$(PIP) install -q ruff
	$(VENV)/bin/ruff check src tests

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache node_modules src/newsgraph/web/static/vendor build .pgdata
