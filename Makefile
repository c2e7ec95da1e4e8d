# The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
LOCALE_SOURCES := $(wildcard locale/*/LC_MESSAGES/django.po)
LOCALE_TARGETS := $(LOCALE_SOURCES:.po=.mo)

.PHONY: run test test-pure install lint format messages makemessages bench clean

## run: install, migrate, load demo data, serve the portal and the queue worker
run: system-deps-run install $(LOCALE_TARGETS)
	scripts/run.sh

## test: lint, then the whole suite on a throwaway PostgreSQL
test: system-deps-test install $(LOCALE_TARGETS) lint
	scripts/with-postgres.sh scripts/test-suite.sh

install: $(VENV)/.installed node_modules/.installed build/fonts/fonts.css

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The web pages' fonts: subset WOFF2 faces cut from the KERN package's (fontTools).
build/fonts/fonts.css: scripts/build_fonts.py node_modules/.installed $(VENV)/.installed
	$(PY) scripts/build_fonts.py build/fonts

.PHONY: system-deps-run system-deps-test
system-deps-run:
	scripts/system-deps.sh run
system-deps-test:
	scripts/system-deps.sh test

# Message catalogues: the .po files are committed, the .mo files are built.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	msgfmt --check-format -o $@ $<

messages: $(LOCALE_TARGETS)

## makemessages: refresh the .po files after changing user-facing strings
makemessages: install
	DEBUG=1 $(MANAGE) makemessages -l de -l en --ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --ignore=bench --no-obsolete

## test-pure: the tests that need no database (rules, forms, PDFs), without PostgreSQL
test-pure: install $(LOCALE_TARGETS)
	env -u DATABASE_URL $(PY) -m pytest -q -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## bench: timings as ratios (outside make test): the pages under load, then the letters
bench: install
	scripts/with-postgres.sh $(PY) bench/load.py
	$(PY) bench/letters.py

clean:
	rm -rf $(VENV) node_modules var build .pytest_cache .ruff_cache *.egg-info
