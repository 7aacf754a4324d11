# Accord: `make run` sets everything up and serves Accord on http://127.0.0.1:8000 (SQLite) with one
# background worker beside the web server (`accord serve`: Ctrl-C stops both);
# `make test` sets everything up and runs the whole test suite. Both are safe to run again.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ACCORD := $(BIN)/accord
INSTALLED := $(VENV)/.installed
ASSETS := src/accord/web/static/vendor/.copied
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup install assets lint messages clean

run: setup
	$(ACCORD) serve $(HOST):$(PORT)

test: install assets $(CHROMIUM)
	$(ACCORD) compile-translations
	$(BIN)/ruff check src tests
	$(BIN)/pytest

setup: install assets
	$(ACCORD) setup

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: $(ASSETS)

VENDOR_FILES := htmx.org/dist/htmx.min.js leaflet/dist/leaflet.js leaflet/dist/leaflet.css \
	world-atlas/countries-110m.json topojson-client/dist/topojson-client.min.js vega/build/vega.min.js \
	vega-lite/build/vega-lite.min.js vega-embed/build/vega-embed.min.js vega-interpreter/build/vega-interpreter.min.js

# Front-end assets come from the npm registry (package.json) and are copied, never committed.
$(ASSETS): node_modules/.package-lock.json Makefile
	mkdir -p $(dir $@)
	for file in $(VENDOR_FILES); do cp node_modules/$$file $(dir $@); done
	touch $@

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's Chromium: sudo apt-get install chromium"; exit 1; \
	fi

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(ACCORD) makemigrations --check --dry-run
	$(ACCORD) check

messages: install
	cd src/accord && ../../$(ACCORD) makemessages -l ru --no-obsolete --add-location file

clean:
	rm -rf $(VENV) node_modules src/accord/web/static/vendor
