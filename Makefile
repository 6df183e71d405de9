# overture: two commands on a fresh machine: `make demo`, then `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
PORT   ?= 8000
DEMO_ACTORS := "Volodymyr Zelensky" "Vladimir Putin" "Dmitry Peskov"

.PHONY: setup demo test bench train clean

$(BIN)/overture: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/overture  ## create .venv and install overture with its spaCy model package

demo: setup  ## ingest examples/ into ./overture.db, print timelines and positions, serve the dashboard
	$(BIN)/overture ingest examples/  # examples/manifest.csv is read with the folder; a second run adds nothing
	@for actor in $(DEMO_ACTORS); do $(BIN)/overture timeline "$$actor" || exit 1; done
	$(BIN)/overture positions "Volodymyr Zelensky"
	$(BIN)/overture serve --host 127.0.0.1 --port $(PORT)

test: setup  ## the whole test suite
	$(BIN)/python -m pytest -q

bench: setup  ## extraction, speed, the signal model and page metadata on held-out splits (needs ../shared)
	$(BIN)/python scripts/bench_extraction.py
	$(BIN)/python scripts/bench_speed.py
	$(BIN)/python scripts/eval_signals.py --split test
	$(BIN)/python scripts/eval_metadata.py --split test

train: setup  ## rebuild the signal model from the labelled corpus (needs ../shared/corpus)
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python scripts/train_signals.py
	$(BIN)/python scripts/train_actors.py
	$(BIN)/python scripts/eval_signals.py --split test

clean:
	rm -rf $(VENV) build *.egg-info
