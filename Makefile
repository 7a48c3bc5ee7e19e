# Two commands on a fresh machine: `make run` and `make test` (Python >= 3.11, make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app akn_intranet

.PHONY: run serve test bench diagram clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(FLASK) akn demo
	$(FLASK) run --host 127.0.0.1 --port 5000

serve: $(VENV)/.installed
	$(FLASK) akn init-db
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Not part of `make test`: seeds one and ten years, loads the pages under gunicorn, writes bench/RESULTS.md.
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run

diagram: $(VENV)/.installed
	$(FLASK) akn diagram

clean:
	rm -rf $(VENV) instance .pytest_cache
