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
	@echo "make lint       - ruff check . and ruff format --check . (configuration in pyproject.toml)"
	@echo "make data       - validate data/curated and write data/tables/*.parquet (+ .meta.yaml)"
	@echo "make dictionary - regenerate docs/data_dictionary.md from explorer/schema.py"
	@echo "make changelog  - snapshot this release's rows (data/releases/) and write docs/data_changes.md"
	@echo "make release    - cut a data release: data, dictionary, snapshot and change log, release checks"
	@echo "make static     - offline static site in build/static/ and build/trafficking-law-explorer-static.zip"
	@echo "make bench      - run benchmarks (browser included), write benchmarks/results/bench.{json,md}"
	@echo "make plotly-js  - refresh the vendored plotly.js partial bundles (npm) after upgrading plotly"
	@echo "make load       - load test: simulated viewers, 2 chromium, static site ratio (VIEWERS= POOL= SOAK=1)"
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
	@# Voilà serves only files inside its root and refuses symlinks: publish a copy of the geometry
	@# (and of plotly.js, which every chart loads from there; explorer/live_plot.py chooses the file).
	mkdir -p dashboards/static && cp explorer/geometry/world_50m.json dashboards/static/
	$(PY) -m explorer.live_plot dashboards/static

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

# POOL: preheated kernels per dashboard (README "Classroom"): N for every dashboard, or map=N[,timeline=N...] for
# some (the others keep 1); each pooled kernel takes ~150 MB of its own. Empty: voila.json's 1 per dashboard.
# explorer.serving reads it as EXPLORER_POOL (N becomes Voilà's --pool_size=N).
# PRELOAD: the link(s) a teacher will hand out, e.g. PRELOAD='map?instrument=ilo-c182&date=2020': that dashboard's
# pooled kernels draw this view while they wait (explorer.serving reads it as EXPLORER_PRELOAD).
POOL ?=
PRELOAD ?=
serve: $(TABLES)
	@echo "Serving dashboards at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	cd dashboards && $(if $(POOL),EXPLORER_POOL=$(POOL)) $(if $(PRELOAD),EXPLORER_PRELOAD='$(PRELOAD)') ../$(PY) -m explorer.serving --no-browser --port=$(PORT) \
	    --Voila.ip=$(HOST) .

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
	$(PY) -m ruff format --check .

test: $(VENV)/.installed-test $(TABLES) $(AXE) $(CHP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -ra --durations=25 $(PYTEST_ARGS)

# Everything but the browser and JupyterHub tests (no chromium or npm needed).
test-fast: $(VENV)/.installed-test $(TABLES)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -ra -m "not browser and not jupyterhub" $(PYTEST_ARGS)

bench: $(VENV)/.installed-test $(TABLES)
	$(PY) -m benchmarks.run

# plotly.js partial bundles, vendored in explorer/vendor/plotlyjs/ (see its README): run after upgrading plotly.
# Installs the npm packages of the plotly.js version plotly.py writes figure JSON for and copies their files.
PLOTLY_JS_DIR := explorer/vendor/plotlyjs
.PHONY: plotly-js
plotly-js: $(VENV)/.installed
	version=$$($(PY) -c "from plotly.offline import get_plotlyjs_version as v; print(v())") && \
	rm -rf .cache/plotly-js && mkdir -p .cache/plotly-js && \
	npm install --silent --no-save --prefix .cache/plotly-js plotly.js-basic-dist-min@$$version \
	    plotly.js-geo-dist-min@$$version plotly.js-cartesian-dist-min@$$version && \
	for kind in basic geo cartesian; do \
	    cp .cache/plotly-js/node_modules/plotly.js-$$kind-dist-min/plotly-$$kind.min.js $(PLOTLY_JS_DIR)/; done && \
	cp .cache/plotly-js/node_modules/plotly.js-geo-dist-min/LICENSE $(PLOTLY_JS_DIR)/LICENSE-plotly.js.txt && \
	sed -i -E "s/(plotly\.js-[a-z]+-dist-min\` )[0-9][^ ]*/\1$$version/" $(PLOTLY_JS_DIR)/README.md && \
	echo "plotly.js $$version bundles in $(PLOTLY_JS_DIR); now run: $(PY) -m pytest -q tests/test_plotly_js.py"

# Loopback load test (benchmarks/load.py): VIEWERS simulated viewers (widget protocol, no rendering; 25) arriving
# within ARRIVAL seconds (30) and staying DURATION seconds (90), plus CHROMIUM real browsers (2), then the same
# viewers against the static site; POOL preheated kernels per dashboard (default: map=VIEWERS). SOAK=1: 25 viewers
# for 10 minutes arriving and leaving, then the cull check. PRELOAD=1: the pools preload the viewers' link (as
# `make serve PRELOAD=...` would). Results in benchmarks/results/load[-soak].{json,md}.
VIEWERS ?=
ARRIVAL ?=
DURATION ?=
CHROMIUM ?=
SOAK ?=
load: $(VENV)/.installed-test $(TABLES)
	LOAD_VIEWERS=$(VIEWERS) LOAD_ARRIVAL_SECONDS=$(ARRIVAL) LOAD_DURATION_SECONDS=$(DURATION) \
	    LOAD_CHROMIUM=$(CHROMIUM) LOAD_POOL=$(POOL) LOAD_SOAK=$(SOAK) LOAD_PRELOAD=$(if $(PRELOAD),1) $(PY) -m benchmarks.load

clean:
	rm -rf data/tables test-artifacts
