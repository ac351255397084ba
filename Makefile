# Réseau: two commands on a fresh machine.
#   make run   the site with the demo communes and the job worker (embedded PostgreSQL unless DATABASE_URL is set)
#   make test  the whole suite
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= reseau.settings.dev

.PHONY: run test setup install db migrate seed messages lint check e2e-deps bench-onboarding clean stop-db

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Compile translations (gettext) when a .po is newer than its .mo.
messages: install
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

setup: install messages
	$(BIN)/python manage.py setup_platform -v0
	$(BIN)/python manage.py collectstatic --noinput -v0

seed: setup
	$(BIN)/python manage.py seed_demo

# The site (daphne) and the job worker (Procrastinate), both from the Procfile.
run: seed
	@echo "Réseau: http://localhost:$(PORT)/  ·  http://puteaux.localhost:$(PORT)/  ·  http://moulins.localhost:$(PORT)/"
	# honcho gives each process its own PORT: links in the worker's emails must name the site's.
	RESEAU_PUBLIC_PORT=$${RESEAU_PUBLIC_PORT:-$(PORT)} $(BIN)/honcho start -f Procfile -p $(PORT)

# Chromium from Debian's packages for the browser tests (never `playwright install`).
e2e-deps:
	@command -v chromium >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Two pytest-xdist workers (this machine has two cores), each with its own test
# database; a test module stays on one worker (its servers and browser are
# started once), in the order tests/conftest.py gives (demo communes last).
# TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2
test: install messages e2e-deps
	DJANGO_SETTINGS_MODULE=reseau.settings.test $(BIN)/pytest -q -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

bench-onboarding: setup
	DJANGO_SETTINGS_MODULE=reseau.settings.dev $(BIN)/python -m tests.bench.onboarding $(N)

stop-db:
	$(BIN)/python -m reseau.embedded_db stop

clean: stop-db
	rm -rf .data $(VENV)

# Extract the strings of every app into its own locale/fr (then translate the .po).
APPS := reseau tenants voisinages discussions objets jardins cms api
makemessages: install
	for app in $(APPS); do (cd $$app && mkdir -p locale && PYTHONPATH=$(CURDIR) ../$(BIN)/django-admin makemessages -l fr --ignore='migrations/*' -v0); done

# Lending: 10,000 objects and 50,000 past loans in a bench commune (dropped afterwards).
# Jobs: an alert to 5,000 residents who chose email at once; last line is JSON.
.PHONY: bench-jobs
bench-jobs: setup
	DJANGO_SETTINGS_MODULE=reseau.settings.dev $(BIN)/python -m tests.bench.jobs

.PHONY: bench-loans
bench-loans: setup
	DJANGO_SETTINGS_MODULE=reseau.settings.dev $(BIN)/python -m tests.bench.loans

# Fuzz the JSON API from its OpenAPI document (schemathesis), longer than make test's run.
.PHONY: fuzz
API_FUZZ_EXAMPLES ?= 200
fuzz: install messages
	API_FUZZ_EXAMPLES=$(API_FUZZ_EXAMPLES) API_FUZZ_RANDOM=1 DJANGO_SETTINGS_MODULE=reseau.settings.test \
	  $(BIN)/pytest -q -p no:logging tests/api/test_fuzz.py $(PYTEST_ARGS)

# Live fan-out: CLIENTS websocket clients of one commune against one daphne
# process with Redis (REDIS_URL or a private redis-server); last line is JSON.
CLIENTS ?= 1000
EVENTS ?= 30
bench-live: setup
	ulimit -n 8192 2>/dev/null || ulimit -n $$(ulimit -Hn); \
	DJANGO_SETTINGS_MODULE=reseau.settings.dev $(BIN)/python -m tests.bench.live $(CLIENTS) $(EVENTS)

# The feed under load: 100,000 posts in a bench commune (kept between runs; FRESH=1 reloads).
.PHONY: bench-feed
bench-feed: setup
	DJANGO_SETTINGS_MODULE=reseau.settings.dev DEBUG=0 $(BIN)/python -m tests.bench.feed $(if $(FRESH),--fresh,)

# The services directory is measured by bench-reputation (#17), below.
.PHONY: bench-services
bench-services: bench-reputation

# --- #17: help loop (reputation and services directory) ---
# A profile with 1,000 reviews and a directory of 5,000 offered services
# (a bench commune, dropped afterwards). Small sizes: make bench-reputation ARGS="100 500 60".
.PHONY: bench-reputation
bench-reputation: setup
	DJANGO_SETTINGS_MODULE=reseau.settings.dev $(BIN)/python -m tests.bench.reputation $(ARGS)

# --- #20: restore, backups, connections (k) ---
# A physical base backup of the whole cluster into a new directory (docs/DEPLOYMENT.md).
DIR ?= .data/backups/$(shell date +%Y%m%d-%H%M%S)
.PHONY: backup commune-footprint bench-connections
backup: install
	$(BIN)/python manage.py backup_platform $(DIR)

# What each app adds to a commune's schema (relations, bytes).
commune-footprint: setup
	$(BIN)/python manage.py commune_footprint

# One backend's memory after serving N communes, without and with recycling (K=RESEAU_CONN_MAX_SCHEMAS).
bench-connections: setup
	DJANGO_SETTINGS_MODULE=reseau.settings.dev $(BIN)/python -m tests.bench.scale_probes --communes $(or $(N),20)

# --- #19: entraide ---
# /entraide/ over 100,000 public listings of 1,000 communes, and the index lag
# after a real publish through a worker (BENCH_LISTINGS, BENCH_COMMUNES); last line is JSON.
.PHONY: bench-entraide
bench-entraide: setup
	DJANGO_SETTINGS_MODULE=reseau.settings.dev DEBUG=0 $(BIN)/python -m tests.bench.entraide

# --- #20: releases, warm pool, many communes ---
# N communes in a database of their own on the machine's PostgreSQL
# (SCALE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres),
# dropped afterwards unless KEEP=1; WORKERS release processes. Last line is JSON.
.PHONY: bench-scale
bench-scale: install messages
	DJANGO_SETTINGS_MODULE=reseau.settings.dev DEBUG=0 $(BIN)/python -m tests.bench.scale $(N)

# --- #21: load and faults (make bench-load; SHORT=1 for a minute or two) ---
# nginx from Debian's packages, like e2e-deps installs chromium.
.PHONY: load-deps bench-load
load-deps:
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null; }

# Locust against nginx + two daphne workers, a private PostgreSQL and Redis, the
# job worker and an SMTP sink; faults under steady load; last line is JSON.
bench-load: install messages load-deps
	ulimit -n 8192 2>/dev/null || ulimit -n $$(ulimit -Hn); \
	LOAD_MODE=$(if $(SHORT),short,$${LOAD_MODE:-full}) $(BIN)/python -m tests.bench.load.run
