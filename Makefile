# Two entry points for a fresh machine with Python 3.11: `make demo` and `make test`.
# Each bootstraps the virtual environment it needs.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck install services clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,serve,scale,render]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/siteaudit demo -o siteaudit-demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy --strict on the package as it installs (see tools/typecheck.py).
typecheck: $(STAMP)
	$(BIN)/python tools/typecheck.py

# Real services the tests start themselves: Debian's chromium (report browser tests, never a
# downloaded browser build), redis-server and PostgreSQL (scale-out tests).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

services:
	@if ! test -x /usr/bin/chromium || ! command -v redis-server >/dev/null || \
	    ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  echo "Installing chromium, redis-server and postgresql for the tests (apt-get)"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) apt-get install -y -qq chromium redis-server postgresql >/dev/null; \
	fi

test: lint typecheck services
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) siteaudit-demo siteaudit-out .pytest_cache .ruff_cache
