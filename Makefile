# napkg: two commands set everything up on a fresh machine with Python 3.11.
#   make serve   create .venv, install, build the graph (only if data/, ontology/ or shapes/ changed since the
#                last good build), serve it on http://$(HOST):$(PORT)/ -- e.g. make serve PORT=8080
#   make test    install the test extras, run the whole suite (what CI runs)
#   make test-fast  the developer loop: the suite without the tests marked slow (builds of their own, full SHACL
#                runs, browsers, Virtuoso: tests/conftest.py marks every test that needs one); CI runs make test

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
STORE_DIR ?= $(or $(NAPKG_STORE_DIR),var/store)
# The last good build's manifest: newer than every source file means there is nothing to rebuild.
BUILT   := $(STORE_DIR)/current/manifest.json
SOURCES := $(shell find data ontology shapes -type f 2>/dev/null)

.PHONY: serve build test test-fast install install-test bench clean stats

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "napkg needs $(PYTHON) (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,draft]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

build: install
	$(BIN)/napkg build

stats: install
	$(BIN)/napkg stats

$(BUILT): $(SOURCES) | $(VENV)/.installed
	$(BIN)/napkg build

serve: install $(BUILT)
	@if $(BIN)/napkg serve --help >/dev/null 2>&1; then \
		$(BIN)/napkg serve --host $(HOST) --port $(PORT); \
	else \
		$(BIN)/napkg stats; \
	fi

test: install-test
	$(BIN)/python -m pytest

test-fast: install-test
	$(BIN)/python -m pytest -m "not slow"

bench: install-test
	$(BIN)/python -m bench.build_bench
	$(BIN)/python -m bench.query_bench

clean:
	rm -rf var build *.egg-info
