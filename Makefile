# make preview: set up, build and serve on http://127.0.0.1:8000 — make test: set up and run every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: preview build check test bench setup system clean

preview: $(VENV)/.installed
	$(PY) build.py serve

build: $(VENV)/.installed
	$(PY) build.py build

check: $(VENV)/.installed
	$(PY) build.py check --strict

test: setup
	$(PY) -m pytest; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests were collected"; exit 1; fi; exit $$rc

bench: $(VENV)/.installed
	$(PY) benchmarks/run.py

setup: system $(VENV)/.installed node_modules/.installed

system:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y chromium; }
	@command -v java >/dev/null || { $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y default-jre-headless; }

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

clean:
	rm -rf public .explainer-cache test-results
