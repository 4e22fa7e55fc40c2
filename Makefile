# gongzhi: `make demo` runs the demo on http://127.0.0.1:8000, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# The demo runs background work in the request (no worker to start); production runs db_worker.
DEMO_ENV := DEBUG=1 GZ_TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend

.PHONY: demo test lint install install-dev worker clean

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
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

worker: install
	DEBUG=1 $(PY) manage.py db_worker

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install-dev lint
	$(VENV)/bin/pytest -n 2

clean:
	rm -rf $(VENV) var staticfiles
