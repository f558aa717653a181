# Two commands for a newcomer: `make serve` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8866
HOST ?= 127.0.0.1
TABLES := data/tables/.built
CURATED := $(shell find data/curated -type f 2>/dev/null) $(wildcard explorer/*.py)

.PHONY: serve test test-fast lint data venv venv-test bench load clean dictionary changelog release help static

help:
	@echo "make serve      - create .venv if needed, build data if needed, serve dashboards on http://$(HOST):$(PORT)/"
	@echo "make test       - install test extras if needed, lint (ruff) and run the whole suite (incl. browser tests)"
	@echo "make test-fast  - lint and run the suite without the browser and JupyterHub tests (a few minutes)"
	@echo "make lint       - ruff check . (configuration in pyproject.toml)"
	@echo "make data       - validate data/curated and write data/tables/*.parquet (+ .meta.yaml)"
	@echo "make dictionary - regenerate docs/data_dictionary.md from explorer/schema.py"
	@echo "make changelog  - snapshot this release's rows (data/releases/) and write docs/data_changes.md"
	@echo "make release    - cut a data release: data, dictionary, snapshot and change log, release checks"
	@echo "make static     - offline static site in build/static/ and build/trafficking-law-explorer-static.zip"
	@echo "make bench      - run benchmarks, write benchmarks/results/*.json"
	@echo "make load       - load and soak test with simulated viewers (loopback, ~17 min)"
	@echo "make venv       - create .venv with the package; make venv-test adds the test and hub extras"
	@echo "make clean      - remove data/tables and test-artifacts"

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

# Cutting a data release (CONTRIBUTING.md, "Cut a release"): after bumping data/curated/release.yaml (as_of and
# version) and CITATION.cff (version, date-released), one command rebuilds and validates the data, regenerates
# the dictionary, saves the release snapshot and change log, and runs the tests that check them.
release: $(VENV)/.installed-test $(TABLES)
	$(PY) -m explorer.dictionary
	$(PY) -m explorer.changelog
	$(PY) -m pytest -q tests/test_data.py tests/test_changelog.py tests/test_project_files.py

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

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .

test: $(VENV)/.installed-test $(TABLES) $(AXE) $(CHP)
	$(PY) -m ruff check .
	$(PY) -m pytest -ra --durations=25 $(PYTEST_ARGS)

# Everything but the browser and JupyterHub tests (no chromium or npm needed).
test-fast: $(VENV)/.installed-test $(TABLES)
	$(PY) -m ruff check .
	$(PY) -m pytest -ra -m "not browser and not jupyterhub" $(PYTEST_ARGS)

bench: $(VENV)/.installed-test $(TABLES)
	$(PY) -m benchmarks.run

# Loopback load and soak test (about 17 minutes by default; see benchmarks/load.py for the knobs:
# LOAD_RAMP, LOAD_STEP_SECONDS, LOAD_VIEWERS, LOAD_SOAK_MINUTES). Not part of `make test`.
load: $(VENV)/.installed-test $(TABLES)
	$(PY) -m benchmarks.load

clean:
	rm -rf data/tables test-artifacts
