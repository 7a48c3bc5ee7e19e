# Two commands on a fresh machine: `make run` and `make test` (Python >= 3.11, make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
AKN := $(BIN)/akn

.PHONY: run serve test bench diagram wheel lock clean axe

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

# Deployment: exactly the pinned, hash-checked dependencies of requirements.lock, then the project itself.
$(VENV)/.installed-lock: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(AKN) demo
	$(AKN) run --host 127.0.0.1 --port 5000

serve: $(VENV)/.installed-lock
	$(AKN) init-db
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# axe-core for the accessibility test (tests/browser/test_accessibility_browser.py): the version pinned in
# package-lock.json, from the npm registry into node_modules/. Without it that test is skipped (fails in CI).
axe: node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Not part of `make test`: seeds one and ten years, loads the pages under gunicorn, writes bench/RESULTS.md.
bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run

diagram: $(VENV)/.installed
	$(AKN) diagram

# The wheel (templates, static files and migrations inside) in dist/; see docs/deploy.md.
wheel: | $(BIN)/python
	rm -rf build
	$(BIN)/pip wheel -q --no-deps -w dist .
	rm -rf build

# Refresh requirements.lock from pyproject's dependencies: newest releases, pinned, with every file's hash.
lock: | $(BIN)/python
	$(BIN)/pip install -q 'pip-tools>=7.5'
	CUSTOM_COMPILE_COMMAND='make lock' $(BIN)/pip-compile -q --upgrade --generate-hashes --strip-extras \
		--no-emit-index-url --no-emit-find-links --no-emit-trusted-host --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) instance .pytest_cache build dist node_modules
