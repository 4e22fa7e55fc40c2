# gongzhi: `make demo` runs the demo on http://127.0.0.1:8000, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# The demo runs like production: the database task backend, with a db_worker beside the server.
DEMO_ENV := DEBUG=1 GZ_DEMO_TODAY=2024-12-18 GZ_OTP_REQUIRED=0

.PHONY: demo test bench lint install install-dev worker clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo
	@# the worker and the alarm ingester run in the background and stop with the server (Ctrl-C,
	@# or the server exiting); without an MQTT broker on localhost the ingester says so and stops
	$(DEMO_ENV) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	$(DEMO_ENV) $(PY) manage.py ingest_mqtt & ingester=$$!; \
	trap 'kill $$worker $$ingester 2>/dev/null; wait $$worker $$ingester 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

worker: install
	DEBUG=1 $(PY) manage.py db_worker

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install-dev lint
	$(VENV)/bin/pytest -n 2

# Benchmarks (not part of `make test`): ratios against a baseline of the same run, written up in
# docs/benchmarks.md. The page sweep reads databases filled by `manage.py generate_data` (its
# section says how); without them it is skipped. DATABASE_URL=postgres://… runs them on PostgreSQL.
bench: install-dev
	$(VENV)/bin/pytest tests/bench -n 0 -s -q

clean:
	rm -rf $(VENV) var staticfiles
