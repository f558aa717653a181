# Two commands for a newcomer: `make serve` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8866
HOST ?= 127.0.0.1
TABLES := data/tables/.built
CURATED := $(shell find data/curated -type f 2>/dev/null) $(wildcard explorer/*.py)

.PHONY: serve test data venv venv-test bench load clean dictionary changelog help static

help:
	@echo "make serve   - create .venv if needed, build data if needed, serve dashboards on http://$(HOST):$(PORT)/"
	@echo "make test    - install test extras if needed and run the whole suite (incl. browser tests)"
	@echo "make data    - validate data/curated and write data/tables/*.parquet (+ .meta.yaml)"
	@echo "make bench   - run benchmarks, write benchmarks/results/*.json"
	@echo "make load    - load and soak test with simulated viewers (loopback, ~17 min)"
	@echo "make static  - offline static site in build/static/ and build/trafficking-law-explorer-static.zip"

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,hub]'
	touch $@

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

# Rebuilt when any curated input or the package's build code changes.
$(TABLES): $(VENV)/.installed $(CURATED) explorer/geometry/world_50m.json
	$(PY) -m explorer.build
	@# Voilà serves only files inside its root and refuses symlinks: publish a copy of the geometry.
	mkdir -p dashboards/static && cp explorer/geometry/world_50m.json dashboards/static/

data: $(TABLES)

dictionary: $(TABLES)
	$(PY) -m explorer.dictionary

# Snapshot of this release's rows (data/releases/) and the change log since the previous release.
changelog: $(TABLES)
	$(PY) -m explorer.changelog

# The explorer as plain HTML pages (offline classroom, any static host); see README "Static site".
static: $(TABLES)
	$(PY) -m explorer.static_site --out build/static --zip

serve: $(TABLES)
	@echo "Serving dashboards at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	cd dashboards && ../$(PY) -m explorer.serving --no-browser --port=$(PORT) --Voila.ip=$(HOST) .

AXE := .cache/npm/node_modules/axe-core/axe.min.js
CHP := .cache/npm/node_modules/.bin/configurable-http-proxy
NPM_PACKAGES := axe-core@4.14.1 configurable-http-proxy@5.3.0

# From the npm registry: axe-core (accessibility checks in the browser tests) and configurable-http-proxy
# (JupyterHub's proxy, for tests/test_jupyterhub.py). One install for both: `npm install --no-save`
# removes from the prefix whatever it was not asked for, so installing them one by one would not keep both.
$(AXE) $(CHP) &:
	mkdir -p .cache/npm && npm install --silent --no-save --prefix .cache/npm $(NPM_PACKAGES)

test: $(VENV)/.installed-test $(TABLES) $(AXE) $(CHP)
	$(PY) -m pytest -ra $(PYTEST_ARGS)

bench: $(VENV)/.installed-test $(TABLES)
	$(PY) -m benchmarks.run

# Loopback load and soak test (about 17 minutes by default; see benchmarks/load.py for the knobs:
# LOAD_RAMP, LOAD_STEP_SECONDS, LOAD_VIEWERS, LOAD_SOAK_MINUTES). Not part of `make test`.
load: $(VENV)/.installed-test $(TABLES)
	$(PY) -m benchmarks.load

clean:
	rm -rf data/tables test-artifacts
