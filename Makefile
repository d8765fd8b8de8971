# D'Math University programme site. Two commands set everything up on a fresh machine:
#   make run    virtual environment, install, migrate, seed data, serve on http://127.0.0.1:$(PORT)
#               (emails are written to ./sent-emails as .eml and .txt, at once: no other process is needed;
#               it prints how to create a staff account)
#   make test   everything the tests need (Chromium included), then the whole suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
AS_POSTGRES := $(if $(SUDO),sudo -u postgres,runuser -u postgres --)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends
# Settings from a local .env file, when there is one (see .env.example).
-include .env
export
export MPLCONFIGDIR ?= $(CURDIR)/.mplconfig
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run serve lock test test-postgres lint format bench flood audit loadtest chromium nginx postgres clean help \
	backup restore bench-backup cluster cluster-stop test-cluster bench-cluster redis

help:
	@echo "make run | serve | lock | test | test-postgres | lint | format | bench | flood | audit | loadtest | clean"
	@echo "make backup | restore FILE=… | bench-backup"
	@echo "make cluster | cluster-stop | test-cluster | bench-cluster"

# Every package, direct or not, is pinned with its hashes (requirements*.txt, made by `make lock`
# from requirements*.in): pip refuses anything else.
HASHED_INSTALL = $(PY) -m pip install -q --disable-pip-version-check --require-hashes

$(VENV)/.run-deps: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(HASHED_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt $(VENV)/.run-deps
	$(HASHED_INSTALL) -r requirements-dev.txt
	touch $@

# Regenerate the locks after changing requirements.in or requirements-dev.in (or to take upgrades:
# `make lock LOCK_ARGS=--upgrade`, or `LOCK_ARGS="--upgrade-package django"`).
LOCK_COMPILE = $(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(LOCK_ARGS)
lock: $(VENV)/.dev-deps
	$(LOCK_COMPILE) -o requirements.txt requirements.in
	$(LOCK_COMPILE) -o requirements-dev.txt requirements-dev.in

.apt-updated:
	$(SUDO) apt-get update -qq
	touch $@

chromium:
	@command -v chromium >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) chromium; }

# axe-core and the Nu HTML Checker (vnu-jar) for the quality gates: Node and Java from Debian when missing.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) nodejs npm; }
	@command -v java >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) openjdk-17-jre-headless; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(VENV)/.run-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	@echo
	@if [ -z "$$EMAIL_BACKEND$$EMAIL_HOST" ] || [ "$$EMAIL_BACKEND" = file ]; then \
		echo "Emails: written to $${EMAIL_FILE_PATH:-$(CURDIR)/sent-emails}/, each as a .eml (opens in a mail program) and a .txt (its links ready to click)."; \
	else echo "Emails: sent through EMAIL_BACKEND=$${EMAIL_BACKEND:-smtp} (see .env)."; fi
	@echo "Staff: create an account with '$(PY) manage.py createsuperuser' (in another terminal), then sign in at http://127.0.0.1:$(PORT)/admin/"
	@echo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The site as it runs in production, on this machine: nginx (Debian's package) on $(PORT) in front of
# gunicorn on a Unix socket, WhiteNoise's hashed and compressed static files served by nginx, DEBUG
# off, the security headers on. Plain HTTP on 127.0.0.1, so the HTTPS redirect, HSTS and secure-only
# cookies are off here; a deployment behind TLS keeps their defaults (on). The second factor for
# staff is on (DJANGO_OTP_REQUIRED=0 turns it off): `manage.py otp_enrol USERNAME` gives a device.
SERVE_ENV = DJANGO_ENV=production DJANGO_SECRET_KEY="$$(cat .serve-secret)" \
	DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost} DJANGO_NUM_PROXIES=1 \
	DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_SECURE_HSTS_SECONDS=0 \
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} \
	EMAIL_BACKEND=$${EMAIL_BACKEND:-file} EMAIL_FILE_PATH=$${EMAIL_FILE_PATH:-$(CURDIR)/sent-emails}
.serve-secret:
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

nginx:
	@command -v nginx >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) nginx; }

serve: $(VENV)/.run-deps .serve-secret nginx
	mkdir -p $(MPLCONFIGDIR)
	$(SERVE_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(PY) manage.py render_error_pages
	$(SERVE_ENV) $(PY) manage.py migrate --noinput
	$(SERVE_ENV) $(PY) manage.py load_seed
	$(SERVE_ENV) PORT=$(PORT) $(PY) deploy/serve.py

# The suite runs on TEST_WORKERS pytest-xdist workers, each with its own test database, live server and
# Chromium; one worker runs tests/deploy whole (tests/conftest.py). TEST_WORKERS=0: one process.
TEST_WORKERS ?= 2
PYTEST = $(PY) -m pytest -n $(TEST_WORKERS)
test: $(VENV)/.dev-deps chromium nginx node_modules/.installed
	$(PY) manage.py check
	$(PYTEST) -m "not cluster"

# PostgreSQL from Debian's packages, started on this machine, with a role and database for the tests.
PG_URL ?= postgres://dmath:dmath@127.0.0.1:5432/dmath
postgres:
	@command -v pg_ctlcluster >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) postgresql; }
	@ls /etc/postgresql/*/main >/dev/null 2>&1 || $(SUDO) pg_createcluster 15 main
	@$(SUDO) pg_ctlcluster $$(ls /etc/postgresql | sort -V | tail -1) main start 2>/dev/null || true
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
	@$(AS_POSTGRES) psql -qtc "SELECT 1 FROM pg_roles WHERE rolname='dmath'" | grep -q 1 \
		|| $(AS_POSTGRES) psql -qc "CREATE ROLE dmath LOGIN CREATEDB PASSWORD 'dmath'"
	@$(AS_POSTGRES) psql -qtc "SELECT 1 FROM pg_database WHERE datname='dmath'" | grep -q 1 \
		|| $(AS_POSTGRES) createdb -O dmath dmath

# The database-sensitive suite on PostgreSQL: what `make test` runs, less the browser tests (they check
# pages, which the database does not change) and the tests of the served site (each starts nginx and
# gunicorn on its own SQLite file, whatever DATABASE_URL says). `make test` runs those once.
test-postgres: $(VENV)/.dev-deps postgres
	DATABASE_URL=$(PG_URL) $(PYTEST) -m "not browser and not served and not cluster"

# Dead code: vulture at 80% confidence (unused imports, variables, unreachable code) over the code
# that runs; the ignored names are arguments Django's, the signal module's and aiosmtpd's signatures require.
VULTURE_PATHS = activities core courses dmath enrolment programmes deploy bench gunicorn.conf.py manage.py
# A model changed without its migration fails lint (makemigrations --check).
lint: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/hadolint Dockerfile
	$(VENV)/bin/vulture --min-confidence 80 --exclude "*/migrations/*,*/node_modules/*" --ignore-names files,id_,signum,o,session $(VULTURE_PATHS)
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.dev-deps
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.dev-deps
	@command -v wrk >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) wrk; }
	$(PY) bench/pages.py
	$(PY) bench/activities.py
	$(PY) bench/worst.py
	$(PY) bench/admissions.py
	$(PY) bench/exports.py

# 2,000 unique plot URLs, then 960 distinct descent SVGs, against the production site on 127.0.0.1, with each worker's memory before, between and after.
flood: $(VENV)/.dev-deps
	mkdir -p $(MPLCONFIGDIR)
	$(PY) bench/flood.py

# Lighthouse on the programme page and an activity page, mobile and desktop (AUDIT_URL: a running site).
AUDIT_RUNS ?= 3
# Lighthouse 13 and the Node 22 it needs come from npm into bench/lighthouse (the machine's Node is left alone).
bench/lighthouse/node_modules/.installed: bench/lighthouse/package.json bench/lighthouse/package-lock.json
	@command -v npm >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) nodejs npm; }
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

audit: $(VENV)/.run-deps chromium bench/lighthouse/node_modules/.installed
	mkdir -p $(MPLCONFIGDIR)
	$(PY) bench/audit.py --runs $(AUDIT_RUNS) $(AUDIT_URL)

# wrk against the production site on PostgreSQL (and Redis when installed), with a fault run.
loadtest: $(VENV)/.dev-deps postgres nginx
	@command -v wrk >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) wrk; }
	@command -v redis-server >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) redis-server; }
	$(PY) bench/loadtest.py

# A consistent snapshot of the database DATABASE_URL names (PostgreSQL: pg_dump --format=custom; SQLite:
# the online backup API) with its .sha256, into BACKUP_DIR (./backups); the newest BACKUP_KEEP (14) are kept.
backup: $(VENV)/.run-deps
	$(PY) manage.py backup

# Restore a backup into an EMPTY database (a new PostgreSQL database, or a SQLite path with no file yet):
#   make restore FILE=backups/dmath-20261205T020000.000000Z.dump DATABASE_URL=postgres://…/dmath_new
restore: $(VENV)/.run-deps
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/dmath-….dump (or .sqlite3)"; exit 2; }
	$(PY) manage.py restore "$(FILE)"

# Backup and restore times and sizes for 10,000 applications (BENCH_APPLICATIONS), on SQLite, and on
# PostgreSQL too when DATABASE_URL names one.
bench-backup: $(VENV)/.run-deps
	$(PY) bench/backup.py

# Two app hosts on one machine, the production shape (deploy/cluster.py; docs/deployment.md): PostgreSQL
# (database dmath_cluster), Redis :8111 (default, noeviction) and :8112 (plots, allkeys-lru), hosts A :8101
# and B :8102 (each its own gunicorn, task worker and clock), nginx :8100 in front. Runs in the background;
# logs in .cluster/logs/. `make cluster-stop` stops it gracefully (requests in flight and emails finish).
redis:
	@command -v redis-server >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) redis-server; }

cluster: $(VENV)/.run-deps postgres nginx redis
	mkdir -p $(MPLCONFIGDIR)
	$(PY) deploy/cluster.py start

cluster-stop:
	$(PY) deploy/cluster.py stop

# One site from two hosts (tests/deploy/test_cluster*.py: sessions, budgets, caches, clocks, emails, stopping).
test-cluster: $(VENV)/.dev-deps postgres nginx redis
	mkdir -p $(MPLCONFIGDIR)
	$(PY) -m pytest -m cluster tests/deploy

# Pages and new figures a second with one host and two, a host SIGKILLed under load, a worker killed mid-email.
bench-cluster: $(VENV)/.dev-deps postgres nginx redis
	@command -v wrk >/dev/null || { $(MAKE) -s .apt-updated && $(APT_INSTALL) wrk; }
	mkdir -p $(MPLCONFIGDIR)
	$(PY) bench/cluster.py

clean:
	rm -rf $(VENV) .apt-updated .mplconfig staticfiles .serve .pytest_cache .ruff_cache
