# One place for every set-up step: a fresh machine needs only `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: venv demo test lint bench clean

$(STAMP): pyproject.toml $(wildcard plugins/*/pyproject.toml)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]' $(foreach p,$(wildcard plugins/*/pyproject.toml),-e $(dir $(p)))
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/disclosure-rules demo

test: $(STAMP)
	$(BIN)/ruff check src tests plugins bench examples
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests plugins bench examples

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
