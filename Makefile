# Two commands for a newcomer: `make serve` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8866
HOST ?= 127.0.0.1
TABLES := data/tables/.built
CURATED := $(shell find data/curated -type f 2>/dev/null) $(wildcard explorer/*.py)

.PHONY: serve test data venv venv-test bench load clean dictionary changelog help

help:
	@echo "make serve   - create .venv if needed, build data if needed, serve dashboards on http://$(HOST):$(PORT)/"
	@echo "make test    - install test extras if needed and run the whole suite (incl. browser tests)"
	@echo "make data    - validate data/curated and write data/tables/*.parquet (+ .meta.yaml)"
	@echo "make bench   - run benchmarks, write benchmarks/results/*.json"
	@echo "make load    - load and soak test with simulated viewers (loopback, ~17 min)"

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
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

serve: $(TABLES)
	@echo "Serving dashboards at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	cd dashboards && ../$(PY) -m voila --no-browser --port=$(PORT) --Voila.ip=$(HOST) .

AXE := .cache/npm/node_modules/axe-core/axe.min.js

# axe-core (accessibility checks in the browser tests) comes from the npm registry.
$(AXE):
	mkdir -p .cache/npm && npm install --silent --no-save --prefix .cache/npm axe-core@4.14.1

test: $(VENV)/.installed-test $(TABLES) $(AXE)
	$(PY) -m pytest -ra $(PYTEST_ARGS)

bench: $(VENV)/.installed-test $(TABLES)
	$(PY) -m benchmarks.run

# Loopback load and soak test (about 17 minutes by default; see benchmarks/load.py for the knobs:
# LOAD_RAMP, LOAD_STEP_SECONDS, LOAD_VIEWERS, LOAD_SOAK_MINUTES). Not part of `make test`.
load: $(VENV)/.installed-test $(TABLES)
	$(PY) -m benchmarks.load

clean:
	rm -rf data/tables test-artifacts
