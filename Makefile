# Entry points: `make run` (see the product), `make serve` (production, see README), `make test`
# (the whole suite), `make bench`.
SHELL := /bin/bash
PYTHON_FOR_VENV ?= /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
SYSTEM_PACKAGES := gdal-bin libsqlite3-mod-spatialite python3-venv postgresql-client gettext
TEST_SYSTEM_PACKAGES := chromium nginx redis-server redis-tools openssl
RUN_ENV := DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-packages run serve worker scheduler test test-fast test-postgis test-spatialite bench lint format migrations-check clean

install: system-packages $(VENV)/.installed node_modules/.vendored

system-packages:
	@bash scripts/ensure-system-packages.sh $(SYSTEM_PACKAGES)

# SpatiaLite needs a sqlite3 module that can load extensions; pyenv builds cannot.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON_FOR_VENV) -c 'import sqlite3; sqlite3.Connection.enable_load_extension' 2>/dev/null || \
	  { echo "$(PYTHON_FOR_VENV) cannot load SQLite extensions (needed by SpatiaLite)." \
	         "Use Debian's /usr/bin/python3 or set PYTHON_FOR_VENV." >&2; exit 1; }
	@test -x $(PY) || $(PYTHON_FOR_VENV) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -r requirements-dev.txt
	@touch $@

# Front-end libraries: pinned in package.json, copied into static/vendor (committed too, so the
# site works without npm; this refreshes them when package.json changes).
node_modules/.vendored: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && npm run -s vendor \
	  && touch $@; else echo "npm not found: using the committed static/vendor files" >&2; fi

run: install
	@mkdir -p var/static
	@$(RUN_ENV) $(MANAGE) migrate --no-input -v 0
	@$(RUN_ENV) $(MANAGE) load_demo
	@$(RUN_ENV) $(MANAGE) publish_dataset --if-changed
	@echo "Serving Surveillance Map on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@$(RUN_ENV) $(MANAGE) runserver $(HOST):$(PORT)

# Production: gunicorn behind a reverse proxy, with the environment of README "Run in production"
# (checked first). The database is migrated separately: `.venv/bin/python manage.py migrate`.
serve: install
	@$(PY) -m surveillance_map.serve --check
	@$(MANAGE) collectstatic --no-input -v 0
	@echo "Serving Surveillance Map (production) on http://$(HOST):$(PORT)/"
	@HOST=$(HOST) PORT=$(PORT) $(PY) -m surveillance_map.serve

# The background job worker and the scheduler (exactly one per site) for `make serve`.
worker: install
	@$(PY) -m surveillance_map.serve --check
	@$(VENV)/bin/celery -A surveillance_map worker --loglevel WARNING

scheduler: install
	@$(PY) -m surveillance_map.serve --check
	@$(VENV)/bin/celery -A surveillance_map beat --loglevel WARNING

# The whole suite, as CI runs it: lint, the migrations check, PostGIS (browser tests included)
# and the SpatiaLite smoke suite. The suite needs Redis (started when none answers) and a
# streaming replica of the PostgreSQL primary on REPLICA_PORT (made for the run); both are
# stopped afterwards if this started them (scripts/with-test-services.sh).
REPLICA_PORT ?= 5433
test: install
	@bash scripts/ensure-system-packages.sh $(TEST_SYSTEM_PACKAGES)
	@REPLICA_PORT=$(REPLICA_PORT) bash scripts/with-test-services.sh \
	  $(MAKE) --no-print-directory lint migrations-check test-postgis test-spatialite

# A quick local run: no browser tests, no lint.
test-fast: install
	@bash scripts/ensure-system-packages.sh $(TEST_SYSTEM_PACKAGES)
	@REPLICA_PORT=$(REPLICA_PORT) bash scripts/with-test-services.sh \
	  $(MAKE) --no-print-directory test-postgis PYTEST_ARGS='-m "not browser" $(PYTEST_ARGS)'

test-postgis:
	@url=$$(bash scripts/ensure-postgis.sh) && \
	  echo "== pytest on PostGIS ($$url)" && \
	  DATABASE_URL=$$url $(VENV)/bin/pytest $(PYTEST_ARGS)

test-spatialite:
	@mkdir -p var
	@echo "== SpatiaLite smoke suite"
	@DATABASE_URL=spatialite:///$(CURDIR)/var/test-smoke.sqlite3 TEST_REDIS_URL= \
	  $(VENV)/bin/pytest tests/smoke_spatialite $(PYTEST_ARGS)

bench: install
	@url=$$(bash scripts/ensure-postgis.sh) && DATABASE_URL=$$url $(PY) bench/run.py

lint:
	@echo "== lint"
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

format:
	@$(VENV)/bin/ruff check --fix .
	@$(VENV)/bin/ruff format .

migrations-check:
	@echo "== migrations check"
	@$(RUN_ENV) $(MANAGE) makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var/static
