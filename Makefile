# The only commands anyone needs: make run, make test (and lint, fmt, worker, lock).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip --disable-pip-version-check -q

.PHONY: run test lint fmt worker lock clean security messages soak bench bench-smoke

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-base: requirements/base.lock | $(PY)
	$(PIP) install --require-hashes -r requirements/base.lock
	@touch $@

$(VENV)/.installed-dev: requirements/dev.lock | $(PY)
	$(PIP) install --require-hashes -r requirements/dev.lock
	@touch $@ $(VENV)/.installed-base

## run: the portal with demo data on embedded defaults (SQLite, filesystem broker, e-mail outbox)
run: $(VENV)/.installed-base
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py rundev

## test: lint, migrations check and the whole test suite
test: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) security
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

## security: bandit over the application code (medium severity and above fail)
security: $(VENV)/.installed-dev
	$(VENV)/bin/bandit -c pyproject.toml -r portal members practices sessions_app assessments -ll

fmt: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## messages: refresh locale/*/django.po from the code, then compile them (needs GNU gettext)
LANGS := en it fi sv ro pl bg mt
messages: $(VENV)/.installed-dev
	@# English is its own translation, rebuilt from scratch each time (msgmerge's guesses would stick).
	rm -f locale/en/LC_MESSAGES/django.po
	$(PY) manage.py makemessages $(foreach l,$(LANGS),-l $(l)) --no-obsolete --add-location=file \
		--ignore=.venv --ignore=tests --ignore=bench --ignore=locale_vendor --ignore=var
	msgen --no-wrap locale/en/LC_MESSAGES/django.po | msgattrib --clear-fuzzy --no-wrap - \
		| sed 's/^"Language: \\n"$$/"Language: en\\n"/' > locale/en/LC_MESSAGES/django.po.new
	mv locale/en/LC_MESSAGES/django.po.new locale/en/LC_MESSAGES/django.po
	$(PY) manage.py compilemessages --ignore=.venv

## soak: fault tests with real processes (PostgreSQL, Redis and Celery workers; stops and restarts its own Redis)
soak: $(VENV)/.installed-dev
	PORTAL_SOAK=1 $(PY) -m pytest tests/soak -p no:cacheprovider -rs $(PYTEST_ARGS)

## bench: the benchmark at 100x the seed (PostgreSQL, Redis, gunicorn, wrk); results in bench/results/
bench: $(VENV)/.installed-dev
	$(PY) -m bench.run $(BENCH_ARGS)

## bench-smoke: the same at 1/100 of the data and one repetition, so that it cannot rot (CI runs it)
bench-smoke: $(VENV)/.installed-dev
	$(PY) -m bench.run --smoke $(BENCH_ARGS)

## worker: a Celery worker with beat, for when the web server runs elsewhere
worker: $(VENV)/.installed-base
	$(VENV)/bin/celery -A portal worker --beat --loglevel=INFO

## lock: re-resolve requirements/*.lock from pyproject.toml (needs network to PyPI)
lock: $(PY)
	$(PIP) install uv
	$(VENV)/bin/uv pip compile pyproject.toml -q --generate-hashes --python-version 3.12 -o requirements/base.lock
	$(VENV)/bin/uv pip compile pyproject.toml -q --generate-hashes --python-version 3.12 --extra dev -o requirements/dev.lock

clean:
	rm -rf $(VENV) var
