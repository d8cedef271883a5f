# napkg: two commands set everything up on a fresh machine with Python 3.11.
#   make serve   create .venv, install, build the graph, serve it
#   make test    install the test extras, run the whole suite

PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve build test install install-test bench clean stats

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

serve: build
	@if $(BIN)/napkg serve --help >/dev/null 2>&1; then \
		$(BIN)/napkg serve --host $(HOST) --port $(PORT); \
	else \
		$(BIN)/napkg stats; \
	fi

test: install-test
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python -m bench.build_bench
	$(BIN)/python -m bench.query_bench

clean:
	rm -rf var build *.egg-info
