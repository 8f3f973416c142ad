PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup test lint demo clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,spark]'
	$(BIN)/python -m compileall -q cleaner
	touch $(STAMP)

setup: $(STAMP)

lint: setup
	$(BIN)/ruff check cleaner tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

demo: setup
	$(BIN)/python -m cleaner.demo examples
	rm -rf demo-out
	$(BIN)/cleaner clean examples -o demo-out --report demo-out.report.json
	@echo "cleaned files are in demo-out/, the JSON report in demo-out.report.json"

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
