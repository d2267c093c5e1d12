# Two commands for a newcomer: `make run` (the app with demo data) and `make test` (all checks).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# The first Python >= 3.12 on PATH (pyenv reads .python-version and offers 3.12).
PYTHON ?= $(shell for p in python3.12 python3.13 python3.14 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: help run test check lint format pytest bench lock vendor messages clean system-packages

help:
	@echo "make system-packages - apt-get install the Debian packages in requirements/apt.txt"
	@echo "make run    - set up, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   - set up and run all checks (ruff, migrations, tests incl. browser tests)"
	@echo "make bench  - print speed figures (not a test)"
	@echo "make lock   - re-pin requirements/*.txt from pyproject.toml"
	@echo "make vendor - refresh the vendored CSS and axe-core from the npm registry"
	@echo "make messages - update and compile the nn/nb/en translations (needs gettext)"

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.12 not found)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.base: requirements/base.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

$(VENV)/.dev: requirements/dev.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@ $(VENV)/.base

run: $(VENV)/.base
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo
	DEBUG=1 $(PY) manage.py ensure_admin
	@echo "Samarbeid runs on http://127.0.0.1:$(PORT)/ with a task worker (stop with Ctrl+C)"
	DEBUG=1 $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(VENV)/.dev lint pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=samarbeid.settings_test $(PY) manage.py makemigrations --check --dry-run

# Tests run in random order (pytest-randomly; the seed is printed, rerun one order with
# `-p randomly --randomly-seed=N`) on one worker per core (pytest-xdist; PYTEST_WORKERS=0
# runs them in this process). Extra pytest arguments: make pytest PYTEST_ARGS="-k pdf".
PYTEST_WORKERS ?= auto
pytest: $(VENV)/.dev
	$(VENV)/bin/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# The Debian packages the app and the tests need (the same list .ci/run installs).
system-packages:
	$$( [ "$$(id -u)" -eq 0 ] || echo sudo ) apt-get install -y --no-install-recommends \
		$$(sed 's/#.*//' requirements/apt.txt)

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The generated data set runs on PostgreSQL (the local server, or BENCH_DATABASE_URL), in a
# database named after the years (samarbeid_bench20 for `make bench YEARS=20`).
# BENCH_YEARS=20 in the environment works too; BENCH_KEEP=1 keeps the generated database.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/samarbeid_bench
BENCH_YEARS ?= 10
YEARS ?= $(BENCH_YEARS)
bench: $(VENV)/.dev
	$(PY) -m tests.bench
	@if [ -n "$$DATABASE_URL" ] || pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		BENCH_YEARS=$(YEARS) DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) -m tests.bench --big; \
	else echo "No PostgreSQL on 127.0.0.1:5432: set BENCH_DATABASE_URL for the figures on generated years."; fi

lock: $(VENV)/.dev
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.12 --generate-hashes -q -o requirements/base.txt
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --python-version 3.12 --generate-hashes -q -o requirements/dev.txt

DS_CSS := 1.22.0
AXE := 4.14.1
NOTO := 5.3.0
vendor:
	rm -rf .vendor-tmp && mkdir .vendor-tmp
	cd .vendor-tmp && npm pack --silent @digdir/designsystemet-css@$(DS_CSS) axe-core@$(AXE) @fontsource/noto-sans@$(NOTO) >/dev/null
	cd .vendor-tmp && for f in *.tgz; do mkdir -p "$${f%.tgz}" && tar xzf "$$f" -C "$${f%.tgz}"; done
	cp .vendor-tmp/digdir-designsystemet-css-$(DS_CSS)/package/dist/src/index.css static/vendor/designsystemet/designsystemet.css
	cp .vendor-tmp/digdir-designsystemet-css-$(DS_CSS)/package/dist/theme/designsystemet.css static/vendor/designsystemet/theme.css
	cp .vendor-tmp/digdir-designsystemet-css-$(DS_CSS)/package/LICENSE static/vendor/designsystemet/LICENSE
	cp .vendor-tmp/axe-core-$(AXE)/package/axe.min.js .vendor-tmp/axe-core-$(AXE)/package/LICENSE tests/browser/vendor/
	$(PY) tools/vendor_fonts.py .vendor-tmp/fontsource-noto-sans-$(NOTO)/package
	rm -rf .vendor-tmp

messages: $(VENV)/.dev
	$(PY) manage.py makemessages --locale nn --locale nb --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'data/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
