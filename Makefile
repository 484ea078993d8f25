# The two set-up commands of the README: `make demo` and `make test`.
# Each creates .venv with what it needs on a fresh machine (Python 3.11 and pip only).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck unit bench clean screenshot screenshots-serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,multilingual,spark,serve,serve-test]"
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/storyfold fold examples/seeds -o out/seeds --quiet
	@echo "wrote out/seeds/report.json, report.md and report.html (open the last in a browser)"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check storyfold tests bench scripts
	$(BIN)/mypy

unit: $(VENV)/.installed-test
	$(BIN)/pytest

test: lint unit

bench: $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python bench/bench_cluster.py

clean:
	rm -rf $(VENV) out .mypy_cache .ruff_cache .pytest_cache

# The README's picture: the seeds' report in headless Chromium (apt-get install chromium).
screenshot: demo
	$(BIN)/python scripts/screenshot.py out/seeds/report.html docs/report.png

# The service's pages in headless Chromium (Debian's /usr/bin/chromium) -> docs/serve-*.png
screenshots-serve: $(VENV)/.installed-test
	STORYFOLD_SCREENSHOTS=docs $(BIN)/pytest tests/test_browser.py -q
