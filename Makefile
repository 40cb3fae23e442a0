# newsgraph — set-up and everyday commands.  `make run` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
NG     := $(VENV)/bin/newsgraph
DB     ?= newsgraph.db
STAMP  := $(VENV)/.installed
WEB_STAMP := src/newsgraph/web/static/vendor/.stamp

.PHONY: run test install web-assets browser-deps eval bench serve lint clean screenshots train-muc4 train train-classifiers

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(STAMP): pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

# Browser libraries come from npm (package-lock.json is committed; node_modules/ and
# src/newsgraph/web/static/vendor/ are not).  No install scripts: none of them needs one, and
# swagger-ui-dist's dependency @scarf/scarf would report the install over the network.
$(WEB_STAMP): package-lock.json scripts/vendor_js.py src/newsgraph/web/vendor.py | $(STAMP)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
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

## Install test dependencies, lint (ruff, mypy), start a local PostgreSQL (Debian package), run
## the whole suite (the store tests on both backends).
test: lint web-assets browser-deps
	@url=$$(scripts/start_postgres.sh) || { echo "make test: PostgreSQL could not be started; its store tests will skip" >&2; url=none; }; \
	NEWSGRAPH_TEST_PG=$$url $(PY) -m pytest -q

eval: install
	$(NG) eval all

## Retrain the MUC-4 relevance filter from ../shared/eval/muc4/dev (never the test sets).
train-muc4: install
	$(PY) scripts/train_muc4_relevance.py

## Train the packaged entity recogniser (docs/models.md, training/README.md): CPU, seeded, each
## stage a file target so an interrupted run resumes.  Never part of `make test`.
NER_DATA := training/data/conll2003/train.txt
NER_CORPUS := training/corpus/train.spacy
NER_BEST := training/output/model-best/meta.json

$(NER_CORPUS): training/convert.py training/labels.yaml | $(STAMP)
	@test -f $(NER_DATA) || { echo "make train: $(NER_DATA) is missing; training/README.md says where each corpus comes from" >&2; exit 2; }
	@test -f training/data/re3d/README.md || echo "make train: training/data/re3d is missing: training on CoNLL-2003 alone" >&2
	$(PY) training/convert.py

$(NER_BEST): $(NER_CORPUS) training/config.cfg training/functions.py
	rm -rf training/output.partial
	OMP_NUM_THREADS=$${OMP_NUM_THREADS:-2} $(PY) -m spacy train training/config.cfg \
		--code training/functions.py --output training/output.partial
	rm -rf training/output && mv training/output.partial training/output

train: install $(NER_BEST)
	$(PY) training/package.py

## Train the relation classifier (docs/models.md "Relation classifier"): Re-DocRED + re3d rows
## (training/convert_relations.py), then a seeded numpy logistic regression into
## src/newsgraph/data/models/relations/.  A few minutes on 2 cores; never part of `make test`.
REL_ROWS := training/corpus/relations.jsonl

$(REL_ROWS): training/convert_relations.py training/relation_labels.yaml src/newsgraph/extract/relation_model.py | $(STAMP)
	@test -f training/data/redocred/dev_revised.json || echo "make train-classifiers: training/data/redocred is missing (training/README.md says where it comes from)" >&2
	OMP_NUM_THREADS=$${OMP_NUM_THREADS:-2} $(PY) training/convert_relations.py

train-classifiers: install $(REL_ROWS)
	OMP_NUM_THREADS=$${OMP_NUM_THREADS:-2} $(PY) training/train_relations.py

bench: install
	$(PY) benchmarks/run.py

serve: install web-assets
	$(NG) serve --db $(DB)

## README pictures, from the load test's store of 600 real articles (AQUAINT + MUC-4 dev, built once
## into build/bench/real-600.db) when ../shared is there, else from samples/.
screenshots: install web-assets browser-deps
	@if [ -d ../shared/eval/muc4/dev ] && [ -d ../shared/eval/timeml/aquaint ]; then \
		$(PY) scripts/screenshots.py --real 600 --out docs/img; \
	else echo "screenshots: ../shared/eval not found: made from samples/"; $(PY) scripts/screenshots.py --out docs/img; fi

## ruff and mypy (both from the test extra; mypy's targets are in pyproject.toml).
lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm .pytest_cache node_modules src/newsgraph/web/static/vendor build .pgdata
