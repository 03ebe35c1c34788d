# The front door: `make run` serves the site, `make test` checks everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Python 3.12 or newer: .python-version selects it where pyenv is used.
PYTHON ?= $(shell for c in python3 python3.13 python3.12 python; do \
	if command -v $$c >/dev/null 2>&1 && $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	echo $$c; break; fi; done)

.PHONY: help run demo test lint check pytest e2e screenshots clean

help:
	@echo "make run   - set up .venv, migrate, load content, serve http://$(HOST):$(PORT) with the task worker and the reminder scheduler (Procfile)"
	@echo "make demo  - the same, with a demo member's eight-week journal (make run DEMO=1; DEMO_TZ=Europe/London for its zone)"
	@echo "make test  - lint, Django checks, migrations check and the test suite"
	@echo "make e2e   - only the browser tests (headless Chromium, axe-core)"
	@echo "make screenshots - regenerate the README's screenshots in docs/screenshots/"
	@echo "make loadtest - 50 users for DURATION s (60) against gunicorn, then check no write was lost"
	@echo "make loadtest INSTANCES=2 - 100 users through nginx to 2 gunicorn instances on PostgreSQL and Redis"
	@echo "make bench - each page's throughput against a baseline view (wrk), into bench/results.md (ONLY=name,name; PROFILE=1)"

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer was not found. Install it (for example 'pyenv install 3.12')" >&2; \
		echo "       or point PYTHON at it: make PYTHON=/path/to/python3.12 run" >&2; \
		exit 1; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Stamps: pip runs again only when a requirements file has changed.
$(VENV)/.requirements: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.requirements-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.requirements

run: export DJANGO_DEBUG ?= 1
# Links in the emails the worker sends point at the site served here.
run: export DJANGO_SITE_URL ?= http://$(HOST):$(PORT)
run: export HOST := $(HOST)
# honcho reads the processes' output through pipes: without this, Python would
# hold the scheduler's lines back until its buffer filled.
run: export PYTHONUNBUFFERED = 1
# The processes get make's environment, as migrate did: `--env /dev/null` keeps
# honcho from reading a .env file over it.
run: $(VENV)/.requirements
	@mkdir -p var
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(if $(DEMO),$(MANAGE) demo_journal --url http://$(HOST):$(PORT)/$(if $(DEMO_TZ), --time-zone '$(DEMO_TZ)'))
	@echo
	@echo "psoasapp is running at http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	@echo "web: the site; worker: sends the emails (printed here, in development);"
	@echo "scheduler: finds the reminders due, every 30 seconds"
	@echo
	$(VENV)/bin/honcho start --procfile Procfile --port $(PORT) --env /dev/null

# `make run` with the demo member (journal.demo): its email and password are
# printed before the server starts. Development only, as `make run` is.
# DEMO_TZ=Europe/London: the member's time zone (default: this machine's).
demo: DEMO = 1
demo: run

lint: $(VENV)/.requirements-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: export DJANGO_SETTINGS_MODULE = psoasapp.settings_test
check: $(VENV)/.requirements-dev
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

pytest: $(VENV)/.requirements-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

test: lint check pytest

# The browser tests alone; `make test` runs them too.
e2e: $(VENV)/.requirements-dev
	$(VENV)/bin/pytest tests/e2e $(PYTEST_ARGS)

# The README's pictures, taken in headless Chromium from a live server. The file
# is not named test_*.py, so `make test` leaves it out.
screenshots: $(VENV)/.requirements-dev
	$(VENV)/bin/pytest tests/e2e/screenshots.py -p no:cacheprovider $(PYTEST_ARGS)

# gunicorn (production settings, 4 workers) under locust against a fresh database:
# SQLite in var/loadtest/, or psoasapp_loadtest when DATABASE_URL is PostgreSQL.
# INSTANCES=2 (or more): nginx in front of that many gunicorn instances (2 workers
# each) on PostgreSQL psoasapp_cluster with psycopg's pool, Redis (REDIS_URL,
# default redis://127.0.0.1:6379/5), the task worker and the scheduler; logs in
# var/loadtest-cluster/ (loadtest/cluster.py). USERS: 50, or 100 with INSTANCES.
# .PHONY here because loadtest/ is also a folder.
.PHONY: loadtest
DURATION ?= 60
INSTANCES ?= 1
USERS ?=
LOADTEST_RUNNER = $(if $(filter-out 1,$(INSTANCES)),loadtest.cluster --instances $(INSTANCES),loadtest.run)
loadtest: $(VENV)/.requirements-dev
	$(PY) -m $(LOADTEST_RUNNER) --duration $(DURATION)$(if $(USERS), --users $(USERS))

# gunicorn (production settings, 2 workers) under wrk, one endpoint after another,
# against a fresh benchmark database. .PHONY here because bench/ is also a folder.
# Not DURATION: loadtest's 60 s default would make a run of 20 minutes. About 45
# endpoints x (5 s + a 2 s warm-up) keep a whole run under 10 minutes on SQLite.
# ONLY=quiz,dashboard measures a subset; PROFILE=1 profiles it in-process instead.
.PHONY: bench
BENCH_DURATION ?= 5
BENCH_WARMUP ?= 2
BENCH_BESIDE ?= 2
BENCH_CONNECTIONS ?= 8
bench: $(VENV)/.requirements-dev
	$(PY) -m bench.run --duration $(BENCH_DURATION) --warmup $(BENCH_WARMUP) \
		--beside $(BENCH_BESIDE) \
		--connections $(BENCH_CONNECTIONS) $(if $(ONLY),--only '$(ONLY)') \
		$(if $(PROFILE),--profile) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
